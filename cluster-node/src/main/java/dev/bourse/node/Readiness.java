package dev.bourse.node;

import io.aeron.cluster.service.Cluster;

import java.util.concurrent.TimeUnit;

/**
 * The readiness rule: a leader is caught up; a follower is caught up when its applied log position has reached the
 * commit position seen at the newest check at least {@link #WINDOW_NS} old (while the node is younger than that, the
 * oldest check), or the commit position now; a candidate or a node of unknown role is not. Checks are
 * {@link #sample(long, long)} calls, about every {@link #SAMPLE_INTERVAL_NS}. Not thread-safe: callers synchronise.
 */
final class Readiness
{
    /** A follower counts as caught up when it has applied what was committed this long ago. */
    static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(1);
    /** How often the commit position should be sampled. */
    static final long SAMPLE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int SAMPLES = (int)(WINDOW_NS / SAMPLE_INTERVAL_NS) + 4;

    private final long[] sampleTimesNs = new long[SAMPLES];
    private final long[] sampleCommitPositions = new long[SAMPLES];
    private int sampleCount;
    private int nextSample;

    /**
     * Record the commit position seen now.
     *
     * @param nowNs          a monotonic clock in nanoseconds.
     * @param commitPosition the commit position; negative (unknown) is ignored.
     */
    void sample(final long nowNs, final long commitPosition)
    {
        if (commitPosition < 0)
        {
            return;
        }
        sampleTimesNs[nextSample] = nowNs;
        sampleCommitPositions[nextSample] = commitPosition;
        nextSample = (nextSample + 1) % SAMPLES;
        sampleCount = Math.min(sampleCount + 1, SAMPLES);
    }

    /**
     * Apply the rule.
     *
     * @param nowNs              the same clock as {@link #sample(long, long)}.
     * @param roleCode           the consensus module's role code (0 follower, 1 candidate, 2 leader), -1 unknown.
     * @param appliedLogPosition the log position the service has applied, -1 unknown.
     * @param commitPosition     the commit position now, -1 unknown.
     * @return true when caught up.
     */
    boolean isCaughtUp(
        final long nowNs, final long roleCode, final long appliedLogPosition, final long commitPosition)
    {
        if (Cluster.Role.LEADER.code() == roleCode)
        {
            return true;
        }
        if (Cluster.Role.FOLLOWER.code() != roleCode || appliedLogPosition < 0 || commitPosition < 0)
        {
            return false;
        }
        return appliedLogPosition >= commitPosition || appliedLogPosition >= referenceCommitPosition(nowNs);
    }

    private long referenceCommitPosition(final long nowNs)
    {
        long reference = Long.MAX_VALUE;
        long referenceAgeNs = -1;
        long oldest = Long.MAX_VALUE;
        long oldestAgeNs = -1;
        for (int i = 0; i < sampleCount; i++)
        {
            final long ageNs = nowNs - sampleTimesNs[i];
            if (ageNs >= WINDOW_NS && (referenceAgeNs < 0 || ageNs < referenceAgeNs))
            {
                reference = sampleCommitPositions[i];
                referenceAgeNs = ageNs;
            }
            if (ageNs > oldestAgeNs)
            {
                oldest = sampleCommitPositions[i];
                oldestAgeNs = ageNs;
            }
        }
        return referenceAgeNs >= 0 ? reference : oldest;
    }
}
