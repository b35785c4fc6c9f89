package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Receives a resting order's fields, for queries, snapshots and state hashing.
 */
@FunctionalInterface
public interface OrderVisitor
{
    /**
     * One resting order.
     *
     * @param orderId        order id.
     * @param account        owner.
     * @param clientOrderId  client's current id.
     * @param instrumentId   instrument.
     * @param side           side.
     * @param timeInForce    GTC, DAY or GTD.
     * @param postOnly       post-only flag.
     * @param price          price.
     * @param quantity       total quantity.
     * @param filledQuantity filled so far; leaves are {@code quantity - filledQuantity}.
     * @param expireTimeNs   expire time, 0 for GTC.
     * @param stpGroup       STP group stamped at entry.
     */
    void visit(
        long orderId,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        TimeInForce timeInForce,
        boolean postOnly,
        long price,
        long quantity,
        long filledQuantity,
        long expireTimeNs,
        long stpGroup);
}
