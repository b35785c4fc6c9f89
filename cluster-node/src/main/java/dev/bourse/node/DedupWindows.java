package dev.bourse.node;

import dev.bourse.orderbook.StateHash;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Exactly-once order entry: per account, the exact set of the last {@code capacity} clientOrderIds with what
 * each command did. A remembered id is a duplicate; an id at or below the highest id ever forgotten is stale.
 * Keeping the exact set (not a high-water mark) lets resends arrive in any order. Replicated state: every
 * change comes from the log and the whole window is in the snapshot.
 */
final class DedupWindows
{
    static final long NOT_FOUND = -1;

    /**
     * Called when an entry leaves a window, so that what it referenced can be released.
     */
    @FunctionalInterface
    interface EvictionListener
    {
        void onEvicted(long account, int kind, long orderId);
    }

    private final int capacity;
    private final EvictionListener evictionListener;
    private final Long2ObjectHashMap<Window> windowsByAccount = new Long2ObjectHashMap<>();

    DedupWindows(final int capacity, final EvictionListener evictionListener)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("dedup window must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.evictionListener = evictionListener;
    }

    int capacity()
    {
        return capacity;
    }

    Window window(final long account)
    {
        return windowsByAccount.get(account);
    }

    Window windowForUpdate(final long account)
    {
        Window window = windowsByAccount.get(account);
        if (null == window)
        {
            window = new Window(account, capacity);
            windowsByAccount.put(account, window);
        }
        return window;
    }

    long highestClientOrderId(final long account)
    {
        final Window window = windowsByAccount.get(account);
        return null == window ? 0 : window.highestClientOrderId;
    }

    int windowCount()
    {
        return windowsByAccount.size();
    }

    /**
     * Accounts with a window, ascending, for snapshots and hashing.
     */
    long[] sortedAccounts()
    {
        final long[] accounts = new long[windowsByAccount.size()];
        int i = 0;
        for (final Window window : windowsByAccount.values())
        {
            accounts[i++] = window.account;
        }
        java.util.Arrays.sort(accounts);
        return accounts;
    }

    /**
     * One account's window: a ring of entries in arrival order and a map from id to ring sequence.
     */
    final class Window
    {
        final long account;
        long highestClientOrderId;
        long forgottenHighWater;
        private final long[] clientOrderIds;
        private final byte[] kinds;
        private final long[] orderIds;
        private final short[] rejectReasons;
        private final long[] extras;
        private final long[] extras2;
        private final SequenceIndex sequenceById;
        private long headSequence;
        private int size;

        Window(final long account, final int capacity)
        {
            this.account = account;
            clientOrderIds = new long[capacity];
            kinds = new byte[capacity];
            orderIds = new long[capacity];
            rejectReasons = new short[capacity];
            extras = new long[capacity];
            extras2 = new long[capacity];
            sequenceById = new SequenceIndex(capacity);
        }

        boolean isStale(final long clientOrderId)
        {
            return clientOrderId <= forgottenHighWater;
        }

        /**
         * @return the entry's sequence, or {@link #NOT_FOUND}.
         */
        long find(final long clientOrderId)
        {
            return sequenceById.get(clientOrderId);
        }

        int size()
        {
            return size;
        }

        int kind(final long sequence)
        {
            return kinds[slot(sequence)];
        }

        long orderId(final long sequence)
        {
            return orderIds[slot(sequence)];
        }

        int rejectReason(final long sequence)
        {
            return rejectReasons[slot(sequence)] & 0xFFFF;
        }

        long extra(final long sequence)
        {
            return extras[slot(sequence)];
        }

        long extra2(final long sequence)
        {
            return extras2[slot(sequence)];
        }

        long clientOrderIdAt(final int index)
        {
            return clientOrderIds[slot(headSequence + index)];
        }

        long sequenceAt(final int index)
        {
            return headSequence + index;
        }

        void record(
            final long clientOrderId,
            final int kind,
            final long orderId,
            final int rejectReason,
            final long extra,
            final long extra2)
        {
            if (size == clientOrderIds.length)
            {
                evictOldest();
            }
            final long sequence = headSequence + size;
            final int slot = slot(sequence);
            clientOrderIds[slot] = clientOrderId;
            kinds[slot] = (byte)kind;
            orderIds[slot] = orderId;
            rejectReasons[slot] = (short)rejectReason;
            extras[slot] = extra;
            extras2[slot] = extra2;
            sequenceById.put(clientOrderId, sequence);
            size++;
            if (clientOrderId > highestClientOrderId)
            {
                highestClientOrderId = clientOrderId;
            }
        }

        private void evictOldest()
        {
            final int slot = slot(headSequence);
            final long clientOrderId = clientOrderIds[slot];
            sequenceById.remove(clientOrderId);
            if (clientOrderId > forgottenHighWater)
            {
                forgottenHighWater = clientOrderId;
            }
            headSequence++;
            size--;
            evictionListener.onEvicted(account, kinds[slot], orderIds[slot]);
        }

        /**
         * Mix every entry, oldest first, into a state hash: one tight loop over the ring (a checkpoint runs this on
         * every window, often before the JIT has compiled it, so per-entry calls cost).
         */
        long hashEntries(final long initialHash)
        {
            long hash = initialHash;
            final int capacity = clientOrderIds.length;
            int slot = slot(headSequence);
            for (int i = 0; i < size; i++)
            {
                hash = StateHash.combine(hash, clientOrderIds[slot]);
                hash = StateHash.combine(hash, kinds[slot]);
                hash = StateHash.combine(hash, orderIds[slot]);
                hash = StateHash.combine(hash, rejectReasons[slot] & 0xFFFF);
                hash = StateHash.combine(hash, extras[slot]);
                hash = StateHash.combine(hash, extras2[slot]);
                if (++slot == capacity)
                {
                    slot = 0;
                }
            }
            return hash;
        }

        private int slot(final long sequence)
        {
            return (int)(sequence % clientOrderIds.length);
        }
    }

    /**
     * clientOrderId to window sequence: open addressing with linear probing and backward-shift deletion, keys and
     * values interleaved, at most half full. A client numbers its orders upwards, so the slot keeps runs of eight
     * consecutive ids next to each other (one or two cache lines) and scatters the runs with a multiplicative hash:
     * recording the next id, looking it up and evicting the oldest touch memory the previous command already
     * brought in, where a general-purpose hash map takes a cache miss for each. Deterministic: iteration order is
     * never used (snapshots walk the ring).
     */
    static final class SequenceIndex
    {
        private static final int RUN_BITS = 3;
        private static final long EMPTY = -1;

        private final long[] entries;
        private final int mask;

        SequenceIndex(final int capacity)
        {
            final int slots = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
            entries = new long[slots * 2];
            mask = slots - 1;
            Arrays.fill(entries, EMPTY);
        }

        private int slot(final long key)
        {
            final long run = (key >>> RUN_BITS) * 0x9E3779B97F4A7C15L;
            return ((int)(run >>> 32) << RUN_BITS | (int)(key & ((1 << RUN_BITS) - 1))) & mask;
        }

        long get(final long key)
        {
            final long[] entries = this.entries;
            int slot = slot(key);
            while (true)
            {
                final long value = entries[(slot << 1) + 1];
                if (EMPTY == value)
                {
                    return NOT_FOUND;
                }
                if (entries[slot << 1] == key)
                {
                    return value;
                }
                slot = (slot + 1) & mask;
            }
        }

        void put(final long key, final long value)
        {
            final long[] entries = this.entries;
            int slot = slot(key);
            while (EMPTY != entries[(slot << 1) + 1] && entries[slot << 1] != key)
            {
                slot = (slot + 1) & mask;
            }
            entries[slot << 1] = key;
            entries[(slot << 1) + 1] = value;
        }

        void remove(final long key)
        {
            final long[] entries = this.entries;
            int slot = slot(key);
            while (true)
            {
                if (EMPTY == entries[(slot << 1) + 1])
                {
                    return;
                }
                if (entries[slot << 1] == key)
                {
                    break;
                }
                slot = (slot + 1) & mask;
            }
            // Backward shift: move later entries of the probe run into the hole when their home slot allows it.
            int hole = slot;
            int next = (hole + 1) & mask;
            while (EMPTY != entries[(next << 1) + 1])
            {
                final int home = slot(entries[next << 1]);
                if (((next - home) & mask) >= ((next - hole) & mask))
                {
                    entries[hole << 1] = entries[next << 1];
                    entries[(hole << 1) + 1] = entries[(next << 1) + 1];
                    hole = next;
                }
                next = (next + 1) & mask;
            }
            entries[hole << 1] = 0;
            entries[(hole << 1) + 1] = EMPTY;
        }
    }
}
