package dev.bourse.perf.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.agrona.SystemUtil;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writing results: run directories, JSON (Jackson), Markdown tables and percentile plots (XChart, headless PNG,
 * latency by percentile on a log "nines" axis, as HdrHistogram's plotter draws them).
 */
public final class Results
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results()
    {
    }

    /**
     * Make {@code root/<timestamp>-<name>}.
     *
     * @param root the results root, e.g. perf/results.
     * @param name the run's name.
     * @return the new directory.
     */
    public static Path newRunDirectory(final Path root, final String name)
    {
        final Path dir = root.resolve(LocalDateTime.now().format(STAMP) + "-" + name);
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return dir;
    }

    /**
     * A duration in seconds: a bare number is seconds, otherwise Agrona's format (e.g. 500ms, 10s).
     *
     * @param name  the option, for errors.
     * @param value the text.
     * @return seconds.
     */
    public static double parseSeconds(final String name, final String value)
    {
        final String text = value.strip();
        if (text.chars().allMatch((c) -> Character.isDigit(c) || '.' == c))
        {
            return Double.parseDouble(text);
        }
        return SystemUtil.parseDuration(name, text) / 1e9;
    }

    /**
     * One run as JSON-ready values.
     *
     * @param result the run.
     * @return name, target, rates, counts, percentiles (ms), rejects, files.
     */
    public static Map<String, Object> toMap(final LoadResult result)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", result.name());
        map.put("target", result.target().label());
        map.put("rate", result.isMax() ? "max" : result.rate());
        if (result.isMax())
        {
            map.put("window", result.window());
        }
        map.put("measuredSeconds", result.measuredSeconds());
        map.put("throughputPerSecond", round(result.throughput()));
        map.put("achievedSendRatePerSecond", round(result.achievedRate()));
        map.put("sent", result.sent());
        map.put("sentMeasured", result.sentMeasured());
        map.put("answeredInWindow", result.answeredInWindow());
        map.put("measuredRequests", result.histogram().getTotalCount());
        map.put("unanswered", result.unanswered());
        map.put("clientRefusals", result.notSent());
        map.put("reports", result.reports());
        map.put("fills", result.fills());
        map.put("resends", result.resends());
        map.put("duplicateAnswers", result.duplicateAnswers());
        map.put("nodeCpuSeconds", result.nodeCpuSeconds());
        map.put("nodeCpuMicrosPerRequest", Double.isFinite(result.nodeCpuMicrosPerRequest()) ?
            round(result.nodeCpuMicrosPerRequest()) : null);
        final Map<String, Object> latency = new LinkedHashMap<>();
        for (final double percentile : LoadResult.PERCENTILES)
        {
            latency.put("p" + trim(percentile), round(result.percentileMs(percentile)));
        }
        latency.put("max", round(result.maxMs()));
        map.put("latencyMs", latency);
        map.put("sentByKind", result.sentByKind());
        final Map<String, Object> p99ByKind = new LinkedHashMap<>();
        result.percentileMsByKind(99).forEach((kind, ms) -> p99ByKind.put(kind, round(ms)));
        map.put("p99MsByKind", p99ByKind);
        map.put("rejects", result.rejects());
        map.put("hlog", result.hlog().getFileName().toString());
        return map;
    }

    /**
     * Write an object as indented JSON.
     *
     * @param file  the file.
     * @param value maps, lists, numbers and strings.
     */
    public static void writeJson(final Path file, final Object value)
    {
        try
        {
            JSON.writeValue(file.toFile(), value);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Write text.
     *
     * @param file the file.
     * @param text the text.
     */
    public static void writeText(final Path file, final String text)
    {
        try
        {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The Markdown table header for {@link #markdownRow}.
     *
     * @return two lines.
     */
    public static String markdownHeader()
    {
        return "| run | target | rate | throughput/s | sent/s | p50 ms | p90 ms | p99 ms | p99.9 ms | p99.99 ms | " +
            "max ms | measured | unanswered | rejects | fills | node CPU us/request |\n" +
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    }

    /**
     * One run as a Markdown table row.
     *
     * @param result the run.
     * @return the row, with a newline.
     */
    public static String markdownRow(final LoadResult result)
    {
        return String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f | %s | %s | %s | %s | %s | %s | %,d | " +
            "%,d | %,d | %,d | %s |%n", result.name(), result.target().label(), result.rateLabel(), result.throughput(),
            result.achievedRate(), ms(result.percentileMs(50)), ms(result.percentileMs(90)),
            ms(result.percentileMs(99)), ms(result.percentileMs(99.9)), ms(result.percentileMs(99.99)),
            ms(result.maxMs()), result.histogram().getTotalCount(), result.unanswered(), result.rejectCount(),
            result.fills(), Double.isFinite(result.nodeCpuMicrosPerRequest()) ?
            String.format(Locale.ROOT, "%.1f", result.nodeCpuMicrosPerRequest()) : "-");
    }

    /**
     * @return the header of {@link #kindRow}'s table: p50 / p99 by request kind.
     */
    public static String kindHeader()
    {
        final StringBuilder header = new StringBuilder("| run |");
        final StringBuilder rule = new StringBuilder("|---|");
        for (final String kind : Mix.KIND_NAMES)
        {
            header.append(' ').append(kind).append(" |");
            rule.append("---:|");
        }
        return header.append('\n').append(rule).append('\n').toString();
    }

    /**
     * One run's p50 / p99 latency by request kind, in milliseconds, as a Markdown table row ("-" for a kind the
     * run did not send).
     *
     * @param result the run.
     * @return the row, with a newline.
     */
    public static String kindRow(final LoadResult result)
    {
        final Map<String, Double> p50 = result.percentileMsByKind(50);
        final Map<String, Double> p99 = result.percentileMsByKind(99);
        final StringBuilder row = new StringBuilder("| ").append(result.name()).append(" |");
        for (final String kind : Mix.KIND_NAMES)
        {
            row.append(' ').append(p99.containsKey(kind) ? ms(p50.get(kind)) + " / " + ms(p99.get(kind)) : "-")
                .append(" |");
        }
        return row.append('\n').toString();
    }

    /**
     * A few lines describing one run, for the console.
     *
     * @param result the run.
     * @return the text.
     */
    public static String describe(final LoadResult result)
    {
        final StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s (%s, %s): throughput %,.0f answers/s, sent %,.0f/s; " +
            "latency from intended send time, %,d requests:", result.name(), result.target().label(),
            result.rateLabel(), result.throughput(), result.achievedRate(), result.histogram().getTotalCount()));
        for (final double percentile : LoadResult.PERCENTILES)
        {
            text.append(String.format(Locale.ROOT, " p%s %s ms", trim(percentile),
                ms(result.percentileMs(percentile))));
        }
        text.append(String.format(Locale.ROOT, " max %s ms%n", ms(result.maxMs())));
        text.append(String.format(Locale.ROOT, "  unanswered %,d, client refusals (retried) %,d, resends %,d, " +
            "reports %,d, fills %,d, node CPU %.1f us/request; sent by kind %s; rejects %s", result.unanswered(),
            result.notSent(), result.resends(), result.reports(), result.fills(), result.nodeCpuMicrosPerRequest(),
            result.sentByKind(), result.rejects()));
        text.append(String.format(Locale.ROOT, "%n  p50 / p99 by kind:"));
        final Map<String, Double> p50 = result.percentileMsByKind(50);
        result.percentileMsByKind(99).forEach((kind, p99) -> text.append(String.format(Locale.ROOT, " %s %s / %s ms;",
            kind, ms(p50.get(kind)), ms(p99))));
        return text.toString();
    }

    /**
     * The rejects of some runs as a Markdown list, or "none".
     *
     * @param results the runs.
     * @return the text.
     */
    public static String rejectsMarkdown(final List<LoadResult> results)
    {
        final StringBuilder text = new StringBuilder();
        for (final LoadResult result : results)
        {
            if (!result.rejects().isEmpty())
            {
                text.append("- ").append(result.name()).append(": ").append(result.rejects()).append('\n');
            }
        }
        return text.length() == 0 ? "none\n" : text.toString();
    }

    /**
     * Latency by percentile of several runs on one chart: x is log10(1 / (1 - percentile)), labelled in percent
     * (90%, 99%, 99.9%, ...), as HdrHistogram's plots; y is milliseconds on a log axis.
     *
     * @param png     the file to write.
     * @param title   the chart title.
     * @param results the runs, one series each.
     */
    public static void plot(final Path png, final String title, final List<LoadResult> results)
    {
        System.setProperty("java.awt.headless", "true");
        final XYChart chart = new XYChartBuilder().width(1000).height(600).title(title)
            .xAxisTitle("percentile").yAxisTitle("latency to the first answer (ms, log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Results::nines);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        for (final LoadResult result : results)
        {
            if (result.histogram().getTotalCount() == 0)
            {
                continue;
            }
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final HistogramIterationValue value : result.histogram().percentiles(5))
            {
                final double fraction = value.getPercentileLevelIteratedTo() / 100.0;
                if (fraction >= 1.0 || 1.0 / (1.0 - fraction) > 1e6)
                {
                    break;
                }
                x.add(Math.log10(1.0 / (1.0 - fraction)));
                y.add(Math.max(0.001, value.getValueIteratedTo() / 1e6));
            }
            final Histogram histogram = result.histogram();
            x.add(Math.log10(Math.min(1e6, Math.max(2.0, histogram.getTotalCount()))));
            y.add(Math.max(0.001, histogram.getMaxValue() / 1e6));
            final XYSeries series = chart.addSeries(result.target().label() + " " + result.rateLabel() + " (" +
                result.name() + ")", x, y);
            series.setMarker(SeriesMarkers.NONE);
        }
        try
        {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String nines(final Double x)
    {
        if (Math.abs(x - Math.rint(x)) > 1e-6)
        {
            return "";
        }
        final double percentile = 100.0 * (1.0 - Math.pow(10, -Math.rint(x)));
        return trim(Math.round(percentile * 10_000) / 10_000.0) + "%";
    }

    /**
     * Results of a single {@link LoadGenerator} run: summary.md, summary.json and latency.png.
     *
     * @param dir     the run directory.
     * @param result  the run.
     * @param options its load options.
     */
    public static void writeSingleRun(final Path dir, final LoadResult result, final LoadOptions options)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("environment", environment());
        json.put("load", options.describe());
        json.put("run", toMap(result));
        writeJson(dir.resolve("summary.json"), json);
        plot(dir.resolve("latency.png"), "Bourse end-to-end: " + result.name(), List.of(result));
        writeText(dir.resolve("summary.md"), "# End-to-end load: " + result.name() + "\n\n" +
            environmentMarkdown() + "\nLoad: " + options.describe() + ".\n\n" + markdownHeader() +
            markdownRow(result) + "\nRejects: " + rejectsMarkdown(List.of(result)) +
            "\nFiles: `" + result.hlog().getFileName() + "` (HdrHistogram log), `latency.png`, `summary.json`.\n");
    }

    /**
     * Host, cores, Java and load average, as JSON-ready values.
     *
     * @return the environment.
     */
    public static Map<String, Object> environment()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("time", LocalDateTime.now().toString());
        map.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch"));
        map.put("cores", Runtime.getRuntime().availableProcessors());
        map.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        map.put("loadAverage", loadAverage());
        return map;
    }

    /**
     * The environment as Markdown lines.
     *
     * @return the text.
     */
    public static String environmentMarkdown()
    {
        final Map<String, Object> environment = environment();
        return "Measured " + environment.get("time") + " on " + environment.get("os") + ", " +
            environment.get("cores") + " cores shared by the three nodes and the load generator, " +
            environment.get("java") + "; load average (1/5/15 min) at the end: " + environment.get("loadAverage") +
            ".\n";
    }

    /**
     * @return the 1, 5 and 15 minute load averages from /proc/loadavg, or the JVM's 1 minute figure.
     */
    public static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * A latency in ms for tables: 3 significant figures or so.
     *
     * @param ms milliseconds.
     * @return the text.
     */
    public static String ms(final double ms)
    {
        if (ms >= 100)
        {
            return String.format(Locale.ROOT, "%,.0f", ms);
        }
        if (ms >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    /**
     * A ratio for tables.
     *
     * @param ratio the ratio.
     * @return e.g. "0.93".
     */
    public static String ratio(final double ratio)
    {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "n/a";
    }

    private static String trim(final double value)
    {
        final String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    private static double round(final double value)
    {
        return Math.round(value * 1000) / 1000.0;
    }
}
