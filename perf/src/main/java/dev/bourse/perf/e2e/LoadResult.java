package dev.bourse.perf.e2e;

import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one load run.
 *
 * @param name              the run's name.
 * @param target            exchange or echo.
 * @param rate              the target rate in requests per second, 0 for "max" (closed window).
 * @param window            the bound of requests in flight in "max" mode.
 * @param measuredSeconds   length of the measured window (after the warm-up).
 * @param sent              requests sent in the whole run, warm-up included.
 * @param sentMeasured      requests intended for the measured window and sent.
 * @param answeredInWindow  answers that arrived within the measured window.
 * @param unanswered        requests without an answer when the run ended (counted in the histogram).
 * @param notSent           attempts the client refused (ingress back-pressure or too many pending; retried).
 * @param reports           execution reports received (answers, fills, cancels).
 * @param fills             fill reports received (both sides of each trade that involves the load's accounts).
 * @param resends           requests the clients resent (answer overdue or leader change).
 * @param duplicateAnswers  answers that were the cluster's reply to a resend.
 * @param sentByKind        requests sent by kind (passive, aggressive, cancel, replace).
 * @param rejects           rejects by request kind and reason, e.g. "cancel UNKNOWN_ORDER".
 * @param histogram         latency in ns of the measured requests: intended send time to first answer.
 * @param latencyByKind     the same, by request kind ({@link Mix#KIND_NAMES}), kinds with measured requests only.
 * @param hlog              the HdrHistogram interval log of the measured window.
 * @param nodeCpuSeconds    CPU time the three node processes used during the run (warm-up included), or -1 if
 *                          unknown: per request it is a measure of cost that does not depend on how busy the machine
 *                          is.
 */
public record LoadResult(
    String name,
    Target target,
    double rate,
    int window,
    double measuredSeconds,
    long sent,
    long sentMeasured,
    long answeredInWindow,
    long unanswered,
    long notSent,
    long reports,
    long fills,
    long resends,
    long duplicateAnswers,
    Map<String, Long> sentByKind,
    Map<String, Long> rejects,
    Histogram histogram,
    Map<String, Histogram> latencyByKind,
    Path hlog,
    double nodeCpuSeconds)
{
    /** Percentiles reported everywhere. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    /**
     * @return answers per second within the measured window.
     */
    public double throughput()
    {
        return answeredInWindow / measuredSeconds;
    }

    /**
     * @return requests sent per second for the measured window.
     */
    public double achievedRate()
    {
        return sentMeasured / measuredSeconds;
    }

    /**
     * @return true for a closed-window ("max") run.
     */
    public boolean isMax()
    {
        return 0 == rate;
    }

    /**
     * Latency at a percentile, in milliseconds.
     *
     * @param percentile e.g. 99.9.
     * @return the latency.
     */
    public double percentileMs(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /**
     * @param percentile e.g. 99.
     * @return latency at that percentile by request kind, in milliseconds, in {@link Mix#KIND_NAMES} order.
     */
    public Map<String, Double> percentileMsByKind(final double percentile)
    {
        final Map<String, Double> byKind = new LinkedHashMap<>();
        latencyByKind.forEach(
            (kind, kindHistogram) -> byKind.put(kind, kindHistogram.getValueAtPercentile(percentile) / 1e6));
        return byKind;
    }

    /**
     * @return the largest latency, in milliseconds.
     */
    public double maxMs()
    {
        return histogram.getMaxValue() / 1e6;
    }

    /**
     * @return node CPU time per request sent, in microseconds, or NaN if unknown.
     */
    public double nodeCpuMicrosPerRequest()
    {
        return nodeCpuSeconds < 0 || 0 == sent ? Double.NaN : nodeCpuSeconds * 1e6 / sent;
    }

    /**
     * @return total rejects of every kind.
     */
    public long rejectCount()
    {
        return rejects.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @return "max (window N)" or "N/s".
     */
    public String rateLabel()
    {
        return isMax() ? "max (window " + window + ")" : String.format("%,.0f/s", rate);
    }
}
