package dev.bourse.client.marketdata;

import java.util.Arrays;

/**
 * The price levels of one side in a sorted array, the best level last so that changes near the top of the book,
 * the most frequent, move few entries.
 */
final class BookSide
{
    private final boolean isBid;
    private PriceLevel[] levels = new PriceLevel[16];
    private int count;

    BookSide(final boolean isBid)
    {
        this.isBid = isBid;
    }

    int count()
    {
        return count;
    }

    /**
     * The level at a depth from the best.
     *
     * @param depth 0 for the best level.
     * @return the level.
     */
    PriceLevel level(final int depth)
    {
        if (depth < 0 || depth >= count)
        {
            throw new IndexOutOfBoundsException("level " + depth + " of " + count);
        }
        return levels[count - 1 - depth];
    }

    PriceLevel best()
    {
        return count > 0 ? levels[count - 1] : null;
    }

    /**
     * Find the level of a price, or create it in place.
     */
    PriceLevel getOrCreate(final long price, final BookPools pools)
    {
        final int index = search(price);
        if (index >= 0)
        {
            return levels[index];
        }

        final int insertAt = -index - 1;
        if (count == levels.length)
        {
            levels = Arrays.copyOf(levels, count * 2);
        }
        System.arraycopy(levels, insertAt, levels, insertAt + 1, count - insertAt);
        final PriceLevel level = pools.acquireLevel(price);
        levels[insertAt] = level;
        count++;
        return level;
    }

    void removeIfEmpty(final PriceLevel level, final BookPools pools)
    {
        if (level.orderCount > 0)
        {
            return;
        }

        final int index = search(level.price);
        if (index >= 0 && levels[index] == level)
        {
            System.arraycopy(levels, index + 1, levels, index, count - index - 1);
            levels[--count] = null;
            pools.releaseLevel(level);
        }
    }

    void clear(final BookPools pools)
    {
        for (int i = 0; i < count; i++)
        {
            final PriceLevel level = levels[i];
            Order order = level.head;
            while (null != order)
            {
                final Order next = order.next;
                pools.releaseOrder(order);
                order = next;
            }
            pools.releaseLevel(level);
            levels[i] = null;
        }
        count = 0;
    }

    /**
     * Binary search over the levels, sorted worst first.
     *
     * @return the index of the price, or -(insertion point) - 1.
     */
    private int search(final long price)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midPrice = levels[mid].price;
            final int cmp = isBid ? Long.compare(midPrice, price) : Long.compare(price, midPrice);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }
}
