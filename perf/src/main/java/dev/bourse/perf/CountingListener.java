package dev.bourse.perf;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * The cheapest listener that still consumes what the engine reports: it counts events and folds their main
 * arguments into a checksum held in a field, so the JIT cannot drop the work that produces them. Rejects are
 * counted apart, because a benchmark stream must produce none.
 */
public final class CountingListener implements EngineListener
{
    private long events;
    private long checksum;
    private long rejects;
    private long trades;

    /**
     * Events seen.
     *
     * @return the count.
     */
    public long events()
    {
        return events;
    }

    /**
     * Rejects of any command (order, cancel, replace, mass cancel).
     *
     * @return the count.
     */
    public long rejects()
    {
        return rejects;
    }

    /**
     * Trades seen.
     *
     * @return the count.
     */
    public long trades()
    {
        return trades;
    }

    /**
     * A fold of the arguments seen.
     *
     * @return the checksum.
     */
    public long checksum()
    {
        return checksum;
    }

    @Override
    public void onOrderAccepted(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        events++;
        checksum += orderId ^ price ^ quantity;
    }

    @Override
    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        events++;
        rejects++;
    }

    @Override
    public void onOrderFilled(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long tradeId,
        final long price,
        final long quantity,
        final long leavesQuantity,
        final long filledQuantity,
        final Liquidity liquidity)
    {
        events++;
        checksum += orderId ^ tradeId ^ price ^ quantity ^ leavesQuantity;
    }

    @Override
    public void onOrderCancelled(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long cancelledQuantity,
        final long filledQuantity,
        final CancelReason reason)
    {
        events++;
        checksum += orderId ^ cancelledQuantity;
    }

    @Override
    public void onOrderRestated(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long reducedBy,
        final long quantity,
        final long leavesQuantity,
        final CancelReason reason)
    {
        events++;
        checksum += orderId ^ leavesQuantity;
    }

    @Override
    public void onOrderReplaced(
        final long orderId,
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final long leavesQuantity,
        final long filledQuantity,
        final boolean priorityKept)
    {
        events++;
        checksum += orderId ^ price ^ leavesQuantity;
    }

    @Override
    public void onCancelRejected(final long account, final long orderId, final RejectReason reason)
    {
        events++;
        rejects++;
    }

    @Override
    public void onReplaceRejected(
        final long account, final long orderId, final long newClientOrderId, final RejectReason reason)
    {
        events++;
        rejects++;
    }

    @Override
    public void onMassCancelCompleted(
        final long account,
        final int instrumentId,
        final Side side,
        final RejectReason reason,
        final int cancelledCount)
    {
        events++;
        if (reason != RejectReason.NONE)
        {
            rejects++;
        }
    }

    @Override
    public void onBookOrderAdded(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        events++;
        checksum += orderId ^ price ^ quantity;
    }

    @Override
    public void onBookOrderModified(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        events++;
        checksum += orderId ^ quantity;
    }

    @Override
    public void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        events++;
        checksum += orderId ^ quantity;
    }

    @Override
    public void onBookOrderExecuted(
        final int instrumentId,
        final long orderId,
        final Side side,
        final long price,
        final long executedQuantity,
        final long leavesQuantity,
        final long tradeId)
    {
        events++;
        checksum += orderId ^ executedQuantity ^ leavesQuantity;
    }

    @Override
    public void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId)
    {
        events++;
        trades++;
        checksum += tradeId ^ price ^ quantity ^ makerOrderId;
    }

    @Override
    public void onBestBidOffer(
        final int instrumentId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity)
    {
        events++;
        checksum += bidPrice ^ bidQuantity ^ askPrice ^ askQuantity;
    }
}
