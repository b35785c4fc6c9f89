package dev.bourse.perf.e2e;

import dev.bourse.perf.MarketDataLatencyHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the end-to-end suite's smoke version (three node JVMs per target, a few seconds per part) so that the
 * harness never rots. It checks that every part produced results and files, never how fast anything was. The
 * recovery part is left out: the recovery benchmark has its own smoke test.
 */
class E2eSuiteSmokeTest
{
    @TempDir
    Path out;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldRunEveryPartOfTheSmokeSuiteAndWriteItsResults() throws IOException
    {
        final SuiteSummary summary = E2eSuite.run(new String[]
            {"--smoke", "--parts", "throughput,latency,sweep,md", "--out", out.toString()}, System.out);

        for (final Target target : Target.values())
        {
            assertRan(summary.throughput(target), target + " max throughput");
            assertTrue(summary.throughput(target).isMax());
            assertRan(summary.latency(target), target + " latency");
            assertEquals(2, summary.sweep(target).size(), target + " sweep steps");
            for (final SuiteSummary.SweepStep step : summary.sweep(target))
            {
                assertRan(step.result(), target + " sweep step " + step.result().rate());
            }
        }
        assertTrue(summary.throughput(Target.BOURSE).fills() > 0, "Bourse traded");
        assertEquals(0, summary.throughput(Target.ECHO).fills(), "the echo service never trades");
        assertTrue(Double.isFinite(summary.throughputRatio()) && summary.throughputRatio() > 0);
        assertTrue(Double.isFinite(summary.p99Ratio()) && summary.p99Ratio() > 0);

        final MarketDataLatencyHarness.Result marketData = summary.marketData();
        assertNotNull(marketData, "market data ran");
        assertTrue(marketData.events() > 0 && marketData.latencyNs().getTotalCount() > 0, "market-data events");
        assertNonEmpty(marketData.hlog().toPath());

        final Path dir = summary.dir();
        assertNonEmpty(dir.resolve("summary.md"));
        assertNonEmpty(dir.resolve("summary.json"));
        assertNonEmpty(dir.resolve("latency-moderate.png"));
        assertNonEmpty(dir.resolve("latency-max.png"));
        final String markdown = Files.readString(dir.resolve("summary.md"));
        assertTrue(markdown.contains("| max throughput, answers/s |"), markdown);
        assertTrue(markdown.contains("## Market data (Bourse)"), markdown);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"maxThroughputBourseOverEcho\""));
    }

    private static void assertRan(final LoadResult result, final String what) throws IOException
    {
        assertNotNull(result, what);
        assertTrue(result.sent() > 0, what + ": requests sent");
        assertTrue(result.histogram().getTotalCount() > 0, what + ": latencies recorded");
        assertTrue(result.answeredInWindow() > 0, what + ": answers in the measured window");
        assertNonEmpty(result.hlog());
    }

    private static void assertNonEmpty(final Path file) throws IOException
    {
        assertTrue(Files.isRegularFile(file) && Files.size(file) > 0, file + " written");
    }
}
