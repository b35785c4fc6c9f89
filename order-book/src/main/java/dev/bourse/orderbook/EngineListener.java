package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Everything the engine reports, as primitive arguments: execution reports for the owners of orders
 * ({@code onOrder...}, rejects) and anonymous market-data events ({@code onBook...}, {@code onTrade},
 * {@code onBestBidOffer}). {@link MatchingEngine} documents when and in which order each is called.
 * Every method does nothing by default.
 */
public interface EngineListener
{
    /**
     * A new order was accepted and given an id.
     *
     * @param orderId       engine order id.
     * @param account       owner.
     * @param clientOrderId client's id.
     * @param instrumentId  instrument.
     * @param side          side.
     * @param orderType     order type.
     * @param timeInForce   time in force.
     * @param price         limit price, 0 for market.
     * @param quantity      quantity.
     * @param expireTimeNs  expire time (DAY and GTD), otherwise 0.
     */
    default void onOrderAccepted(
        long orderId,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        OrderType orderType,
        TimeInForce timeInForce,
        long price,
        long quantity,
        long expireTimeNs)
    {
    }

    /**
     * A new order was rejected; nothing changed.
     *
     * @param account       account named by the command.
     * @param clientOrderId client's id.
     * @param instrumentId  instrument named by the command.
     * @param reason        why.
     */
    default void onOrderRejected(long account, long clientOrderId, int instrumentId, RejectReason reason)
    {
    }

    /**
     * One side of a fill.
     *
     * @param orderId         order id.
     * @param account         owner.
     * @param clientOrderId   client's id.
     * @param instrumentId    instrument.
     * @param side            side of this order.
     * @param tradeId         trade id, shared by both sides.
     * @param price           trade price.
     * @param quantity        quantity filled now.
     * @param leavesQuantity  what is left open.
     * @param filledQuantity  total filled so far.
     * @param liquidity       MAKER for the resting order, TAKER for the aggressor.
     */
    default void onOrderFilled(
        long orderId,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        long tradeId,
        long price,
        long quantity,
        long leavesQuantity,
        long filledQuantity,
        Liquidity liquidity)
    {
    }

    /**
     * An order is done without filling completely; its open quantity is cancelled.
     *
     * @param orderId           order id.
     * @param account           owner.
     * @param clientOrderId     client's id.
     * @param instrumentId      instrument.
     * @param side              side.
     * @param cancelledQuantity open quantity that was cancelled.
     * @param filledQuantity    total filled before the cancel.
     * @param reason            why.
     */
    default void onOrderCancelled(
        long orderId,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        long cancelledQuantity,
        long filledQuantity,
        CancelReason reason)
    {
    }

    /**
     * An order's quantity was reduced by the exchange (self-trade decrement) and it stays live.
     *
     * @param orderId        order id.
     * @param account        owner.
     * @param clientOrderId  client's id.
     * @param instrumentId   instrument.
     * @param side           side.
     * @param reducedBy      quantity removed.
     * @param quantity       new total quantity.
     * @param leavesQuantity new open quantity.
     * @param reason         why.
     */
    default void onOrderRestated(
        long orderId,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        long reducedBy,
        long quantity,
        long leavesQuantity,
        CancelReason reason)
    {
    }

    /**
     * An order was replaced.
     *
     * @param orderId           order id (unchanged).
     * @param account           owner.
     * @param clientOrderId     the new client order id.
     * @param origClientOrderId the client order id before the replace.
     * @param instrumentId      instrument.
     * @param side              side.
     * @param price             new price.
     * @param quantity          new total quantity.
     * @param leavesQuantity    new open quantity, before any matching the replace causes.
     * @param filledQuantity    filled so far.
     * @param priorityKept      true if the order kept its place in the queue.
     */
    default void onOrderReplaced(
        long orderId,
        long account,
        long clientOrderId,
        long origClientOrderId,
        int instrumentId,
        Side side,
        long price,
        long quantity,
        long leavesQuantity,
        long filledQuantity,
        boolean priorityKept)
    {
    }

    /**
     * A cancel was rejected; nothing changed.
     *
     * @param account account named by the command.
     * @param orderId order id named by the command.
     * @param reason  why.
     */
    default void onCancelRejected(long account, long orderId, RejectReason reason)
    {
    }

    /**
     * A replace was rejected; nothing changed.
     *
     * @param account          account named by the command.
     * @param orderId          order id named by the command.
     * @param newClientOrderId the client order id the replace asked for.
     * @param reason           why.
     */
    default void onReplaceRejected(long account, long orderId, long newClientOrderId, RejectReason reason)
    {
    }

    /**
     * A mass cancel finished (after the cancel event of each order) or was rejected.
     *
     * @param account        account.
     * @param instrumentId   instrument filter, 0 for all.
     * @param side           side filter, NULL_VAL for both.
     * @param reason         NONE, or why it was rejected.
     * @param cancelledCount how many orders were cancelled.
     */
    default void onMassCancelCompleted(
        long account, int instrumentId, Side side, RejectReason reason, int cancelledCount)
    {
    }

    /**
     * Market data: an order now rests in the book, at the back of its level.
     *
     * @param instrumentId instrument.
     * @param orderId      order id.
     * @param side         side.
     * @param price        price.
     * @param quantity     open quantity.
     */
    default void onBookOrderAdded(int instrumentId, long orderId, Side side, long price, long quantity)
    {
    }

    /**
     * Market data: a resting order's open quantity changed in place; it keeps its priority.
     *
     * @param instrumentId instrument.
     * @param orderId      order id.
     * @param side         side.
     * @param price        price.
     * @param quantity     new open quantity.
     */
    default void onBookOrderModified(int instrumentId, long orderId, Side side, long price, long quantity)
    {
    }

    /**
     * Market data: a resting order left the book without trading.
     *
     * @param instrumentId instrument.
     * @param orderId      order id.
     * @param side         side.
     * @param price        price.
     * @param quantity     open quantity it had.
     */
    default void onBookOrderDeleted(int instrumentId, long orderId, Side side, long price, long quantity)
    {
    }

    /**
     * Market data: a resting order traded; at 0 leaves it has left the book.
     *
     * @param instrumentId     instrument.
     * @param orderId          order id.
     * @param side             side.
     * @param price            price.
     * @param executedQuantity quantity traded.
     * @param leavesQuantity   open quantity left.
     * @param tradeId          trade id.
     */
    default void onBookOrderExecuted(
        int instrumentId, long orderId, Side side, long price, long executedQuantity, long leavesQuantity, long tradeId)
    {
    }

    /**
     * Market data: a trade.
     *
     * @param instrumentId  instrument.
     * @param tradeId       trade id.
     * @param price         price.
     * @param quantity      quantity.
     * @param aggressorSide side of the taker.
     * @param makerOrderId  resting order.
     * @param takerOrderId  aggressing order.
     */
    default void onTrade(
        int instrumentId, long tradeId, long price, long quantity, Side aggressorSide, long makerOrderId,
        long takerOrderId)
    {
    }

    /**
     * Market data: the best bid or offer changed during the command that just ended.
     *
     * @param instrumentId instrument.
     * @param bidPrice     best bid or {@link EngineConstants#NULL_PRICE}.
     * @param bidQuantity  total open quantity at the best bid, 0 when none.
     * @param askPrice     best ask or {@link EngineConstants#NULL_PRICE}.
     * @param askQuantity  total open quantity at the best ask, 0 when none.
     */
    default void onBestBidOffer(int instrumentId, long bidPrice, long bidQuantity, long askPrice, long askQuantity)
    {
    }
}
