package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * The canonical 64-bit state hash: counters, then instruments in id order, then account settings in account order,
 * then the <em>sum</em> of one hash per resting order ({@link #orderHash}). Because it is defined over the engine's
 * visitors, every implementation holding the same state has the same hash, and restoring a snapshot can be checked.
 * <p>
 * Resting orders are summed rather than chained so that an engine can keep their part up to date as orders come
 * and go ({@link #of(MatchingEngine, long)}): a checkpoint then costs the instruments and accounts, not the book (a
 * million resting orders took 0.2-0.8 s to hash in order, on every node every checkpoint). The sum is still exact
 * about priority: each order's hash includes the id of the order ahead of it in its price level (0 at the head),
 * and those pairs determine every level's queue.
 */
public final class StateHash implements InstrumentVisitor, AccountVisitor
{
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

    private long hash = SEED;

    private StateHash()
    {
    }

    /**
     * Hash the whole state of an engine, visiting every resting order.
     *
     * @param engine the engine.
     * @return the hash.
     */
    public static long of(final MatchingEngine engine)
    {
        return of(engine, ordersSum(engine));
    }

    /**
     * Hash an engine's state given the sum of its resting orders' {@link #orderHash}es, which an engine may keep up
     * to date itself instead of visiting every order.
     *
     * @param engine    the engine.
     * @param ordersSum the sum of the hashes of its resting orders.
     * @return the hash, equal to {@link #of(MatchingEngine)} when the sum is right.
     */
    public static long of(final MatchingEngine engine, final long ordersSum)
    {
        final StateHash stateHash = new StateHash();
        stateHash.add(engine.nextOrderId());
        stateHash.add(engine.nextTradeId());
        stateHash.add(engine.dayEndOffsetNs());
        engine.forEachInstrument(stateHash);
        stateHash.add(-1L);
        engine.forEachAccount(stateHash);
        stateHash.add(ordersSum);
        return finish(stateHash.hash);
    }

    /**
     * The sum of the {@link #orderHash}es of every resting order, visited book by book in priority order.
     *
     * @param engine the engine.
     * @return the sum.
     */
    public static long ordersSum(final MatchingEngine engine)
    {
        final OrdersSum sum = new OrdersSum(engine);
        engine.forEachInstrument(sum);
        return sum.sum;
    }

    /**
     * One resting order's part of the state hash. Every field that defines the order and its place in the queue is
     * in it, each times its own odd constant, then fully mixed: independent multiplies rather than a chain, as an
     * engine computes this on every change to a resting order.
     *
     * @param orderId        order id.
     * @param account        owner.
     * @param clientOrderId  client's current id.
     * @param instrumentId   instrument.
     * @param side           side code.
     * @param timeInForce    time-in-force code.
     * @param postOnly       post-only flag.
     * @param price          price.
     * @param quantity       total quantity.
     * @param filledQuantity filled so far.
     * @param expireTimeNs   expire time, 0 for GTC.
     * @param stpGroup       STP group stamped at entry.
     * @param aheadOrderId   the order ahead of it in its price level, 0 at the head.
     * @return the order's hash.
     */
    public static long orderHash(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final int side,
        final int timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long filledQuantity,
        final long expireTimeNs,
        final long stpGroup,
        final long aheadOrderId)
    {
        final long codes = side | ((long)timeInForce << 16) | (postOnly ? 1L << 32 : 0);
        return mix(orderId * F1 + account * F2 + clientOrderId * F3 + instrumentId * F4 + codes * F5 +
            price * F6 + quantity * F7 + filledQuantity * F8 + expireTimeNs * F9 + stpGroup * F10 +
            aheadOrderId * F11);
    }

    /**
     * An entry of up to fourteen fields as one hash, as {@link #orderHash} does it: for summing entries into a
     * state hash that is kept up to date as entries change (unused fields are 0).
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
     * Sums the resting orders' hashes, each with the id of the order ahead of it in its level.
     */
    private static final class OrdersSum implements InstrumentVisitor, OrderVisitor
    {
        private final MatchingEngine engine;
        private long sum;
        private long previousOrderId;
        private long previousPrice;

        OrdersSum(final MatchingEngine engine)
        {
            this.engine = engine;
        }

        public void visit(final int instrumentId, final long tickSize, final long lotSize)
        {
            previousOrderId = 0;
            engine.forEachOrder(instrumentId, Side.BUY, this);
            previousOrderId = 0;
            engine.forEachOrder(instrumentId, Side.SELL, this);
        }

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
            final long aheadOrderId = 0 != previousOrderId && price == previousPrice ? previousOrderId : 0;
            sum += orderHash(orderId, account, clientOrderId, instrumentId, side.value(), timeInForce.value(),
                postOnly, price, quantity, filledQuantity, expireTimeNs, stpGroup, aheadOrderId);
            previousOrderId = orderId;
            previousPrice = price;
        }
    }
}
