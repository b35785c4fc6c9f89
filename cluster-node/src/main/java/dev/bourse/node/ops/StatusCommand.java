package dev.bourse.node.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code status [--json]}: every member's role, term, log and commit positions, lag, last checkpoint, whether the
 * state hashes agree and whether it is reachable, from each member's {@code /status} endpoint (for a local member
 * that does not answer HTTP, from its consensus module's counters and its log).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
        "Show each member's role, term, log position, commit position, lag, last (logPosition, stateHash) " +
            "checkpoint, whether the state hashes agree, and whether it is reachable.",
        "Exit status: 0 healthy, 1 degraded (a member unreachable), 2 no quorum, 3 state hashes disagree."})
final class StatusCommand implements Callable<Integer>
{
    @Mixin
    ClusterOptions cluster;

    @Option(names = "--json", description = "Print one JSON document: members array and summary " +
        "{leader, quorum, hashesAgree}.")
    boolean json;

    @Spec
    CommandSpec spec;

    /**
     * Print the status.
     *
     * @return the status's exit code.
     */
    public Integer call()
    {
        final ClusterTarget target = cluster.resolve();
        final ClusterStatus status = ClusterStatus.of(target.states(), target.checkpointHistories());
        spec.commandLine().getOut().print(json ? status.json() + "\n" : status.table(target.describe()));
        spec.commandLine().getOut().flush();
        return status.exitCode();
    }
}
