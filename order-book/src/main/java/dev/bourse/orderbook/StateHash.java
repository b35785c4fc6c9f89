package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * The canonical 64-bit state hash: counters, then instruments in id order, then account settings in account order,
 * then the sum of the price levels' hashes. Because it is defined over the engine's visitors, every implementation
 * holding the same state has the same hash, and restoring a snapshot can be checked.
 * <p>
 * A level's hash is {@link #levelOrder} over its orders in time priority, from {@link #LEVEL_SEED}, then
 * {@link #finish}: it covers the queue's order as well as its contents. Summing the levels makes the whole
 * independent of the order levels are hashed in, so an engine can keep each level's hash and re-hash only the levels
 * that changed since the last checkpoint, instead of walking the book. {@link #of(MatchingEngine, long)} takes such
 * a sum; {@link #of(MatchingEngine)} walks the orders.
 */
public final class StateHash implements InstrumentVisitor, AccountVisitor
{
    /** The chain a level's hash starts from, before its first order. */
    public static final long LEVEL_SEED = 0x6A09E667F3BCC909L;

    private static final long SEED = 0x2545F4914F6CDD1DL;
    // Odd multipliers, one per field of an entry hash: a difference in any one field always changes the sum.
    private static final long F1 = 0x9E3779B97F4A7C15L;
    private static final long F2 = 0xC2B2AE3D27D4EB4FL;
    private static final long F3 = 0x165667B19E3779F9L;
    private static final long F4 = 0xD6E8FEB86659FD93L;
    private static final long F5 = 0xFF51AFD7ED558CCDL;
    private static final long F6 = 0xC4CEB9FE1A85EC53L;
    private static final long F7 = 0x94D049BB133111EBL;
    private static final long F8 = 0xBF58476D1CE4E5B9L;
    private static final long F9 = 0x2127599BF4325C37L;
    private static final long F10 = 0x880355F21E6D1965L;
    private static final long F11 = 0x5851F42D4C957F2DL;
    private static final long F12 = 0x14057B7EF767814FL;
    private static final long F13 = 0xD1342543DE82EF95L;
    private static final long F14 = 0xAEF17502108EF2D9L;

    private final MatchingEngine engine;
    private long hash = SEED;

    private StateHash(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    /**
     * Hash the whole state of an engine, walking every resting order.
     *
     * @param engine the engine.
     * @return the hash.
     */
    public static long of(final MatchingEngine engine)
    {
        return of(engine, levelsSum(engine));
    }

    /**
     * Hash the state of an engine whose sum of level hashes over its price levels is already known.
     *
     * @param engine    the engine.
     * @param levelsSum the sum of its levels' hashes (0 if the book is empty).
     * @return the hash, equal to {@link #of(MatchingEngine)} when the sum is right.
     */
    public static long of(final MatchingEngine engine, final long levelsSum)
    {
        final StateHash stateHash = new StateHash(engine);
        stateHash.add(engine.nextOrderId());
        stateHash.add(engine.nextTradeId());
        stateHash.add(engine.dayEndOffsetNs());
        engine.forEachInstrument(stateHash);
        stateHash.add(-1L);
        engine.forEachAccount(stateHash);
        stateHash.add(-2L);
        stateHash.add(levelsSum);
        return finish(stateHash.hash);
    }

    /**
     * The sum of the level hashes of an engine's price levels, from a walk of its books.
     *
     * @param engine the engine.
     * @return the sum.
     */
    public static long levelsSum(final MatchingEngine engine)
    {
        final LevelsWalk walk = new LevelsWalk();
        engine.forEachInstrument((instrumentId, tickSize, lotSize) ->
        {
            engine.forEachOrder(instrumentId, Side.BUY, walk);
            walk.endSide();
            engine.forEachOrder(instrumentId, Side.SELL, walk);
            walk.endSide();
        });
        return walk.sum();
    }

    /**
     * Add one resting order to a level's chain: start from {@link #LEVEL_SEED}, add the orders in time priority,
     * then {@link #finish} (fully mixed, so that the sum over levels does not cancel by construction).
     *
     * @param chain          the level's chain so far.
     * @param orderId        order id.
     * @param account        owner.
     * @param clientOrderId  client's current id.
     * @param instrumentId   instrument.
     * @param side           side's code.
     * @param timeInForce    time in force's code.
     * @param postOnly       post-only flag.
     * @param price          price.
     * @param quantity       total quantity.
     * @param filledQuantity filled quantity.
     * @param expireTimeNs   expire time, 0 for GTC.
     * @param stpGroup       STP group.
     * @return the chain with the order.
     */
    public static long levelOrder(
        final long chain,
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final short side,
        final short timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long filledQuantity,
        final long expireTimeNs,
        final long stpGroup)
    {
        long hash = combine(chain, orderId);
        hash = combine(hash, account);
        hash = combine(hash, clientOrderId);
        hash = combine(hash, instrumentId);
        hash = combine(hash, side);
        hash = combine(hash, timeInForce);
        hash = combine(hash, postOnly ? 1 : 0);
        hash = combine(hash, price);
        hash = combine(hash, quantity);
        hash = combine(hash, filledQuantity);
        hash = combine(hash, expireTimeNs);
        return combine(hash, stpGroup);
    }

    /**
     * Mix one value into a running hash (order matters). One step is a bijection of the running hash for a given
     * value and of the value for a given running hash, so a difference in any single value always reaches the
     * result. The step is cheap (one multiply on the running hash's dependency chain): checkpoints hash the whole
     * state on the service thread, and a full avalanche per value made the arithmetic half of their time.
     * {@link #finish} mixes the result fully before it is used as a hash.
     *
     * @param hash  running hash.
     * @param value value to add.
     * @return the new hash.
     */
    public static long combine(final long hash, final long value)
    {
        return Long.rotateLeft(hash ^ (value * 0x9E3779B97F4A7C15L), 29) * 0xBF58476D1CE4E5B9L + 0x2545F4914F6CDD1DL;
    }

    /**
     * An entry of up to fourteen fields as one hash, for state kept as a sum of entry hashes that is updated as
     * entries come, change and go (the order records): each field times its own odd constant, summed (independent
     * multiplies, not a chain), then fully mixed. A difference in any single field always changes the result.
     * Unused fields are 0.
     *
     * @param a  field 1.
     * @param b  field 2.
     * @param c  field 3.
     * @param d  field 4.
     * @param e  field 5.
     * @param f  field 6.
     * @param g  field 7.
     * @param h  field 8.
     * @param i  field 9.
     * @param j  field 10.
     * @param k  field 11.
     * @param l  field 12.
     * @param m  field 13.
     * @param n  field 14.
     * @return the entry's hash.
     */
    public static long entryHash(
        final long a, final long b, final long c, final long d, final long e, final long f, final long g,
        final long h, final long i, final long j, final long k, final long l, final long m, final long n)
    {
        return mix(a * F1 + b * F2 + c * F3 + d * F4 + e * F5 + f * F6 + g * F7 + h * F8 + i * F9 + j * F10 +
            k * F11 + l * F12 + m * F13 + n * F14);
    }

    /**
     * Finish a running hash: a full 64-bit avalanche (SplitMix64's finaliser), so that every bit of every value
     * reaches every bit of the result, and sums of finished hashes do not cancel by construction.
     *
     * @param hash running hash.
     * @return the finished hash.
     */
    public static long finish(final long hash)
    {
        return mix(hash);
    }

    private static long mix(final long value)
    {
        long z = value + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void add(final long value)
    {
        hash = combine(hash, value);
    }

    /**
     * {@inheritDoc}
     */
    public void visit(final int instrumentId, final long tickSize, final long lotSize)
    {
        add(instrumentId);
        add(tickSize);
        add(lotSize);
    }

    /**
     * {@inheritDoc}
     */
    public void visit(final long account, final StpMode mode, final long stpGroup)
    {
        add(account);
        add(mode.value());
        add(stpGroup);
    }

    /**
     * Sums level hashes over a walk of resting orders, as {@link #levelsSum} and the snapshot writer walk them: each
     * side's orders best price first, each level's in time priority, then {@link #endSide()}.
     */
    public static final class LevelsWalk implements OrderVisitor
    {
        private long sum;
        private boolean levelOpen;
        private long levelPrice;
        private long levelChain;

        /**
         * {@inheritDoc}
         */
        public void visit(
            final long orderId,
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final TimeInForce timeInForce,
            final boolean postOnly,
            final long price,
            final long quantity,
            final long filledQuantity,
            final long expireTimeNs,
            final long stpGroup)
        {
            // A new price starts the next level.
            if (levelOpen && price != levelPrice)
            {
                endSide();
            }
            if (!levelOpen)
            {
                levelOpen = true;
                levelPrice = price;
                levelChain = LEVEL_SEED;
            }
            levelChain = levelOrder(levelChain, orderId, account, clientOrderId, instrumentId, side.value(),
                timeInForce.value(), postOnly, price, quantity, filledQuantity, expireTimeNs, stpGroup);
        }

        /**
         * Close the level in progress: call after each side's orders.
         */
        public void endSide()
        {
            if (levelOpen)
            {
                sum += finish(levelChain);
                levelOpen = false;
            }
        }

        /**
         * The sum so far.
         *
         * @return the sum of the closed levels' hashes.
         */
        public long sum()
        {
            return sum;
        }
    }
}
