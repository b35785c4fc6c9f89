package dev.bourse.perf.e2e;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite's headline ratios are medians of the rounds' ratios, and the sweep judges its steps and reports the
 * highest passing rate wherever it is.
 */
class SuiteSummaryTest
{
    private static final double BOUND_MS = 10;
    private static final double SHORTFALL = 0.95;

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheMiddleTwo()
    {
        assertEquals(0.82, SuiteSummary.median(new double[]{0.92, 0.71, 0.82}), 1e-12);
        assertEquals(0.85, SuiteSummary.median(new double[]{0.9, 0.8}), 1e-12);
        assertEquals(0.7, SuiteSummary.median(new double[]{0.7}), 1e-12);
        assertTrue(Double.isNaN(SuiteSummary.median(new double[0])));
    }

    @Test
    void shouldNotReorderTheRoundsItIsGiven()
    {
        final double[] ratios = {0.92, 0.71, 0.82};
        SuiteSummary.median(ratios);
        assertEquals(0.92, ratios[0]);
        assertEquals(0.71, ratios[1]);
    }

    @Test
    void shouldPassAStepOnlyWhenItKeepsUpAndItsP99IsWithinTheBound()
    {
        final SuiteSummary.SweepStep fast = judge(Target.BOURSE, 1_000, 1_000, 0, 4);
        assertTrue(fast.keptUp() && fast.passed());

        final SuiteSummary.SweepStep slowTail = judge(Target.BOURSE, 1_000, 1_000, 0, 12);
        assertTrue(slowTail.keptUp(), "kept up");
        assertFalse(slowTail.passed(), "p99 over the bound");

        final SuiteSummary.SweepStep shortOfRate = judge(Target.BOURSE, 1_000, 940, 0, 4);
        assertFalse(shortOfRate.keptUp() || shortOfRate.passed(), "94% of the rate answered");

        final SuiteSummary.SweepStep unanswered = judge(Target.BOURSE, 1_000, 1_000, 3, 4);
        assertFalse(unanswered.keptUp() || unanswered.passed(), "requests left unanswered");
    }

    @Test
    void shouldReportTheHighestPassingRateAboveAFailingStepAndCompareTheTargetsRateByRate() throws IOException
    {
        final SuiteSummary summary = new SuiteSummary(dir, false, "test load", "test");
        summary.sweepStep(Target.ECHO, judge(Target.ECHO, 1_000, 1_000, 0, 3));
        summary.sweepStep(Target.ECHO, judge(Target.ECHO, 1_500, 1_500, 0, 11));
        summary.sweepStep(Target.ECHO, judge(Target.ECHO, 1_500, 1_500, 0, 10.5));
        summary.sweepStep(Target.ECHO, judge(Target.ECHO, 2_250, 2_250, 0, 6));
        summary.sweepStep(Target.ECHO, judge(Target.ECHO, 3_375, 2_000, 0, 900));
        summary.sweepStep(Target.BOURSE, judge(Target.BOURSE, 1_000, 1_000, 0, 5));
        summary.sweepStep(Target.BOURSE, judge(Target.BOURSE, 1_500, 1_500, 0, 8));

        assertEquals(2_250, summary.highestPassingRate(Target.ECHO), "above the failing 1,500/s");
        assertEquals(1_500, summary.highestPassingRate(Target.BOURSE));
        assertEquals(1_500.0 / 2_250, summary.sweepRatio(), 1e-12);

        final Map<Double, Map<Target, SuiteSummary.SweepStep>> byRate = summary.sweepByRate();
        assertEquals(List.of(1_000.0, 1_500.0, 2_250.0, 3_375.0), List.copyOf(byRate.keySet()));
        assertEquals(10.5, byRate.get(1_500.0).get(Target.ECHO).result().percentileMs(99), 0.1, "the retry decides");
        assertFalse(byRate.get(2_250.0).containsKey(Target.BOURSE));

        summary.write(BOUND_MS, 2_000);
        final String markdown = Files.readString(dir.resolve("summary.md"));
        assertTrue(markdown.contains("| highest rate with p99 <= 10.0 ms, requests/s | 2,250 | 1,500 | 0.67 | |"),
            markdown);
        assertTrue(markdown.contains("| 1,500 | 10.5 | 8.00 | 0.76 | fail: p99 | pass |"), markdown);
        assertTrue(markdown.contains("| 3,375 |"), markdown);
        assertTrue(markdown.contains("fail: does not keep up | - |"), markdown);
    }

    private static SuiteSummary.SweepStep judge(
        final Target target, final double rate, final double answersPerSecond, final long unanswered,
        final double p99Ms)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final long count = (long)(answersPerSecond * 10);
        final long p99Ns = (long)(p99Ms * 1e6);
        for (long i = 0; i < count; i++)
        {
            histogram.recordValue(i < count * 98 / 100 ? p99Ns / 4 : p99Ns);
        }
        final LoadResult result = new LoadResult(target.label() + "-sweep-" + (long)rate, target, rate, 0, 10,
            count + unanswered, count + unanswered, count, unanswered, 0, count, 0, 0, 0, Map.of(), Map.of(),
            histogram, Map.of(), Path.of(target.label() + "-sweep-" + (long)rate + ".hlog"), 1);
        return SuiteSummary.SweepStep.judge(result, BOUND_MS, SHORTFALL);
    }
}
