package dev.bourse.node.ops;

import io.aeron.AeronCounters;
import io.aeron.CncFileDescriptor;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusterCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.file.Path;

/**
 * The consensus module's own counters of one member, read from its media driver's CnC file on this host: role,
 * leadership term, commit position, snapshot and election counts, module state and control toggle. The values are
 * Aeron's, so they are available without the node's HTTP endpoint; they are only meaningful while the node's
 * process is alive (a killed node leaves its last values behind).
 */
final class NodeCounters
{
    /** Aeron's default cluster id, which the nodes use. */
    static final int CLUSTER_ID = 0;

    private NodeCounters()
    {
    }

    /**
     * The counters of one member, read once.
     *
     * @param role             role, or null if the counter was not found.
     * @param leadershipTermId leadership term, -1 if not found.
     * @param commitPosition   commit position, -1 if not found.
     * @param snapshotCount    snapshots taken, -1 if not found.
     * @param electionCount    elections, -1 if not found.
     * @param moduleState      consensus module state, or null.
     * @param toggle           control toggle state, or null.
     */
    record Values(
        Cluster.Role role,
        long leadershipTermId,
        long commitPosition,
        long snapshotCount,
        long electionCount,
        ConsensusModule.State moduleState,
        ClusterControl.ToggleState toggle)
    {
    }

    /**
     * Read the counters from the CnC file in {@code aeronDir}.
     *
     * @param aeronDir the member's media driver directory.
     * @return the values, or null if there is no CnC file (the node never ran or stopped cleanly).
     */
    static Values read(final Path aeronDir)
    {
        final File cncFile = aeronDir.resolve(CncFileDescriptor.CNC_FILE).toFile();
        if (!cncFile.isFile() || cncFile.length() == 0)
        {
            return null;
        }
        final CountersReader counters;
        try
        {
            counters = ClusterControl.mapCounters(cncFile);
        }
        catch (final RuntimeException ex)
        {
            // The file is being created or deleted by a starting or stopping driver.
            return null;
        }
        try
        {
            final long role = value(counters, AeronCounters.CLUSTER_NODE_ROLE_TYPE_ID);
            final long state = value(counters, AeronCounters.CLUSTER_CONSENSUS_MODULE_STATE_TYPE_ID);
            final AtomicCounter toggle = ClusterControl.findControlToggle(counters, CLUSTER_ID);
            return new Values(
                role >= 0 && role <= 2 ? Cluster.Role.get(role) : null,
                value(counters, AeronCounters.CLUSTER_LEADERSHIP_TERM_ID_TYPE_ID),
                value(counters, AeronCounters.CLUSTER_COMMIT_POSITION_TYPE_ID),
                value(counters, AeronCounters.CLUSTER_SNAPSHOT_COUNTER_TYPE_ID),
                value(counters, AeronCounters.CLUSTER_ELECTION_COUNT_TYPE_ID),
                state >= 0 ? stateOf(state) : null,
                null == toggle ? null : ClusterControl.ToggleState.get(toggle));
        }
        finally
        {
            IoUtil.unmap(counters.valuesBuffer().byteBuffer());
        }
    }

    private static ConsensusModule.State stateOf(final long code)
    {
        try
        {
            return ConsensusModule.State.get(code);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    private static long value(final CountersReader counters, final int typeId)
    {
        final int counterId = ClusterCounters.find(counters, typeId, CLUSTER_ID);
        return counterId < 0 ? -1 : counters.getCounterValue(counterId);
    }
}
