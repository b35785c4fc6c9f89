package dev.bourse.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Order records live while their order is live or a dedup entry refers to them: the entries keep the record they
 * refer to, eviction releases it without a lookup, and a restored snapshot gives every entry its record back.
 */
class OrderRecordsLifecycleTest
{
    private static final long ACCOUNT = 7;
    private static final int NEW = 1;
    private static final int CANCEL = 2;
    private static final int OTHER = 4;

    private final OrderRecords records = new OrderRecords();
    private final DedupWindows dedup = new DedupWindows(4, (account, kind, orderId, record) ->
    {
        if (null != record)
        {
            assertEquals(orderId, record.orderId, "the entry's record is the order it names");
            records.releaseReference(record);
        }
    });
    private final DedupWindows.Window window = dedup.windowForUpdate(ACCOUNT);
    private long nextClientOrderId = 1;

    @Test
    void shouldFreeAFinishedRecordWhenTheLastEntryReferringToItLeavesTheWindow()
    {
        final OrderRecords.Record first = place(101);
        final OrderRecords.Record second = place(102);
        records.addReference(first);
        window.record(nextClientOrderId++, CANCEL, 101, 0, 0, 0, first);
        records.finished(first);
        records.finished(second);
        assertEquals(2, records.size(), "finished, but named by entries");

        other();
        other(); // evicts first's NewOrder entry: its cancel entry still refers to it
        assertSame(first, records.get(101));
        other(); // evicts second's NewOrder entry
        assertNull(records.get(102));
        assertEquals(1, records.size());
        other(); // evicts the cancel entry
        assertNull(records.get(101));
        assertEquals(0, records.size());
    }

    @Test
    void shouldKeepALiveRecordAfterItsEntriesLeaveAndFreeItWhenItFinishes()
    {
        final OrderRecords.Record live = place(103);
        for (int i = 0; i < 4; i++)
        {
            other();
        }
        assertSame(live, records.get(103), "a live order keeps its record");
        assertEquals(0, live.references);
        records.finished(live);
        assertNull(records.get(103));
        assertEquals(0, records.size());
    }

    @Test
    void shouldGiveEveryEntryItsRecordBackWhenRestored()
    {
        // As a snapshot load leaves them: records and window entries by order id, no references.
        final OrderRecords restored = new OrderRecords();
        final DedupWindows restoredDedup = new DedupWindows(4, (account, kind, orderId, record) ->
        {
            if (null != record)
            {
                restored.releaseReference(record);
            }
        });
        final DedupWindows.Window restoredWindow = restoredDedup.windowForUpdate(ACCOUNT);
        final OrderRecords.Record finished = restored.create(201);
        final OrderRecords.Record live = restored.create(202);
        restoredWindow.record(1, NEW, 201, 0, 0, 0, null);
        restoredWindow.record(2, NEW, 202, 0, 0, 0, null);
        restoredWindow.record(3, CANCEL, 201, 0, 0, 0, null);
        restoredWindow.record(4, OTHER, 0, 0, 0, 0, null);
        restored.finished(finished);
        assertNotNull(restored.get(201), "its count is not rebuilt yet, but it was created with one");

        restored.rebuildReferences(restoredDedup);
        assertEquals(2, finished.references);
        assertEquals(1, live.references);

        restoredWindow.record(5, OTHER, 0, 0, 0, 0, null);
        restoredWindow.record(6, OTHER, 0, 0, 0, 0, null);
        assertSame(finished, restored.get(201), "still named by the cancel entry");
        assertEquals(0, live.references);
        restoredWindow.record(7, OTHER, 0, 0, 0, 0, null);
        assertNull(restored.get(201), "released through the restored entry's record");
        assertSame(live, restored.get(202));
        assertEquals(1, restored.size());
    }

    @Test
    void shouldReuseFreedRecordsAndFindRecordsDisplacedFromTheirSlot()
    {
        for (long orderId = 1; orderId <= 5_000; orderId++)
        {
            final OrderRecords.Record record = place(orderId);
            assertEquals(orderId, record.orderId);
            records.finished(record);
            assertSame(record, records.get(orderId), "kept while its entry is in the window");
        }
        assertEquals(4, records.size(), "only the records the four entries name");
        assertNull(records.get(4_996));
        assertEquals(5_000, records.get(5_000).orderId);

        // Ids 65,536 apart share a window slot: the older record moves to the overflow map and is still found.
        final OrderRecords.Record older = place(70_000);
        final OrderRecords.Record newer = place(70_000 + 65_536);
        assertSame(older, records.get(70_000));
        assertSame(newer, records.get(70_000 + 65_536));
        for (int i = 0; i < 4; i++)
        {
            other();
        }
        records.finished(older);
        assertNull(records.get(70_000), "freed from the overflow map");
        assertSame(newer, records.get(70_000 + 65_536));
        records.finished(newer);
        assertNull(records.get(70_000 + 65_536));
        assertEquals(0, records.size());
    }

    private OrderRecords.Record place(final long orderId)
    {
        final OrderRecords.Record record = records.create(orderId);
        record.account = ACCOUNT;
        window.record(nextClientOrderId++, NEW, orderId, 0, 0, 0, record);
        return record;
    }

    private void other()
    {
        window.record(nextClientOrderId++, OTHER, 0, 0, 0, 0, null);
    }
}
