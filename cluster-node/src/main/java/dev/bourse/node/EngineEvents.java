package dev.bourse.node;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Routes the engine's events: execution reports to the {@link ReportPublisher}, book events to the
 * {@link MarketDataPublisher}.
 */
final class EngineEvents implements EngineListener
{
    private final ReportPublisher reports;
    private final MarketDataPublisher marketData;

    EngineEvents(final ReportPublisher reports, final MarketDataPublisher marketData)
    {
        this.reports = reports;
        this.marketData = marketData;
    }

    public void onOrderAccepted(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final OrderType orderType, final TimeInForce timeInForce, final long price, final long quantity,
        final long expireTimeNs)
    {
        reports.onOrderAccepted(orderId, account, clientOrderId, instrumentId, side, orderType, timeInForce, price,
            quantity, expireTimeNs);
    }

    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        reports.onOrderRejected(account, clientOrderId, instrumentId, reason);
    }

    public void onOrderFilled(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long tradeId, final long price, final long quantity, final long leavesQuantity,
        final long filledQuantity, final Liquidity liquidity)
    {
        reports.onOrderFilled(orderId, account, clientOrderId, instrumentId, side, tradeId, price, quantity,
            leavesQuantity, filledQuantity, liquidity);
    }

    public void onOrderCancelled(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long cancelledQuantity, final long filledQuantity, final CancelReason reason)
    {
        reports.onOrderCancelled(orderId, account, clientOrderId, instrumentId, side, cancelledQuantity,
            filledQuantity, reason);
    }

    public void onOrderRestated(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long reducedBy, final long quantity, final long leavesQuantity, final CancelReason reason)
    {
        reports.onOrderRestated(orderId, account, clientOrderId, instrumentId, side, reducedBy, quantity,
            leavesQuantity, reason);
    }

    public void onOrderReplaced(
        final long orderId, final long account, final long clientOrderId, final long origClientOrderId,
        final int instrumentId, final Side side, final long price, final long quantity, final long leavesQuantity,
        final long filledQuantity, final boolean priorityKept)
    {
        reports.onOrderReplaced(orderId, account, clientOrderId, origClientOrderId, instrumentId, side, price,
            quantity, leavesQuantity, filledQuantity, priorityKept);
    }

    public void onCancelRejected(final long account, final long orderId, final RejectReason reason)
    {
        reports.onCancelRejected(account, orderId, reason);
    }

    public void onReplaceRejected(
        final long account, final long orderId, final long newClientOrderId, final RejectReason reason)
    {
        reports.onReplaceRejected(account, orderId, newClientOrderId, reason);
    }

    public void onMassCancelCompleted(
        final long account, final int instrumentId, final Side side, final RejectReason reason,
        final int cancelledCount)
    {
        reports.onMassCancelCompleted(account, instrumentId, side, reason, cancelledCount);
    }

    public void onBookOrderAdded(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        marketData.onBookOrderAdded(instrumentId, orderId, side, price, quantity);
    }

    public void onBookOrderModified(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        marketData.onBookOrderModified(instrumentId, orderId, side, price, quantity);
    }

    public void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        marketData.onBookOrderDeleted(instrumentId, orderId, side, price, quantity);
    }

    public void onBookOrderExecuted(
        final int instrumentId, final long orderId, final Side side, final long price, final long executedQuantity,
        final long leavesQuantity, final long tradeId)
    {
        marketData.onBookOrderExecuted(instrumentId, orderId, side, price, executedQuantity, leavesQuantity,
            tradeId);
    }

    public void onTrade(
        final int instrumentId, final long tradeId, final long price, final long quantity, final Side aggressorSide,
        final long makerOrderId, final long takerOrderId)
    {
        marketData.onTrade(instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, takerOrderId);
    }

    public void onBestBidOffer(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        marketData.onBestBidOffer(instrumentId, bidPrice, bidQuantity, askPrice, askQuantity);
    }
}
