package dev.bourse.node;

import dev.bourse.orderbook.StateHash;
import dev.bourse.schemas.orderentry.OrderStatus;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The last known status of each live order and of each finished order still named by a dedup window entry, so
 * that duplicates and status requests are answered without asking the engine for history it does not keep.
 * A record is freed when its order is finished and no window entry refers to it any more: each window is FIFO and
 * only its own account's entries name a record, so that is when the newest entry naming it leaves. Replicated state.
 * <p>
 * Records are found through a direct-mapped window over order ids (the engine assigns them from a counter, and the
 * records in use are mostly recent ones): slot {@code orderId & mask}, checked against the record's own id. A record
 * displaced from its slot by a newer one moves to an overflow hash map. Log replay spends much of its time here, so
 * the common case is one array read instead of a hash probe.
 */
final class OrderRecords
{
    /**
     * One order's status, updated from the engine's events.
     */
    static final class Record
    {
        long orderId;
        long account;
        long clientOrderId;
        long origClientOrderId;
        int instrumentId;
        short side;
        short orderType;
        short timeInForce;
        OrderStatus status;
        long price;
        long quantity;
        long cumQuantity;
        long leavesQuantity;
        boolean live;
        // Where the newest dedup entry naming this record is (not state: rebuilt on restore). A finished record is
        // freed when that entry leaves its window; the window keeps the record beside that entry only, so eviction
        // frees it without reading it. Null window: no entry yet (sequence PENDING, the current command's entry is
        // about to name it) or none at all (NO_ENTRY).
        DedupWindows.Window entryWindow;
        long entrySequence;
        // The record's hash as the records' sum holds it (not state: a function of the fields above), set whenever
        // the sum takes the record in. Taking it out again before a change is then a subtraction, not a second hash
        // of every field; and the dedup entry keeping a finished record holds a copy, so that freeing it takes it out
        // of the sum without reading it.
        long hash;
    }

    /** {@link Record#entrySequence} of a record the current command's dedup entry is about to name. */
    static final long PENDING = -2;
    /** {@link Record#entrySequence} of a record no dedup entry names. */
    static final long NO_ENTRY = -1;

    private static final int WINDOW_BITS = 16;

    private final Record[] window = new Record[1 << WINDOW_BITS];
    private final int mask = window.length - 1;
    private final Long2ObjectHashMap<Record> overflow = new Long2ObjectHashMap<>();
    private int size;
    // The sum of every record's recordHash, kept up to date as records are created, changed and freed: the state
    // hash then never walks the records (a million live orders took a checkpoint the better part of a second).
    private long hashSum;
    // Freed records for reuse, most recent on top. An array rather than a list through the records, so that freeing
    // a record (when the entry naming it leaves its window, 16,000 commands later at full load) never touches it.
    private Record[] freeRecords = new Record[64];
    private int freeCount;

    Record get(final long orderId)
    {
        final Record record = window[(int)orderId & mask];
        if (null != record && record.orderId == orderId)
        {
            return record;
        }
        return 0 == overflow.size() ? null : overflow.get(orderId);
    }

    /**
     * After a snapshot is loaded: tell each record which dedup entry is the newest to name it, and give that entry
     * the record if it is finished (the windows keep a finished record beside its last entry, so that eviction frees
     * it without a lookup). Records no entry names are left with {@link #NO_ENTRY}.
     *
     * @param dedup the restored windows.
     */
    void rebuildReferences(final DedupWindows dedup)
    {
        for (final Record record : window)
        {
            if (null != record)
            {
                clearEntry(record);
            }
        }
        for (final Record record : overflow.values())
        {
            clearEntry(record);
        }
        for (final long account : dedup.sortedAccounts())
        {
            final DedupWindows.Window window = dedup.window(account);
            for (int i = 0; i < window.size(); i++)
            {
                final long sequence = window.sequenceAt(i);
                final long orderId = window.orderId(sequence);
                window.record(sequence, 0 == orderId ? null : get(orderId));
            }
        }
    }

    private static void clearEntry(final Record record)
    {
        record.entryWindow = null;
        record.entrySequence = NO_ENTRY;
    }

    Record create(final long orderId)
    {
        final Record record;
        if (0 == freeCount)
        {
            record = new Record();
        }
        else
        {
            record = freeRecords[--freeCount];
            freeRecords[freeCount] = null;
        }
        record.orderId = orderId;
        record.live = true;
        // The dedup entry of the NewOrder that creates it names it once the engine is done with the order.
        record.entryWindow = null;
        record.entrySequence = PENDING;
        final int slot = (int)orderId & mask;
        final Record displaced = window[slot];
        if (null != displaced)
        {
            overflow.put(displaced.orderId, displaced);
        }
        window[slot] = record;
        size++;
        return record;
    }

    /**
     * A cancel or replace is about to apply to the order and its dedup entry will name the record: a live record
     * must not be freed if the command finishes it before the entry is recorded. (A finished record is already kept
     * by its current last entry, which the new entry takes over from.)
     */
    void referenced(final Record record)
    {
        if (record.live)
        {
            record.entryWindow = null;
            record.entrySequence = PENDING;
        }
    }

    /**
     * A new or restored record's fields are all set: add it to the records' hash.
     */
    void added(final Record record)
    {
        final long hash = recordHash(record);
        record.hash = hash;
        hashSum += hash;
    }

    /**
     * A live record's fields are about to change: take it out of the records' hash ({@link #changed} or
     * {@link #finished} puts it back).
     */
    void changing(final Record record)
    {
        hashSum -= record.hash;
    }

    /**
     * A live record's fields changed and it is still live: put it back into the records' hash.
     */
    void changed(final Record record)
    {
        final long hash = recordHash(record);
        record.hash = hash;
        hashSum += hash;
    }

    /**
     * The order is done ({@link #changing} was called before its fields changed): free the record now if no dedup
     * entry names it any more, or leave it with the newest entry that does, to be freed when that entry leaves its
     * window.
     */
    void finished(final Record record)
    {
        record.live = false;
        record.leavesQuantity = 0;
        final long hash = recordHash(record);
        record.hash = hash;
        hashSum += hash;
        final DedupWindows.Window entryWindow = record.entryWindow;
        if (null != entryWindow && entryWindow.holds(record.entrySequence))
        {
            entryWindow.keep(record.entrySequence, record);
        }
        else if (PENDING != record.entrySequence)
        {
            free(record.orderId, record, hash);
        }
    }

    /**
     * The last dedup entry naming a finished record left its window. Neither this nor the push onto the free stack
     * reads the record: its id and its hash come from the entry.
     *
     * @param orderId the record's order id.
     * @param record  the record.
     * @param hash    its {@link Record#hash}.
     */
    void free(final long orderId, final Record record, final long hash)
    {
        hashSum -= hash;
        final int slot = (int)orderId & mask;
        if (window[slot] == record)
        {
            window[slot] = null;
        }
        else
        {
            overflow.remove(orderId);
        }
        size--;
        if (freeCount == freeRecords.length)
        {
            freeRecords = Arrays.copyOf(freeRecords, freeCount << 1);
        }
        freeRecords[freeCount++] = record;
    }

    int size()
    {
        return size;
    }

    /**
     * Mix the set of records into a state hash: the count, then the sum of each record's own hash. The sum is kept
     * up to date as records change (see {@link #added}, {@link #changing}, {@link #finished}, {@link #free}), so a
     * checkpoint costs nothing here however many orders are live; {@link #verifySum} checks it against the records.
     */
    long hashRecords(final long initialHash)
    {
        return StateHash.combine(StateHash.combine(initialHash, size), hashSum);
    }

    /**
     * Check the running sum against every record, and set it to theirs if a change missed it (so that a snapshot
     * carries the hash its restore will compute).
     *
     * @return whether the running sum was right.
     */
    boolean verifySum()
    {
        return verifySum(hashAll(false));
    }

    /**
     * As {@link #verifySum()}, with the sum of {@link #recordHash} over every record already computed by a caller
     * that reads them all anyway (a snapshot).
     *
     * @param walkedSum the sum over the records.
     * @return whether the running sum was right.
     */
    boolean verifySum(final long walkedSum)
    {
        final boolean right = walkedSum == hashSum;
        if (!right)
        {
            hashAll(true);
        }
        hashSum = walkedSum;
        return right;
    }

    /**
     * Hash every record's current fields.
     *
     * @param keep whether each record keeps the hash computed for it (after a change the running sum missed).
     * @return the sum of those hashes.
     */
    private long hashAll(final boolean keep)
    {
        long sum = 0;
        for (final Record record : window)
        {
            if (null != record)
            {
                sum += hash(record, keep);
            }
        }
        if (!overflow.isEmpty())
        {
            for (final Record record : overflow.values())
            {
                sum += hash(record, keep);
            }
        }
        return sum;
    }

    private static long hash(final Record record, final boolean keep)
    {
        final long hash = recordHash(record);
        if (keep)
        {
            record.hash = hash;
        }
        return hash;
    }

    /**
     * One record's part of the state hash: every replicated field (not the dedup bookkeeping).
     */
    static long recordHash(final Record record)
    {
        final OrderStatus status = record.status;
        return StateHash.entryHash(record.orderId, record.account, record.clientOrderId, record.origClientOrderId,
            record.instrumentId, record.side, record.orderType, record.timeInForce, null == status ? 0 : status.value(),
            record.price, record.quantity, record.cumQuantity, record.leavesQuantity, record.live ? 1 : 0);
    }

    long[] sortedOrderIds()
    {
        final long[] ids = new long[size];
        int i = 0;
        for (final Record record : window)
        {
            if (null != record)
            {
                ids[i++] = record.orderId;
            }
        }
        // The overflow map's keys are the ids: read them from its key array rather than from each record.
        for (final Long2ObjectHashMap<Record>.KeyIterator keys = overflow.keySet().iterator(); keys.hasNext(); )
        {
            ids[i++] = keys.nextLong();
        }
        Arrays.sort(ids);
        return ids;
    }
}
