package dev.bourse.orderbook;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The properties the state hash's cheap combine step is chosen for: a difference in any single value always reaches
 * the result (each step is a bijection of the running hash and of the value), and the order of values matters. And
 * that of the entry hash that state kept as a running sum uses: any single field changes it.
 */
class StateHashTest
{
    @Property(tries = 500)
    void shouldChangeWhenAnySingleValueChanges(
        @ForAll @Size(min = 1, max = 40) final List<Long> values,
        @ForAll final int position,
        @ForAll final long replacement)
    {
        final long[] original = toArray(values);
        final long[] changed = withOneChanged(original, position, replacement);

        assertNotEquals(hash(original), hash(changed), "running hash");
        assertNotEquals(StateHash.finish(hash(original)), StateHash.finish(hash(changed)), "finished hash");
    }

    @Property(tries = 200)
    void shouldDependOnOrder(@ForAll final long first, @ForAll final long second)
    {
        if (first != second)
        {
            assertNotEquals(hash(new long[]{first, second}), hash(new long[]{second, first}));
        }
    }

    @Property(tries = 200)
    void shouldTellALeadingZeroFromNone(@ForAll @Size(max = 10) final List<Long> values)
    {
        final long[] without = toArray(values);
        final long[] with = new long[without.length + 1];
        System.arraycopy(without, 0, with, 1, without.length);
        assertNotEquals(hash(without), hash(with), "a zero value still moves the hash");
    }

    @Property(tries = 500)
    void shouldChangeAnEntryHashWhenAnySingleFieldChanges(
        @ForAll @Size(min = 14, max = 14) final List<Long> values,
        @ForAll final int position,
        @ForAll final long replacement)
    {
        final long[] original = toArray(values);
        assertNotEquals(entryHash(original), entryHash(withOneChanged(original, position, replacement)));
    }

    /**
     * A copy with the value at {@code position} (wrapped) replaced by a different one.
     */
    private static long[] withOneChanged(final long[] original, final int position, final long replacement)
    {
        final long[] changed = original.clone();
        final int index = Math.floorMod(position, changed.length);
        changed[index] = replacement == original[index] ? replacement + 1 : replacement;
        return changed;
    }

    private static long entryHash(final long[] v)
    {
        return StateHash.entryHash(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
            v[13]);
    }

    private static long hash(final long[] values)
    {
        long hash = 0;
        for (final long value : values)
        {
            hash = StateHash.combine(hash, value);
        }
        return hash;
    }

    private static long[] toArray(final List<Long> values)
    {
        final long[] array = new long[values.size()];
        for (int i = 0; i < array.length; i++)
        {
            array[i] = values.get(i);
        }
        return array;
    }
}
