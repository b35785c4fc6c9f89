package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.AccountVisitor;
import dev.bourse.orderbook.EngineListener;
import dev.bourse.orderbook.EngineSnapshotWriter;
import dev.bourse.orderbook.InstrumentVisitor;
import dev.bourse.orderbook.LevelVisitor;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.orderbook.OrderVisitor;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.DirectBuffer;

import java.util.function.Function;

/**
 * A {@link MatchingEngine} with pre-trade risk controls in front of it ({@link RiskControls} is the specification).
 * It is the listener of the inner engine, so it sees every accept, fill, cancel, expiry, restatement and replace,
 * keeps the risk usage from them, and forwards every event to the downstream listener unchanged and in order.
 * Risk rejects are reported to the downstream listener as engine rejects are. Not thread safe.
 */
public final class RiskCheckedEngine implements MatchingEngine, RiskControls
{
    private final MatchingEngine inner;
    private final EngineListener downstream;

    /**
     * Wrap a new inner engine.
     *
     * @param innerFactory creates the inner engine given the listener it must report to (this object's).
     * @param downstream   receives every engine event and every risk reject.
     */
    public RiskCheckedEngine(
        final Function<EngineListener, MatchingEngine> innerFactory, final EngineListener downstream)
    {
        this.downstream = downstream;
        this.inner = innerFactory.apply(new EngineListener()
        {
        });
    }

    private static UnsupportedOperationException notYet()
    {
        return new UnsupportedOperationException("risk layer not yet implemented");
    }

    // ------------------------------------------------------------------------------------------ MatchingEngine

    /**
     * {@inheritDoc}
     */
    public RejectReason addInstrument(final int instrumentId, final long tickSize, final long lotSize)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setAccountStp(final long account, final StpMode mode, final long stpGroup)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason placeOrder(
        final long nowNs,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason placeOrder(
        final long nowNs,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs,
        final long protectionPrice)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason checkOrder(
        final long nowNs,
        final long account,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs,
        final long protectionPrice)
    {
        return inner.checkOrder(nowNs, account, instrumentId, side, orderType, timeInForce, postOnly, price, quantity,
            expireTimeNs, protectionPrice);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason checkReplace(
        final long account, final long orderId, final long newPrice, final long newQuantity)
    {
        return inner.checkReplace(account, orderId, newPrice, newQuantity);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason cancelOrder(final long nowNs, final long account, final long orderId)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason replaceOrder(
        final long nowNs,
        final long account,
        final long orderId,
        final long newClientOrderId,
        final long newPrice,
        final long newQuantity)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason massCancel(
        final long nowNs, final long account, final int instrumentId, final Side side, final CancelReason reason)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason massCancel(
        final long nowNs,
        final long account,
        final int instrumentId,
        final Side side,
        final CancelReason reason,
        final TimeInForce timeInForce)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public int expireOrders(final long nowNs)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public long nextExpireTimeNs()
    {
        return inner.nextExpireTimeNs();
    }

    /**
     * {@inheritDoc}
     */
    public long nextOrderId()
    {
        return inner.nextOrderId();
    }

    /**
     * {@inheritDoc}
     */
    public long nextTradeId()
    {
        return inner.nextTradeId();
    }

    /**
     * {@inheritDoc}
     */
    public long dayEndOffsetNs()
    {
        return inner.dayEndOffsetNs();
    }

    /**
     * {@inheritDoc}
     */
    public long orderCount()
    {
        return inner.orderCount();
    }

    /**
     * {@inheritDoc}
     */
    public long bestBid(final int instrumentId)
    {
        return inner.bestBid(instrumentId);
    }

    /**
     * {@inheritDoc}
     */
    public long bestAsk(final int instrumentId)
    {
        return inner.bestAsk(instrumentId);
    }

    /**
     * {@inheritDoc}
     */
    public boolean lookupOrder(final long orderId, final OrderVisitor visitor)
    {
        return inner.lookupOrder(orderId, visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachInstrument(final InstrumentVisitor visitor)
    {
        inner.forEachInstrument(visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachAccount(final AccountVisitor visitor)
    {
        inner.forEachAccount(visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachOrder(final int instrumentId, final Side side, final OrderVisitor visitor)
    {
        inner.forEachOrder(instrumentId, side, visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachLevel(final int instrumentId, final Side side, final LevelVisitor visitor)
    {
        inner.forEachLevel(instrumentId, side, visitor);
    }

    /**
     * The inner engine's state hash (the engine state only; see {@link #riskStateHash()} for the risk state).
     *
     * @return the hash.
     */
    public long stateHash()
    {
        return inner.stateHash();
    }

    /**
     * {@inheritDoc}
     */
    public void restoreCounters(final long nextOrderId, final long nextTradeId, final long dayEndOffsetNs)
    {
        inner.restoreCounters(nextOrderId, nextTradeId, dayEndOffsetNs);
    }

    /**
     * {@inheritDoc}
     */
    public void restoreOrder(
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
        throw notYet();
    }

    // ------------------------------------------------------------------------------------------- RiskControls

    /**
     * {@inheritDoc}
     */
    public RejectReason defineInstrument(
        final int instrumentId,
        final long tickSize,
        final long lotSize,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional,
        final TradingStatus tradingStatus)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason updateInstrument(
        final int instrumentId,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setTradingStatus(final int instrumentId, final TradingStatus tradingStatus)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public TradingStatus tradingStatus(final int instrumentId)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setAccountLimits(
        final long account,
        final int maxOpenOrders,
        final long maxLongPosition,
        final long maxShortPosition,
        final long creditLimit,
        final int throttleRejectPerSecond,
        final int throttleDisconnectPerSecond,
        final boolean cancelOnDisconnect,
        final StpMode stpMode,
        final long stpGroup)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason killSwitch(final long nowNs, final long account, final boolean engage)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public boolean isKillSwitchEngaged(final long account)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public boolean isCancelOnDisconnect(final long account)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public ThrottleDecision checkThrottle(final long nowNs, final long account)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public int cancelDayOrders(final long nowNs, final long account)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public boolean queryInstrument(final int instrumentId, final InstrumentControlsVisitor visitor)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public boolean queryAccount(final long account, final int instrumentId, final AccountRiskVisitor visitor)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public long riskStateHash()
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public void writeRiskSnapshot(final EngineSnapshotWriter.MessageSink sink)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public boolean onRiskSnapshotMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        throw notYet();
    }

    /**
     * {@inheritDoc}
     */
    public boolean isRiskSnapshotComplete()
    {
        throw notYet();
    }
}
