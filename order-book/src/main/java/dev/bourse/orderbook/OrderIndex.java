package dev.bourse.orderbook;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Live orders by order id, exploiting that ids are handed out by a counter: the most recent {@code W} ids (a
 * power of two) live in a direct-mapped window array, slot {@code id & (W - 1)}, so a lookup is a range check and
 * one array load; an order that outlives the window (it is still live when the id {@code W} above it is
 * assigned) moves to an overflow hash map.
 * <p>
 * Invariant: for an id in {@code [limit - W, limit)}, the window slot holds that id's order or null; every other
 * live order is in the overflow map. {@code limit} is the engine's next order id.
 */
final class OrderIndex
{
    static final int DEFAULT_WINDOW_BITS = 18;

    private final FastMatchingEngine.Order[] window;
    private final int mask;
    private final long windowSize;
    private final Long2ObjectHashMap<FastMatchingEngine.Order> overflow = new Long2ObjectHashMap<>();
    private long limit = 1;
    private int size;

    OrderIndex(final int windowBits)
    {
        window = new FastMatchingEngine.Order[1 << windowBits];
        mask = window.length - 1;
        windowSize = window.length;
    }

    /**
     * Set the next id to be assigned, when restoring into an empty index.
     *
     * @param nextOrderId the next order id.
     */
    void restoreLimit(final long nextOrderId)
    {
        limit = nextOrderId;
    }

    /**
     * Make room for a newly assigned id (the current limit): the order {@code W} ids below it, if still live,
     * moves to the overflow map. Must be called once per assigned id, in order.
     *
     * @param orderId the id just assigned, equal to the current limit.
     */
    void assign(final long orderId)
    {
        final int slot = (int)orderId & mask;
        final FastMatchingEngine.Order old = window[slot];
        if (null != old)
        {
            window[slot] = null;
            overflow.put(old.orderId, old);
        }
        limit = orderId + 1;
    }

    int size()
    {
        return size;
    }

    /**
     * The live order with the id, or null.
     *
     * @param orderId the id.
     * @return the order or null.
     */
    FastMatchingEngine.Order get(final long orderId)
    {
        if (orderId >= limit - windowSize && orderId < limit)
        {
            return window[(int)orderId & mask];
        }
        return 0 == overflow.size() ? null : overflow.get(orderId);
    }

    /**
     * Add an order whose id is below the limit and not yet present.
     *
     * @param order the order.
     */
    void put(final FastMatchingEngine.Order order)
    {
        final long orderId = order.orderId;
        if (orderId >= limit - windowSize)
        {
            window[(int)orderId & mask] = order;
        }
        else
        {
            overflow.put(orderId, order);
        }
        size++;
    }

    /**
     * Remove a live order.
     *
     * @param order the order, present in the index.
     */
    void remove(final FastMatchingEngine.Order order)
    {
        final long orderId = order.orderId;
        if (orderId >= limit - windowSize)
        {
            window[(int)orderId & mask] = null;
        }
        else
        {
            overflow.remove(orderId);
        }
        size--;
    }
}
