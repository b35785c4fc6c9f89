package dev.bourse.perf.e2e;

import dev.bourse.perf.MarketDataLatencyHarness;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one suite run, and its summary: {@code summary.md}, {@code summary.json} and the plots
 * ({@code latency-moderate.png}: echo and Bourse at the moderate rate; {@code latency-max.png}: both at maximum
 * throughput). Ratios are Bourse over echo, both measured in the same run.
 */
public final class SuiteSummary
{
    /** The goal for Bourse's max throughput as a fraction of the echo's. */
    public static final double THROUGHPUT_GOAL = 0.90;
    /** The goal for Bourse's p99 at the moderate rate as a multiple of the echo's. */
    public static final double P99_GOAL = 1.2;

    /**
     * One step of a rate sweep.
     *
     * @param result the step's run.
     * @param passed whether p99 stayed under the bound and the answers kept up with the rate.
     */
    public record SweepStep(LoadResult result, boolean passed)
    {
    }

    private final Path dir;
    private final boolean smoke;
    private final String loadDescription;
    private final String command;
    private final Map<Target, LoadResult> throughput = new EnumMap<>(Target.class);
    private final Map<Target, LoadResult> latency = new EnumMap<>(Target.class);
    private final Map<Target, List<SweepStep>> sweeps = new EnumMap<>(Target.class);
    private MarketDataLatencyHarness.Result marketData;
    private RecoveryHook.Outcome recovery;

    SuiteSummary(final Path dir, final boolean smoke, final String loadDescription, final String command)
    {
        this.dir = dir;
        this.smoke = smoke;
        this.loadDescription = loadDescription;
        this.command = command;
    }

    void throughput(final Target target, final LoadResult result)
    {
        throughput.put(target, result);
    }

    void latency(final Target target, final LoadResult result)
    {
        latency.put(target, result);
    }

    void sweepStep(final Target target, final LoadResult result, final boolean passed)
    {
        sweeps.computeIfAbsent(target, (t) -> new ArrayList<>()).add(new SweepStep(result, passed));
    }

    void marketData(final MarketDataLatencyHarness.Result result)
    {
        marketData = result;
    }

    void recovery(final RecoveryHook.Outcome outcome)
    {
        recovery = outcome;
    }

    /**
     * @return the run directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @param target the target.
     * @return its max-throughput run, or null.
     */
    public LoadResult throughput(final Target target)
    {
        return throughput.get(target);
    }

    /**
     * @param target the target.
     * @return its run at the moderate rate, or null.
     */
    public LoadResult latency(final Target target)
    {
        return latency.get(target);
    }

    /**
     * @param target the target.
     * @return its sweep steps, in order (empty if none).
     */
    public List<SweepStep> sweep(final Target target)
    {
        return sweeps.getOrDefault(target, List.of());
    }

    /**
     * @return the market-data run, or null.
     */
    public MarketDataLatencyHarness.Result marketData()
    {
        return marketData;
    }

    /**
     * @param target the target.
     * @return the highest sweep rate that passed, 0 if none.
     */
    public double highestPassingRate(final Target target)
    {
        double highest = 0;
        for (final SweepStep step : sweep(target))
        {
            if (step.passed() && step.result().rate() > highest)
            {
                highest = step.result().rate();
            }
        }
        return highest;
    }

    /**
     * @return Bourse's max throughput over the echo's (NaN when one is missing).
     */
    public double throughputRatio()
    {
        final LoadResult echo = throughput.get(Target.ECHO);
        final LoadResult bourse = throughput.get(Target.BOURSE);
        return null == echo || null == bourse ? Double.NaN : bourse.throughput() / echo.throughput();
    }

    /**
     * @return Bourse's p99 at the moderate rate over the echo's (NaN when one is missing).
     */
    public double p99Ratio()
    {
        final LoadResult echo = latency.get(Target.ECHO);
        final LoadResult bourse = latency.get(Target.BOURSE);
        return null == echo || null == bourse ? Double.NaN : bourse.percentileMs(99) / echo.percentileMs(99);
    }

    /**
     * @return Bourse's highest passing sweep rate over the echo's (NaN when one is missing).
     */
    public double sweepRatio()
    {
        final double echo = highestPassingRate(Target.ECHO);
        final double bourse = highestPassingRate(Target.BOURSE);
        return sweeps.containsKey(Target.ECHO) && sweeps.containsKey(Target.BOURSE) && echo > 0 ?
            bourse / echo : Double.NaN;
    }

    /**
     * Write summary.md, summary.json and the plots.
     *
     * @param p99BoundMs  the sweep's p99 bound.
     * @param latencyRate the moderate rate.
     */
    void write(final double p99BoundMs, final double latencyRate)
    {
        if (!latency.isEmpty())
        {
            Results.plot(dir.resolve("latency-moderate.png"), String.format(Locale.ROOT,
                "Bourse vs echo, open loop at %,.0f requests/s", latencyRate), new ArrayList<>(latency.values()));
        }
        if (!throughput.isEmpty())
        {
            Results.plot(dir.resolve("latency-max.png"), "Bourse vs echo at maximum throughput (closed window)",
                new ArrayList<>(throughput.values()));
        }
        Results.writeText(dir.resolve("summary.md"), markdown(p99BoundMs, latencyRate));
        Results.writeJson(dir.resolve("summary.json"), json(p99BoundMs, latencyRate));
    }

    private String markdown(final double p99BoundMs, final double latencyRate)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Bourse end-to-end suite").append(smoke ? " (smoke: a few seconds per part, no thresholds)" : "")
            .append("\n\n").append(Results.environmentMarkdown())
            .append("Three node JVMs on 127.0.0.1 (shared threading, backoff idle), the same launcher and settings " +
                "for Bourse and the echo baseline; the load generator and its media driver in one more JVM.\n\n")
            .append("Load: ").append(loadDescription).append(".\n\nCommand: `").append(command).append("`\n\n");

        md.append("## Bourse / echo\n\n| measure | echo | Bourse | Bourse / echo | goal |\n|---|---:|---:|---:|---|\n");
        final LoadResult echoMax = throughput.get(Target.ECHO);
        final LoadResult bourseMax = throughput.get(Target.BOURSE);
        md.append(String.format(Locale.ROOT, "| max throughput, answers/s | %s | %s | %s | >= %.2f |%n",
            null == echoMax ? "-" : String.format(Locale.ROOT, "%,.0f", echoMax.throughput()),
            null == bourseMax ? "-" : String.format(Locale.ROOT, "%,.0f", bourseMax.throughput()),
            Results.ratio(throughputRatio()), THROUGHPUT_GOAL));
        final LoadResult echoRate = latency.get(Target.ECHO);
        final LoadResult bourseRate = latency.get(Target.BOURSE);
        md.append(String.format(Locale.ROOT, "| p99 at %,.0f/s, ms | %s | %s | %s | <= %.1f |%n", latencyRate,
            null == echoRate ? "-" : Results.ms(echoRate.percentileMs(99)),
            null == bourseRate ? "-" : Results.ms(bourseRate.percentileMs(99)), Results.ratio(p99Ratio()),
            P99_GOAL));
        md.append(String.format(Locale.ROOT, "| node CPU per request at %,.0f/s, us (all three nodes) | %s | %s | " +
            "%s | |%n", latencyRate, cpu(echoRate), cpu(bourseRate), null == echoRate || null == bourseRate ? "n/a" :
            Results.ratio(bourseRate.nodeCpuMicrosPerRequest() / echoRate.nodeCpuMicrosPerRequest())));
        md.append(String.format(Locale.ROOT, "| highest rate with p99 <= %s ms, requests/s | %s | %s | %s | |%n",
            Results.ms(p99BoundMs), sweeps.containsKey(Target.ECHO) ?
            String.format(Locale.ROOT, "%,.0f", highestPassingRate(Target.ECHO)) : "-",
            sweeps.containsKey(Target.BOURSE) ?
            String.format(Locale.ROOT, "%,.0f", highestPassingRate(Target.BOURSE)) : "-",
            Results.ratio(sweepRatio())));

        md.append("\n## Every load run\n\nLatency from the intended send time to the first answer (open loop; in " +
            "max mode from the actual send time). `measured` counts the requests in the histogram.\n\n")
            .append(Results.markdownHeader());
        final List<LoadResult> all = allRuns();
        for (final LoadResult result : all)
        {
            md.append(Results.markdownRow(result));
        }
        md.append("\nRejects: ").append(Results.rejectsMarkdown(all));

        if (!sweeps.isEmpty())
        {
            md.append(String.format(Locale.ROOT, "%n## Rate sweep%n%nA step passes when p99 <= %s ms, the " +
                "answers keep up with the rate (>= 95%%) and nothing is left unanswered; a failing step is " +
                "measured once more (`-retry`) and the sweep stops when that fails too%s.%n%n| target | rate/s | " +
                "answers/s | p50 ms | p99 ms | p99.9 ms | max ms | result |%n|---|---:|---:|---:|---:|---:|---:|---|%n",
                Results.ms(p99BoundMs), smoke ? " (not in smoke mode)" : ""));
            for (final Map.Entry<Target, List<SweepStep>> entry : sweeps.entrySet())
            {
                for (final SweepStep step : entry.getValue())
                {
                    final LoadResult result = step.result();
                    md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %s | %s | %s | %s | %s |%n",
                        entry.getKey().label(), result.rate(), result.throughput(),
                        Results.ms(result.percentileMs(50)), Results.ms(result.percentileMs(99)),
                        Results.ms(result.percentileMs(99.9)), Results.ms(result.maxMs()),
                        step.passed() ? "pass" : "fail"));
                }
            }
        }

        if (null != marketData)
        {
            final Histogram histogram = marketData.latencyNs();
            md.append(String.format(Locale.ROOT, "%n## Market data (Bourse)%n%nFrom the cluster timestamp of " +
                "the order's acceptance (the leader sequencing it) to the subscriber's book update, on the " +
                "followers' multicast feed (`MarketDataLatencyHarness`: a resting buy then an IOC sell that trades " +
                "it, %,d orders at %,d/s after a warm-up).%n%n| events | p50 ms | p90 ms | p99 ms | p99.9 ms | " +
                "max ms | apply rate (backlog) | duplicates | gaps | recoveries |%n|---:|---:|---:|---:|---:|---:|" +
                "---:|---:|---:|---:|%n| %,d | %s | %s | %s | %s | %s | %,.0f msgs/s (%,d in %.1f ms) | %,d | " +
                "%,d | %,d |%n", marketData.orders(), marketData.rate(), histogram.getTotalCount(),
                Results.ms(histogram.getValueAtPercentile(50) / 1e6),
                Results.ms(histogram.getValueAtPercentile(90) / 1e6),
                Results.ms(histogram.getValueAtPercentile(99) / 1e6),
                Results.ms(histogram.getValueAtPercentile(99.9) / 1e6), Results.ms(histogram.getMaxValue() / 1e6),
                marketData.applyRate(), marketData.backlogMessages(), marketData.backlogNs() / 1e6,
                marketData.duplicates(), marketData.gaps(), marketData.recoveries()));
        }

        if (null != recovery)
        {
            md.append("\n## Recovery\n\n");
            if (recovery.present())
            {
                md.append("`").append(E2eSuite.RECOVERY_CLASS).append("` exit code ").append(recovery.exitCode())
                    .append("; output in `").append(recovery.log().getFileName()).append("`, its end:\n\n```\n")
                    .append(recovery.tail()).append("\n```\n");
            }
            else
            {
                md.append(recovery.tail()).append(".\n");
            }
        }

        md.append("\n## Files\n\nOne `.hlog` (HdrHistogram interval log, ns) per load run, `latency-moderate.png` " +
            "and `latency-max.png` (latency by percentile, Bourse and echo), `summary.json`, the node logs in " +
            "`logs/`.\n");
        return md.toString();
    }

    private static String cpu(final LoadResult result)
    {
        return null == result || !Double.isFinite(result.nodeCpuMicrosPerRequest()) ? "-" :
            String.format(Locale.ROOT, "%.1f", result.nodeCpuMicrosPerRequest());
    }

    private List<LoadResult> allRuns()
    {
        final List<LoadResult> all = new ArrayList<>();
        for (final Target target : Target.values())
        {
            if (throughput.containsKey(target))
            {
                all.add(throughput.get(target));
            }
            if (latency.containsKey(target))
            {
                all.add(latency.get(target));
            }
            for (final SweepStep step : sweep(target))
            {
                all.add(step.result());
            }
        }
        return all;
    }

    private Map<String, Object> json(final double p99BoundMs, final double latencyRate)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("smoke", smoke);
        json.put("environment", Results.environment());
        json.put("load", loadDescription);
        json.put("command", command);
        final Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("maxThroughputBourseOverEcho", finite(throughputRatio()));
        ratios.put("p99AtModerateRateBourseOverEcho", finite(p99Ratio()));
        ratios.put("moderateRate", latencyRate);
        ratios.put("highestPassingRateBourseOverEcho", finite(sweepRatio()));
        ratios.put("p99BoundMs", p99BoundMs);
        json.put("ratios", ratios);
        final Map<String, Object> highest = new LinkedHashMap<>();
        for (final Target target : sweeps.keySet())
        {
            highest.put(target.label(), highestPassingRate(target));
        }
        json.put("highestPassingRate", highest);
        final List<Object> runs = new ArrayList<>();
        for (final LoadResult result : allRuns())
        {
            runs.add(Results.toMap(result));
        }
        json.put("runs", runs);
        final List<Object> steps = new ArrayList<>();
        for (final Map.Entry<Target, List<SweepStep>> entry : sweeps.entrySet())
        {
            for (final SweepStep step : entry.getValue())
            {
                final Map<String, Object> map = new LinkedHashMap<>();
                map.put("target", entry.getKey().label());
                map.put("rate", step.result().rate());
                map.put("name", step.result().name());
                map.put("passed", step.passed());
                steps.add(map);
            }
        }
        json.put("sweep", steps);
        if (null != marketData)
        {
            final Map<String, Object> md = new LinkedHashMap<>();
            final Histogram histogram = marketData.latencyNs();
            md.put("rate", marketData.rate());
            md.put("orders", marketData.orders());
            md.put("events", histogram.getTotalCount());
            md.put("p50Ms", histogram.getValueAtPercentile(50) / 1e6);
            md.put("p90Ms", histogram.getValueAtPercentile(90) / 1e6);
            md.put("p99Ms", histogram.getValueAtPercentile(99) / 1e6);
            md.put("p999Ms", histogram.getValueAtPercentile(99.9) / 1e6);
            md.put("maxMs", histogram.getMaxValue() / 1e6);
            md.put("applyRatePerSecond", marketData.applyRate());
            md.put("duplicates", marketData.duplicates());
            md.put("gaps", marketData.gaps());
            md.put("recoveries", marketData.recoveries());
            md.put("hlog", null == marketData.hlog() ? null : marketData.hlog().getName());
            json.put("marketData", md);
        }
        if (null != recovery)
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("present", recovery.present());
            map.put("exitCode", recovery.exitCode());
            map.put("log", null == recovery.log() ? null : recovery.log().getFileName().toString());
            json.put("recovery", map);
        }
        return json;
    }

    private static Object finite(final double value)
    {
        return Double.isFinite(value) ? value : null;
    }
}
