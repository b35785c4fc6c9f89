package dev.bourse.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill-leader and pause-leader drills end to end on three node processes under load: the drill engine the CLI
 * wraps, run as CI runs it. A drill fails if any acknowledged order is lost or duplicated, a request goes
 * unanswered, the subscriber's book differs from the cluster's or the state hashes disagree.
 */
@Tag("drill")
@Timeout(240)
class DrillTest
{
    @Test
    void shouldLoseAndDuplicateNothingWhenTheLeaderIsKilled() throws Exception
    {
        final DrillReport report = drill(Drill.Fault.KILL_LEADER);
        assertTrue(report.timeToNewLeaderMs > 0, "a new leader was timed");
        assertTrue(report.longestIngressOutageMs > 0, "the clients saw the outage");
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheLeaderIsPaused() throws Exception
    {
        final DrillReport report = drill(Drill.Fault.PAUSE_LEADER);
        assertTrue(report.timeToNewLeaderMs >= 3_000, "no new leader before the heartbeat timeout (3 s): " +
            report.timeToNewLeaderMs + " ms");
        assertTrue(report.leaderAfter != report.faultedMember, "the paused leader was replaced");
    }

    private static DrillReport drill(final Drill.Fault fault) throws Exception
    {
        final Path reportDir = Files.createTempDirectory("bourse-drill-report-");
        try (OpsTestCluster cluster = OpsTestCluster.start(Map.of(), List.of()))
        {
            final Drill.Config config = new Drill.Config();
            config.fault = fault;
            config.warmupMs = 3_000;
            config.afterMs = 4_000;
            config.ratePerSecond = 150;
            config.traders = List.of(
                new Drill.Credentials("loadgen", "loadgen-pass"),
                new Drill.Credentials("carol", "carol-pass"),
                new Drill.Credentials("bob", "bob-pass"));
            config.progressIntervalMs = 2_000;
            config.reportDir = reportDir;
            final DrillReport report =
                new Drill(cluster.target(), new LocalFaultActions(cluster.cluster()), config).run();
            final String markdown = report.markdown();
            System.out.println(markdown);
            System.out.println("drill " + fault + ": time to new leader " + report.timeToNewLeaderMs +
                " ms, clients saw it after " + report.clientSawNewLeaderMs + " ms, longest ingress outage " +
                report.longestIngressOutageMs + " ms, longest market-data interruption " +
                report.mdLongestInterruptionMs + " ms; orders sent " + report.ordersSent + ", acknowledged " +
                report.ordersAcknowledged + ", lost " + report.ordersLost + ", duplicated " +
                report.ordersDuplicated);

            assertTrue(report.passed(), markdown + "\n" + cluster.logTails());
            assertTrue(report.ordersAcknowledged > 1_000, "load ran: " + report.ordersAcknowledged);
            assertEquals(report.ordersSent, report.ordersAcknowledged + report.ordersRejected, "all answered");
            assertEquals(0, report.ordersLost, "lost");
            assertEquals(0, report.ordersDuplicated, "duplicated");
            assertEquals(Boolean.TRUE, report.hashesAgree, "state hashes agree");
            assertEquals(Boolean.TRUE, report.mdBookMatches, "the subscriber's book is the cluster's");
            assertEquals(report.liveAtEnd, report.massCancelled, "exactly the live orders rested in the book");

            final Path json;
            try (Stream<Path> files = Files.list(reportDir))
            {
                json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElse(null);
            }
            assertNotNull(json, "a JSON report in " + reportDir);
            final JsonNode parsed = new ObjectMapper().readTree(json.toFile());
            assertEquals(fault.cliName(), parsed.path("fault").asText());
            assertTrue(parsed.path("passed").asBoolean());
            assertEquals(report.ordersSent, parsed.path("orders").path("sent").asLong());
            assertTrue(Files.exists(Path.of(json.toString().replace(".json", ".md"))), "a Markdown report");
            return report;
        }
        finally
        {
            IoUtil.delete(reportDir.toFile(), true);
        }
    }
}
