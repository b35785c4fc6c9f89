package dev.bourse.node.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The commands that act on the cluster through Aeron's control toggle and archive: snapshot, suspend, resume,
 * compact.
 */
final class ControlCommands
{
    private ControlCommands()
    {
    }

    /**
     * Options shared by the control commands.
     */
    static final class ControlOptions
    {
        @Option(names = "--cluster-dir", paramLabel = "DIR",
            description = "Configured cluster: the cluster directory of the member on this host (the leader's " +
                "for snapshot, suspend and resume).")
        Path clusterDir;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the result (default: ${DEFAULT-VALUE}).")
        String timeout;

        long timeoutMs()
        {
            return Durations.parse("--timeout", timeout).toMillis();
        }
    }

    abstract static class Base implements Callable<Integer>
    {
        @Mixin
        ClusterOptions cluster;

        @Mixin
        ControlOptions control;

        @Spec
        CommandSpec spec;

        ControlOperations operations()
        {
            return new ControlOperations(cluster.resolve(), control.clusterDir, control.timeoutMs(),
                CommandOutput.of(spec));
        }
    }

    @Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Take a snapshot now (ClusterControl SNAPSHOT on the leader); wait until every member that is " +
            "up has taken it.")
    static final class Snapshot extends Base
    {
        public Integer call()
        {
            operations().snapshot();
            return 0;
        }
    }

    @Command(
        name = "suspend",
        mixinStandardHelpOptions = true,
        description = "Suspend the cluster (ClusterControl SUSPEND on the leader): ingress is no longer appended to " +
            "the log until resume; wait until the consensus module is SUSPENDED.")
    static final class Suspend extends Base
    {
        public Integer call()
        {
            operations().suspend();
            return 0;
        }
    }

    @Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Resume a suspended cluster (ClusterControl RESUME on the leader); wait until it is ACTIVE.")
    static final class Resume extends Base
    {
        public Integer call()
        {
            operations().resume();
            return 0;
        }
    }

    @Command(
        name = "compact",
        mixinStandardHelpOptions = true,
        description = {
            "Purge the replicated log up to the latest snapshot, on every member (local cluster) or on the member " +
                "on this host (--cluster-dir), while the nodes run: whole archive segment files before the " +
                "snapshot are deleted (AeronArchive.purgeSegments). Take a snapshot first. Reports bytes freed.",
            "Needs every member up: a member that is down may need the others' log to catch up."})
    static final class Compact extends Base
    {
        public Integer call()
        {
            operations().compact();
            return 0;
        }
    }
}
