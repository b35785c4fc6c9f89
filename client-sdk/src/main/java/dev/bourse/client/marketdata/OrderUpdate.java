package dev.bourse.client.marketdata;

/**
 * The kind of change to one resting order, as reported by {@link MarketDataListener#onOrderUpdate}.
 */
public enum OrderUpdate
{
    /**
     * The order now rests at the back of its price level (OrderAdded).
     */
    ADDED,

    /**
     * The order's quantity went down in place and it kept its priority (OrderModified).
     */
    MODIFIED,

    /**
     * The order left the book without trading (OrderDeleted).
     */
    DELETED,

    /**
     * The order traded; it left the book if its remaining quantity is zero (OrderExecuted).
     */
    EXECUTED
}
