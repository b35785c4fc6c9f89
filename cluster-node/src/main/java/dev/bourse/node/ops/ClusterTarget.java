package dev.bourse.node.ops;

import io.aeron.cluster.ConsensusModule;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The cluster an ops command works on: its members (id, host, HTTP port, and the cluster directory where it is on
 * this host), the client ingress endpoints, the market-data channel, and the timeouts the drill needs. Either the
 * local cluster of deploy/local-cluster.sh ({@link #local()} is set: processes, logs and CnC counters on this host)
 * or a configured one, known through its members' HTTP endpoints.
 */
final class ClusterTarget
{
    /**
     * One member.
     *
     * @param id         member id.
     * @param host       host of its HTTP endpoint (and of its ingress).
     * @param httpPort   port of its HTTP endpoint.
     * @param clusterDir its cluster directory if it is on this host, else null.
     */
    record Member(int id, String host, int httpPort, Path clusterDir)
    {
    }

    private final List<Member> members;
    private final String ingressEndpoints;
    private final String egressChannel;
    private final String marketDataChannel;
    private final int marketDataStreamId;
    private final int marketDataSnapshotStreamId;
    private final long leaderHeartbeatTimeoutMs;
    private final long checkpointIntervalMs;
    private final LocalCluster local;
    private final StatusClient statusClient;
    private final Map<String, String> settings;

    ClusterTarget(
        final List<Member> members,
        final String ingressEndpoints,
        final String egressChannel,
        final String marketDataChannel,
        final int marketDataStreamId,
        final int marketDataSnapshotStreamId,
        final long leaderHeartbeatTimeoutMs,
        final long checkpointIntervalMs,
        final LocalCluster local,
        final Duration httpTimeout,
        final Map<String, String> settings)
    {
        this.members = List.copyOf(members);
        this.ingressEndpoints = ingressEndpoints;
        this.egressChannel = egressChannel;
        this.marketDataChannel = marketDataChannel;
        this.marketDataStreamId = marketDataStreamId;
        this.marketDataSnapshotStreamId = marketDataSnapshotStreamId;
        this.leaderHeartbeatTimeoutMs = leaderHeartbeatTimeoutMs;
        this.checkpointIntervalMs = checkpointIntervalMs;
        this.local = local;
        this.statusClient = new StatusClient(httpTimeout);
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * The local cluster in a run directory.
     *
     * @param cluster     the local cluster.
     * @param httpTimeout timeout of each HTTP request.
     * @return the target.
     */
    static ClusterTarget ofLocal(final LocalCluster cluster, final Duration httpTimeout)
    {
        final List<Member> members = new ArrayList<>();
        for (int id = 0; id < cluster.memberCount(); id++)
        {
            members.add(new Member(id, "127.0.0.1", cluster.httpPort(id), cluster.clusterDir(id)));
        }
        final dev.bourse.node.NodeConfig config = cluster.config(0);
        return new ClusterTarget(
            members,
            config.ingressEndpoints(),
            null,
            cluster.marketDataChannel(),
            config.marketDataConfig().incrementalStreamId(),
            config.marketDataConfig().snapshotStreamId(),
            config.leaderHeartbeatTimeoutNs() / 1_000_000,
            config.serviceConfig().checkpointIntervalNs() / 1_000_000,
            cluster,
            httpTimeout,
            Map.of());
    }

    List<Member> members()
    {
        return members;
    }

    Member member(final int id)
    {
        for (final Member member : members)
        {
            if (member.id() == id)
            {
                return member;
            }
        }
        throw new IllegalArgumentException("no member " + id + " in " + members);
    }

    int memberCount()
    {
        return members.size();
    }

    String ingressEndpoints()
    {
        return ingressEndpoints;
    }

    /**
     * The client egress channel for SDK clients, or null for the SDK's default (loopback).
     *
     * @return the channel.
     */
    String egressChannel()
    {
        return egressChannel;
    }

    String marketDataChannel()
    {
        return marketDataChannel;
    }

    int marketDataStreamId()
    {
        return marketDataStreamId;
    }

    int marketDataSnapshotStreamId()
    {
        return marketDataSnapshotStreamId;
    }

    long leaderHeartbeatTimeoutMs()
    {
        return leaderHeartbeatTimeoutMs;
    }

    long checkpointIntervalMs()
    {
        return checkpointIntervalMs;
    }

    /**
     * The local cluster, or null for a configured one.
     *
     * @return the local cluster.
     */
    LocalCluster local()
    {
        return local;
    }

    boolean isLocal()
    {
        return null != local;
    }

    /**
     * Settings of a configured cluster's file (exec templates, admin user, ...), empty for the local one.
     *
     * @return the settings.
     */
    Map<String, String> settings()
    {
        return settings;
    }

    /**
     * One member's state from its {@code /status} endpoint.
     *
     * @param id the member.
     * @return the state, unreachable with the reason if it did not answer.
     */
    MemberState httpState(final int id)
    {
        final Member member = member(id);
        return statusClient.fetch(id, member.host(), member.httpPort());
    }

    /**
     * One local member's state from its process and consensus module counters (no HTTP: works for a member that
     * does not serve HTTP, and never blocks on a paused one).
     *
     * @param id the member.
     * @return the state.
     */
    MemberState counterState(final int id)
    {
        if (null == local)
        {
            throw new IllegalStateException("counters are only readable for the local cluster");
        }
        if (!local.isRunning(id))
        {
            return MemberState.unreachable(id, "not running");
        }
        if (local.isPaused(id))
        {
            return new MemberState(id, false, "PAUSED", -1, -1, -1, -1, -1, -1, -1, null, -1,
                "process paused (SIGSTOP)");
        }
        final NodeCounters.Values values = NodeCounters.read(local.aeronDir(id));
        if (null == values || null == values.role())
        {
            return new MemberState(id, true, "UNKNOWN", -1, -1, -1, -1, -1, -1, -1, null, -1, "counters (starting)");
        }
        return new MemberState(
            id,
            true,
            values.role().name(),
            values.leadershipTermId(),
            -1,
            values.commitPosition(),
            -1,
            values.snapshotCount(),
            values.electionCount(),
            -1,
            null,
            -1,
            ConsensusModule.State.ACTIVE == values.moduleState() || null == values.moduleState() ? "counters" :
                "counters, consensus module " + values.moduleState());
    }

    /**
     * Every member's state: from HTTP; for a local member that does not answer HTTP but runs, from its counters.
     *
     * @return the states in member id order.
     */
    List<MemberState> states()
    {
        final List<MemberState> states = new ArrayList<>();
        for (final Member member : members)
        {
            MemberState state = isLocal() && (!local.isRunning(member.id()) || local.isPaused(member.id())) ?
                counterState(member.id()) : httpState(member.id());
            if (!state.reachable() && isLocal() && local.isRunning(member.id()) && !local.isPaused(member.id()))
            {
                state = counterState(member.id());
            }
            if (isLocal() && !state.hasCheckpoint())
            {
                final Map.Entry<Long, String> last = NodeLog.read(local.previousLogFile(member.id()),
                    local.logFile(member.id())).checkpoints().lastEntry();
                if (null != last)
                {
                    state = state.withCheckpoint(last.getKey(), last.getValue(), ", checkpoint from its log");
                }
            }
            states.add(state);
        }
        return states;
    }

    /**
     * Every member's state by the quickest means: counters for the local cluster, HTTP otherwise.
     *
     * @return the states in member id order.
     */
    List<MemberState> quickStates()
    {
        final List<MemberState> states = new ArrayList<>();
        for (final Member member : members)
        {
            states.add(isLocal() ? counterState(member.id()) : httpState(member.id()));
        }
        return states;
    }

    /**
     * The checkpoint history of every local member from its logs (current and previous), or null for a configured
     * cluster (whose members report only their last checkpoint).
     *
     * @return member id to position to hash.
     */
    Map<Integer, NavigableMap<Long, String>> checkpointHistories()
    {
        if (null == local)
        {
            return null;
        }
        final Map<Integer, NavigableMap<Long, String>> histories = new TreeMap<>();
        for (final Member member : members)
        {
            histories.put(member.id(), NodeLog.read(local.previousLogFile(member.id()),
                local.logFile(member.id())).checkpoints());
        }
        return histories;
    }

    /**
     * Describe the target for headers and reports.
     *
     * @return e.g. "local cluster in data/local (port base 20000)".
     */
    String describe()
    {
        if (null != local)
        {
            return "local cluster in " + local.runDir() + " (port base " + local.portBase() + ")";
        }
        final StringBuilder text = new StringBuilder("configured cluster ");
        for (final Member member : members)
        {
            text.append(member.id() == members.get(0).id() ? "" : ",")
                .append(member.id()).append('=').append(member.host()).append(':').append(member.httpPort());
        }
        return text.toString();
    }
}
