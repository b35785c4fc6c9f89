package dev.bourse.client.marketdata;

/**
 * A resting order, pooled, linked into its price level in time priority.
 */
final class Order
{
    long orderId;
    long price;
    long quantity;
    int sideCode;
    PriceLevel level;
    Order previous;
    Order next;

    void reset()
    {
        level = null;
        previous = null;
        next = null;
    }
}
