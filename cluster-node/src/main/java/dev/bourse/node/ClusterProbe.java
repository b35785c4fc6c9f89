package dev.bourse.node;

import io.aeron.archive.Archive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.status.SystemCounterDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * A node's cluster state as the operator sees it, read from any thread but the service's: the consensus module's
 * Aeron counters (role, leadership term, commit position, elections, snapshots, module state, errors), the media
 * driver's system counters, and what the service publishes in {@link ServiceCounters}. Also decides readiness by
 * the {@link Readiness} rule over commit positions sampled by {@link #sample(long)}.
 * <p>
 * The counters live in the media driver's memory-mapped files: nothing may be read after {@link #close()}, and the
 * node closes this before its driver.
 */
final class ClusterProbe implements AutoCloseable
{
    /** Role names as /status shows them, indexed by the role counter's value. */
    private static final String[] ROLE_NAMES = {"FOLLOWER", "CANDIDATE", "LEADER"};

    private final int memberId;
    private final long startNs;
    private final ConsensusModule.Context consensusModule;
    private final ClusteredServiceContainer.Context container;
    private final Archive.Context archive;
    private final MediaDriver.Context driver;
    private final ExchangeService service;
    private final ServiceCounters counters;
    private final Readiness readiness = new Readiness();
    private volatile boolean closed;

    ClusterProbe(
        final int memberId,
        final long startNs,
        final ConsensusModule.Context consensusModule,
        final ClusteredServiceContainer.Context container,
        final Archive.Context archive,
        final MediaDriver.Context driver,
        final ExchangeService service)
    {
        this.memberId = memberId;
        this.startNs = startNs;
        this.consensusModule = consensusModule;
        this.container = container;
        this.archive = archive;
        this.driver = driver;
        this.service = service;
        this.counters = service.counters();
    }

    int memberId()
    {
        return memberId;
    }

    ExchangeService service()
    {
        return service;
    }

    ServiceCounters counters()
    {
        return counters;
    }

    /**
     * @return the consensus module's role code: 0 follower, 1 candidate, 2 leader; -1 when unknown.
     */
    long roleCode()
    {
        return read(consensusModule.clusterNodeRoleCounter());
    }

    /**
     * @return FOLLOWER, CANDIDATE, LEADER or UNKNOWN.
     */
    String roleName()
    {
        final long code = roleCode();
        return code >= 0 && code < ROLE_NAMES.length ? ROLE_NAMES[(int)code] : "UNKNOWN";
    }

    /**
     * @return the consensus module's leadership term id, -1 when unknown.
     */
    long leadershipTermId()
    {
        return read(consensusModule.leadershipTermIdCounter());
    }

    /**
     * @return the leader of the last leadership term the service applied, -1 when unknown.
     */
    int leaderMemberId()
    {
        return counters.leaderMemberId;
    }

    /**
     * @return the commit position this node knows, -1 when unknown.
     */
    long commitPosition()
    {
        return read(consensusModule.commitPositionCounter());
    }

    /**
     * @return the log position the service has applied, -1 before it started.
     */
    long appliedLogPosition()
    {
        return counters.appliedLogPosition;
    }

    /**
     * @return elections this node has taken part in since it started, -1 when unknown.
     */
    long electionCount()
    {
        return read(consensusModule.electionCounter());
    }

    /**
     * @return snapshots this node has taken since it started, -1 when unknown.
     */
    long snapshotCount()
    {
        return read(consensusModule.snapshotCounter());
    }

    /**
     * @return the consensus module state code (ConsensusModule.State), -1 when unknown.
     */
    long moduleState()
    {
        return read(consensusModule.moduleStateCounter());
    }

    /**
     * @return the consensus module's election state code, -1 when unknown.
     */
    long electionState()
    {
        return read(consensusModule.electionStateCounter());
    }

    /**
     * @return client sessions the consensus module timed out, -1 when unknown.
     */
    long timedOutClients()
    {
        return read(consensusModule.timedOutClientCounter());
    }

    /**
     * @return errors counted by the consensus module.
     */
    long consensusModuleErrors()
    {
        return read(consensusModule.errorCounter());
    }

    /**
     * @return errors counted by the service container.
     */
    long serviceContainerErrors()
    {
        return read(container.errorCounter());
    }

    /**
     * @return errors counted by the archive.
     */
    long archiveErrors()
    {
        return read(archive.errorCounter());
    }

    /**
     * @param descriptor a media driver system counter.
     * @return its value, -1 when closed.
     */
    long driverCounter(final SystemCounterDescriptor descriptor)
    {
        return closed ? -1 : driver.systemCounters().get(descriptor).get();
    }

    /**
     * @return every error this node counted: the service's, the consensus module's, the service container's, the
     * archive's and the media driver's.
     */
    long errors()
    {
        return counters.errors + Math.max(0, consensusModuleErrors()) + Math.max(0, serviceContainerErrors()) +
            Math.max(0, archiveErrors()) + Math.max(0, driverCounter(SystemCounterDescriptor.ERRORS));
    }

    /**
     * @return milliseconds since the node started.
     */
    long uptimeMs()
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    /**
     * Up: the node is open and its consensus module is running (starting, active, suspended or taking a snapshot).
     *
     * @return true while the node is up.
     */
    boolean isUp()
    {
        final long state = moduleState();
        return !closed && state >= ConsensusModule.State.INIT.code() && state <= ConsensusModule.State.SNAPSHOT.code();
    }

    /**
     * Record the commit position now, for readiness. Called about every {@link Readiness#SAMPLE_INTERVAL_NS}.
     *
     * @param nowNs {@link System#nanoTime()}.
     */
    synchronized void sample(final long nowNs)
    {
        readiness.sample(nowNs, commitPosition());
    }

    /**
     * Caught up: up, and caught up by the {@link Readiness} rule.
     *
     * @param nowNs {@link System#nanoTime()}.
     * @return true when caught up.
     */
    synchronized boolean isCaughtUp(final long nowNs)
    {
        return isUp() && readiness.isCaughtUp(nowNs, roleCode(), appliedLogPosition(), commitPosition());
    }

    private long read(final AtomicCounter counter)
    {
        return closed || null == counter || counter.isClosed() ? -1 : counter.get();
    }

    /**
     * Stop reading counters; every value reads as -1 (not up) from now on.
     */
    public void close()
    {
        closed = true;
    }
}
