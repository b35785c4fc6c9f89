package dev.bourse.perf.e2e;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * End-to-end load through the client SDK: N trading accounts (one {@code ExchangeClient} each) over M instruments,
 * driven by one or two load threads with a mix of passive orders, aggressive orders that trade, cancels and
 * replaces ({@link Mix}), open loop at a fixed rate or as fast as the cluster takes it with a bounded number of
 * requests in flight. Latency is measured from each request's intended send time to its first answer (see
 * {@link LoadWorker}), into an HdrHistogram {@link Recorder}; every second an interval histogram is written to an
 * {@code .hlog} file and a progress line printed. Used on its own (this command launches a three-node cluster of
 * the chosen target, runs, writes results and stops the cluster) or by {@link E2eSuite}.
 */
@Command(
    name = "load-generator",
    mixinStandardHelpOptions = true,
    version = "load-generator 0.1",
    description = "Launch a three-node cluster (Bourse or the echo baseline), drive it through the client SDK and " +
        "report latency (intended send time to first answer, HdrHistogram) and throughput.")
public final class LoadGenerator implements Callable<Integer>
{
    @Option(names = "--target", description = "bourse or echo (default: ${DEFAULT-VALUE}).")
    String target = "bourse";

    @Option(names = "--rate", description = "Requests per second (open loop), or max (closed window) " +
        "(default: ${DEFAULT-VALUE}).")
    String rate = "2000";

    @Option(names = "--window", description = "Requests in flight in --rate=max mode (default: ${DEFAULT-VALUE}).")
    int window = 1024;

    @Option(names = "--thread-cpu", description = "Also print (and save as thread-cpu.md) the CPU of every node and " +
        "load-generator thread over the run, per request sent, by thread name (Linux /proc).")
    boolean threadCpu;

    @Option(names = "--duration", description = "Measured time, e.g. 30s (default: ${DEFAULT-VALUE}).")
    String duration = "30s";

    @Option(names = "--warmup", description = "Warm-up before measuring, e.g. 10s (default: ${DEFAULT-VALUE}).")
    String warmup = "10s";

    @Option(names = "--name", description = "Name of the run (default: <target>-<rate>).")
    String name;

    @Option(names = "--out", description = "Results root; a <timestamp>-<name> directory is made in it " +
        "(default: ${DEFAULT-VALUE}).")
    Path out = Path.of("perf/results");

    @CommandLine.Mixin
    LoadOptions load = new LoadOptions();

    /**
     * Run the load generator; see {@code --help}.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    /**
     * Launch the cluster, connect, run, write the results and stop the cluster.
     *
     * @return 0 on success.
     */
    @Override
    public Integer call() throws IOException
    {
        final Target chosen = Target.valueOf(target.toUpperCase(Locale.ROOT));
        final double ratePerSecond = parseRate(rate);
        final String runName = null == name ? chosen.label() + "-" + rate : name;
        final Path dir = Results.newRunDirectory(out, runName);
        final Path accounts = BenchAccounts.ensure(out.resolve(".cache"), load.accounts);
        System.out.println("results in " + dir);
        try (BenchCluster cluster = BenchCluster.start(chosen, dir.resolve("logs"), accounts, load.nodeJvmOptions(),
            TimeUnit.SECONDS.toMillis(60));
            LoadClients clients = LoadClients.connect(cluster.ingressEndpoints(), load.accounts, load.instruments,
                load.mix().maxOpen(), load.maxPending))
        {
            System.out.println(chosen.label() + " cluster up, leader member " + cluster.leaderMemberId() +
                ", ingress " + cluster.ingressEndpoints() + "; " + load.accounts + " accounts connected");
            final Map<String, Long> threadsBefore = threadCpu ? ThreadCpu.sample(cluster.pids()) : Map.of();
            final LoadResult result = run(clients, new RunSpec(runName, chosen, ratePerSecond, window,
                Results.parseSeconds("duration", duration), Results.parseSeconds("warmup", warmup), load.threads,
                load.mix(), load.seed), dir, System.out, cluster::cpuTimeNs);
            Results.writeSingleRun(dir, result, load);
            System.out.println(Results.describe(result));
            if (threadCpu)
            {
                final String table = ThreadCpu.describe(threadsBefore, ThreadCpu.sample(cluster.pids()), result.sent());
                Files.writeString(dir.resolve("thread-cpu.md"), table);
                System.out.println(table);
            }
        }
        return 0;
    }

    static double parseRate(final String rate)
    {
        if ("max".equalsIgnoreCase(rate))
        {
            return 0;
        }
        final double value = Double.parseDouble(rate.replace("_", "").replace(",", ""));
        if (value <= 0)
        {
            throw new IllegalArgumentException("--rate must be positive or max: " + rate);
        }
        return value;
    }

    /**
     * What one run does.
     *
     * @param name            the run's name (file names).
     * @param target          what the cluster runs (for the report).
     * @param rate            requests per second, 0 for max.
     * @param window          requests in flight for max.
     * @param durationSeconds measured time.
     * @param warmupSeconds   warm-up time.
     * @param threads         load threads (1 or 2).
     * @param mix             the order flow.
     * @param seed            random seed.
     */
    public record RunSpec(
        String name,
        Target target,
        double rate,
        int window,
        double durationSeconds,
        double warmupSeconds,
        int threads,
        Mix mix,
        long seed)
    {
    }

    /**
     * Run the load against connected clients: start the load threads, print progress every second, write the
     * interval histograms of the measured window to {@code <dir>/<name>.hlog}, and wait (bounded) for the
     * outstanding answers.
     *
     * @param clients  connected clients.
     * @param spec     what to run.
     * @param dir      where the .hlog goes.
     * @param progress where progress lines go.
     * @return the result.
     */
    public static LoadResult run(
        final LoadClients clients, final RunSpec spec, final Path dir, final PrintStream progress)
    {
        return run(clients, spec, dir, progress, () -> -1);
    }

    /**
     * As {@link #run(LoadClients, RunSpec, Path, PrintStream)}, also recording the nodes' CPU time.
     *
     * @param clients   connected clients.
     * @param spec      what to run.
     * @param dir       where the .hlog goes.
     * @param progress  where progress lines go.
     * @param nodeCpuNs the nodes' total CPU time so far, negative if unknown.
     * @return the result.
     */
    public static LoadResult run(
        final LoadClients clients,
        final RunSpec spec,
        final Path dir,
        final PrintStream progress,
        final LongSupplier nodeCpuNs)
    {
        final long cpuBeforeNs = nodeCpuNs.getAsLong();
        final AccountSession[] sessions = clients.sessions();
        final int threads = Math.max(1, Math.min(spec.threads(), sessions.length));
        final Recorder measured = new Recorder(LoadWorker.HIGHEST_TRACKABLE_NS, 3);
        final Recorder warmup = new Recorder(LoadWorker.HIGHEST_TRACKABLE_NS, 3);
        final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        final long measureStartNs = startNs + (long)(spec.warmupSeconds() * 1e9);
        final long endNs = measureStartNs + (long)(spec.durationSeconds() * 1e9);
        final long drainTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        final long resendsBefore = clients.resendCount();
        final long duplicatesBefore = clients.duplicateAnswerCount();

        final List<LoadWorker> workers = new ArrayList<>();
        final List<Thread> workerThreads = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final List<AccountSession> share = new ArrayList<>();
            for (int i = t; i < sessions.length; i += threads)
            {
                share.add(sessions[i]);
            }
            final LoadWorker worker = new LoadWorker(share.toArray(new AccountSession[0]), spec.mix(),
                clients.instruments(), spec.rate() / threads, Math.max(1, spec.window() / threads), startNs,
                measureStartNs, endNs, drainTimeoutNs, measured, warmup, spec.seed() * 31 + t);
            workers.add(worker);
            final Thread thread = new Thread(worker, "load-" + t);
            thread.setDaemon(true);
            workerThreads.add(thread);
        }
        workerThreads.forEach(Thread::start);

        final Histogram total = new Histogram(LoadWorker.HIGHEST_TRACKABLE_NS, 3);
        final Path hlog = dir.resolve(spec.name() + ".hlog");
        logProgress(spec, workers, measured, warmup, total, hlog, startNs, measureStartNs, progress);
        for (final Thread thread : workerThreads)
        {
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            }
        }
        for (final LoadWorker worker : workers)
        {
            if (null != worker.failure())
            {
                throw new IllegalStateException("load thread failed: " + worker.failure(), worker.failure());
            }
        }
        final long cpuAfterNs = nodeCpuNs.getAsLong();
        return result(spec, workers, total, hlog, clients.resendCount() - resendsBefore,
            clients.duplicateAnswerCount() - duplicatesBefore,
            cpuBeforeNs < 0 || cpuAfterNs < 0 ? -1 : (cpuAfterNs - cpuBeforeNs) / 1e9);
    }

    /**
     * Every second until the workers are done: write the measured interval histogram to the log, add it to the
     * total, and print a progress line.
     */
    private static void logProgress(
        final RunSpec spec,
        final List<LoadWorker> workers,
        final Recorder measured,
        final Recorder warmup,
        final Histogram total,
        final Path hlog,
        final long startNs,
        final long measureStartNs,
        final PrintStream progress)
    {
        try (PrintStream log = new PrintStream(hlog.toFile()))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputComment("Bourse end-to-end load: " + spec.name() + ", target " + spec.target().label() +
                ", " + (0 == spec.rate() ? "max, window " + spec.window() : spec.rate() + " requests/s") +
                "; latency in ns from intended send time to first answer; measured window only");
            writer.outputLogFormatVersion();
            final long baseMs = System.currentTimeMillis();
            writer.outputStartTime(baseMs);
            writer.setBaseTime(baseMs);
            writer.outputLegend();
            Histogram interval = null;
            Histogram warmupInterval = null;
            long lastSent = 0;
            long nextReportNs = startNs + TimeUnit.SECONDS.toNanos(1);
            boolean running = true;
            while (running)
            {
                final long untilReportNs = nextReportNs - System.nanoTime();
                if (untilReportNs > 0)
                {
                    LockSupport.parkNanos(Math.min(untilReportNs, TimeUnit.MILLISECONDS.toNanos(100)));
                    running = !allDone(workers);
                    if (running)
                    {
                        continue;
                    }
                }
                nextReportNs += TimeUnit.SECONDS.toNanos(1);
                interval = measured.getIntervalHistogram(interval);
                warmupInterval = warmup.getIntervalHistogram(warmupInterval);
                if (interval.getTotalCount() > 0)
                {
                    writer.outputIntervalHistogram(interval);
                    total.add(interval);
                }
                long sent = 0;
                long answered = 0;
                long rejects = 0;
                for (final LoadWorker worker : workers)
                {
                    sent += worker.sent();
                    answered += worker.answered();
                    rejects += rejectTotal(worker);
                }
                final long inFlightEstimate = sent - answered;
                final Histogram shown = interval.getTotalCount() > 0 ? interval : warmupInterval;
                final double elapsed = (System.nanoTime() - startNs) / 1e9;
                progress.printf(Locale.ROOT, "[%s] %5.1fs %s sent %,d (%,d/s) answered %,d in flight %,d | " +
                    "p50 %.2f ms p99 %.2f ms max %.2f ms | rejects %,d%n", spec.name(), elapsed,
                    System.nanoTime() < measureStartNs ? "warm-up" : "measure", sent, sent - lastSent, answered,
                    inFlightEstimate, shown.getValueAtPercentile(50) / 1e6, shown.getValueAtPercentile(99) / 1e6,
                    shown.getMaxValue() / 1e6, rejects);
                lastSent = sent;
                running = !allDone(workers);
            }
            interval = measured.getIntervalHistogram(interval);
            if (interval.getTotalCount() > 0)
            {
                writer.outputIntervalHistogram(interval);
                total.add(interval);
            }
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean allDone(final List<LoadWorker> workers)
    {
        for (final LoadWorker worker : workers)
        {
            if (!worker.isDone())
            {
                return false;
            }
        }
        return true;
    }

    private static long rejectTotal(final LoadWorker worker)
    {
        long total = 0;
        for (final long[] byReason : worker.rejects())
        {
            for (final long count : byReason)
            {
                total += count;
            }
        }
        return total;
    }

    private static LoadResult result(
        final RunSpec spec,
        final List<LoadWorker> workers,
        final Histogram total,
        final Path hlog,
        final long resends,
        final long duplicates,
        final double nodeCpuSeconds)
    {
        long sent = 0;
        long sentMeasured = 0;
        long answeredInWindow = 0;
        long unanswered = 0;
        long notSent = 0;
        long reports = 0;
        long fills = 0;
        final long[] byKind = new long[Mix.KINDS];
        final Histogram[] latencyByKind = new Histogram[Mix.KINDS];
        for (int k = 0; k < Mix.KINDS; k++)
        {
            latencyByKind[k] = new Histogram(LoadWorker.HIGHEST_TRACKABLE_NS, 3);
        }
        final long[][] rejects = new long[LoadWorker.REJECT_KINDS.length][];
        for (final LoadWorker worker : workers)
        {
            sent += worker.sent();
            sentMeasured += worker.sentMeasured();
            answeredInWindow += worker.answeredInWindow();
            unanswered += worker.unanswered();
            notSent += worker.notSent();
            reports += worker.reports();
            fills += worker.fills();
            for (int k = 0; k < Mix.KINDS; k++)
            {
                byKind[k] += worker.sentByKind()[k];
                latencyByKind[k].add(worker.measuredByKind()[k]);
            }
            for (int r = 0; r < rejects.length; r++)
            {
                if (null == rejects[r])
                {
                    rejects[r] = new long[worker.rejects()[r].length];
                }
                for (int i = 0; i < rejects[r].length; i++)
                {
                    rejects[r][i] += worker.rejects()[r][i];
                }
            }
        }
        final Map<String, Long> sentByKind = new LinkedHashMap<>();
        final Map<String, Histogram> latencyByKindName = new LinkedHashMap<>();
        for (int k = 0; k < Mix.KINDS; k++)
        {
            sentByKind.put(Mix.KIND_NAMES[k], byKind[k]);
            if (latencyByKind[k].getTotalCount() > 0)
            {
                latencyByKindName.put(Mix.KIND_NAMES[k], latencyByKind[k]);
            }
        }
        final Map<String, Long> rejectsByReason = new LinkedHashMap<>();
        for (int r = 0; r < rejects.length; r++)
        {
            for (int i = 0; i < rejects[r].length; i++)
            {
                if (rejects[r][i] > 0)
                {
                    rejectsByReason.put(LoadWorker.REJECT_KINDS[r] + " " + LoadWorker.reasonName(i), rejects[r][i]);
                }
            }
        }
        return new LoadResult(spec.name(), spec.target(), spec.rate(), spec.window(), spec.durationSeconds(), sent,
            sentMeasured, answeredInWindow, unanswered, notSent, reports, fills, resends, duplicates, sentByKind,
            rejectsByReason, total, latencyByKindName, hlog, nodeCpuSeconds);
    }
}
