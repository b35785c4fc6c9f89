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
            assertEquals(2, summary.throughput(target).size(), target + ": a max-throughput run per round");
            assertEquals(2, summary.latency(target).size(), target + ": a moderate-rate run per round");
            for (int round = 0; round < 2; round++)
            {
                final LoadResult max = summary.throughput(target).get(round);
                assertRan(max, target + " max throughput, round " + (round + 1));
                assertTrue(max.isMax());
                assertTrue(max.name().endsWith("-r" + (round + 1)), max.name());
                assertRan(summary.latency(target).get(round), target + " latency, round " + (round + 1));
            }
            assertEquals(2, summary.sweep(target).size(), target + " sweep steps, last round only");
            for (final SuiteSummary.SweepStep step : summary.sweep(target))
            {
                assertRan(step.result(), target + " sweep step " + step.result().rate());
            }
        }
        assertTrue(summary.throughput(Target.BOURSE).get(0).fills() > 0, "Bourse traded");
        assertEquals(0, summary.throughput(Target.ECHO).get(0).fills(), "the echo service never trades");
        final double[] ratios = summary.throughputRatios();
        assertEquals(2, ratios.length);
        assertEquals((ratios[0] + ratios[1]) / 2, summary.throughputRatio(), 1e-12, "the median of two rounds");
        assertEquals(summary.throughput(Target.BOURSE).get(1).throughput() /
            summary.throughput(Target.ECHO).get(1).throughput(), ratios[1], 1e-12, "a ratio within its round");
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
        for (int round = 1; round <= 2; round++)
        {
            assertNonEmpty(dir.resolve("logs").resolve("round-" + round).resolve("bourse-node-0.log"));
        }
        final String markdown = Files.readString(dir.resolve("summary.md"));
        assertTrue(markdown.contains("| max throughput, answers/s (median of 2 rounds) |"), markdown);
        assertTrue(markdown.contains("## Rounds"), markdown);
        assertTrue(markdown.contains("## Market data (Bourse)"), markdown);
        assertTrue(markdown.contains("Latency by request kind, p50 / p99 ms") &&
            markdown.contains("| run | passive | aggressive IOC | aggressive limit | cancel | replace |"), markdown);
        assertTrue(markdown.contains("| rate/s | echo p99 ms | Bourse p99 ms | Bourse / echo | echo | Bourse |") &&
            markdown.contains("| 500 |") && markdown.contains("| 750 |"), "the sweep rate by rate: " + markdown);
        assertEquals(2, summary.sweepByRate().size(), "two sweep rates");
        final String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(json.contains("\"maxThroughputBourseOverEcho\"") && json.contains("\"keptUp\""), json);
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
