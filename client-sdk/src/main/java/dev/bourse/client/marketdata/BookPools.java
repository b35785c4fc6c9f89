package dev.bourse.client.marketdata;

import java.util.Arrays;

/**
 * Free lists of orders and price levels shared by the books of one subscriber, so that steady-state book
 * changes allocate nothing. They grow on demand (warm-up) and never shrink.
 */
final class BookPools
{
    private Order freeOrders;
    private PriceLevel[] freeLevels = new PriceLevel[64];
    private int freeLevelCount;

    Order acquireOrder()
    {
        final Order order = freeOrders;
        if (null == order)
        {
            return new Order();
        }
        freeOrders = order.next;
        order.next = null;
        return order;
    }

    void releaseOrder(final Order order)
    {
        order.reset();
        order.next = freeOrders;
        freeOrders = order;
    }

    PriceLevel acquireLevel(final long price)
    {
        final PriceLevel level = freeLevelCount > 0 ? freeLevels[--freeLevelCount] : new PriceLevel();
        level.init(price);
        return level;
    }

    void releaseLevel(final PriceLevel level)
    {
        level.init(0);
        if (freeLevelCount == freeLevels.length)
        {
            freeLevels = Arrays.copyOf(freeLevels, freeLevels.length * 2);
        }
        freeLevels[freeLevelCount++] = level;
    }
}
