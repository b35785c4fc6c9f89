package dev.bourse.client;

import java.util.Arrays;

/**
 * clientOrderId to pending-request slot. Open addressing with linear probing and backward-shift deletion, keys and
 * values interleaved, at most half full. The client numbers its requests upwards, so the slot function keeps runs
 * of eight consecutive ids next to each other and scatters the runs with a multiplicative hash: adding the next id,
 * and looking up the ids of recent requests, touch memory the previous request already brought in. Every execution
 * report is looked up here (most of them, fills and cancels of resting orders, miss), which made a general-purpose
 * hash map a fifth of a busy client thread's time. The node's dedup windows index clientOrderIds the same way
 * ({@code DedupWindows.SequenceIndex} in cluster-node, which does not depend on this SDK's internals).
 */
final class ClientOrderIdIndex
{
    static final int MISSING = -1;
    private static final int RUN_BITS = 3;
    private static final long EMPTY = Long.MIN_VALUE;

    private final long[] keys;
    private final int[] values;
    private final int mask;

    /**
     * @param capacity the most entries it will hold.
     */
    ClientOrderIdIndex(final int capacity)
    {
        final int slots = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
        keys = new long[slots];
        values = new int[slots];
        mask = slots - 1;
        Arrays.fill(keys, EMPTY);
    }

    private int slot(final long key)
    {
        final long run = (key >>> RUN_BITS) * 0x9E3779B97F4A7C15L;
        return ((int)(run >>> 32) << RUN_BITS | (int)(key & ((1 << RUN_BITS) - 1))) & mask;
    }

    int get(final long key)
    {
        int slot = slot(key);
        while (true)
        {
            final long candidate = keys[slot];
            if (EMPTY == candidate)
            {
                return MISSING;
            }
            if (candidate == key)
            {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * @param key   a clientOrderId (never {@link Long#MIN_VALUE}: ids are positive).
     * @param value its slot.
     */
    void put(final long key, final int value)
    {
        int slot = slot(key);
        while (EMPTY != keys[slot] && keys[slot] != key)
        {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    void remove(final long key)
    {
        int slot = slot(key);
        while (true)
        {
            if (EMPTY == keys[slot])
            {
                return;
            }
            if (keys[slot] == key)
            {
                break;
            }
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        int next = (hole + 1) & mask;
        while (EMPTY != keys[next])
        {
            final int home = slot(keys[next]);
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = EMPTY;
        values[hole] = MISSING;
    }
}
