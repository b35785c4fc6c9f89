package dev.bourse.node;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * {@code bourse_matching_seconds}: the service time of ingress messages as a Prometheus histogram with fixed
 * buckets. The service thread times one message in {@link ServiceMetrics#TIMING_SAMPLE} and records it, standing
 * for that many, into an HdrHistogram recorder (wait-free, no allocation); each scrape moves the recorder's interval
 * into a cumulative histogram here and reads the bucket counts from it. Bucket edges are as precise as the recorder
 * (two significant digits, so within 1%); the count follows the message count to within the sample size, and the
 * sum is the sampled times' sum scaled the same way (the service thread keeps it apart).
 */
final class MatchingHistogramCollector implements Collector
{
    static final String NAME = "bourse_matching_seconds";
    /** Upper bounds of the buckets, in seconds (the last, +Inf, is implicit). */
    static final double[] UPPER_BOUNDS_SECONDS =
    {
        250e-9, 500e-9, 1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6,
        1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1.0, 2.5, 5.0, 10.0
    };

    private final ServiceMetrics source;
    private final Labels labels;
    private final Histogram cumulative = new Histogram(1, ServiceMetrics.HIGHEST_TRACKABLE_NS, 2);
    private final double[] upperBounds = new double[UPPER_BOUNDS_SECONDS.length + 1];
    private final long[] boundsNs = new long[UPPER_BOUNDS_SECONDS.length];
    private Histogram interval;

    MatchingHistogramCollector(final ServiceMetrics source, final int memberId)
    {
        this.source = source;
        this.labels = Labels.of("member", Integer.toString(memberId));
        for (int i = 0; i < UPPER_BOUNDS_SECONDS.length; i++)
        {
            upperBounds[i] = UPPER_BOUNDS_SECONDS[i];
            boundsNs[i] = Math.round(UPPER_BOUNDS_SECONDS[i] * 1e9);
        }
        upperBounds[UPPER_BOUNDS_SECONDS.length] = Double.POSITIVE_INFINITY;
    }

    /**
     * {@inheritDoc}
     */
    public String getPrometheusName()
    {
        return NAME;
    }

    /**
     * {@inheritDoc}
     */
    public synchronized MetricSnapshot collect()
    {
        interval = source.intervalMatchingHistogram(interval);
        cumulative.add(interval);
        final long[] counts = new long[upperBounds.length];
        long below = 0;
        for (int i = 0; i < boundsNs.length; i++)
        {
            final long upTo = cumulative.getCountBetweenValues(0, boundsNs[i]);
            counts[i] = upTo - below;
            below = upTo;
        }
        counts[boundsNs.length] = cumulative.getTotalCount() - below;
        final double sumSeconds = source.matchingSumNs() / (double)TimeUnit.SECONDS.toNanos(1);
        return HistogramSnapshot.builder()
            .name(NAME)
            .help("Service time of each ingress message in the exchange service (decode, checks, matching, reports)")
            .unit(Unit.SECONDS)
            .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(upperBounds, counts))
                .sum(sumSeconds)
                .labels(labels)
                .build())
            .build();
    }

    /**
     * The number of service times recorded so far, as of the last scrape.
     *
     * @return the count.
     */
    synchronized long count()
    {
        return cumulative.getTotalCount();
    }
}
