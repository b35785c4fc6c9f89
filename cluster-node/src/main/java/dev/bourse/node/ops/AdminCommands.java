package dev.bourse.node.ops;

import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.TradingStatus;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * The admin commands, sent through the SDK's {@link AdminClient} as an ADMIN user: {@code kill-switch} and
 * {@code trading-status}. Each waits for the cluster's acknowledgement; a refusal exits 1 with its reason.
 */
final class AdminCommands
{
    private AdminCommands()
    {
    }

    abstract static class Base implements Callable<Integer>
    {
        @Mixin
        ClusterOptions cluster;

        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        AdminClient connect()
        {
            final ClusterTarget target = cluster.resolve();
            final Drill.Credentials credentials = admin.credentials(target.isLocal());
            final ExchangeClient.Context context = new ExchangeClient.Context()
                .ingressEndpoints(target.ingressEndpoints())
                .username(credentials.user())
                .password(credentials.password());
            if (null != target.egressChannel())
            {
                context.egressChannel(target.egressChannel());
            }
            return AdminClient.connect(context);
        }

        PrintStream out()
        {
            return CommandOutput.of(spec);
        }
    }

    /**
     * Exactly one of --engage and --release.
     */
    static final class Engagement
    {
        @Option(names = "--engage", required = true,
            description = "Engage: cancel every open order of the account and refuse its new orders.")
        boolean engage;

        @Option(names = "--release", required = true, description = "Release: accept the account's orders again.")
        boolean release;
    }

    @Command(
        name = "kill-switch",
        mixinStandardHelpOptions = true,
        description = "Engage or release an account's kill switch (AdminClient.killSwitch). Engaging cancels every " +
            "open order of the account in one command and refuses its new orders and replaces until released.")
    static final class KillSwitch extends Base
    {
        @Option(names = "--account", required = true, paramLabel = "N", description = "The account.")
        long account;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Engagement engagement;

        public Integer call()
        {
            if (account <= 0)
            {
                throw new IllegalArgumentException("--account must be positive: " + account);
            }
            final long startNs = System.nanoTime();
            try (AdminClient client = connect())
            {
                final AdminClient.Ack ack = client.killSwitch(account, engagement.engage);
                out().println("kill switch " + (engagement.engage ? "ENGAGED" : "RELEASED") + " for account " +
                    account + " (acknowledged by the cluster in " + (System.nanoTime() - startNs) / 1_000_000 +
                    " ms, request " + ack.requestId() + (ack.sendCount() > 1 ? ", sent " + ack.sendCount() +
                    " times" : "") + ")");
            }
            return 0;
        }
    }

    @Command(
        name = "trading-status",
        mixinStandardHelpOptions = true,
        description = "Set an instrument's trading status (AdminClient.setTradingStatus): HALTED or CLOSED stop " +
            "trading at this command's position in the log on every node, OPEN resumes it; resting orders stay.")
    static final class TradingStatusCommand extends Base
    {
        @Option(names = "--instrument", required = true, paramLabel = "ID", description = "The instrument.")
        int instrumentId;

        @Option(names = "--status", required = true, paramLabel = "STATUS",
            description = "OPEN, HALTED, PRE_OPEN or CLOSED.")
        String status;

        public Integer call()
        {
            if (instrumentId <= 0)
            {
                throw new IllegalArgumentException("--instrument must be positive: " + instrumentId);
            }
            final TradingStatus target = parse(status);
            final long startNs = System.nanoTime();
            try (AdminClient client = connect())
            {
                final AdminClient.Ack ack = client.setTradingStatus(instrumentId, target);
                out().println("instrument " + instrumentId + " is now " + target + " (acknowledged by the cluster " +
                    "in " + (System.nanoTime() - startNs) / 1_000_000 + " ms, request " + ack.requestId() + ")");
            }
            return 0;
        }

        static TradingStatus parse(final String status)
        {
            for (final TradingStatus value : new TradingStatus[]{
                TradingStatus.OPEN, TradingStatus.HALTED, TradingStatus.PRE_OPEN, TradingStatus.CLOSED})
            {
                if (value.name().equalsIgnoreCase(status))
                {
                    return value;
                }
            }
            throw new IllegalArgumentException("--status must be OPEN, HALTED, PRE_OPEN or CLOSED: '" + status + "'");
        }
    }
}
