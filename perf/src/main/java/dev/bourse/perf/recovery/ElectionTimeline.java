package dev.bourse.perf.recovery;

import io.aeron.cluster.ElectionState;

import java.io.File;
import java.util.EnumMap;
import java.util.Map;

/**
 * Follows a restarting node's election state through its counters, polled by the benchmark thread while it waits:
 * the first and last time each state was seen. Polling is every millisecond or so, which is the resolution.
 */
final class ElectionTimeline
{
    private final File aeronDir;
    private final long pid;
    private final long sinceNs;
    private final Map<ElectionState, long[]> seen = new EnumMap<>(ElectionState.class);
    private NodeCounters counters;
    private long nextMapNs;

    /**
     * @param aeronDir the node's Aeron directory.
     * @param pid      the node's process id.
     * @param sinceNs  ignore counters from before this time (the node's start).
     */
    ElectionTimeline(final File aeronDir, final long pid, final long sinceNs)
    {
        this.aeronDir = aeronDir;
        this.pid = pid;
        this.sinceNs = sinceNs;
    }

    /**
     * Look at the counter once.
     */
    void poll()
    {
        final long nowNs = System.nanoTime();
        if (null == counters)
        {
            if (nowNs - nextMapNs < 0)
            {
                return;
            }
            nextMapNs = nowNs + 1_000_000;
            counters = NodeCounters.map(aeronDir, pid);
            if (null == counters)
            {
                return;
            }
        }
        final ElectionState state = counters.electionState();
        if (null != state && nowNs - sinceNs > 0)
        {
            final long[] times = seen.computeIfAbsent(state, s -> new long[]{nowNs, nowNs});
            times[1] = nowNs;
        }
    }

    /**
     * @param state a state.
     * @return when it was first seen, or 0.
     */
    long firstSeenNs(final ElectionState state)
    {
        final long[] times = seen.get(state);
        return null == times ? 0 : times[0];
    }

    /**
     * How long a state lasted: from its first sighting to the first sighting of any state seen after it.
     *
     * @param state a state.
     * @return nanoseconds, 0 if it was never seen.
     */
    long durationNs(final ElectionState state)
    {
        final long[] times = seen.get(state);
        if (null == times)
        {
            return 0;
        }
        long end = times[1];
        for (final long[] other : seen.values())
        {
            if (other[0] > times[1] && (end == times[1] || other[0] < end))
            {
                end = other[0];
            }
        }
        return end - times[0];
    }
}
