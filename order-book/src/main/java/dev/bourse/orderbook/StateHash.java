package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * The canonical 64-bit state hash: counters, then instruments in id order with each book's bids and asks in
 * priority order, then account settings in account order. Because it is defined over the engine's visitors,
 * every implementation holding the same state has the same hash, and restoring a snapshot can be checked.
 */
public final class StateHash implements InstrumentVisitor, OrderVisitor, AccountVisitor
{
    private static final long SEED = 0x2545F4914F6CDD1DL;

    private final MatchingEngine engine;
    private long hash = SEED;

    private StateHash(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    /**
     * Hash the whole state of an engine.
     *
     * @param engine the engine.
     * @return the hash.
     */
    public static long of(final MatchingEngine engine)
    {
        final StateHash stateHash = new StateHash(engine);
        stateHash.add(engine.nextOrderId());
        stateHash.add(engine.nextTradeId());
        stateHash.add(engine.dayEndOffsetNs());
        engine.forEachInstrument(stateHash);
        stateHash.add(-1L);
        engine.forEachAccount(stateHash);
        return finish(stateHash.hash);
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
        add(Side.BUY.value());
        engine.forEachOrder(instrumentId, Side.BUY, this);
        add(Side.SELL.value());
        engine.forEachOrder(instrumentId, Side.SELL, this);
    }

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
        add(orderId);
        add(account);
        add(clientOrderId);
        add(side.value());
        add(timeInForce.value());
        add(postOnly ? 1 : 0);
        add(price);
        add(quantity);
        add(filledQuantity);
        add(expireTimeNs);
        add(stpGroup);
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
}
