package dev.bourse.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingRequestsTest
{
    private final PendingRequests pending = new PendingRequests(3);

    @Test
    void shouldKeepSubmissionOrderAcrossRemovals()
    {
        final int a = add(10);
        final int b = add(11);
        final int c = add(12);

        assertEquals(b, pending.remove(a));
        assertEquals(b, pending.head());
        assertEquals(PendingRequests.NONE, pending.remove(c));
        assertEquals(b, pending.head());
        assertEquals(PendingRequests.NONE, pending.next(b));
        assertEquals(1, pending.size());
    }

    @Test
    void shouldMapClientOrderIdsToSlots()
    {
        final int slot = add(10);

        assertEquals(slot, pending.slotOf(10));
        assertTrue(pending.contains(10));
        assertFalse(pending.contains(11));
        assertEquals(PendingRequests.NONE, pending.slotOf(11));

        pending.remove(slot);
        assertFalse(pending.contains(10));
    }

    @Test
    void shouldRunOutOfSlotsAndReuseFreedOnes()
    {
        final int a = add(1);
        add(2);
        add(3);

        assertTrue(pending.isFull());
        assertEquals(PendingRequests.NONE, pending.acquire());

        pending.remove(a);
        final int reused = pending.acquire();
        assertEquals(a, reused);
        pending.release(reused);
        assertEquals(2, pending.size());
    }

    @Test
    void shouldCountSendsAndRememberTheLastSendTime()
    {
        final int slot = pending.acquire();
        pending.add(slot, 5, 1, 64, PendingRequests.NEVER_SENT);
        assertEquals(0, pending.sendCount(slot));

        pending.onSent(slot, 100);
        pending.onSent(slot, 200);
        assertEquals(2, pending.sendCount(slot));
        assertEquals(200, pending.lastSentNs(slot));
    }

    private int add(final long clientOrderId)
    {
        final int slot = pending.acquire();
        pending.add(slot, clientOrderId, 1, 64, 0);
        return slot;
    }
}
