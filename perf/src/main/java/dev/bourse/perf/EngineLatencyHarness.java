package dev.bourse.perf;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Service time of a Bourse engine or of exchange-core's order book, per command, over a scenario's stream.
 * <p>
 * After building the book and a warm-up, each measured command is timed with {@link System#nanoTime()} around
 * the single engine call and recorded into an HdrHistogram, overall and per command type. With {@code --rate}
 * the commands are paced open-loop (busy-spinning, no sleep) and latency is measured from each command's intended
 * start, so that a stall is charged to every command that queued behind it (no coordinated omission).
 * Results go to stdout and to {@code .hlog} and {@code .hgrm} files.
 * <pre>
 * java -cp perf/target/benchmarks.jar dev.bourse.perf.EngineLatencyHarness \
 *     --engine=fast --scenario=MIX --warmup=5000000 --commands=10000000 [--rate=0] [--out=perf/results]
 * </pre>
 * {@code --engine} is {@code fast}, {@code reference} or {@code exchange-core}.
 */
public final class EngineLatencyHarness
{
    private static final long HIGHEST_TRACKABLE_NS = 10_000_000_000L;
    private static final String EXCHANGE_CORE = "exchange-core";

    private final String engine;
    private final Scenario scenario;
    private final long warmup;
    private final long commands;
    private final long rate;
    private final Path outDir;

    private EngineLatencyHarness(
        final String engine,
        final Scenario scenario,
        final long warmup,
        final long commands,
        final long rate,
        final Path outDir)
    {
        this.engine = engine;
        this.scenario = scenario;
        this.warmup = warmup;
        this.commands = commands;
        this.rate = rate;
        this.outDir = outDir;
    }

    /**
     * Entry point.
     *
     * @param args {@code --engine=}, {@code --scenario=}, {@code --warmup=}, {@code --commands=},
     *             {@code --rate=} (commands per second, 0 for back to back), {@code --out=}.
     * @throws Exception if the results cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        String engine = EngineFactory.FAST;
        Scenario scenario = Scenario.MIX;
        long warmup = 5_000_000;
        long commands = 10_000_000;
        long rate = 0;
        Path outDir = Paths.get("perf", "results");
        for (final String arg : args)
        {
            final int eq = arg.indexOf('=');
            final String key = eq < 0 ? arg : arg.substring(0, eq);
            final String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (key)
            {
                case "--engine":
                    engine = value;
                    break;
                case "--scenario":
                    scenario = Scenario.valueOf(value);
                    break;
                case "--warmup":
                    warmup = Long.parseLong(value.replace("_", ""));
                    break;
                case "--commands":
                    commands = Long.parseLong(value.replace("_", ""));
                    break;
                case "--rate":
                    rate = Long.parseLong(value.replace("_", ""));
                    break;
                case "--out":
                    outDir = Paths.get(value);
                    break;
                default:
                    System.err.println("unknown argument " + arg);
                    System.err.println("usage: --engine=fast|reference|exchange-core --scenario=" +
                        "MIX|PASSIVE_PLACE|... --warmup=N --commands=N --rate=N --out=DIR");
                    System.exit(2);
                    break;
            }
        }
        new EngineLatencyHarness(engine, scenario, warmup, commands, rate, outDir).run();
    }

    private void run() throws Exception
    {
        final CommandStream stream = WorkloadGenerator.generate(scenario);
        System.out.println("stream: " + scenario + ": " + stream.describeComposition());
        final Runner runner = EXCHANGE_CORE.equals(engine) ? exchangeCoreRunner(stream) : bourseRunner(stream);

        final Histogram all = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        final Histogram[] byType = new Histogram[CommandStream.TYPE_COUNT];
        for (int t = 0; t < byType.length; t++)
        {
            byType[t] = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        }

        int cursor = stream.cycleStart();
        for (long n = 0; n < warmup; n++)
        {
            runner.execute(cursor);
            cursor = next(stream, cursor);
        }

        final long intervalNs = rate > 0 ? 1_000_000_000L / rate : 0;
        final long startNs = System.nanoTime();
        long intendedNs = startNs;
        for (long n = 0; n < commands; n++)
        {
            long t0 = System.nanoTime();
            if (intervalNs > 0)
            {
                while (t0 < intendedNs)
                {
                    t0 = System.nanoTime();
                }
            }
            runner.execute(cursor);
            final long t1 = System.nanoTime();
            final long latency = t1 - (intervalNs > 0 ? intendedNs : t0);
            all.recordValue(latency);
            byType[stream.type(cursor)].recordValue(latency);
            intendedNs += intervalNs;
            cursor = next(stream, cursor);
        }
        final long elapsedNs = System.nanoTime() - startNs;
        runner.check();

        report(all, byType, elapsedNs);
    }

    private Runner bourseRunner(final CommandStream stream)
    {
        final BourseDriver driver = new BourseDriver(engine, stream);
        return new Runner()
        {
            public void execute(final int i)
            {
                driver.execute(i);
            }

            public void check()
            {
                if (driver.listener().rejects() != 0)
                {
                    throw new IllegalStateException("commands rejected: " + driver.listener().rejects());
                }
            }
        };
    }

    private static Runner exchangeCoreRunner(final CommandStream stream)
    {
        final ExchangeCoreDriver driver = new ExchangeCoreDriver(stream);
        return new Runner()
        {
            public void execute(final int i)
            {
                driver.execute(i);
            }

            public void check()
            {
            }
        };
    }

    private static int next(final CommandStream stream, final int cursor)
    {
        final int next = cursor + 1;
        return next == stream.length() ? stream.cycleStart() : next;
    }

    private void report(final Histogram all, final Histogram[] byType, final long elapsedNs)
        throws FileNotFoundException, java.io.IOException
    {
        final PrintStream out = System.out;
        out.printf(Locale.ROOT, "engine=%s scenario=%s commands=%d warmup=%d mode=%s%n", engine, scenario, commands,
            warmup, rate > 0 ? "open-loop " + rate + "/s" : "back-to-back");
        out.printf(Locale.ROOT, "throughput (incl. timing overhead): %.0f commands/s%n",
            commands * 1e9 / elapsedNs);
        out.printf(Locale.ROOT, "%-12s %10s %8s %8s %8s %8s %8s %10s%n",
            "type", "count", "p50", "p90", "p99", "p99.9", "p99.99", "max (ns)");
        printRow(out, "all", all);
        for (int t = 0; t < byType.length; t++)
        {
            if (byType[t].getTotalCount() > 0)
            {
                printRow(out, CommandStream.typeName(t), byType[t]);
            }
        }

        Files.createDirectories(outDir);
        final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        final String base = "engine-latency-" + engine + "-" + scenario + "-" + stamp;
        final Path hlog = outDir.resolve(base + ".hlog");
        try (PrintStream logOut = new PrintStream(hlog.toFile(), StandardCharsets.US_ASCII))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(logOut);
            writer.outputComment("engine=" + engine + " scenario=" + scenario + " commands=" + commands);
            writer.outputLogFormatVersion();
            writer.outputLegend();
            all.setTag("all");
            writer.outputIntervalHistogram(all);
            for (int t = 0; t < byType.length; t++)
            {
                if (byType[t].getTotalCount() > 0)
                {
                    byType[t].setTag(CommandStream.typeName(t));
                    writer.outputIntervalHistogram(byType[t]);
                }
            }
        }
        final Path hgrm = outDir.resolve(base + ".hgrm");
        try (PrintStream percentiles = new PrintStream(hgrm.toFile(), StandardCharsets.US_ASCII))
        {
            all.outputPercentileDistribution(percentiles, 1.0);
        }
        out.println("wrote " + hlog + " and " + hgrm);
    }

    private static void printRow(final PrintStream out, final String name, final Histogram h)
    {
        out.printf(Locale.ROOT, "%-12s %10d %8d %8d %8d %8d %8d %10d%n", name, h.getTotalCount(),
            h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99), h.getMaxValue());
    }

    private interface Runner
    {
        void execute(int i);

        void check();
    }
}
