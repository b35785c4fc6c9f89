package dev.bourse.node.ops;

import io.aeron.CncFileDescriptor;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusterMembership;
import io.aeron.cluster.ClusterTool;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusterMarkFile;
import io.aeron.cluster.service.ClusterNodeControlProperties;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Aeron's own cluster control, through its public API as {@code ClusterTool} uses it: the member's mark file names
 * its media driver, {@link ClusterTool#listMembers} asks its consensus module who leads, and the
 * {@link ClusterControl} toggle counter in the driver's CnC file asks the leader's consensus module to snapshot,
 * suspend or resume. Only the leader acts on the toggle, so it must be set on the leader's host.
 */
final class ClusterControlClient
{
    private final Path clusterDir;
    private final long timeoutMs;

    /**
     * Control through one member's cluster directory.
     *
     * @param clusterDir the member's cluster directory (on this host).
     * @param timeoutMs  how long to wait for the member's answers.
     */
    ClusterControlClient(final Path clusterDir, final long timeoutMs)
    {
        this.clusterDir = clusterDir;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Which member this is and who leads, from its consensus module.
     *
     * @return the membership (memberId, leaderMemberId, members).
     * @throws IllegalStateException if the member does not answer.
     */
    ClusterMembership membership()
    {
        requireMarkFile();
        final ClusterMembership membership = new ClusterMembership();
        if (!ClusterTool.listMembers(membership, clusterDir.toFile(), timeoutMs))
        {
            throw new IllegalStateException("the consensus module of " + clusterDir + " did not answer within " +
                timeoutMs + " ms (is the node running?)");
        }
        return membership;
    }

    /**
     * The consensus module's state and toggle now.
     *
     * @return the values.
     */
    NodeCounters.Values counters()
    {
        return NodeCounters.read(Path.of(controlProperties().aeronDirectoryName));
    }

    /**
     * Set the control toggle, after checking that this member leads and its consensus module is in the expected
     * state.
     *
     * @param target   SNAPSHOT, SUSPEND or RESUME.
     * @param expected the consensus module state the action needs (ACTIVE, or SUSPENDED to resume).
     * @throws IllegalStateException if the member is not the leader, in another state, or the toggle is busy.
     */
    void toggle(final ClusterControl.ToggleState target, final ConsensusModule.State expected)
    {
        final ClusterMembership membership = membership();
        if (membership.leaderMemberId != membership.memberId)
        {
            throw new IllegalStateException("member " + membership.memberId + " is not the leader (the leader is " +
                "member " + membership.leaderMemberId + "): " + target + " must be set on the leader's host");
        }
        final ClusterNodeControlProperties properties = controlProperties();
        final int clusterId = clusterId();
        final CountersReader counters =
            ClusterControl.mapCounters(new File(properties.aeronDirectoryName, CncFileDescriptor.CNC_FILE));
        try
        {
            final ConsensusModule.State state = ConsensusModule.State.find(counters, clusterId);
            if (expected != state)
            {
                throw new IllegalStateException("member " + membership.memberId + "'s consensus module is " + state +
                    "; " + target + " needs it " + expected);
            }
            final AtomicCounter toggle = ClusterControl.findControlToggle(counters, clusterId);
            if (null == toggle)
            {
                throw new IllegalStateException("no control toggle counter in " + properties.aeronDirectoryName);
            }
            if (!target.toggle(toggle))
            {
                throw new IllegalStateException("the control toggle is busy (" +
                    ClusterControl.ToggleState.get(toggle) + "); try again once it is NEUTRAL");
            }
        }
        finally
        {
            IoUtil.unmap(counters.valuesBuffer().byteBuffer());
        }
    }

    /**
     * Wait until the toggle is back to NEUTRAL (the leader has carried out the action).
     *
     * @param waitMs how long to wait.
     * @return true if it is neutral.
     */
    boolean awaitNeutral(final long waitMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (System.nanoTime() - deadline < 0)
        {
            final NodeCounters.Values values = counters();
            if (null != values && ClusterControl.ToggleState.NEUTRAL == values.toggle())
            {
                return true;
            }
            Waits.pause();
        }
        return false;
    }

    /**
     * Wait until the consensus module is in a state.
     *
     * @param state  the state.
     * @param waitMs how long to wait.
     * @return true if it is.
     */
    boolean awaitState(final ConsensusModule.State state, final long waitMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (System.nanoTime() - deadline < 0)
        {
            final NodeCounters.Values values = counters();
            if (null != values && state == values.moduleState())
            {
                return true;
            }
            Waits.pause();
        }
        return false;
    }

    int clusterId()
    {
        try (ClusterMarkFile markFile = openMarkFile())
        {
            return markFile.clusterId();
        }
    }

    ClusterNodeControlProperties controlProperties()
    {
        try (ClusterMarkFile markFile = openMarkFile())
        {
            return markFile.loadControlProperties();
        }
    }

    private ClusterMarkFile openMarkFile()
    {
        requireMarkFile();
        return new ClusterMarkFile(clusterDir.toFile(), ClusterMarkFile.FILENAME, System::currentTimeMillis,
            timeoutMs, null);
    }

    private void requireMarkFile()
    {
        if (!clusterDir.resolve(ClusterMarkFile.FILENAME).toFile().isFile())
        {
            throw new IllegalStateException("no " + ClusterMarkFile.FILENAME + " in " + clusterDir +
                " (not a cluster directory, or the node never ran)");
        }
    }
}
