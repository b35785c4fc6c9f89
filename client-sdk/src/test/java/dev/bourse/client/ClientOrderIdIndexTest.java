package dev.bourse.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pending requests' clientOrderId index against a {@link HashMap}, as a client uses it: a bounded set of
 * pending ids, the oldest answered as each new one is sent, with upward runs, gaps, resends out of order and
 * colliding keys.
 */
class ClientOrderIdIndexTest
{
    @Test
    void shouldMatchAMapForUpwardIds()
    {
        check(1024, 200_000, 1, (random, last) -> last + 1);
    }

    @Test
    void shouldMatchAMapForIdsWithGapsAndJumps()
    {
        check(1000, 200_000, 2, (random, last) -> last + 1 + (random.nextInt(10) == 0 ? random.nextInt(5000) : 0));
    }

    @Test
    void shouldMatchAMapForRandomIds()
    {
        check(37, 100_000, 3, (random, last) -> 1 + random.nextLong(Long.MAX_VALUE - 1));
    }

    @Test
    void shouldMatchAMapForIdsThatShareTheirSlot()
    {
        // Multiples of a large power of two all start their probe in the same few slots.
        check(64, 50_000, 4, (random, last) -> (1 + random.nextInt(100_000)) * (1L << 20));
    }

    @Test
    void shouldMatchAMapForATinyWindow()
    {
        check(1, 10_000, 5, (random, last) -> 1 + random.nextInt(8));
    }

    private interface NextId
    {
        long next(SplittableRandom random, long last);
    }

    private static void check(final int capacity, final int operations, final long seed, final NextId nextId)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final ClientOrderIdIndex index = new ClientOrderIdIndex(capacity);
        final Map<Long, Integer> expected = new HashMap<>();
        final ArrayDeque<Long> order = new ArrayDeque<>();
        long last = 0;
        for (long sequence = 0; sequence < operations; sequence++)
        {
            final long id = nextId.next(random, last);
            last = id;
            final int expectedSlot = expected.getOrDefault(id, ClientOrderIdIndex.MISSING);
            assertEquals(expectedSlot, index.get(id), "get before put " + id);
            if (expected.containsKey(id))
            {
                continue;
            }
            if (order.size() == capacity)
            {
                final long oldest = order.removeFirst();
                expected.remove(oldest);
                index.remove(oldest);
                assertEquals(ClientOrderIdIndex.MISSING, index.get(oldest), "removed " + oldest);
            }
            expected.put(id, (int)sequence);
            order.addLast(id);
            index.put(id, (int)sequence);
            if (0 == sequence % 97)
            {
                for (final Map.Entry<Long, Integer> entry : expected.entrySet())
                {
                    assertEquals(entry.getValue().intValue(), index.get(entry.getKey()), "live " + entry.getKey());
                }
                assertEquals(ClientOrderIdIndex.MISSING, index.get(-5), "never put");
                assertEquals(ClientOrderIdIndex.MISSING, index.get(Long.MIN_VALUE), "the empty marker is never a key");
            }
        }
    }
}
