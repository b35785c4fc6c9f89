package dev.bourse.node;

import dev.bourse.orderbook.StateHash;
import org.agrona.collections.Long2LongHashMap;
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
     * Called when an entry leaves a window while it is the newest entry naming a finished order's record, so that the
     * record can be freed.
     */
    @FunctionalInterface
    interface EvictionListener
    {
        /**
         * @param orderId the order the entry names.
         * @param record  its record, finished and named by no other entry.
         * @param hash    the record's hash, as the entry holds it ({@link OrderRecords.Record#hash}).
         */
        void onLastEntryEvicted(long orderId, OrderRecords.Record record, long hash);
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
        // Beside the newest entry naming a finished order: its record, which leaves with the entry. So eviction
        // frees it without looking it up or even reading it: finding a record 16,000 commands old by its id was two
        // dependent cache misses, and reading its reference count one, each in turn the service thread's largest
        // single cost at full load. Not state of its own: rebuilt from the order ids on restore.
        private final OrderRecords.Record[] records;
        // Beside each kept record, its hash: eviction takes it out of the records' hash without reading the record.
        private final long[] recordHashes;
        private final SequenceIndex sequenceById;
        private long headSequence;
        private int headSlot;
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
            records = new OrderRecords.Record[capacity];
            recordHashes = new long[capacity];
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

        /**
         * Remember a command, evicting the oldest entry if the window is full.
         *
         * @param clientOrderId the command's id.
         * @param kind          its kind.
         * @param orderId       the order it names, or 0.
         * @param rejectReason  its reject reason's code.
         * @param extra         kind-specific.
         * @param extra2        kind-specific.
         * @param record        the record of {@code orderId} on which the entry holds a reference, or null.
         */
        void record(
            final long clientOrderId,
            final int kind,
            final long orderId,
            final int rejectReason,
            final long extra,
            final long extra2,
            final OrderRecords.Record record)
        {
            if (size == clientOrderIds.length)
            {
                evictOldest(record);
            }
            final long sequence = headSequence + size;
            final int slot = slot(sequence);
            clientOrderIds[slot] = clientOrderId;
            kinds[slot] = (byte)kind;
            orderIds[slot] = orderId;
            rejectReasons[slot] = (short)rejectReason;
            extras[slot] = extra;
            extras2[slot] = extra2;
            name(record, sequence, slot);
            sequenceById.put(clientOrderId, sequence);
            size++;
            if (clientOrderId > highestClientOrderId)
            {
                highestClientOrderId = clientOrderId;
            }
        }

        /**
         * The entry at {@code sequence} is now the newest naming {@code record}: a finished record moves here from
         * the entry that kept it before.
         */
        private void name(final OrderRecords.Record record, final long sequence, final int slot)
        {
            if (null == record)
            {
                records[slot] = null;
                return;
            }
            final Window previous = record.entryWindow;
            if (!record.live && null != previous && previous.holds(record.entrySequence))
            {
                previous.records[previous.slot(record.entrySequence)] = null;
            }
            record.entryWindow = this;
            record.entrySequence = sequence;
            if (record.live)
            {
                records[slot] = null;
            }
            else
            {
                records[slot] = record;
                recordHashes[slot] = record.hash;
            }
        }

        /**
         * @param next the record the entry about to be recorded names: if the evicted entry kept it, the new entry
         *             takes it over instead of it being freed.
         */
        private void evictOldest(final OrderRecords.Record next)
        {
            final int slot = headSlot;
            final long clientOrderId = clientOrderIds[slot];
            sequenceById.remove(clientOrderId);
            if (clientOrderId > forgottenHighWater)
            {
                forgottenHighWater = clientOrderId;
            }
            headSequence++;
            headSlot = slot + 1 == clientOrderIds.length ? 0 : slot + 1;
            size--;
            final OrderRecords.Record record = records[slot];
            if (null != record)
            {
                records[slot] = null;
                if (record != next)
                {
                    evictionListener.onLastEntryEvicted(orderIds[slot], record, recordHashes[slot]);
                }
            }
        }

        /**
         * @return whether the entry at {@code sequence} is still in the window.
         */
        boolean holds(final long sequence)
        {
            return sequence >= headSequence && sequence < headSequence + size;
        }

        /**
         * A record named last by the entry at {@code sequence} (which must be in the window) finished: keep it beside
         * that entry, to be freed when the entry leaves.
         */
        void keep(final long sequence, final OrderRecords.Record record)
        {
            final int slot = slot(sequence);
            records[slot] = record;
            recordHashes[slot] = record.hash;
        }

        /**
         * Name a record from an entry (restoring from a snapshot, oldest entry first).
         *
         * @param sequence the entry.
         * @param record   the record, or null.
         */
        void record(final long sequence, final OrderRecords.Record record)
        {
            name(record, sequence, slot(sequence));
        }

        /**
         * Mix every entry, oldest first, into a state hash: one tight loop over the ring (a checkpoint runs this on
         * every window, often before the JIT has compiled it, so per-entry calls cost).
         */
        long hashEntries(final long initialHash)
        {
            long hash = initialHash;
            final int capacity = clientOrderIds.length;
            int slot = headSlot;
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

        /**
         * The ring slot of an entry in the window: the head's slot plus the offset, wrapped (no division).
         */
        private int slot(final long sequence)
        {
            final int slot = headSlot + (int)(sequence - headSequence);
            return slot >= clientOrderIds.length ? slot - clientOrderIds.length : slot;
        }
    }

    /**
     * clientOrderId to window sequence: direct-mapped, with an overflow map for collisions. A client numbers its
     * orders upwards, so the ids a window holds mostly lie within a span of about its capacity, and slot
     * {@code id & mask} (twice the capacity, rounded up to a power of two) gives each its own slot: recording the
     * next id, looking it up and evicting the oldest are one array access each, next to the slots the previous
     * commands used. An id whose slot is taken goes to the overflow map, so ids with gaps, jumps or a common
     * stride still work, at a hash map's cost. (Before, open addressing with linear probing and backward-shift
     * deletion scanned the rest of a probe cluster on every eviction: 5% of the service thread at full load.)
     * Deterministic: iteration order is never used (snapshots walk the ring).
     */
    static final class SequenceIndex
    {
        private static final long EMPTY = -1;

        private final long[] entries;
        private final int mask;
        private final Long2LongHashMap overflow = new Long2LongHashMap(NOT_FOUND);

        SequenceIndex(final int capacity)
        {
            final int slots = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
            entries = new long[slots * 2];
            mask = slots - 1;
            Arrays.fill(entries, EMPTY);
        }

        long get(final long key)
        {
            final int slot = ((int)key & mask) << 1;
            final long value = entries[slot + 1];
            if (EMPTY != value && entries[slot] == key)
            {
                return value;
            }
            return overflow.isEmpty() ? NOT_FOUND : overflow.get(key);
        }

        void put(final long key, final long value)
        {
            final int slot = ((int)key & mask) << 1;
            final long current = entries[slot + 1];
            if (EMPTY == current || entries[slot] == key)
            {
                if (EMPTY == current && !overflow.isEmpty())
                {
                    overflow.remove(key);
                }
                entries[slot] = key;
                entries[slot + 1] = value;
            }
            else
            {
                overflow.put(key, value);
            }
        }

        void remove(final long key)
        {
            final int slot = ((int)key & mask) << 1;
            if (EMPTY != entries[slot + 1] && entries[slot] == key)
            {
                entries[slot] = 0;
                entries[slot + 1] = EMPTY;
            }
            else if (!overflow.isEmpty())
            {
                overflow.remove(key);
            }
        }
    }
}
