package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every listener call as one compact canonical line, so that whole event streams can be compared
 * exactly, between an expectation and an engine or between two engines. Calls are forwarded to an optional
 * delegate after being recorded.
 * <p>
 * Line formats (prices equal to {@link EngineConstants#NULL_PRICE} print as {@code -}):
 * <pre>
 * ACCEPTED oid=1 acct=7 coid=100 inst=1 BUY LIMIT GTC px=100 qty=10 exp=0
 * REJECTED acct=7 coid=100 inst=1 INVALID_PRICE
 * FILL oid=1 acct=7 coid=100 inst=1 BUY tid=1 px=100 qty=5 leaves=5 filled=5 MAKER
 * CANCELLED oid=1 acct=7 coid=100 inst=1 BUY qty=5 filled=5 CLIENT_REQUEST
 * RESTATED oid=1 acct=7 coid=100 inst=1 BUY by=5 qty=5 leaves=5 SELF_TRADE_PREVENTION
 * REPLACED oid=1 acct=7 coid=101 orig=100 inst=1 BUY px=100 qty=8 leaves=8 filled=0 kept=true
 * CANCEL_REJECTED acct=7 oid=1 UNKNOWN_ORDER
 * REPLACE_REJECTED acct=7 oid=1 coid=101 UNKNOWN_ORDER
 * MASS_CANCELLED acct=7 inst=0 side=NULL_VAL NONE count=2
 * BOOK_ADD inst=1 oid=1 BUY px=100 qty=10
 * BOOK_MOD inst=1 oid=1 BUY px=100 qty=8
 * BOOK_DEL inst=1 oid=1 BUY px=100 qty=8
 * BOOK_EXEC inst=1 oid=1 BUY px=100 qty=5 leaves=3 tid=1
 * TRADE inst=1 tid=1 px=100 qty=5 aggr=SELL maker=1 taker=2
 * BBO inst=1 bid=100x3 ask=-x0
 * </pre>
 */
final class RecordingListener implements EngineListener
{
    private final List<String> events = new ArrayList<>();
    private final EngineListener delegate;
    private final StringBuilder sb = new StringBuilder(128);

    RecordingListener()
    {
        this(null);
    }

    RecordingListener(final EngineListener delegate)
    {
        this.delegate = delegate;
    }

    /**
     * The recorded lines, oldest first (a live view).
     *
     * @return the lines.
     */
    List<String> events()
    {
        return events;
    }

    /**
     * A copy of the recorded lines, then clear.
     *
     * @return the lines recorded since the last clear.
     */
    List<String> drain()
    {
        final List<String> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }

    void clear()
    {
        events.clear();
    }

    int size()
    {
        return events.size();
    }

    String last()
    {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    /**
     * The recorded lines that start with a prefix, e.g. {@code "FILL"} or {@code "BBO"}.
     *
     * @param prefix the line prefix.
     * @return the matching lines in order.
     */
    List<String> eventsStartingWith(final String prefix)
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

    static String formatPrice(final long price)
    {
        return price == EngineConstants.NULL_PRICE ? "-" : Long.toString(price);
    }

    private StringBuilder begin(final String type)
    {
        sb.setLength(0);
        return sb.append(type);
    }

    private void end()
    {
        events.add(sb.toString());
    }

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
        begin("ACCEPTED oid=").append(orderId).append(" acct=").append(account).append(" coid=").append(clientOrderId)
            .append(" inst=").append(instrumentId).append(' ').append(side).append(' ').append(orderType)
            .append(' ').append(timeInForce).append(" px=").append(price).append(" qty=").append(quantity)
            .append(" exp=").append(expireTimeNs);
        end();
        if (null != delegate)
        {
            delegate.onOrderAccepted(
                orderId, account, clientOrderId, instrumentId, side, orderType, timeInForce, price, quantity,
                expireTimeNs);
        }
    }

    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        begin("REJECTED acct=").append(account).append(" coid=").append(clientOrderId).append(" inst=")
            .append(instrumentId).append(' ').append(reason);
        end();
        if (null != delegate)
        {
            delegate.onOrderRejected(account, clientOrderId, instrumentId, reason);
        }
    }

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
        begin("FILL oid=").append(orderId).append(" acct=").append(account).append(" coid=").append(clientOrderId)
            .append(" inst=").append(instrumentId).append(' ').append(side).append(" tid=").append(tradeId)
            .append(" px=").append(price).append(" qty=").append(quantity).append(" leaves=").append(leavesQuantity)
            .append(" filled=").append(filledQuantity).append(' ').append(liquidity);
        end();
        if (null != delegate)
        {
            delegate.onOrderFilled(
                orderId, account, clientOrderId, instrumentId, side, tradeId, price, quantity, leavesQuantity,
                filledQuantity, liquidity);
        }
    }

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
        begin("CANCELLED oid=").append(orderId).append(" acct=").append(account).append(" coid=")
            .append(clientOrderId).append(" inst=").append(instrumentId).append(' ').append(side)
            .append(" qty=").append(cancelledQuantity).append(" filled=").append(filledQuantity)
            .append(' ').append(reason);
        end();
        if (null != delegate)
        {
            delegate.onOrderCancelled(
                orderId, account, clientOrderId, instrumentId, side, cancelledQuantity, filledQuantity, reason);
        }
    }

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
        begin("RESTATED oid=").append(orderId).append(" acct=").append(account).append(" coid=")
            .append(clientOrderId).append(" inst=").append(instrumentId).append(' ').append(side)
            .append(" by=").append(reducedBy).append(" qty=").append(quantity).append(" leaves=")
            .append(leavesQuantity).append(' ').append(reason);
        end();
        if (null != delegate)
        {
            delegate.onOrderRestated(
                orderId, account, clientOrderId, instrumentId, side, reducedBy, quantity, leavesQuantity, reason);
        }
    }

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
        begin("REPLACED oid=").append(orderId).append(" acct=").append(account).append(" coid=")
            .append(clientOrderId).append(" orig=").append(origClientOrderId).append(" inst=").append(instrumentId)
            .append(' ').append(side).append(" px=").append(price).append(" qty=").append(quantity)
            .append(" leaves=").append(leavesQuantity).append(" filled=").append(filledQuantity)
            .append(" kept=").append(priorityKept);
        end();
        if (null != delegate)
        {
            delegate.onOrderReplaced(
                orderId, account, clientOrderId, origClientOrderId, instrumentId, side, price, quantity,
                leavesQuantity, filledQuantity, priorityKept);
        }
    }

    public void onCancelRejected(final long account, final long orderId, final RejectReason reason)
    {
        begin("CANCEL_REJECTED acct=").append(account).append(" oid=").append(orderId).append(' ').append(reason);
        end();
        if (null != delegate)
        {
            delegate.onCancelRejected(account, orderId, reason);
        }
    }

    public void onReplaceRejected(
        final long account, final long orderId, final long newClientOrderId, final RejectReason reason)
    {
        begin("REPLACE_REJECTED acct=").append(account).append(" oid=").append(orderId).append(" coid=")
            .append(newClientOrderId).append(' ').append(reason);
        end();
        if (null != delegate)
        {
            delegate.onReplaceRejected(account, orderId, newClientOrderId, reason);
        }
    }

    public void onMassCancelCompleted(
        final long account, final int instrumentId, final Side side, final RejectReason reason,
        final int cancelledCount)
    {
        begin("MASS_CANCELLED acct=").append(account).append(" inst=").append(instrumentId).append(" side=")
            .append(side).append(' ').append(reason).append(" count=").append(cancelledCount);
        end();
        if (null != delegate)
        {
            delegate.onMassCancelCompleted(account, instrumentId, side, reason, cancelledCount);
        }
    }

    public void onBookOrderAdded(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        bookLine("BOOK_ADD inst=", instrumentId, orderId, side, price, quantity);
        if (null != delegate)
        {
            delegate.onBookOrderAdded(instrumentId, orderId, side, price, quantity);
        }
    }

    public void onBookOrderModified(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        bookLine("BOOK_MOD inst=", instrumentId, orderId, side, price, quantity);
        if (null != delegate)
        {
            delegate.onBookOrderModified(instrumentId, orderId, side, price, quantity);
        }
    }

    public void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        bookLine("BOOK_DEL inst=", instrumentId, orderId, side, price, quantity);
        if (null != delegate)
        {
            delegate.onBookOrderDeleted(instrumentId, orderId, side, price, quantity);
        }
    }

    private void bookLine(
        final String type, final int instrumentId, final long orderId, final Side side, final long price,
        final long quantity)
    {
        begin(type).append(instrumentId).append(" oid=").append(orderId).append(' ').append(side).append(" px=")
            .append(price).append(" qty=").append(quantity);
        end();
    }

    public void onBookOrderExecuted(
        final int instrumentId,
        final long orderId,
        final Side side,
        final long price,
        final long executedQuantity,
        final long leavesQuantity,
        final long tradeId)
    {
        begin("BOOK_EXEC inst=").append(instrumentId).append(" oid=").append(orderId).append(' ').append(side)
            .append(" px=").append(price).append(" qty=").append(executedQuantity).append(" leaves=")
            .append(leavesQuantity).append(" tid=").append(tradeId);
        end();
        if (null != delegate)
        {
            delegate.onBookOrderExecuted(
                instrumentId, orderId, side, price, executedQuantity, leavesQuantity, tradeId);
        }
    }

    public void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId)
    {
        begin("TRADE inst=").append(instrumentId).append(" tid=").append(tradeId).append(" px=").append(price)
            .append(" qty=").append(quantity).append(" aggr=").append(aggressorSide).append(" maker=")
            .append(makerOrderId).append(" taker=").append(takerOrderId);
        end();
        if (null != delegate)
        {
            delegate.onTrade(instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, takerOrderId);
        }
    }

    public void onBestBidOffer(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        begin("BBO inst=").append(instrumentId).append(" bid=").append(formatPrice(bidPrice)).append('x')
            .append(bidQuantity).append(" ask=").append(formatPrice(askPrice)).append('x').append(askQuantity);
        end();
        if (null != delegate)
        {
            delegate.onBestBidOffer(instrumentId, bidPrice, bidQuantity, askPrice, askQuantity);
        }
    }
}
