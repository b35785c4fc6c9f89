package dev.bourse.node;

import io.aeron.cluster.service.Cluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness rule on a manual clock.
 */
class ReadinessTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LEADER = Cluster.Role.LEADER.code();
    private static final long FOLLOWER = Cluster.Role.FOLLOWER.code();
    private static final long CANDIDATE = Cluster.Role.CANDIDATE.code();

    private final Readiness readiness = new Readiness();

    @Test
    void shouldCountALeaderAsCaughtUpAndACandidateOrUnknownRoleAsNot()
    {
        assertTrue(readiness.isCaughtUp(0, LEADER, 0, 1_000));
        assertFalse(readiness.isCaughtUp(0, CANDIDATE, 1_000, 1_000));
        assertFalse(readiness.isCaughtUp(0, -1, 1_000, 1_000));
        assertFalse(readiness.isCaughtUp(0, FOLLOWER, -1, 1_000), "the service has not started");
        assertFalse(readiness.isCaughtUp(0, FOLLOWER, 1_000, -1), "no commit position");
    }

    @Test
    void shouldCountAFollowerThatAppliedEverythingCommittedAsCaughtUp()
    {
        assertTrue(readiness.isCaughtUp(0, FOLLOWER, 1_000, 1_000));
        assertTrue(readiness.isCaughtUp(0, FOLLOWER, 1_200, 1_000));
    }

    @Test
    void shouldCountAFollowerAsCaughtUpWhenItAppliedWhatWasCommittedASecondAgo()
    {
        long nowNs = 5_000 * MS;
        for (long commit = 1_000; commit <= 2_000; commit += 100)
        {
            readiness.sample(nowNs, commit);
            nowNs += 250 * MS;
        }
        // samples: 1000 @ 5.00 s ... 2000 @ 7.50 s; now 7.75 s: the newest sample at least 1 s old is 1700 @ 6.75 s
        assertTrue(readiness.isCaughtUp(nowNs, FOLLOWER, 1_700, 2_100));
        assertFalse(readiness.isCaughtUp(nowNs, FOLLOWER, 1_699, 2_100));
        assertTrue(readiness.isCaughtUp(nowNs + 250 * MS, FOLLOWER, 1_800, 2_100), "the reference moves on");
        assertFalse(readiness.isCaughtUp(nowNs + 250 * MS, FOLLOWER, 1_700, 2_100));
    }

    @Test
    void shouldUseTheOldestSampleWhileTheNodeIsYoungerThanTheWindow()
    {
        readiness.sample(0, 500);
        readiness.sample(250 * MS, 900);
        assertTrue(readiness.isCaughtUp(500 * MS, FOLLOWER, 500, 1_000));
        assertFalse(readiness.isCaughtUp(500 * MS, FOLLOWER, 499, 1_000));
        readiness.sample(300 * MS, -1);
        assertFalse(readiness.isCaughtUp(500 * MS, FOLLOWER, 499, 1_000), "an unknown commit position is ignored");
    }
}
