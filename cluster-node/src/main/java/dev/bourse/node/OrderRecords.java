package dev.bourse.node;

import dev.bourse.orderbook.StateHash;
import dev.bourse.schemas.orderentry.OrderStatus;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The last known status of each live order and of each finished order still named by a dedup window entry, so
 * that duplicates and status requests are answered without asking the engine for history it does not keep.
 * A record is freed when its order is finished and no window entry refers to it any more. Replicated state.
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
        int references;
        Record nextFree;
    }

    private static final int WINDOW_BITS = 16;

    private final Record[] window = new Record[1 << WINDOW_BITS];
    private final int mask = window.length - 1;
    private final Long2ObjectHashMap<Record> overflow = new Long2ObjectHashMap<>();
    private int size;
    private Record freeRecords;

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
     * After a snapshot is loaded: count each record's references from the dedup windows' entries, and give each entry
     * the record it refers to (the windows keep the record beside the entry so that eviction finds it without a
     * lookup). Records no entry refers to keep a count of 0.
     *
     * @param dedup the restored windows.
     */
    void rebuildReferences(final DedupWindows dedup)
    {
        clearReferences();
        for (final long account : dedup.sortedAccounts())
        {
            final DedupWindows.Window window = dedup.window(account);
            for (int i = 0; i < window.size(); i++)
            {
                final long sequence = window.sequenceAt(i);
                final long orderId = window.orderId(sequence);
                final Record record = 0 == orderId ? null : get(orderId);
                if (null != record)
                {
                    record.references++;
                }
                window.record(sequence, record);
            }
        }
    }

    private void clearReferences()
    {
        for (final Record record : window)
        {
            if (null != record)
            {
                record.references = 0;
            }
        }
        for (final Record record : overflow.values())
        {
            record.references = 0;
        }
    }

    Record create(final long orderId)
    {
        Record record = freeRecords;
        if (null == record)
        {
            record = new Record();
        }
        else
        {
            freeRecords = record.nextFree;
            record.nextFree = null;
        }
        record.orderId = orderId;
        // The dedup entry of the NewOrder that created it holds the first reference.
        record.references = 1;
        record.live = true;
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

    void addReference(final Record record)
    {
        record.references++;
    }

    void releaseReference(final Record record)
    {
        record.references--;
        freeIfUnused(record);
    }

    void finished(final Record record)
    {
        record.live = false;
        record.leavesQuantity = 0;
        freeIfUnused(record);
    }

    private void freeIfUnused(final Record record)
    {
        if (!record.live && record.references <= 0)
        {
            final int slot = (int)record.orderId & mask;
            if (window[slot] == record)
            {
                window[slot] = null;
            }
            else
            {
                overflow.remove(record.orderId);
            }
            size--;
            record.nextFree = freeRecords;
            freeRecords = record;
        }
    }

    int size()
    {
        return size;
    }

    /**
     * Mix the set of records into a state hash: the count, then the sum of each record's own hash. The sum does not
     * depend on the order the records are visited in, so the direct-mapped window is scanned as it lies (its layout
     * differs between a node that ran the log and one restored from a snapshot) and nothing is sorted or looked up:
     * a checkpoint runs on the service thread, and sorting and probing every record made it the longest stall in
     * the service (tens of milliseconds on a busy machine).
     */
    long hashRecords(final long initialHash)
    {
        long sum = 0;
        for (final Record record : window)
        {
            if (null != record)
            {
                sum += recordHash(record);
            }
        }
        if (!overflow.isEmpty())
        {
            for (final Record record : overflow.values())
            {
                sum += recordHash(record);
            }
        }
        return StateHash.combine(StateHash.combine(initialHash, size), sum);
    }

    private static long recordHash(final Record record)
    {
        long hash = StateHash.combine(0, record.orderId);
        hash = StateHash.combine(hash, record.account);
        hash = StateHash.combine(hash, record.clientOrderId);
        hash = StateHash.combine(hash, record.origClientOrderId);
        hash = StateHash.combine(hash, record.instrumentId);
        hash = StateHash.combine(hash, record.side);
        hash = StateHash.combine(hash, record.orderType);
        hash = StateHash.combine(hash, record.timeInForce);
        hash = StateHash.combine(hash, record.status.value());
        hash = StateHash.combine(hash, record.price);
        hash = StateHash.combine(hash, record.quantity);
        hash = StateHash.combine(hash, record.cumQuantity);
        hash = StateHash.combine(hash, record.leavesQuantity);
        return StateHash.finish(StateHash.combine(hash, record.live ? 1 : 0));
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
        for (final Record record : overflow.values())
        {
            ids[i++] = record.orderId;
        }
        Arrays.sort(ids);
        return ids;
    }
}
