package dev.bourse.orderbook.risk;

/**
 * The risk view of one live order: where its usage is counted and at which reserve price. Pooled.
 */
final class OrderRisk
{
    long orderId;
    PositionRisk position;
    boolean buy;
    long reservePrice;
    long quantity;
    long leaves;
    OrderRisk nextFree;
}
