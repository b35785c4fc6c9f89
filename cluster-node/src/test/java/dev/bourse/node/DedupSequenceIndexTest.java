package dev.bourse.node;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dedup window's index against a {@link HashMap}, used the way a window uses it: a bounded set of live keys,
 * the oldest removed as each new one arrives, with upward runs, gaps, resends out of order and colliding keys.
 */
class DedupSequenceIndexTest
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
        // A ring as a window keeps it, two longs per entry with the id first, the slots reused in turn.
        final long[] ring = new long[capacity * 2];
        final DedupWindows.SequenceIndex index = new DedupWindows.SequenceIndex(capacity, ring, 2);
        final Map<Long, Integer> expected = new HashMap<>();
        final ArrayDeque<Long> order = new ArrayDeque<>();
        long last = 0;
        long sequence = 0;
        for (int operation = 0; operation < operations; operation++)
        {
            final long id = nextId.next(random, last);
            last = id;
            assertEquals(expected.getOrDefault(id, -1).intValue(), index.get(id), "get before put " + id);
            if (expected.containsKey(id))
            {
                continue;
            }
            final int slot = (int)(sequence++ % capacity);
            if (order.size() == capacity)
            {
                final long oldest = order.removeFirst();
                assertEquals(slot, expected.remove(oldest).intValue(), "the oldest leaves the slot reused");
                index.remove(oldest, slot);
                assertEquals(-1, index.get(oldest), "removed " + oldest);
            }
            ring[slot * 2] = id;
            ring[slot * 2 + 1] = ~id;
            expected.put(id, slot);
            order.addLast(id);
            index.put(id, slot);
            if (0 == operation % 97)
            {
                for (final Map.Entry<Long, Integer> entry : expected.entrySet())
                {
                    assertEquals(entry.getValue().intValue(), index.get(entry.getKey()), "live " + entry.getKey());
                }
                assertEquals(-1, index.get(-5), "never put");
            }
        }
    }
}
