package dev.bourse.perf.e2e;

import dev.bourse.perf.MarketDataLatencyHarness;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end suite in one command ({@code perf/run-e2e.sh}): for the echo baseline and then for Bourse, each on
 * a fresh three-node cluster with identical settings, the maximum throughput (closed window), the latency at a
 * moderate open-loop rate, and a rate sweep up to the rate the cluster no longer keeps up with, which finds the
 * highest rate whose p99 stays under a bound and gives both targets' p99 rate by rate; then the
 * market-data latency on the Bourse cluster and the recovery benchmark, if the build has it. Writes one
 * {@code summary.md} (+ {@code summary.json}), the {@code .hlog} of every run and the percentile plots under
 * {@code perf/results/<timestamp>-<name>/}. Each fresh cluster first gets an unrecorded load at max rate
 * ({@code --jit-warmup}) so that JIT compilation is over before anything is measured. {@code --smoke} runs each part
 * for a few seconds and checks nothing.
 */
@Command(
    name = "e2e-suite",
    mixinStandardHelpOptions = true,
    version = "e2e-suite 0.1",
    description = "Bourse vs the echo baseline on the same three-node cluster: max throughput, latency at a moderate " +
        "rate, rate sweep, market-data latency and recovery; one summary.")
public final class E2eSuite implements Callable<Integer>
{
    /** The parts of the suite, for {@code --parts}. */
    public enum Part
    {
        /** Closed-window maximum throughput. */
        THROUGHPUT,
        /** Latency at a moderate open-loop rate. */
        LATENCY,
        /** Rate sweep. */
        SWEEP,
        /** Market-data latency (Bourse only). */
        MD,
        /** The recovery benchmark, if present. */
        RECOVERY
    }

    /** The recovery benchmark of the recovery helper; called when it is on the class path. */
    static final String RECOVERY_CLASS = "dev.bourse.perf.recovery.RecoveryBenchmark";

    @Option(names = "--smoke", description = "A few seconds per part, small load, no thresholds.")
    boolean smoke;

    @Option(names = "--parts", split = ",", description = "Parts to run (default: all): throughput, latency, " +
        "sweep, md, recovery.")
    Set<String> parts = new TreeSet<>();

    @Option(names = "--targets", split = ",", description = "Targets (default: echo,bourse, in that order).")
    List<String> targets = new ArrayList<>(List.of("echo", "bourse"));

    @Option(names = "--name", description = "Run name (default: e2e, or e2e-smoke).")
    String name;

    @Option(names = "--out", description = "Results root (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("perf/results");

    @Option(names = "--rounds", description = "Rounds of the throughput and latency parts (default: 3; smoke 2). " +
        "Each round runs every target on a fresh cluster, echo then Bourse, so that the machine's drift over the " +
        "suite falls on both alike; each ratio is taken within a round and the summary gives their median. The " +
        "sweep and market data run in the last round only.")
    Integer rounds;

    @Option(names = "--duration", description = "Measured time of the throughput and latency runs " +
        "(default: 30s; smoke 3s).")
    String duration;

    @Option(names = "--warmup", description = "Warm-up before each throughput and latency run " +
        "(default: 10s; smoke 1s).")
    String warmup;

    @Option(names = "--jit-warmup", description = "Unrecorded load at max rate on each fresh cluster before any " +
        "part, so that the nodes' JIT compilation (more code for Bourse than the echo) is done before measuring " +
        "(default: 20s; smoke 0).")
    String jitWarmup;

    @Option(names = "--window", description = "Requests in flight for max throughput (default: 1024, where Bourse's " +
        "throughput levels off here; smoke 64).")
    Integer window;

    @Option(names = "--latency-rate", description = "The moderate rate of the latency comparison, requests/s " +
        "(default: 2000; smoke 500).")
    Double latencyRate;

    @Option(names = "--sweep-start", description = "First rate of the sweep (default: 1000; smoke 500).")
    Double sweepStart;

    @Option(names = "--sweep-factor", description = "Rate multiplier per step (default: ${DEFAULT-VALUE}).")
    double sweepFactor = 1.5;

    @Option(names = "--sweep-max-steps", description = "Most steps per target (default: 16; smoke 2).")
    Integer sweepMaxSteps;

    @Option(names = "--sweep-step-duration", description = "Measured time per sweep step (default: 10s; smoke 2s).")
    String sweepStepDuration;

    @Option(names = "--sweep-warmup", description = "Warm-up per sweep step (default: 3s; smoke 1s).")
    String sweepWarmup;

    @Option(names = "--p99-bound", description = "A sweep step passes while p99 is at most this " +
        "(default: ${DEFAULT-VALUE}).")
    String p99Bound = "10ms";

    @Option(names = "--sweep-shortfall", description = "A step fails when the answers per second fall below this " +
        "fraction of the target rate (default: ${DEFAULT-VALUE}).")
    double sweepShortfall = 0.95;

    @Option(names = "--md-rate", description = "Orders/s of the market-data latency run (default: 500; smoke 200).")
    Long mdRate;

    @Option(names = "--md-orders", description = "Measured orders of the market-data run (default: 10000; " +
        "smoke 600).")
    Long mdOrders;

    @Option(names = "--md-warmup", description = "Orders before measuring market data (default: 2000; smoke 100).")
    Long mdWarmup;

    @Option(names = "--recovery-args", description = "Arguments for " + RECOVERY_CLASS + " (--smoke is added " +
        "in smoke mode).")
    String recoveryArgs = "";

    @CommandLine.Mixin
    LoadOptions load = new LoadOptions();

    private PrintStream console = System.out;
    private String[] rawArgs = new String[0];

    /**
     * Run the suite; see {@code --help}.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        final E2eSuite suite = new E2eSuite();
        suite.rawArgs = args.clone();
        System.exit(new CommandLine(suite).execute(args));
    }

    /**
     * Run the suite from code (the smoke test).
     *
     * @param args    the command line.
     * @param console where progress goes.
     * @return the summary, or null if the arguments were wrong.
     */
    public static SuiteSummary run(final String[] args, final PrintStream console)
    {
        final E2eSuite suite = new E2eSuite();
        suite.console = console;
        suite.rawArgs = args.clone();
        new CommandLine(suite).parseArgs(args);
        return suite.runSuite();
    }

    /**
     * Run the suite.
     *
     * @return 0 when every part ran.
     */
    @Override
    public Integer call()
    {
        runSuite();
        return 0;
    }

    private SuiteSummary runSuite()
    {
        applySmokeDefaults();
        final Set<Part> chosen = chosenParts();
        final Path dir = Results.newRunDirectory(out, name);
        final Path accounts = BenchAccounts.ensure(out.resolve(".cache"), load.accounts);
        final SuiteSummary summary = new SuiteSummary(dir, smoke, load.describe(), commandLine());
        console.println("end-to-end suite" + (smoke ? " (smoke)" : "") + ", parts " + chosen + ", results in " + dir);
        for (int round = 1; round <= rounds; round++)
        {
            final boolean last = round == rounds;
            for (final String targetName : targets)
            {
                final Target target = Target.valueOf(targetName.toUpperCase(Locale.ROOT));
                final boolean needsCluster = chosen.contains(Part.THROUGHPUT) || chosen.contains(Part.LATENCY) ||
                    last && (chosen.contains(Part.SWEEP) || (Target.BOURSE == target && chosen.contains(Part.MD)));
                if (needsCluster)
                {
                    runTarget(target, chosen, round, dir, accounts, summary);
                }
            }
        }
        if (chosen.contains(Part.RECOVERY))
        {
            summary.recovery(RecoveryHook.run(dir, smoke, recoveryArgs, console));
        }
        summary.write(sweepBoundMs(), latencyRate);
        console.println("summary: " + dir.resolve("summary.md"));
        return summary;
    }

    private void runTarget(
        final Target target,
        final Set<Part> chosen,
        final int round,
        final Path dir,
        final Path accounts,
        final SuiteSummary summary)
    {
        final boolean last = round == rounds;
        final String suffix = 1 == rounds ? "" : "-r" + round;
        console.println("== " + target.label() + (1 == rounds ? "" : ", round " + round + " of " + rounds) +
            ": starting a three-node cluster");
        // Each round's nodes log to a folder of their own, so that a later round does not overwrite an earlier one.
        final Path logs = 1 == rounds ? dir.resolve("logs") : dir.resolve("logs").resolve("round-" + round);
        try (BenchCluster cluster = BenchCluster.start(target, logs, accounts, load.nodeJvmOptions(),
            TimeUnit.SECONDS.toMillis(60));
            LoadClients clients = LoadClients.connect(cluster.ingressEndpoints(), load.accounts, load.instruments,
                load.mix().maxOpen(), load.maxPending))
        {
            console.println(target.label() + " cluster up: leader member " + cluster.leaderMemberId() + ", ingress " +
                cluster.ingressEndpoints() + ", " + load.accounts + " accounts connected");
            final double jitWarmupS = Results.parseSeconds("jit-warmup", jitWarmup);
            if (jitWarmupS > 0)
            {
                runLoad(cluster, clients, dir, new LoadGenerator.RunSpec(target.label() + "-jit-warmup" + suffix,
                    target, 0, window, jitWarmupS, 0, load.threads, load.mix(), load.seed + 100));
            }
            final double durationS = Results.parseSeconds("duration", duration);
            final double warmupS = Results.parseSeconds("warmup", warmup);
            if (chosen.contains(Part.THROUGHPUT))
            {
                summary.throughput(target, runLoad(cluster, clients, dir, new LoadGenerator.RunSpec(
                    target.label() + "-max" + suffix, target, 0, window, durationS, warmupS, load.threads, load.mix(),
                    load.seed + 10 * (round - 1))));
            }
            if (chosen.contains(Part.LATENCY))
            {
                summary.latency(target, runLoad(cluster, clients, dir, new LoadGenerator.RunSpec(
                    target.label() + "-" + (long)(double)latencyRate + suffix, target, latencyRate, window, durationS,
                    warmupS, load.threads, load.mix(), load.seed + 1 + 10 * (round - 1))));
            }
            if (last && chosen.contains(Part.SWEEP))
            {
                sweep(target, cluster, clients, dir, summary);
            }
            if (last && chosen.contains(Part.MD) && Target.BOURSE == target)
            {
                summary.marketData(marketData(cluster, clients, dir));
            }
        }
    }

    private LoadResult runLoad(
        final BenchCluster cluster, final LoadClients clients, final Path dir, final LoadGenerator.RunSpec spec)
    {
        console.println("-- " + spec.name() + ": " + (0 == spec.rate() ? "max, window " + spec.window() :
            String.format(Locale.ROOT, "%,.0f requests/s", spec.rate())) + ", " + spec.warmupSeconds() +
            " s warm-up + " + spec.durationSeconds() + " s");
        final LoadResult result = LoadGenerator.run(clients, spec, dir, console, cluster::cpuTimeNs);
        console.println(Results.describe(result));
        return result;
    }

    private void sweep(
        final Target target,
        final BenchCluster cluster,
        final LoadClients clients,
        final Path dir,
        final SuiteSummary summary)
    {
        final double stepS = Results.parseSeconds("sweep-step-duration", sweepStepDuration);
        final double stepWarmupS = Results.parseSeconds("sweep-warmup", sweepWarmup);
        final double boundMs = sweepBoundMs();
        double rate = sweepStart;
        for (int step = 0; step < sweepMaxSteps; step++)
        {
            SuiteSummary.SweepStep outcome = sweepStep(target, cluster, clients, dir, summary, rate, stepS,
                stepWarmupS, boundMs, target.label() + "-sweep-" + (long)rate, step);
            if (!outcome.passed() && !smoke)
            {
                // A shared machine stalls now and then for hundreds of ms: a failing step is measured once more.
                outcome = sweepStep(target, cluster, clients, dir, summary, rate, stepS, stepWarmupS, boundMs,
                    target.label() + "-sweep-" + (long)rate + "-retry", step);
                // p99 is not monotonic in the rate here (at moderate rates the agents' backoff parks set the tail,
                // at higher rates they stay awake), so a step over the bound does not end the sweep: only a rate
                // the cluster no longer keeps up with does, as every higher rate would only build a longer queue.
                if (!outcome.keptUp())
                {
                    break;
                }
            }
            rate = Math.round(rate * sweepFactor);
        }
    }

    private SuiteSummary.SweepStep sweepStep(
        final Target target,
        final BenchCluster cluster,
        final LoadClients clients,
        final Path dir,
        final SuiteSummary summary,
        final double rate,
        final double stepS,
        final double stepWarmupS,
        final double boundMs,
        final String runName,
        final int step)
    {
        final LoadResult result = runLoad(cluster, clients, dir, new LoadGenerator.RunSpec(runName, target, rate,
            window, stepS, stepWarmupS, load.threads, load.mix(), load.seed + 2 + step));
        final SuiteSummary.SweepStep outcome = SuiteSummary.SweepStep.judge(result, boundMs, sweepShortfall);
        summary.sweepStep(target, outcome);
        console.printf(Locale.ROOT, "sweep %s %,.0f/s: p99 %s ms, %,.0f answers/s -> %s%n", target.label(), rate,
            Results.ms(result.percentileMs(99)), result.throughput(),
            outcome.passed() ? "pass" : outcome.keptUp() ? "fail (p99)" : "fail (does not keep up)");
        return outcome;
    }

    private MarketDataLatencyHarness.Result marketData(
        final BenchCluster cluster, final LoadClients clients, final Path dir)
    {
        console.println("-- market data: " + mdRate + " orders/s, " + mdOrders + " measured after " + mdWarmup);
        try
        {
            return MarketDataLatencyHarness.run(new MarketDataLatencyHarness.Settings(
                clients.aeronDirectoryName(),
                cluster.ingressEndpoints(),
                cluster.mdChannel(),
                BenchAccounts.LOADGEN,
                BenchAccounts.password(BenchAccounts.LOADGEN),
                BenchAccounts.password(BenchAccounts.ADMIN),
                mdRate,
                mdOrders,
                mdWarmup,
                dir.toFile(),
                console));
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private double sweepBoundMs()
    {
        return Results.parseSeconds("p99-bound", p99Bound) * 1e3;
    }

    private Set<Part> chosenParts()
    {
        final Set<Part> chosen = new TreeSet<>();
        if (parts.isEmpty())
        {
            chosen.addAll(List.of(Part.values()));
        }
        for (final String part : parts)
        {
            chosen.add(Part.valueOf(part.strip().toUpperCase(Locale.ROOT)));
        }
        return chosen;
    }

    private void applySmokeDefaults()
    {
        name = null != name ? name : smoke ? "e2e-smoke" : "e2e";
        rounds = null != rounds ? rounds : smoke ? 2 : 3;
        if (rounds < 1)
        {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rounds must be at least 1: " + rounds);
        }
        duration = null != duration ? duration : smoke ? "3s" : "30s";
        warmup = null != warmup ? warmup : smoke ? "1s" : "10s";
        jitWarmup = null != jitWarmup ? jitWarmup : smoke ? "0" : "20s";
        latencyRate = null != latencyRate ? latencyRate : smoke ? 500.0 : 2000.0;
        sweepStart = null != sweepStart ? sweepStart : smoke ? 500.0 : 1000.0;
        window = null != window ? window : smoke ? 64 : 1024;
        sweepMaxSteps = null != sweepMaxSteps ? sweepMaxSteps : smoke ? 2 : 16;
        sweepStepDuration = null != sweepStepDuration ? sweepStepDuration : smoke ? "2s" : "10s";
        sweepWarmup = null != sweepWarmup ? sweepWarmup : smoke ? "1s" : "3s";
        mdRate = null != mdRate ? mdRate : smoke ? 200L : 500L;
        mdOrders = null != mdOrders ? mdOrders : smoke ? 600L : 10_000L;
        mdWarmup = null != mdWarmup ? mdWarmup : smoke ? 100L : 2_000L;
        if (smoke && 16 == load.accounts)
        {
            load.accounts = 4;
            load.instruments = 2;
        }
    }

    private String commandLine()
    {
        return "perf/run-e2e.sh" + (0 == rawArgs.length ? "" : " " + String.join(" ", rawArgs));
    }
}
