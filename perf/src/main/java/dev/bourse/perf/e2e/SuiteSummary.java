package dev.bourse.perf.e2e;

import dev.bourse.perf.MarketDataLatencyHarness;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The results of one suite run, and its summary: {@code summary.md}, {@code summary.json} and the plots
 * ({@code latency-moderate.png}: echo and Bourse at the moderate rate; {@code latency-max.png}: both at maximum
 * throughput). Ratios are Bourse over echo, both measured in the same run: with several rounds, each ratio is taken
 * within a round (echo then Bourse, minutes apart at most) and the headline is the median of the rounds' ratios.
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
     * @param keptUp whether the answers kept up with the rate (at least the shortfall fraction of it per second)
     *               and none was left unanswered.
     * @param passed whether it kept up and p99 stayed under the bound.
     */
    public record SweepStep(LoadResult result, boolean keptUp, boolean passed)
    {
        /**
         * Judge a sweep step's run.
         *
         * @param result    the run.
         * @param boundMs   the p99 bound, ms.
         * @param shortfall the fraction of the rate the answers per second must reach.
         * @return the step.
         */
        public static SweepStep judge(final LoadResult result, final double boundMs, final double shortfall)
        {
            final boolean keptUp = result.throughput() >= shortfall * result.rate() && 0 == result.unanswered();
            return new SweepStep(result, keptUp, keptUp && result.percentileMs(99) <= boundMs);
        }
    }

    private final Path dir;
    private final boolean smoke;
    private final String loadDescription;
    private final String command;
    private final Map<Target, List<LoadResult>> throughput = new EnumMap<>(Target.class);
    private final Map<Target, List<LoadResult>> latency = new EnumMap<>(Target.class);
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
        throughput.computeIfAbsent(target, (t) -> new ArrayList<>()).add(result);
    }

    void latency(final Target target, final LoadResult result)
    {
        latency.computeIfAbsent(target, (t) -> new ArrayList<>()).add(result);
    }

    void sweepStep(final Target target, final SweepStep step)
    {
        sweeps.computeIfAbsent(target, (t) -> new ArrayList<>()).add(step);
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
     * @return its max-throughput runs, one per round (empty if none).
     */
    public List<LoadResult> throughput(final Target target)
    {
        return throughput.getOrDefault(target, List.of());
    }

    /**
     * @param target the target.
     * @return its runs at the moderate rate, one per round (empty if none).
     */
    public List<LoadResult> latency(final Target target)
    {
        return latency.getOrDefault(target, List.of());
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
        return median(throughputRatios());
    }

    /**
     * @return Bourse's max throughput over the echo's in each round that ran both.
     */
    public double[] throughputRatios()
    {
        return ratios(throughput, LoadResult::throughput);
    }

    /**
     * @return Bourse's p99 at the moderate rate over the echo's in each round that ran both.
     */
    public double[] p99Ratios()
    {
        return ratios(latency, (result) -> result.percentileMs(99));
    }

    private static double[] ratios(
        final Map<Target, List<LoadResult>> runs, final ToDoubleFunction<LoadResult> measure)
    {
        final List<LoadResult> echo = runs.getOrDefault(Target.ECHO, List.of());
        final List<LoadResult> bourse = runs.getOrDefault(Target.BOURSE, List.of());
        final double[] ratios = new double[Math.min(echo.size(), bourse.size())];
        for (int i = 0; i < ratios.length; i++)
        {
            ratios[i] = measure.applyAsDouble(bourse.get(i)) / measure.applyAsDouble(echo.get(i));
        }
        return ratios;
    }

    /**
     * @param values some values.
     * @return their median (the mean of the middle two for an even count), NaN if there are none.
     */
    static double median(final double[] values)
    {
        if (0 == values.length)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return 0 == sorted.length % 2 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle];
    }

    private static double median(final List<LoadResult> runs, final ToDoubleFunction<LoadResult> measure)
    {
        final double[] values = new double[runs.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = measure.applyAsDouble(runs.get(i));
        }
        return median(values);
    }

    /**
     * @return Bourse's p99 at the moderate rate over the echo's (NaN when one is missing).
     */
    public double p99Ratio()
    {
        return median(p99Ratios());
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
                "Bourse vs echo, open loop at %,.0f requests/s", latencyRate), lastRounds(latency));
        }
        if (!throughput.isEmpty())
        {
            Results.plot(dir.resolve("latency-max.png"), "Bourse vs echo at maximum throughput (closed window)",
                lastRounds(throughput));
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

        final int rounds = Math.max(roundCount(throughput), roundCount(latency));
        final String median = rounds > 1 ? " (median of " + rounds + " rounds)" : "";
        md.append("## Bourse / echo\n\n");
        if (rounds > 1)
        {
            md.append("Each ratio is the median of the rounds' own ratios (echo then Bourse on fresh clusters in " +
                "every round; see Rounds below); the echo and Bourse columns are each target's median.\n\n");
        }
        md.append("| measure | echo | Bourse | Bourse / echo | goal |\n|---|---:|---:|---:|---|\n");
        md.append(String.format(Locale.ROOT, "| max throughput, answers/s%s | %s | %s | %s | >= %.2f |%n", median,
            count(median(throughput(Target.ECHO), LoadResult::throughput)),
            count(median(throughput(Target.BOURSE), LoadResult::throughput)),
            Results.ratio(throughputRatio()), THROUGHPUT_GOAL));
        md.append(String.format(Locale.ROOT, "| p99 at %,.0f/s, ms%s | %s | %s | %s | <= %.1f |%n", latencyRate,
            median, ms(median(latency(Target.ECHO), (r) -> r.percentileMs(99))),
            ms(median(latency(Target.BOURSE), (r) -> r.percentileMs(99))), Results.ratio(p99Ratio()), P99_GOAL));
        final double echoCpu = median(latency(Target.ECHO), LoadResult::nodeCpuMicrosPerRequest);
        final double bourseCpu = median(latency(Target.BOURSE), LoadResult::nodeCpuMicrosPerRequest);
        md.append(String.format(Locale.ROOT, "| node CPU per request at %,.0f/s, us (all three nodes)%s | %s | %s | " +
            "%s | |%n", latencyRate, median, cpu(echoCpu), cpu(bourseCpu),
            Double.isFinite(echoCpu) && Double.isFinite(bourseCpu) ? Results.ratio(bourseCpu / echoCpu) : "n/a"));
        md.append(String.format(Locale.ROOT, "| highest rate with p99 <= %s ms, requests/s | %s | %s | %s | |%n",
            Results.ms(p99BoundMs), sweeps.containsKey(Target.ECHO) ?
            String.format(Locale.ROOT, "%,.0f", highestPassingRate(Target.ECHO)) : "-",
            sweeps.containsKey(Target.BOURSE) ?
            String.format(Locale.ROOT, "%,.0f", highestPassingRate(Target.BOURSE)) : "-",
            Results.ratio(sweepRatio())));

        if (rounds > 1)
        {
            md.append(roundsMarkdown(latencyRate));
        }

        md.append("\n## Every load run\n\nLatency from the intended send time to the first answer (open loop; in " +
            "max mode from the actual send time). `measured` counts the requests in the histogram.\n\n")
            .append(Results.markdownHeader());
        final List<LoadResult> all = allRuns();
        for (final LoadResult result : all)
        {
            md.append(Results.markdownRow(result));
        }
        md.append("\nRejects: ").append(Results.rejectsMarkdown(all));
        md.append("\n\nLatency by request kind, p50 / p99 ms (the same runs):\n\n").append(Results.kindHeader());
        for (final LoadResult result : all)
        {
            md.append(Results.kindRow(result));
        }

        if (!sweeps.isEmpty())
        {
            md.append(String.format(Locale.ROOT, "%n## Rate sweep%n%nA step passes when p99 <= %s ms, the " +
                "answers keep up with the rate (>= 95%%) and nothing is left unanswered; a failing step is " +
                "measured once more (`-retry`)%s. A step over the p99 bound does not end the sweep (p99 is not " +
                "monotonic in the rate on a shared machine: at moderate rates the agents' backoff parks set the " +
                "tail, at higher rates they stay awake); a rate the cluster does not keep up with, twice, does. " +
                "The highest rate with p99 <= the bound is the highest passing step, wherever it is.%n%n",
                Results.ms(p99BoundMs), smoke ? " (not in smoke mode)" : ""));
            md.append(sweepComparisonMarkdown());
            md.append("\nEvery step:\n\n| run | rate/s | answers/s | p50 ms | p99 ms | p99.9 ms | max ms | " +
                "result |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (final Map.Entry<Target, List<SweepStep>> entry : sweeps.entrySet())
            {
                for (final SweepStep step : entry.getValue())
                {
                    final LoadResult result = step.result();
                    md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %s | %s | %s | %s | %s |%n",
                        result.name(), result.rate(), result.throughput(),
                        Results.ms(result.percentileMs(50)), Results.ms(result.percentileMs(99)),
                        Results.ms(result.percentileMs(99.9)), Results.ms(result.maxMs()), verdict(step)));
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
            "and `latency-max.png` (latency by percentile, the last round's runs), `summary.json`, the node logs in " +
            "`logs/` (`logs/round-N/` with several rounds).\n");
        return md.toString();
    }

    private String roundsMarkdown(final double latencyRate)
    {
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## Rounds%n%n| round | echo max " +
            "answers/s | Bourse max answers/s | throughput ratio | echo p99 at %,.0f/s, ms | Bourse p99, ms | " +
            "p99 ratio |%n|---:|---:|---:|---:|---:|---:|---:|%n", latencyRate));
        final double[] throughputRatios = throughputRatios();
        final double[] p99Ratios = p99Ratios();
        final int rounds = Math.max(roundCount(throughput), roundCount(latency));
        for (int i = 0; i < rounds; i++)
        {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s |%n", i + 1,
                count(measure(throughput(Target.ECHO), i, LoadResult::throughput)),
                count(measure(throughput(Target.BOURSE), i, LoadResult::throughput)),
                i < throughputRatios.length ? Results.ratio(throughputRatios[i]) : "-",
                ms(measure(latency(Target.ECHO), i, (r) -> r.percentileMs(99))),
                ms(measure(latency(Target.BOURSE), i, (r) -> r.percentileMs(99))),
                i < p99Ratios.length ? Results.ratio(p99Ratios[i]) : "-"));
        }
        return md.toString();
    }

    private static int roundCount(final Map<Target, List<LoadResult>> runs)
    {
        int count = 0;
        for (final List<LoadResult> list : runs.values())
        {
            count = Math.max(count, list.size());
        }
        return count;
    }

    private static double measure(final List<LoadResult> runs, final int round, final ToDoubleFunction<LoadResult> f)
    {
        return round < runs.size() ? f.applyAsDouble(runs.get(round)) : Double.NaN;
    }

    private static List<LoadResult> lastRounds(final Map<Target, List<LoadResult>> runs)
    {
        final List<LoadResult> last = new ArrayList<>();
        for (final List<LoadResult> list : runs.values())
        {
            last.add(list.get(list.size() - 1));
        }
        return last;
    }

    private static String count(final double value)
    {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : "-";
    }

    private static String ms(final double value)
    {
        return Double.isFinite(value) ? Results.ms(value) : "-";
    }

    private static String cpu(final double value)
    {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "-";
    }

    /**
     * The sweep's decisive step (the retry, if there was one) of each target at each rate, lowest rate first.
     *
     * @return rate to target to step.
     */
    public SortedMap<Double, Map<Target, SweepStep>> sweepByRate()
    {
        final SortedMap<Double, Map<Target, SweepStep>> byRate = new TreeMap<>();
        for (final Map.Entry<Target, List<SweepStep>> entry : sweeps.entrySet())
        {
            for (final SweepStep step : entry.getValue())
            {
                byRate.computeIfAbsent(step.result().rate(), (r) -> new EnumMap<>(Target.class))
                    .put(entry.getKey(), step);
            }
        }
        return byRate;
    }

    private String sweepComparisonMarkdown()
    {
        final StringBuilder md = new StringBuilder("| rate/s | echo p99 ms | Bourse p99 ms | Bourse / echo | echo | " +
            "Bourse |\n|---:|---:|---:|---:|---|---|\n");
        for (final Map.Entry<Double, Map<Target, SweepStep>> entry : sweepByRate().entrySet())
        {
            final SweepStep echo = entry.getValue().get(Target.ECHO);
            final SweepStep bourse = entry.getValue().get(Target.BOURSE);
            final double echoP99 = null == echo ? Double.NaN : echo.result().percentileMs(99);
            final double bourseP99 = null == bourse ? Double.NaN : bourse.result().percentileMs(99);
            md.append(String.format(Locale.ROOT, "| %,.0f | %s | %s | %s | %s | %s |%n", entry.getKey(),
                ms(echoP99), ms(bourseP99), Double.isFinite(echoP99) && Double.isFinite(bourseP99) && echoP99 > 0 ?
                Results.ratio(bourseP99 / echoP99) : "-", null == echo ? "-" : verdict(echo),
                null == bourse ? "-" : verdict(bourse)));
        }
        return md.toString();
    }

    private static String verdict(final SweepStep step)
    {
        return step.passed() ? "pass" : step.keptUp() ? "fail: p99" : "fail: does not keep up";
    }

    private List<LoadResult> allRuns()
    {
        final List<LoadResult> all = new ArrayList<>();
        for (final Target target : Target.values())
        {
            all.addAll(throughput(target));
            all.addAll(latency(target));
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
        ratios.put("maxThroughputBourseOverEchoByRound", finiteList(throughputRatios()));
        ratios.put("p99AtModerateRateBourseOverEchoByRound", finiteList(p99Ratios()));
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
                map.put("p99Ms", finite(step.result().percentileMs(99)));
                map.put("throughput", step.result().throughput());
                map.put("keptUp", step.keptUp());
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

    private static List<Object> finiteList(final double[] values)
    {
        final List<Object> list = new ArrayList<>();
        for (final double value : values)
        {
            list.add(finite(value));
        }
        return list;
    }
}
