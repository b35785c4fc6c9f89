package dev.bourse.perf.recovery;

import io.aeron.AeronCounters;
import io.aeron.CncFileDescriptor;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ElectionState;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A read-only view of one node's Aeron counters, mapped from its media driver's CnC file (as AeronStat and
 * ClusterTool do): the consensus module's snapshot count, election state and commit position, and its control
 * toggle (to request a snapshot). Map it again after the node restarts: the driver recreates the file.
 */
final class NodeCounters
{
    private final CountersReader counters;

    private NodeCounters(final CountersReader counters)
    {
        this.counters = counters;
    }

    /**
     * Map a node's counters, if its CnC file is ready and was written by the given process (a restarted node's
     * driver replaces the file; a mapping of the one before would show stale values).
     *
     * @param aeronDir the node's Aeron directory.
     * @param pid      the node's process id.
     * @return the counters, or null if that process's driver is not up (yet).
     */
    static NodeCounters map(final File aeronDir, final long pid)
    {
        final File cnc = new File(aeronDir, CncFileDescriptor.CNC_FILE);
        if (!cnc.exists() || cnc.length() < CncFileDescriptor.END_OF_METADATA_OFFSET)
        {
            return null;
        }
        try
        {
            final MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc, "cnc");
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final int version = metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0));
            if (CncFileDescriptor.CNC_VERSION != version || CncFileDescriptor.pid(metaData) != pid)
            {
                IoUtil.unmap(mapped);
                return null;
            }
            return new NodeCounters(new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, metaData),
                CncFileDescriptor.createCountersValuesBuffer(mapped, metaData),
                StandardCharsets.US_ASCII));
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    private int find(final int typeId)
    {
        final int[] found = {-1};
        counters.forEach((counterId, type, keyBuffer, label) ->
        {
            if (type == typeId && found[0] < 0)
            {
                found[0] = counterId;
            }
        });
        return found[0];
    }

    private long value(final int typeId, final long missing)
    {
        final int id = find(typeId);
        return id < 0 ? missing : counters.getCounterValue(id);
    }

    /**
     * @return snapshots this node's consensus module has taken, -1 if the counter is not there (yet).
     */
    long snapshotCount()
    {
        return value(AeronCounters.CLUSTER_SNAPSHOT_COUNTER_TYPE_ID, -1);
    }

    /**
     * @return the election state, or null when there is none (yet).
     */
    ElectionState electionState()
    {
        final long code = value(AeronCounters.CLUSTER_ELECTION_STATE_TYPE_ID, -1);
        return code < 0 ? null : ElectionState.get(code);
    }

    /**
     * @return the consensus module's commit position, -1 if not there (yet).
     */
    long commitPosition()
    {
        return value(AeronCounters.CLUSTER_COMMIT_POSITION_TYPE_ID, -1);
    }

    /**
     * Ask the cluster for a snapshot through this node's control toggle (use the leader's).
     *
     * @return true if the toggle was set from neutral.
     */
    boolean requestSnapshot()
    {
        final AtomicCounter toggle = ClusterControl.findControlToggle(counters, 0);
        return null != toggle && ClusterControl.ToggleState.SNAPSHOT.toggle(toggle);
    }

    /**
     * @return the control toggle's state, or null when absent.
     */
    ClusterControl.ToggleState toggleState()
    {
        final AtomicCounter toggle = ClusterControl.findControlToggle(counters, 0);
        return null == toggle ? null : ClusterControl.ToggleState.get(toggle);
    }
}
