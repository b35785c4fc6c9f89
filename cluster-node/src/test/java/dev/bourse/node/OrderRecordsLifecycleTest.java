package dev.bourse.node;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Order records live while their order is live or a dedup entry names them. The window keeps a finished record
 * beside the newest entry naming it, so eviction frees it without reading it; a restored snapshot gives that entry
 * its record back.
 */
class OrderRecordsLifecycleTest
{
    private static final long ACCOUNT = 7;
    private static final int NEW = 1;
    private static final int CANCEL = 2;
    private static final int OTHER = 4;

    private final OrderRecords records = new OrderRecords();
    private final DedupWindows dedup = new DedupWindows(4, (orderId, record, hash) ->
    {
        assertEquals(orderId, record.orderId, "the entry's record is the order it names");
        assertFalse(record.live, "only a finished record is freed");
        records.free(orderId, record, hash);
    });
    private final DedupWindows.Window window = dedup.windowForUpdate(ACCOUNT);
    private long nextClientOrderId = 1;

    @Test
    void shouldFreeAFinishedRecordWhenTheLastEntryReferringToItLeavesTheWindow()
    {
        final OrderRecords.Record first = place(101);
        final OrderRecords.Record second = place(102);
        records.referenced(first);
        window.record(nextClientOrderId++, CANCEL, 101, 0, 0, 0, first);
        records.finished(first);
        records.finished(second);
        assertEquals(2, records.size(), "finished, but named by entries");

        other();
        other(); // evicts first's NewOrder entry: its cancel entry still names it
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
        assertFalse(window.holds(live.entrySequence));
        records.finished(live);
        assertNull(records.get(103));
        assertEquals(0, records.size());
    }

    @Test
    void shouldKeepARecordTheCommandBeingAppliedFinishesBeforeItsEntryIsRecorded()
    {
        // An IOC: accepted and finished by the engine before its NewOrder's entry exists.
        final OrderRecords.Record ioc = records.create(104);
        ioc.account = ACCOUNT;
        records.finished(ioc);
        assertSame(ioc, records.get(104), "its entry is about to be recorded");
        window.record(nextClientOrderId++, NEW, 104, 0, 0, 0, ioc);

        // A resting order whose NewOrder entry has left, cancelled by a command: the cancel's entry names it.
        final OrderRecords.Record resting = place(105);
        for (int i = 0; i < 4; i++)
        {
            other();
        }
        assertNull(records.get(104), "the IOC's entry left");
        records.referenced(resting);
        records.finished(resting);
        assertSame(resting, records.get(105), "the cancel's entry is about to name it");
        window.record(nextClientOrderId++, CANCEL, 105, 0, 0, 0, resting);
        for (int i = 0; i < 3; i++)
        {
            other();
        }
        assertSame(resting, records.get(105));
        other();
        assertNull(records.get(105));
        assertEquals(0, records.size());
    }

    @Test
    void shouldPassAFinishedRecordToTheEntryThatEvictsTheEntryKeepingIt()
    {
        final OrderRecords.Record filled = place(106);
        records.finished(filled);
        other();
        other();
        other();
        // The window is full: this cancel evicts the NewOrder entry that keeps the record it names.
        records.referenced(filled);
        window.record(nextClientOrderId++, CANCEL, 106, 0, 0, 0, filled);
        assertSame(filled, records.get(106), "kept by the cancel's entry");
        for (int i = 0; i < 3; i++)
        {
            other();
        }
        assertSame(filled, records.get(106));
        other();
        assertNull(records.get(106));
        assertEquals(0, records.size());
    }

    @Test
    void shouldGiveTheNewestEntryItsRecordBackWhenRestored()
    {
        // As a snapshot load leaves them: records and window entries by order id, nothing linked.
        final OrderRecords restored = new OrderRecords();
        final DedupWindows restoredDedup = new DedupWindows(4, restored::free);
        final DedupWindows.Window restoredWindow = restoredDedup.windowForUpdate(ACCOUNT);
        final OrderRecords.Record finished = restored.create(201);
        final OrderRecords.Record live = restored.create(202);
        finished.live = false;
        restoredWindow.record(1, NEW, 201, 0, 0, 0, null);
        restoredWindow.record(2, NEW, 202, 0, 0, 0, null);
        restoredWindow.record(3, CANCEL, 201, 0, 0, 0, null);
        restoredWindow.record(4, OTHER, 0, 0, 0, 0, null);

        restored.rebuildReferences(restoredDedup);
        assertSame(restoredWindow, finished.entryWindow);
        assertEquals(2, finished.entrySequence, "the cancel's entry, the newest naming it");
        assertEquals(1, live.entrySequence);

        restoredWindow.record(5, OTHER, 0, 0, 0, 0, null);
        restoredWindow.record(6, OTHER, 0, 0, 0, 0, null);
        assertSame(finished, restored.get(201), "still named by the cancel entry");
        restoredWindow.record(7, OTHER, 0, 0, 0, 0, null);
        assertNull(restored.get(201), "freed through the restored entry's record");
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

    @Test
    void shouldTakeAChangedRecordOutOfTheRunningSumByTheHashItWasCountedWith()
    {
        final OrderRecords.Record record = place(1);
        record.quantity = 10;
        record.leavesQuantity = 10;
        records.added(record);
        records.changing(record);
        record.cumQuantity = 3;
        record.leavesQuantity = 7;
        records.changed(record);
        assertTrue(records.verifySum(), "a change between changing and changed");

        record.price = 99;
        assertFalse(records.verifySum(), "a change behind the records' back is found");
        records.changing(record);
        record.leavesQuantity = 6;
        records.changed(record);
        assertTrue(records.verifySum(), "the check gave the record the hash of its current fields");
    }

    /**
     * Random commands on two accounts (new orders, IOCs finished at once, cancels of live and finished orders,
     * fills from the other account's commands, commands naming nothing) and a snapshot restore part way: after every
     * step exactly the records of live orders and of orders an entry in their account's window names exist, and the
     * running sum of their hashes equals the sum over them.
     */
    @Property(tries = 300)
    void shouldKeepExactlyTheRecordsThatAreLiveOrNamedByAnEntry(
        @ForAll @Size(min = 1, max = 400) final List<@IntRange(min = 0, max = 99) Integer> steps,
        @ForAll @IntRange(min = 1, max = 9) final int capacity,
        @ForAll @IntRange(min = 0, max = 400) final int restoreAt)
    {
        final Model model = new Model(capacity);
        for (int i = 0; i < steps.size(); i++)
        {
            if (i == restoreAt)
            {
                model.restore();
            }
            model.step(steps.get(i), i);
            model.check();
        }
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

    /**
     * The system under test beside a plain model: each account's last {@code capacity} entries as the order ids they
     * name, and the live flag of each order.
     */
    private static final class Model
    {
        private final int capacity;
        private final Map<Long, Boolean> liveByOrderId = new TreeMap<>();
        private final List<ArrayDeque<Long>> namedByAccount = List.of(new ArrayDeque<>(), new ArrayDeque<>());
        private OrderRecords records = new OrderRecords();
        private DedupWindows dedup;
        private long nextOrderId = 1;
        private long nextClientOrderId = 1;

        Model(final int capacity)
        {
            this.capacity = capacity;
            dedup = new DedupWindows(capacity, this::freed);
        }

        private void freed(final long orderId, final OrderRecords.Record record, final long hash)
        {
            assertEquals(orderId, record.orderId);
            assertEquals(OrderRecords.recordHash(record), hash, "the entry holds the finished record's hash");
            records.free(orderId, record, hash);
        }

        void step(final int choice, final int index)
        {
            final int account = choice % 2;
            final int action = choice / 2;
            if (action < 15)
            {
                newOrder(account, action < 5);
            }
            else if (action < 30)
            {
                cancel(account, pick(account, index, false));
            }
            else if (action < 40)
            {
                fill(pick(1 - account, index, true), 0 == index % 3);
            }
            else
            {
                entry(account, CANCEL, 0, null);
            }
        }

        private void newOrder(final int account, final boolean immediatelyFinished)
        {
            final long orderId = nextOrderId++;
            final OrderRecords.Record record = records.create(orderId);
            record.account = account;
            record.quantity = 10;
            record.leavesQuantity = 10;
            records.added(record);
            liveByOrderId.put(orderId, true);
            if (immediatelyFinished)
            {
                finish(record);
            }
            entry(account, NEW, orderId, record);
        }

        private void cancel(final int account, final long orderId)
        {
            final OrderRecords.Record record = 0 == orderId ? null : records.get(orderId);
            if (null == record)
            {
                entry(account, CANCEL, 0, null);
                return;
            }
            records.referenced(record);
            if (record.live)
            {
                finish(record);
            }
            entry(account, CANCEL, orderId, record);
        }

        private void fill(final long orderId, final boolean partial)
        {
            final OrderRecords.Record record = 0 == orderId ? null : records.get(orderId);
            if (null != record && record.live)
            {
                if (partial && record.leavesQuantity > 1)
                {
                    records.changing(record);
                    record.cumQuantity++;
                    record.leavesQuantity--;
                    records.changed(record);
                }
                else
                {
                    finish(record);
                }
            }
        }

        private void finish(final OrderRecords.Record record)
        {
            liveByOrderId.put(record.orderId, false);
            records.changing(record);
            record.cumQuantity = record.quantity - record.leavesQuantity;
            records.finished(record);
        }

        private void entry(final int account, final int kind, final long orderId, final OrderRecords.Record record)
        {
            dedup.windowForUpdate(account).record(nextClientOrderId++, kind, orderId, 0, 0, 0, record);
            final ArrayDeque<Long> named = namedByAccount.get(account);
            named.addLast(orderId);
            if (named.size() > capacity)
            {
                named.removeFirst();
            }
        }

        /**
         * An order of the account that should have a record: live ones only, or finished ones too.
         */
        private long pick(final int account, final int index, final boolean liveOnly)
        {
            final List<Long> candidates = new ArrayList<>();
            for (final Map.Entry<Long, Boolean> order : liveByOrderId.entrySet())
            {
                final OrderRecords.Record record = records.get(order.getKey());
                if (expected(order.getKey()) && record.account == account && (!liveOnly || order.getValue()))
                {
                    candidates.add(order.getKey());
                }
            }
            return candidates.isEmpty() ? 0 : candidates.get(index % candidates.size());
        }

        private boolean expected(final long orderId)
        {
            if (liveByOrderId.get(orderId))
            {
                return true;
            }
            for (final ArrayDeque<Long> named : namedByAccount)
            {
                if (named.contains(orderId))
                {
                    return true;
                }
            }
            return false;
        }

        void check()
        {
            int expectedSize = 0;
            for (final Map.Entry<Long, Boolean> order : liveByOrderId.entrySet())
            {
                final OrderRecords.Record record = records.get(order.getKey());
                if (expected(order.getKey()))
                {
                    expectedSize++;
                    assertNotNull(record, "record of order " + order.getKey());
                    assertEquals(order.getKey(), record.orderId);
                    assertEquals(order.getValue(), record.live);
                }
                else
                {
                    assertNull(record, "freed record of order " + order.getKey());
                }
            }
            assertEquals(expectedSize, records.size());
            assertTrue(records.verifySum(), "the running sum of the records' hashes is the sum over the records");
        }

        /**
         * What a snapshot load does: the records and the windows' entries by order id, then the links rebuilt.
         */
        void restore()
        {
            final OrderRecords restoredRecords = new OrderRecords();
            final DedupWindows restoredDedup = new DedupWindows(capacity, (orderId, record, hash) ->
            {
                assertEquals(orderId, record.orderId);
                restoredRecords.free(orderId, record, hash);
            });
            for (final long orderId : records.sortedOrderIds())
            {
                final OrderRecords.Record source = records.get(orderId);
                final OrderRecords.Record record = restoredRecords.create(orderId);
                record.account = source.account;
                record.quantity = source.quantity;
                record.cumQuantity = source.cumQuantity;
                record.leavesQuantity = source.leavesQuantity;
                record.live = source.live;
                restoredRecords.added(record);
            }
            for (final long account : dedup.sortedAccounts())
            {
                final DedupWindows.Window source = dedup.window(account);
                final DedupWindows.Window target = restoredDedup.windowForUpdate(account);
                for (int i = 0; i < source.size(); i++)
                {
                    final long sequence = source.sequenceAt(i);
                    target.record(source.clientOrderIdAt(i), source.kind(sequence), source.orderId(sequence), 0, 0,
                        0, null);
                }
            }
            restoredRecords.rebuildReferences(restoredDedup);
            assertEquals(records.hashRecords(0), restoredRecords.hashRecords(0), "restored records hash the same");
            records = restoredRecords;
            dedup = restoredDedup;
        }
    }
}
