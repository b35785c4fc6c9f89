package dev.bourse.node.ops;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Faults on the local cluster's processes, found through their pid files; members are restarted exactly as
 * deploy/local-cluster.sh starts them.
 */
final class LocalFaultActions implements FaultActions
{
    private static final long STOP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    private final LocalCluster cluster;

    LocalFaultActions(final LocalCluster cluster)
    {
        this.cluster = cluster;
    }

    public void kill(final int memberId)
    {
        if (!cluster.kill(memberId))
        {
            throw new OpsException("member " + memberId + " is not running: nothing to kill");
        }
    }

    public void stop(final int memberId)
    {
        if (!cluster.isRunning(memberId))
        {
            throw new OpsException("member " + memberId + " is not running: nothing to stop");
        }
        cluster.stop(memberId, STOP_TIMEOUT_NS);
    }

    public void start(final int memberId)
    {
        try
        {
            cluster.start(memberId);
        }
        catch (final IOException ex)
        {
            throw new OpsException("cannot start member " + memberId + ": " + ex.getMessage(), ex);
        }
    }

    public void pause(final int memberId)
    {
        if (!cluster.signal(memberId, "STOP"))
        {
            throw new OpsException("cannot SIGSTOP member " + memberId);
        }
    }

    public void resume(final int memberId)
    {
        if (!cluster.signal(memberId, "CONT"))
        {
            throw new OpsException("cannot SIGCONT member " + memberId);
        }
    }
}
