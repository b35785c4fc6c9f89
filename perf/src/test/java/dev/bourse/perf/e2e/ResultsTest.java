package dev.bourse.perf.e2e;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBareNumbersAsSecondsAndUnitsAsAgronaDurations()
    {
        assertEquals(30.0, Results.parseSeconds("duration", "30"));
        assertEquals(2.5, Results.parseSeconds("duration", "2.5"));
        assertEquals(0.01, Results.parseSeconds("p99-bound", "10ms"), 1e-12);
        assertEquals(10.0, Results.parseSeconds("warmup", "10s"), 1e-12);
    }

    @Test
    void shouldRejectAMixThatDoesNotAddUpToOneHundredPercent()
    {
        assertThrows(IllegalArgumentException.class, () -> new Mix(50, 15, 25, 5, 25, 10, 50, 10));
        assertThrows(IllegalArgumentException.class, () -> new Mix(50, 15, 25, 10, 25, 0, 50, 10));
        assertEquals(100, Mix.defaults().passivePct() + Mix.defaults().aggressivePct() +
            Mix.defaults().cancelPct() + Mix.defaults().replacePct());
    }

    @Test
    void shouldParseRatesAndMax()
    {
        assertEquals(0.0, LoadGenerator.parseRate("max"));
        assertEquals(2000.0, LoadGenerator.parseRate("2,000"));
        assertThrows(IllegalArgumentException.class, () -> LoadGenerator.parseRate("-5"));
    }

    @Test
    void shouldReportPercentilesRatesAndNodeCpuOfARun() throws IOException
    {
        final Histogram histogram = new Histogram(LoadWorker.HIGHEST_TRACKABLE_NS, 3);
        for (int i = 1; i <= 1000; i++)
        {
            histogram.recordValue(i * 1_000_000L);
        }
        final Path hlog = Files.writeString(dir.resolve("run.hlog"), "#\n");
        final LoadResult result = new LoadResult("echo-1000", Target.ECHO, 1000, 0, 10, 12_000, 10_000, 9_990, 0, 3,
            10_000, 0, 0, 0, Map.of("passive", 5_000L), Map.of("cancel UNKNOWN_ORDER", 7L), histogram,
            Map.of("passive", histogram), hlog, 6.0);

        assertEquals(999.0, result.throughput(), 1e-9);
        assertEquals(1000.0, result.achievedRate(), 1e-9);
        assertEquals(500.0, result.nodeCpuMicrosPerRequest(), 1e-9);
        assertEquals(990.0, result.percentileMs(99), 1.0);
        assertEquals("1,000/s", result.rateLabel());
        assertEquals(7, result.rejectCount());

        final String row = Results.markdownRow(result);
        assertTrue(row.startsWith("| echo-1000 | echo | 1,000/s | 999 | 1,000 |"), row);
        assertTrue(row.trim().endsWith("| 500.0 |"), row);
        final Map<String, Object> json = Results.toMap(result);
        assertEquals(500.0, json.get("nodeCpuMicrosPerRequest"));
        assertEquals(Map.of("cancel UNKNOWN_ORDER", 7L), json.get("rejects"));
        assertEquals(990.0, (Double)((Map<?, ?>)json.get("p99MsByKind")).get("passive"), 1.0);
        assertTrue(Results.describe(result).contains("p50 / p99 by kind: passive 500 / 990 ms;"),
            Results.describe(result));
        assertEquals("| echo-1000 | 500 / 990 | - | - | - | - |\n", Results.kindRow(result));
        assertTrue(Results.kindHeader().startsWith("| run | passive | aggressive IOC |"), Results.kindHeader());

        final Path png = dir.resolve("latency.png");
        Results.plot(png, "test", List.of(result));
        assertTrue(Files.size(png) > 0);
    }
}
