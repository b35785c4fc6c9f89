package dev.bourse.node.ops;

import dev.bourse.client.AdminException;
import dev.bourse.client.ExchangeClientException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code bourse-ops}: the operators' command line for a Bourse cluster: {@code status}, {@code snapshot},
 * {@code compact}, {@code suspend}, {@code resume}, {@code kill-switch}, {@code trading-status} and
 * {@code drill}. Every command takes the cluster selection
 * {@code --local} (the default, deploy/local-cluster.sh's run directory), {@code --members} or {@code --config}, and
 * has {@code --help}. Run it with {@code deploy/bourse-ops.sh} or {@code deploy/local-cluster.sh ops}.
 * <p>
 * Exit codes: 0 success (a healthy cluster, a drill that passed), 1 the operation failed or the cluster is
 * degraded, 2 bad arguments (and, for {@code status}, no quorum), 3 state hashes disagree.
 */
@Command(
    name = "bourse-ops",
    mixinStandardHelpOptions = true,
    version = "bourse-ops 0.1",
    description = "Operate a Bourse cluster: status, snapshot, compact, suspend/resume, kill switch, trading " +
        "status, failover drills.",
    subcommands = {
        StatusCommand.class,
        ControlCommands.Snapshot.class,
        ControlCommands.Compact.class,
        ControlCommands.Suspend.class,
        ControlCommands.Resume.class,
        AdminCommands.KillSwitch.class,
        AdminCommands.TradingStatusCommand.class,
        DrillCommand.class,
        CommandLine.HelpCommand.class
    })
public final class BourseOps implements Runnable
{
    /** Exit code of an operation that failed. */
    static final int FAILED = 1;
    /** Exit code of bad arguments. */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Without a command: print the usage.
     */
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A command line with the tool's error handling: bad arguments and refused operations print one clear line
     * (and, for arguments, the usage hint) instead of a stack trace.
     *
     * @return the command line.
     */
    static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new BourseOps());
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            final PrintWriter err = cmd.getErr();
            if (ex instanceof IllegalArgumentException)
            {
                err.println(cmd.getCommandName() + ": " + ex.getMessage());
                err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
                return USAGE;
            }
            if (ex instanceof OpsException || ex instanceof IllegalStateException ||
                ex instanceof AdminException || ex instanceof ExchangeClientException)
            {
                err.println(cmd.getCommandName() + ": " + ex.getMessage());
                return FAILED;
            }
            err.println(cmd.getCommandName() + ": " + ex);
            ex.printStackTrace(err);
            return FAILED;
        });
        return commandLine;
    }

    /**
     * Run the tool.
     *
     * @param args the command and its options.
     */
    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }
}
