package dev.bourse.client;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The unanswered requests of a client: a preallocated pool of fixed-size slots, each holding the encoded bytes
 * of one request (SBE header included) so it can be resent as is, a primitive map from client order id to slot,
 * and a doubly linked list of the live slots in the order they were submitted (resends keep that order, so a
 * cancel never overtakes the order it cancels). Nothing allocates after construction.
 */
final class PendingRequests
{
    static final int NONE = -1;
    static final int SLOT_LENGTH = 64;
    static final long NEVER_SENT = Long.MIN_VALUE;

    private final int capacity;
    private final UnsafeBuffer buffer;
    private final ClientOrderIdIndex slotByClientOrderId;
    private final long[] clientOrderIds;
    private final int[] templateIds;
    private final int[] lengths;
    private final long[] lastSentNs;
    private final int[] sendCounts;
    private final int[] next;
    private final int[] prev;
    private final int[] freeSlots;
    private int freeCount;
    private int head = NONE;
    private int tail = NONE;
    private int size;

    PendingRequests(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }

        this.capacity = capacity;
        buffer = new UnsafeBuffer(new byte[capacity * SLOT_LENGTH]);
        slotByClientOrderId = new ClientOrderIdIndex(capacity);
        clientOrderIds = new long[capacity];
        templateIds = new int[capacity];
        lengths = new int[capacity];
        lastSentNs = new long[capacity];
        sendCounts = new int[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    int capacity()
    {
        return capacity;
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return 0 == freeCount;
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Take a free slot to encode a request into; {@link #add} it once it is to be tracked, or {@link #release}
     * it.
     *
     * @return the slot, or {@link #NONE} when every slot is in use.
     */
    int acquire()
    {
        return 0 == freeCount ? NONE : freeSlots[--freeCount];
    }

    void release(final int slot)
    {
        freeSlots[freeCount++] = slot;
    }

    static int offset(final int slot)
    {
        return slot * SLOT_LENGTH;
    }

    void add(final int slot, final long clientOrderId, final int templateId, final int length, final long sentNs)
    {
        clientOrderIds[slot] = clientOrderId;
        templateIds[slot] = templateId;
        lengths[slot] = length;
        lastSentNs[slot] = sentNs;
        sendCounts[slot] = NEVER_SENT == sentNs ? 0 : 1;
        slotByClientOrderId.put(clientOrderId, slot);

        next[slot] = NONE;
        prev[slot] = tail;
        if (NONE == tail)
        {
            head = slot;
        }
        else
        {
            next[tail] = slot;
        }
        tail = slot;
        size++;
    }

    int slotOf(final long clientOrderId)
    {
        return slotByClientOrderId.get(clientOrderId);
    }

    boolean contains(final long clientOrderId)
    {
        return NONE != slotByClientOrderId.get(clientOrderId);
    }

    /**
     * Forget a request and free its slot.
     *
     * @param slot of the request.
     * @return the slot that followed it in submission order, or {@link #NONE}.
     */
    int remove(final int slot)
    {
        final int following = next[slot];
        final int preceding = prev[slot];
        if (NONE == preceding)
        {
            head = following;
        }
        else
        {
            next[preceding] = following;
        }

        if (NONE == following)
        {
            tail = preceding;
        }
        else
        {
            prev[following] = preceding;
        }

        slotByClientOrderId.remove(clientOrderIds[slot]);
        release(slot);
        size--;

        return following;
    }

    int head()
    {
        return head;
    }

    int next(final int slot)
    {
        return next[slot];
    }

    long clientOrderId(final int slot)
    {
        return clientOrderIds[slot];
    }

    int templateId(final int slot)
    {
        return templateIds[slot];
    }

    int length(final int slot)
    {
        return lengths[slot];
    }

    long lastSentNs(final int slot)
    {
        return lastSentNs[slot];
    }

    int sendCount(final int slot)
    {
        return sendCounts[slot];
    }

    void onSent(final int slot, final long nowNs)
    {
        lastSentNs[slot] = nowNs;
        sendCounts[slot]++;
    }
}
