package dev.bourse.node.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code drill --fault F}: a failover drill under load with a report (see {@link Drill}).
 */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run a failover drill under load and report: time to a new leader, the longest ingress outage the " +
            "clients saw, orders sent / acknowledged / lost / duplicated, market-data gaps and recoveries, and " +
            "whether every member's state hash agrees afterwards. The report is printed and saved as Markdown " +
            "and JSON in --report-dir; the exit status is 0 only if the drill passed.",
        "Faults: kill-leader (SIGKILL, restart after a new leader is elected), kill-follower (SIGKILL, restart), " +
            "pause-leader (SIGSTOP past the heartbeat timeout, then SIGCONT), rolling-restart (SIGTERM and restart " +
            "each member, followers first), snapshot-restart (snapshot, stop all, start all)."})
final class DrillCommand implements Callable<Integer>
{
    private static final String[] LOCAL_TRADERS = {"loadgen", "carol", "bob", "alice", "mm"};

    @Option(names = "--fault", required = true, paramLabel = "FAULT",
        description = "kill-leader, kill-follower, pause-leader, rolling-restart or snapshot-restart.")
    String fault;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s",
        description = "How long the load goes on after the fault, once the cluster is whole again " +
            "(default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s",
        description = "Load before the fault (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--rate", paramLabel = "ORDERS_PER_S", defaultValue = "200",
        description = "Total orders per second, open loop (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "4",
        description = "Trading clients, one account each (default: ${DEFAULT-VALUE}; the local cluster has five " +
            "demo traders: loadgen, carol, bob, alice, mm).")
    int accounts;

    @Option(names = "--trader", paramLabel = "USER:PASSWORD",
        description = "A trader's credentials (repeat; default for the local cluster: the demo users, password " +
            "USER-pass).")
    List<String> traders = new ArrayList<>();

    @Mixin
    AdminOptions admin;

    @Option(names = "--instrument", paramLabel = "ID", defaultValue = "901",
        description = "Instrument the drill trades, defined if missing with tick 1 and lot 1 (default: " +
            "${DEFAULT-VALUE}).")
    int instrumentId;

    @Option(names = "--report-dir", paramLabel = "DIR",
        description = "Where the Markdown and JSON reports go (default: data/drills).")
    Path reportDir;

    @Option(names = "--start",
        description = "Start a fresh local cluster in the run directory first (none may be running there) and stop " +
            "it at the end (see --keep).")
    boolean start;

    @Option(names = "--keep", description = "With --start: leave the cluster running at the end.")
    boolean keep;

    @Option(names = "--port-base", paramLabel = "PORT",
        description = "With --start: the port base (default: $BOURSE_PORT_BASE, else 20000).")
    Integer portBase;

    @Option(names = "--pause-margin", paramLabel = "DURATION", defaultValue = "2s",
        description = "pause-leader: pause this long past the leader heartbeat timeout (default: ${DEFAULT-VALUE}).")
    String pauseMargin;

    @Option(names = "--down-time", paramLabel = "DURATION", defaultValue = "2s",
        description = "kill-follower: how long the follower stays down (default: ${DEFAULT-VALUE}).")
    String downTime;

    @Option(names = "--no-market-data", description = "Do not subscribe to market data (nodes without it).")
    boolean noMarketData;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the order generator.")
    long seed;

    @Option(names = "--exec-kill", paramLabel = "COMMAND",
        description = "Configured cluster: command that SIGKILLs member {member} on {host}, e.g. " +
            "'ssh {host} sudo systemctl kill -s KILL bourse@{member}'.")
    String execKill;

    @Option(names = "--exec-start", paramLabel = "COMMAND", description = "Configured cluster: starts a member.")
    String execStart;

    @Option(names = "--exec-stop", paramLabel = "COMMAND",
        description = "Configured cluster: stops a member (SIGTERM) and returns once it has exited.")
    String execStop;

    @Option(names = "--exec-pause", paramLabel = "COMMAND", description = "Configured cluster: SIGSTOPs a member.")
    String execPause;

    @Option(names = "--exec-resume", paramLabel = "COMMAND", description = "Configured cluster: SIGCONTs a member.")
    String execResume;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    /**
     * Run the drill.
     *
     * @return 0 if it passed, 1 if not.
     * @throws Exception if it could not run.
     */
    public Integer call() throws Exception
    {
        final Drill.Config config = config();
        LocalCluster started = null;
        final ClusterTarget target;
        final FaultActions actions;
        if (cluster.isLocal())
        {
            if (start)
            {
                final int base = null != portBase ? portBase : envPortBase();
                started = LocalCluster.fresh(cluster.localRunDir(), base,
                    OpsPaths.root().resolve("deploy/accounts.txt"), Map.of(), OpsPaths.javaOptions());
                config.out.println("starting a fresh local cluster in " + started.runDir() + " (port base " + base +
                    ")");
                started.startAll();
            }
            else if (keep || null != portBase)
            {
                throw new IllegalArgumentException("--keep and --port-base apply with --start only");
            }
            final LocalCluster local = null != started ? started : cluster.localCluster();
            if (null == started && 0 == local.runningCount())
            {
                throw new IllegalArgumentException("no local cluster runs in " + local.runDir() + ": start one " +
                    "(deploy/local-cluster.sh start) or pass --start");
            }
            target = ClusterTarget.ofLocal(local, Durations.parse("--http-timeout", cluster.httpTimeout));
            actions = new LocalFaultActions(local);
        }
        else
        {
            if (start)
            {
                throw new IllegalArgumentException("--start applies to the local cluster only");
            }
            target = cluster.resolve();
            actions = commandActions(target);
        }
        try
        {
            final DrillReport report = new Drill(target, actions, config).run();
            final PrintStream out = config.out;
            out.println();
            out.print(report.markdown());
            out.flush();
            return report.passed() ? 0 : BourseOps.FAILED;
        }
        finally
        {
            if (null != started && !keep)
            {
                config.out.println("stopping the local cluster started for the drill");
                started.stopAll(TimeUnit.SECONDS.toNanos(20));
            }
        }
    }

    Drill.Config config() throws IOException
    {
        final Drill.Config config = new Drill.Config();
        config.fault = Drill.Fault.parse(fault);
        config.afterMs = Durations.parse("--duration", duration).toMillis();
        config.warmupMs = Durations.parse("--warmup", warmup).toMillis();
        config.pauseMarginMs = Durations.parse("--pause-margin", pauseMargin).toMillis();
        config.downTimeMs = Durations.parse("--down-time", downTime).toMillis();
        if (!(rate > 0) || rate > 100_000)
        {
            throw new IllegalArgumentException("--rate must be in (0, 100000]: " + rate);
        }
        config.ratePerSecond = rate;
        if (accounts < 1)
        {
            throw new IllegalArgumentException("--accounts must be at least 1: " + accounts);
        }
        config.traders = traders(cluster.isLocal());
        config.admin = admin.credentials(cluster.isLocal());
        config.instrumentId = instrumentId;
        config.reportDir = null != reportDir ? reportDir.toAbsolutePath() : OpsPaths.root().resolve("data/drills");
        config.checkMarketData = !noMarketData;
        config.seed = seed;
        config.out = CommandOutput.of(spec);
        return config;
    }

    private List<Drill.Credentials> traders(final boolean local)
    {
        final List<Drill.Credentials> list = new ArrayList<>();
        for (final String entry : traders)
        {
            final int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1)
            {
                throw new IllegalArgumentException("--trader must be USER:PASSWORD: '" + entry + "'");
            }
            list.add(new Drill.Credentials(entry.substring(0, colon), entry.substring(colon + 1)));
        }
        if (list.isEmpty())
        {
            if (!local)
            {
                throw new IllegalArgumentException("a configured cluster needs --trader USER:PASSWORD for each of " +
                    "the --accounts traders");
            }
            for (final String user : LOCAL_TRADERS)
            {
                list.add(new Drill.Credentials(user, user + "-pass"));
            }
        }
        if (list.size() < accounts)
        {
            throw new IllegalArgumentException("--accounts " + accounts + " needs that many traders; " + list.size() +
                " known: " + list + " (add --trader USER:PASSWORD)");
        }
        return new ArrayList<>(list.subList(0, accounts));
    }

    static String adminPassword(final Path file, final boolean local)
    {
        if (null == file)
        {
            if (!local)
            {
                throw new IllegalArgumentException("a configured cluster needs --password-file for the admin user");
            }
            return "admin-pass";
        }
        try
        {
            final String password = java.nio.file.Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty())
            {
                throw new IllegalArgumentException("--password-file " + file + " is empty");
            }
            return password;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read --password-file " + file + ": " + ex.getMessage(), ex);
        }
    }

    private FaultActions commandActions(final ClusterTarget target)
    {
        final Map<String, String> templates = new TreeMap<>();
        for (final Map.Entry<String, String> setting : target.settings().entrySet())
        {
            if (setting.getKey().startsWith(ClusterOptions.EXEC_PREFIX))
            {
                templates.put(setting.getKey().substring(ClusterOptions.EXEC_PREFIX.length()), setting.getValue());
            }
        }
        put(templates, CommandFaultActions.KILL, execKill);
        put(templates, CommandFaultActions.START, execStart);
        put(templates, CommandFaultActions.STOP, execStop);
        put(templates, CommandFaultActions.PAUSE, execPause);
        put(templates, CommandFaultActions.RESUME, execResume);
        final CommandFaultActions actions = new CommandFaultActions(target, templates);
        switch (Drill.Fault.parse(fault))
        {
            case KILL_LEADER:
            case KILL_FOLLOWER:
                actions.require(CommandFaultActions.KILL, CommandFaultActions.START);
                break;
            case PAUSE_LEADER:
                actions.require(CommandFaultActions.PAUSE, CommandFaultActions.RESUME);
                break;
            case ROLLING_RESTART:
                actions.require(CommandFaultActions.STOP, CommandFaultActions.START);
                break;
            case SNAPSHOT_RESTART:
                actions.require(CommandFaultActions.STOP, CommandFaultActions.START);
                if (!target.settings().containsKey(ClusterOptions.CLUSTER_DIR))
                {
                    throw new IllegalArgumentException("snapshot-restart on a configured cluster sets the snapshot " +
                        "toggle on the leader: run it on the leader's host with " + ClusterOptions.CLUSTER_DIR +
                        " in --config");
                }
                break;
            default:
                break;
        }
        return actions;
    }

    private static void put(final Map<String, String> templates, final String action, final String template)
    {
        if (null != template)
        {
            templates.put(action, template);
        }
    }

    private static int envPortBase()
    {
        final String env = System.getenv("BOURSE_PORT_BASE");
        if (null == env || env.isBlank())
        {
            return LocalCluster.DEFAULT_PORT_BASE;
        }
        try
        {
            return Integer.parseInt(env.strip());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("BOURSE_PORT_BASE is not a number: " + env, ex);
        }
    }
}
