package dev.bourse.node;

import dev.bourse.schemas.orderentry.OrderStatus;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The last known status of each live order and of each finished order still named by a dedup window entry, so
 * that duplicates and status requests are answered without asking the engine for history it does not keep.
 * A record is freed when its order is finished and no window entry refers to it any more. Replicated state.
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

    private final Long2ObjectHashMap<Record> recordsByOrderId = new Long2ObjectHashMap<>();
    private Record freeRecords;

    Record get(final long orderId)
    {
        return recordsByOrderId.get(orderId);
    }

    void clearReferences()
    {
        for (final Record record : recordsByOrderId.values())
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
        recordsByOrderId.put(orderId, record);
        return record;
    }

    void addReference(final long orderId)
    {
        final Record record = recordsByOrderId.get(orderId);
        if (null != record)
        {
            record.references++;
        }
    }

    void releaseReference(final long orderId)
    {
        final Record record = recordsByOrderId.get(orderId);
        if (null != record)
        {
            record.references--;
            freeIfUnused(record);
        }
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
            recordsByOrderId.remove(record.orderId);
            record.nextFree = freeRecords;
            freeRecords = record;
        }
    }

    int size()
    {
        return recordsByOrderId.size();
    }

    long[] sortedOrderIds()
    {
        final long[] ids = new long[recordsByOrderId.size()];
        int i = 0;
        for (final Record record : recordsByOrderId.values())
        {
            ids[i++] = record.orderId;
        }
        Arrays.sort(ids);
        return ids;
    }
}
