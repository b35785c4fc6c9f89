package dev.bourse.node;

import dev.bourse.orderbook.StateHash;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;


/**
 * Exactly-once order entry: per account, the exact set of the last {@code capacity} clientOrderIds with what
 * each command did. A remembered id is a duplicate; an id at or below the highest id ever forgotten is stale.
 * Keeping the exact set (not a high-water mark) lets resends arrive in any order. Replicated state: every
 * change comes from the log and the whole window is in the snapshot.
 */
final class DedupWindows
{
    static final long NOT_FOUND = -1;

    // A window entry's longs (see Window).
    private static final int STRIDE = 4;
    private static final int CLIENT_ORDER_ID = 0;
    private static final int ORDER_ID = 1;
    private static final int META = 2;
    private static final int RECORD_HASH = 3;
    private static final int REJECT_SHIFT = 8;
    private static final long HAS_EXTRAS = 1L << 24;

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
     * One account's window: a ring of entries in arrival order and an index from id to ring slot.
     * <p>
     * Each entry is {@value #STRIDE} longs side by side in one array (id, order id, kind with reject reason, and the
     * kept record's hash), so that recording an entry and evicting the oldest each touch one half cache line of one
     * array. (Eight parallel arrays made eight streams per window; at full load, with every account's window in turn,
     * the oldest entry's lines were all cache misses, 8% of the service thread.) The two kind-specific extras, which
     * only a mass cancel sets, are kept apart and written only when not zero.
     */
    final class Window
    {
        final long account;
        long highestClientOrderId;
        long forgottenHighWater;
        private final int capacity;
        // Per entry: [clientOrderId, orderId, meta, recordHash]; meta is the kind (low byte), the reject reason (next
        // 16 bits) and whether the extras are set (bit 24).
        private final long[] entries;
        private final long[] extras;
        private final long[] extras2;
        // Beside the newest entry naming a finished order: its record, which leaves with the entry. So eviction
        // frees it without looking it up or even reading it: finding a record 16,000 commands old by its id was two
        // dependent cache misses, and reading its reference count one, each in turn the service thread's largest
        // single cost at full load. Not state of its own: rebuilt from the order ids on restore. Its hash is in the
        // entry, so eviction takes it out of the records' hash without reading the record.
        private final OrderRecords.Record[] records;
        private final SequenceIndex slotById;
        private long headSequence;
        private int headSlot;
        private int size;

        Window(final long account, final int capacity)
        {
            this.account = account;
            this.capacity = capacity;
            entries = new long[capacity * STRIDE];
            extras = new long[capacity];
            extras2 = new long[capacity];
            records = new OrderRecords.Record[capacity];
            slotById = new SequenceIndex(capacity, entries, STRIDE);
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
            final int slot = slotById.get(clientOrderId);
            if (slot < 0)
            {
                return NOT_FOUND;
            }
            final int offset = slot - headSlot;
            return headSequence + (offset < 0 ? offset + capacity : offset);
        }

        int size()
        {
            return size;
        }

        int kind(final long sequence)
        {
            return (byte)entries[slot(sequence) * STRIDE + META];
        }

        long orderId(final long sequence)
        {
            return entries[slot(sequence) * STRIDE + ORDER_ID];
        }

        int rejectReason(final long sequence)
        {
            return (int)(entries[slot(sequence) * STRIDE + META] >>> REJECT_SHIFT) & 0xFFFF;
        }

        long extra(final long sequence)
        {
            final int slot = slot(sequence);
            return hasExtras(slot) ? extras[slot] : 0;
        }

        long extra2(final long sequence)
        {
            final int slot = slot(sequence);
            return hasExtras(slot) ? extras2[slot] : 0;
        }

        private boolean hasExtras(final int slot)
        {
            return 0 != (entries[slot * STRIDE + META] & HAS_EXTRAS);
        }

        long clientOrderIdAt(final int index)
        {
            return entries[slot(headSequence + index) * STRIDE + CLIENT_ORDER_ID];
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
            if (size == capacity)
            {
                evictOldest(record);
            }
            final long sequence = headSequence + size;
            final int slot = slot(sequence);
            final int base = slot * STRIDE;
            long meta = (kind & 0xFF) | ((long)(rejectReason & 0xFFFF) << REJECT_SHIFT);
            if (0 != (extra | extra2))
            {
                meta |= HAS_EXTRAS;
                extras[slot] = extra;
                extras2[slot] = extra2;
            }
            entries[base + CLIENT_ORDER_ID] = clientOrderId;
            entries[base + ORDER_ID] = orderId;
            entries[base + META] = meta;
            name(record, sequence, slot);
            slotById.put(clientOrderId, slot);
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
                entries[slot * STRIDE + RECORD_HASH] = record.hash;
            }
        }

        /**
         * @param next the record the entry about to be recorded names: if the evicted entry kept it, the new entry
         *             takes it over instead of it being freed.
         */
        private void evictOldest(final OrderRecords.Record next)
        {
            final int slot = headSlot;
            final int base = slot * STRIDE;
            final long clientOrderId = entries[base + CLIENT_ORDER_ID];
            slotById.remove(clientOrderId, slot);
            if (clientOrderId > forgottenHighWater)
            {
                forgottenHighWater = clientOrderId;
            }
            headSequence++;
            headSlot = slot + 1 == capacity ? 0 : slot + 1;
            size--;
            final OrderRecords.Record record = records[slot];
            if (null != record)
            {
                records[slot] = null;
                if (record != next)
                {
                    evictionListener.onLastEntryEvicted(entries[base + ORDER_ID], record, entries[base + RECORD_HASH]);
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
            entries[slot * STRIDE + RECORD_HASH] = record.hash;
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
            int slot = headSlot;
            for (int i = 0; i < size; i++)
            {
                final int base = slot * STRIDE;
                final long meta = entries[base + META];
                final boolean hasExtras = 0 != (meta & HAS_EXTRAS);
                hash = StateHash.combine(hash, entries[base + CLIENT_ORDER_ID]);
                hash = StateHash.combine(hash, (byte)meta);
                hash = StateHash.combine(hash, entries[base + ORDER_ID]);
                hash = StateHash.combine(hash, (meta >>> REJECT_SHIFT) & 0xFFFF);
                hash = StateHash.combine(hash, hasExtras ? extras[slot] : 0);
                hash = StateHash.combine(hash, hasExtras ? extras2[slot] : 0);
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
            return slot >= capacity ? slot - capacity : slot;
        }
    }

    /**
     * clientOrderId to ring slot: direct-mapped, with an overflow map for collisions. A client numbers its orders
     * upwards, so the ids a window holds mostly lie within a span of about its capacity, and slot {@code id & mask}
     * (twice the capacity, rounded up to a power of two) gives each its own slot: recording the next id, looking it
     * up and evicting the oldest are one array access each, next to the slots the previous commands used. An id whose
     * slot is taken goes to the overflow map, so ids with gaps, jumps or a common stride still work, at a hash map's
     * cost. A slot holds only the ring slot, plus one (0: empty); the id is the ring's, where a hit is checked. An
     * id not in the window, the common case, is then one read of an int array a quarter the size of a table of
     * id and value pairs. Deterministic: iteration order is never used (snapshots walk the ring).
     */
    static final class SequenceIndex
    {
        private final int[] slots;
        private final int mask;
        private final long[] ring;
        private final int stride;
        private final Long2LongHashMap overflow = new Long2LongHashMap(NOT_FOUND);

        /**
         * @param capacity the ring's entries.
         * @param ring     the ring: the id of the entry in slot {@code s} is {@code ring[s * stride]}.
         * @param stride   longs per ring entry.
         */
        SequenceIndex(final int capacity, final long[] ring, final int stride)
        {
            final int size = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
            slots = new int[size];
            mask = size - 1;
            this.ring = ring;
            this.stride = stride;
        }

        /**
         * @return the ring slot of the id's entry, or -1.
         */
        int get(final long key)
        {
            final int entry = slots[(int)key & mask];
            if (0 != entry && ring[(entry - 1) * stride] == key)
            {
                return entry - 1;
            }
            return overflow.isEmpty() ? -1 : (int)overflow.get(key);
        }

        /**
         * Index an id whose entry was just written to the ring.
         */
        void put(final long key, final int ringSlot)
        {
            final int slot = (int)key & mask;
            final int entry = slots[slot];
            if (0 == entry || ring[(entry - 1) * stride] == key)
            {
                if (0 == entry && !overflow.isEmpty())
                {
                    overflow.remove(key);
                }
                slots[slot] = ringSlot + 1;
            }
            else
            {
                overflow.put(key, ringSlot);
            }
        }

        /**
         * Forget an id whose entry, still in the ring, is leaving it.
         */
        void remove(final long key, final int ringSlot)
        {
            final int slot = (int)key & mask;
            if (slots[slot] == ringSlot + 1)
            {
                slots[slot] = 0;
            }
            else if (!overflow.isEmpty())
            {
                overflow.remove(key);
            }
        }
    }
}
