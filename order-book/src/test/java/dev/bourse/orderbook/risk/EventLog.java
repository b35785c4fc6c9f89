package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every event as one line of text, for exact comparisons between runs and engines.
 */
final class EventLog implements EngineListener
{
    private final List<String> events = new ArrayList<>();

    List<String> events()
    {
        return events;
    }

    List<String> drain()
    {
        final List<String> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }

    List<String> startingWith(final String prefix)
    {
        final List<String> result = new ArrayList<>();
        for (final String event : events)
        {
            if (event.startsWith(prefix))
            {
                result.add(event);
            }
        }
        return result;
    }

    void clear()
    {
        events.clear();
    }

    public void onOrderAccepted(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final OrderType orderType, final TimeInForce timeInForce, final long price, final long quantity,
        final long expireTimeNs)
    {
        events.add("ACCEPTED oid=" + orderId + " acct=" + account + " coid=" + clientOrderId + " inst=" +
            instrumentId + " " + side + " " + orderType + " " + timeInForce + " px=" + price + " qty=" + quantity +
            " exp=" + expireTimeNs);
    }

    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        events.add("REJECTED acct=" + account + " coid=" + clientOrderId + " inst=" + instrumentId + " " + reason);
    }

    public void onOrderFilled(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long tradeId, final long price, final long quantity, final long leavesQuantity,
        final long filledQuantity, final Liquidity liquidity)
    {
        events.add("FILL oid=" + orderId + " acct=" + account + " inst=" + instrumentId + " " + side + " tid=" +
            tradeId + " px=" + price + " qty=" + quantity + " leaves=" + leavesQuantity + " filled=" +
            filledQuantity + " " + liquidity);
    }

    public void onOrderCancelled(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long cancelledQuantity, final long filledQuantity, final CancelReason reason)
    {
        events.add("CANCELLED oid=" + orderId + " acct=" + account + " inst=" + instrumentId + " " + side +
            " qty=" + cancelledQuantity + " filled=" + filledQuantity + " " + reason);
    }

    public void onOrderRestated(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long reducedBy, final long quantity, final long leavesQuantity, final CancelReason reason)
    {
        events.add("RESTATED oid=" + orderId + " acct=" + account + " by=" + reducedBy + " qty=" + quantity +
            " leaves=" + leavesQuantity + " " + reason);
    }

    public void onOrderReplaced(
        final long orderId, final long account, final long clientOrderId, final long origClientOrderId,
        final int instrumentId, final Side side, final long price, final long quantity, final long leavesQuantity,
        final long filledQuantity, final boolean priorityKept)
    {
        events.add("REPLACED oid=" + orderId + " acct=" + account + " coid=" + clientOrderId + " px=" + price +
            " qty=" + quantity + " leaves=" + leavesQuantity + " filled=" + filledQuantity + " kept=" + priorityKept);
    }

    public void onCancelRejected(final long account, final long orderId, final RejectReason reason)
    {
        events.add("CANCEL_REJECTED acct=" + account + " oid=" + orderId + " " + reason);
    }

    public void onReplaceRejected(
        final long account, final long orderId, final long newClientOrderId, final RejectReason reason)
    {
        events.add("REPLACE_REJECTED acct=" + account + " oid=" + orderId + " coid=" + newClientOrderId + " " +
            reason);
    }

    public void onMassCancelCompleted(
        final long account, final int instrumentId, final Side side, final RejectReason reason,
        final int cancelledCount)
    {
        events.add("MASS_CANCELLED acct=" + account + " inst=" + instrumentId + " side=" + side + " " + reason +
            " count=" + cancelledCount);
    }

    public void onBookOrderAdded(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        events.add("BOOK_ADD inst=" + instrumentId + " oid=" + orderId + " " + side + " px=" + price + " qty=" +
            quantity);
    }

    public void onBookOrderModified(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        events.add("BOOK_MOD inst=" + instrumentId + " oid=" + orderId + " " + side + " px=" + price + " qty=" +
            quantity);
    }

    public void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        events.add("BOOK_DEL inst=" + instrumentId + " oid=" + orderId + " " + side + " px=" + price + " qty=" +
            quantity);
    }

    public void onBookOrderExecuted(
        final int instrumentId, final long orderId, final Side side, final long price, final long executedQuantity,
        final long leavesQuantity, final long tradeId)
    {
        events.add("BOOK_EXEC inst=" + instrumentId + " oid=" + orderId + " " + side + " px=" + price + " qty=" +
            executedQuantity + " leaves=" + leavesQuantity + " tid=" + tradeId);
    }

    public void onTrade(
        final int instrumentId, final long tradeId, final long price, final long quantity, final Side aggressorSide,
        final long makerOrderId, final long takerOrderId)
    {
        events.add("TRADE inst=" + instrumentId + " tid=" + tradeId + " px=" + price + " qty=" + quantity +
            " aggr=" + aggressorSide + " maker=" + makerOrderId + " taker=" + takerOrderId);
    }

    public void onBestBidOffer(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        events.add("BBO inst=" + instrumentId + " bid=" + bidPrice + "x" + bidQuantity + " ask=" + askPrice + "x" +
            askQuantity);
    }
}
