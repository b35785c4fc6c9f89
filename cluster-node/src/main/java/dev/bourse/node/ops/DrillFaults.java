package dev.bourse.node.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * The fault procedures of a drill, each ending with the cluster whole again (every member up and caught up):
 * <ul>
 *   <li>kill-leader: SIGKILL the leader; once another member leads in a new term, restart it;</li>
 *   <li>kill-follower: SIGKILL a follower, leave it down a while, restart it;</li>
 *   <li>pause-leader: SIGSTOP the leader for the heartbeat timeout plus a margin (and until a new leader is
 *       elected), then SIGCONT it: it steps down and follows;</li>
 *   <li>rolling-restart: SIGTERM and restart each member in turn, followers first and the leader last, waiting
 *       for each to rejoin;</li>
 *   <li>snapshot-restart: take a snapshot, stop every member, start them all, and check each restored the
 *       snapshot's state hash.</li>
 * </ul>
 */
final class DrillFaults
{
    private final Drill drill;
    private final ClusterTarget target;
    private final FaultActions actions;
    private final Drill.Config config;
    private final DrillReport report;

    DrillFaults(final Drill drill)
    {
        this.drill = drill;
        this.target = drill.target();
        this.actions = drill.actions();
        this.config = drill.config();
        this.report = drill.report();
    }

    void inject(final Drill.Fault fault)
    {
        final MemberState leader = drill.awaitHealthy(config.electionTimeoutMs);
        report.leaderBefore = leader.memberId();
        report.termBefore = leader.leadershipTermId();
        switch (fault)
        {
            case KILL_LEADER:
                killLeader(leader);
                break;
            case KILL_FOLLOWER:
                killFollower(leader);
                break;
            case PAUSE_LEADER:
                pauseLeader(leader);
                break;
            case ROLLING_RESTART:
                rollingRestart(leader);
                break;
            case SNAPSHOT_RESTART:
                snapshotRestart();
                break;
            default:
                throw new IllegalArgumentException("unknown fault " + fault);
        }
        final MemberState after = drill.awaitHealthy(config.electionTimeoutMs);
        report.leaderAfter = after.memberId();
        report.termAfter = after.leadershipTermId();
        event("cluster whole again: leader member " + after.memberId() + " (term " + after.leadershipTermId() + ")");
    }

    private void killLeader(final MemberState leader)
    {
        final int victim = leader.memberId();
        report.faultedMember = victim;
        final long faultNs = markFault("SIGKILL the leader, member " + victim);
        actions.kill(victim);
        awaitNewLeader(victim, leader.leadershipTermId(), faultNs);
        event("restarting member " + victim);
        actions.start(victim);
        awaitRejoin(victim);
    }

    private void killFollower(final MemberState leader)
    {
        final int victim = firstFollower(leader.memberId());
        report.faultedMember = victim;
        markFault("SIGKILL follower member " + victim);
        actions.kill(victim);
        drill.hold(config.downTimeMs);
        event("restarting member " + victim + " after " + config.downTimeMs + " ms down");
        actions.start(victim);
        awaitRejoin(victim);
        final MemberState now = Drill.leaderOf(target.quickStates());
        if (null != now && now.memberId() == leader.memberId())
        {
            report.notes.add("no election: member " + leader.memberId() + " led throughout");
        }
    }

    private void pauseLeader(final MemberState leader)
    {
        final int victim = leader.memberId();
        report.faultedMember = victim;
        final long holdMs = target.leaderHeartbeatTimeoutMs() + config.pauseMarginMs;
        final long faultNs = markFault("SIGSTOP the leader, member " + victim + ", for at least " + holdMs +
            " ms (heartbeat timeout " + target.leaderHeartbeatTimeoutMs() + " ms + " + config.pauseMarginMs + ")");
        actions.pause(victim);
        try
        {
            awaitNewLeader(victim, leader.leadershipTermId(), faultNs);
            final long resumeAtNs = faultNs + holdMs * 1_000_000L;
            drill.waitFor("the pause has lasted " + holdMs + " ms", holdMs + 60_000,
                () -> System.nanoTime() - resumeAtNs >= 0);
        }
        finally
        {
            actions.resume(victim);
            event("SIGCONT member " + victim);
        }
        awaitRejoin(victim);
    }

    private void rollingRestart(final MemberState leader)
    {
        final List<Integer> order = new ArrayList<>();
        for (final ClusterTarget.Member member : target.members())
        {
            if (member.id() != leader.memberId())
            {
                order.add(member.id());
            }
        }
        order.add(leader.memberId());
        event("rolling restart, followers first: members " + order);
        for (final int memberId : order)
        {
            final MemberState current = Drill.leaderOf(target.quickStates());
            final boolean isLeader = null != current && current.memberId() == memberId;
            if (isLeader)
            {
                report.faultedMember = memberId;
                final long faultNs = markFault("SIGTERM the leader, member " + memberId);
                actions.stop(memberId);
                awaitNewLeader(memberId, current.leadershipTermId(), faultNs);
            }
            else
            {
                event("SIGTERM follower member " + memberId);
                actions.stop(memberId);
            }
            event("member " + memberId + " stopped; restarting it");
            actions.start(memberId);
            awaitRejoin(memberId);
        }
    }

    private void snapshotRestart()
    {
        final ControlOperations control = new ControlOperations(target, null, config.electionTimeoutMs, config.out);
        final ControlOperations.SnapshotResult snapshot = control.snapshot();
        event("snapshot taken by every member (leader member " + snapshot.leader() + ")");
        String expectedHash = null;
        if (target.isLocal())
        {
            final LocalCluster local = target.local();
            final long position = new LogCompactor(local.clusterDir(snapshot.leader()), null, config.electionTimeoutMs)
                .latestSnapshotPosition();
            final NavigableMap<Long, String> checkpoints = target.checkpointHistories().get(snapshot.leader());
            expectedHash = checkpoints.get(position);
            report.snapshotLogPosition = position;
            report.snapshotHash = expectedHash;
        }
        final MemberState leader = Drill.leaderOf(target.quickStates());
        final long faultNs = markFault("stopping every member (SIGTERM)");
        for (final ClusterTarget.Member member : target.members())
        {
            actions.stop(member.id());
        }
        event("every member stopped; starting them all");
        for (final ClusterTarget.Member member : target.members())
        {
            actions.start(member.id());
        }
        awaitNewLeader(-1, null == leader ? -1 : leader.leadershipTermId(), faultNs);
        for (final ClusterTarget.Member member : target.members())
        {
            awaitRejoin(member.id());
        }
        if (target.isLocal())
        {
            boolean restored = null != expectedHash;
            final LocalCluster local = target.local();
            for (final ClusterTarget.Member member : target.members())
            {
                final List<String> hashes = NodeLog.read(local.logFile(member.id())).restoredHashes();
                final boolean ok = hashes.contains(expectedHash);
                event("member " + member.id() + " restored state hash " + hashes + (ok ? " = " : " != ") +
                    "the snapshot's " + expectedHash);
                restored &= ok;
            }
            report.snapshotRestored = restored;
        }
        else
        {
            report.notes.add("snapshot restore is checked through the final state-hash agreement only (configured " +
                "cluster: no node logs)");
        }
    }

    private int firstFollower(final int leaderId)
    {
        for (final ClusterTarget.Member member : target.members())
        {
            if (member.id() != leaderId)
            {
                return member.id();
            }
        }
        throw new OpsException("no follower to kill");
    }

    private long markFault(final String what)
    {
        final long nowNs = System.nanoTime();
        drill.load().faultInjected(nowNs);
        report.faultAtSeconds = drill.timeline().seconds(nowNs);
        drill.timeline().add(nowNs, "FAULT: " + what);
        return nowNs;
    }

    private void event(final String what)
    {
        drill.timeline().add(System.nanoTime(), what);
    }

    /**
     * Wait until a member other than {@code excluded} leads in a term after {@code oldTerm}; record the time from
     * the fault, and the clients' first leader change after it.
     */
    private void awaitNewLeader(final int excluded, final long oldTerm, final long faultNs)
    {
        final MemberState[] found = new MemberState[1];
        drill.waitFor("a member other than " + excluded + " leads in a term after " + oldTerm,
            config.electionTimeoutMs, () ->
            {
                final MemberState leader = Drill.leaderOf(target.quickStates());
                if (null != leader && leader.memberId() != excluded && leader.leadershipTermId() > oldTerm)
                {
                    found[0] = leader;
                    return true;
                }
                return false;
            });
        final long nowNs = System.nanoTime();
        report.timeToNewLeaderMs = (nowNs - faultNs) / 1_000_000;
        event("new leader: member " + found[0].memberId() + " in term " + found[0].leadershipTermId() + ", " +
            report.timeToNewLeaderMs + " ms after the fault");
        drill.waitFor("the clients see the new leader", config.electionTimeoutMs,
            () -> 0 != drill.load().firstLeaderEventNs());
        report.clientSawNewLeaderMs = (drill.load().firstLeaderEventNs() - faultNs) / 1_000_000;
    }

    /**
     * Wait until a member is up, follows (or leads) and its commit position has reached the leader's as it was when
     * the member was first seen following.
     */
    private void awaitRejoin(final int memberId)
    {
        final long[] goal = {-1};
        final long startNs = System.nanoTime();
        final String[] last = {""};
        drill.waitFor(() -> "member " + memberId + " rejoins and catches up (last seen: " + last[0] + ")",
            config.rejoinTimeoutMs, () ->
        {
            final List<MemberState> states = target.quickStates();
            last[0] = Drill.describe(states) + ", commit positions " + commitPositions(states) + ", goal " + goal[0];
            final MemberState member = states.get(indexOf(memberId));
            final MemberState leader = Drill.leaderOf(states);
            if (null == leader || !(member.isFollower() || member.isLeader()) ||
                member.leadershipTermId() != leader.leadershipTermId())
            {
                return false;
            }
            if (goal[0] < 0)
            {
                goal[0] = leader.commitPosition();
            }
            return member.commitPosition() >= goal[0];
        });
        event("member " + memberId + " rejoined and caught up (commit position " + goal[0] + ") after " +
            (System.nanoTime() - startNs) / 1_000_000 + " ms");
    }

    private static String commitPositions(final List<MemberState> states)
    {
        final StringBuilder text = new StringBuilder();
        for (final MemberState state : states)
        {
            text.append(text.length() > 0 ? "/" : "").append(state.commitPosition());
        }
        return text.toString();
    }

    private int indexOf(final int memberId)
    {
        final List<ClusterTarget.Member> members = target.members();
        for (int i = 0; i < members.size(); i++)
        {
            if (members.get(i).id() == memberId)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no member " + memberId);
    }
}
