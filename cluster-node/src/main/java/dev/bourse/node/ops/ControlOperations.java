package dev.bourse.node.ops;

import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusterMembership;
import io.aeron.cluster.ConsensusModule;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Snapshot, suspend, resume and compact on a cluster, each waiting for its result with a bounded timeout. The
 * toggles go to the leader's cluster directory: for the local cluster the tool finds the leader itself; for a
 * configured cluster it must run on the leader's host with {@code --cluster-dir}.
 */
final class ControlOperations
{
    private final ClusterTarget target;
    private final Path clusterDir;
    private final long timeoutMs;
    private final PrintStream out;

    /**
     * Operations on a cluster.
     *
     * @param target     the cluster.
     * @param clusterDir the cluster directory on this host for a configured cluster (or null: its config's).
     * @param timeoutMs  how long to wait for each result.
     * @param out        where to print what happens.
     */
    ControlOperations(final ClusterTarget target, final Path clusterDir, final long timeoutMs, final PrintStream out)
    {
        this.target = target;
        this.clusterDir = clusterDir;
        this.timeoutMs = timeoutMs;
        this.out = out;
    }

    /**
     * The outcome of a snapshot.
     *
     * @param leader    the member that took it.
     * @param before    each member's snapshot count before.
     * @param after     each member's snapshot count after.
     * @param elapsedMs how long it took.
     */
    record SnapshotResult(int leader, Map<Integer, Long> before, Map<Integer, Long> after, long elapsedMs)
    {
    }

    /**
     * Ask the leader for a snapshot and wait until every member that was up has taken it.
     *
     * @return what happened.
     */
    SnapshotResult snapshot()
    {
        final long startNs = System.nanoTime();
        final ClusterControlClient control = leaderControl();
        final int leader = control.membership().memberId;
        final Map<Integer, Long> before = snapshotCounts();
        control.toggle(ClusterControl.ToggleState.SNAPSHOT, ConsensusModule.State.ACTIVE);
        out.println("snapshot requested from the leader, member " + leader + "; waiting for every member ...");
        Waits.await("the leader's control toggle is back to NEUTRAL (snapshot done)", timeoutMs,
            () -> control.awaitNeutral(Waits.POLL_INTERVAL_MS));
        final Map<Integer, Long> after = new TreeMap<>();
        Waits.await("every member's snapshot count goes up " + before, timeoutMs, () ->
        {
            final Map<Integer, Long> now = snapshotCounts();
            after.clear();
            after.putAll(now);
            for (final Map.Entry<Integer, Long> entry : before.entrySet())
            {
                final Long count = now.get(entry.getKey());
                if (null == count || count <= entry.getValue())
                {
                    return false;
                }
            }
            return true;
        });
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        for (final Map.Entry<Integer, Long> entry : before.entrySet())
        {
            out.println("  member " + entry.getKey() + ": snapshots " + entry.getValue() + " -> " +
                after.get(entry.getKey()));
        }
        out.println("snapshot taken on " + before.size() + " member(s) in " + elapsedMs + " ms");
        return new SnapshotResult(leader, before, after, elapsedMs);
    }

    /**
     * Suspend the cluster (the leader stops appending ingress to the log) and wait until it is SUSPENDED.
     *
     * @return the leader.
     */
    int suspend()
    {
        final ClusterControlClient control = leaderControl();
        final int leader = control.membership().memberId;
        control.toggle(ClusterControl.ToggleState.SUSPEND, ConsensusModule.State.ACTIVE);
        Waits.await("member " + leader + "'s consensus module is SUSPENDED", timeoutMs,
            () -> control.awaitState(ConsensusModule.State.SUSPENDED, Waits.POLL_INTERVAL_MS));
        out.println("cluster suspended by the leader, member " + leader + ": ingress is not appended to the log " +
            "until resume");
        return leader;
    }

    /**
     * Resume a suspended cluster and wait until the toggle is NEUTRAL and the module ACTIVE.
     *
     * @return the leader.
     */
    int resume()
    {
        final ClusterControlClient control = leaderControl();
        final int leader = control.membership().memberId;
        control.toggle(ClusterControl.ToggleState.RESUME, ConsensusModule.State.SUSPENDED);
        Waits.await("member " + leader + "'s control toggle is NEUTRAL and its consensus module ACTIVE", timeoutMs,
            () -> control.awaitNeutral(Waits.POLL_INTERVAL_MS) &&
            control.awaitState(ConsensusModule.State.ACTIVE, Waits.POLL_INTERVAL_MS));
        out.println("cluster resumed by the leader, member " + leader);
        return leader;
    }

    /**
     * Purge every member's log (local) or this host's member's log (configured) up to the latest snapshot.
     *
     * @return one result per member compacted.
     */
    List<LogCompactor.Result> compact()
    {
        final List<LogCompactor.Result> results = new ArrayList<>();
        if (target.isLocal())
        {
            final LocalCluster local = target.local();
            final Map<Integer, LogCompactor> compactors = new TreeMap<>();
            long upTo = Long.MAX_VALUE;
            for (int id = 0; id < local.memberCount(); id++)
            {
                if (!local.isRunning(id) || local.isPaused(id))
                {
                    throw new OpsException("member " + id + " is not running: compact needs every member up (a " +
                        "member that is down may need the others' log to catch up)");
                }
                final LogCompactor compactor = new LogCompactor(local.clusterDir(id), local.archiveDir(id), timeoutMs);
                final long position = compactor.latestSnapshotPosition();
                if (position < 0)
                {
                    throw new OpsException("member " + id + " has no snapshot: take one first (bourse-ops snapshot)");
                }
                upTo = Math.min(upTo, position);
                compactors.put(id, compactor);
            }
            out.println("purging every member's log up to the latest snapshot common to all, at log position " +
                upTo + " ...");
            for (final Map.Entry<Integer, LogCompactor> entry : compactors.entrySet())
            {
                results.add(report(entry.getValue().compact(entry.getKey(), upTo)));
            }
        }
        else
        {
            final Path dir = configuredClusterDir();
            for (final MemberState state : target.states())
            {
                if (!state.reachable())
                {
                    throw new OpsException("member " + state.memberId() + " is unreachable (" + state.source() +
                        "): compact needs every member up");
                }
            }
            final ClusterMembership membership = new ClusterControlClient(dir, timeoutMs).membership();
            final LogCompactor compactor = new LogCompactor(dir, null, timeoutMs);
            final long position = compactor.latestSnapshotPosition();
            if (position < 0)
            {
                throw new OpsException("member " + membership.memberId + " has no snapshot: take one first");
            }
            out.println("purging member " + membership.memberId + "'s log up to its latest snapshot at log " +
                "position " + position + " (run compact on each member's host) ...");
            results.add(report(compactor.compact(membership.memberId, position)));
        }
        long total = 0;
        for (final LogCompactor.Result result : results)
        {
            total += result.bytesFreed();
        }
        out.println("compacted " + results.size() + " member(s): " + total + " bytes freed");
        return results;
    }

    private LogCompactor.Result report(final LogCompactor.Result result)
    {
        out.println("  member " + result.memberId() + ": log recording " + result.recordingId() + " start " +
            result.oldStart() + " -> " + result.newStart() + " (latest snapshot at " + result.snapshotPosition() +
            "), " + result.segmentsDeleted() + " segment file(s) deleted, " + result.bytesFreed() + " bytes freed" +
            (0 == result.segmentsDeleted() ? " (the log before the snapshot is within one segment file)" : ""));
        return result;
    }

    /**
     * Each member's snapshot count: the consensus module's counter for local members, /status for configured ones;
     * members that do not answer are left out.
     *
     * @return member id to count.
     */
    Map<Integer, Long> snapshotCounts()
    {
        final Map<Integer, Long> counts = new TreeMap<>();
        for (final MemberState state : target.quickStates())
        {
            if (state.reachable() && state.snapshotCount() >= 0)
            {
                counts.put(state.memberId(), state.snapshotCount());
            }
        }
        return counts;
    }

    private ClusterControlClient leaderControl()
    {
        if (!target.isLocal())
        {
            return new ClusterControlClient(configuredClusterDir(), timeoutMs);
        }
        final LocalCluster local = target.local();
        for (final MemberState state : target.quickStates())
        {
            if (state.isLeader() && !local.isPaused(state.memberId()))
            {
                return new ClusterControlClient(local.clusterDir(state.memberId()), timeoutMs);
            }
        }
        throw new OpsException("the local cluster in " + local.runDir() + " has no leader now (is it running? " +
            "deploy/local-cluster.sh status)");
    }

    private Path configuredClusterDir()
    {
        if (null != clusterDir)
        {
            return clusterDir;
        }
        final String configured = target.settings().get(ClusterOptions.CLUSTER_DIR);
        if (null == configured)
        {
            throw new IllegalArgumentException("a configured cluster needs --cluster-dir (or " +
                ClusterOptions.CLUSTER_DIR + " in --config): the cluster directory of the member on this host");
        }
        return Path.of(configured);
    }
}
