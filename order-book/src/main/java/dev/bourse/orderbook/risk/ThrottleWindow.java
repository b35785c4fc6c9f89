package dev.bourse.orderbook.risk;

/**
 * The exact sliding one-second window of one account's message times: a ring of the last {@code capacity}
 * timestamps, enough to tell whether more than {@code capacity - 1} messages fall in the window. A check is O(1)
 * and allocation-free.
 */
final class ThrottleWindow
{
    private final long[] times;
    private int head;
    private int count;

    ThrottleWindow(final int capacity)
    {
        times = new long[capacity];
    }

    int capacity()
    {
        return times.length;
    }

    int count()
    {
        return count;
    }

    /**
     * Record a message at {@code nowNs}.
     */
    void record(final long nowNs)
    {
        times[head] = nowNs;
        head = head + 1 == times.length ? 0 : head + 1;
        if (count < times.length)
        {
            count++;
        }
    }

    /**
     * Whether more than {@code threshold} recorded messages lie in {@code (nowNs - window, nowNs]}.
     *
     * @param threshold a threshold below the capacity.
     */
    boolean exceeds(final int threshold, final long nowNs, final long windowNs)
    {
        // The (threshold + 1)-th most recent message decides: if it is inside the window, so are the newer ones.
        return count > threshold && newest(threshold) > nowNs - windowNs;
    }

    /**
     * The i-th most recent timestamp, 0 being the newest; {@code i < count()}.
     */
    long newest(final int i)
    {
        int index = head - 1 - i;
        if (index < 0)
        {
            index += times.length;
        }
        return times[index];
    }

    /**
     * Copy the most recent timestamps that fit into another window, oldest first.
     */
    void copyInto(final ThrottleWindow target)
    {
        for (int i = Math.min(count, target.capacity()) - 1; i >= 0; i--)
        {
            target.record(newest(i));
        }
    }
}
