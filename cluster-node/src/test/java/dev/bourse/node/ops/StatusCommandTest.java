package dev.bourse.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status --json} against three running node processes, read from their {@code /status} endpoints: one
 * leader, every member reachable, the same term, hashes that agree at a common checkpoint, exit status 0; then,
 * with a follower killed, the member unreachable, the quorum kept and exit status 1 (degraded).
 */
@Tag("slow")
@Timeout(180)
class StatusCommandTest
{
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldReportTheClusterAsJsonFromTheMembersStatusEndpoints() throws Exception
    {
        try (OpsTestCluster cluster = OpsTestCluster.start(Map.of(), List.of()))
        {
            final String runDir = cluster.runDir().toString();
            final Result[] last = new Result[1];
            final boolean healthy = Waits.poll(90_000, () ->
            {
                last[0] = status("status", "--json", "--run-dir", runDir);
                return 0 == last[0].exitCode && allFromHttp(last[0].json);
            });
            assertTrue(healthy, "status --json turns healthy with every member over HTTP: " + last[0] + "\n" +
                cluster.logTails());

            final JsonNode root = last[0].json;
            final JsonNode members = root.path("members");
            assertEquals(3, members.size());
            int leaders = 0;
            int leader = -1;
            final long term = members.get(0).path("leadershipTermId").asLong();
            for (final JsonNode member : members)
            {
                assertTrue(member.path("reachable").asBoolean(), member.toString());
                assertEquals("http", member.path("source").asText(), member.toString());
                final String role = member.path("role").asText();
                assertTrue("LEADER".equals(role) || "FOLLOWER".equals(role), member.toString());
                if ("LEADER".equals(role))
                {
                    leaders++;
                    leader = member.path("memberId").asInt();
                }
                assertEquals(term, member.path("leadershipTermId").asLong(), "same term: " + member);
                assertTrue(member.path("commitPosition").asLong() > 0, member.toString());
                assertTrue(member.path("logPosition").asLong() > 0, member.toString());
                assertTrue(member.path("lagBytes").asLong() >= 0, member.toString());
                assertTrue(member.path("lastCheckpoint").path("stateHash").asText().matches("0x[0-9a-f]{16}"),
                    member.toString());
                assertEquals("yes", member.path("hashAgrees").asText(), member.toString());
            }
            assertEquals(1, leaders, "one leader: " + root);
            final JsonNode summary = root.path("summary");
            assertEquals(leader, summary.path("leader").asInt());
            assertTrue(summary.path("quorum").asBoolean());
            assertTrue(summary.path("hashesAgree").asBoolean());
            assertTrue(summary.path("hashesComparedAt").asLong() > 0);

            final Result table = status("status", "--run-dir", runDir);
            assertEquals(0, table.exitCode, table.out);
            assertTrue(table.out.contains("HEALTHY"), table.out);
            assertTrue(table.out.contains("last checkpoint (position, state hash)"), table.out);

            final int follower = (leader + 1) % 3;
            cluster.cluster().kill(follower);
            final Result degraded = status("status", "--json", "--run-dir", runDir);
            assertEquals(ClusterStatus.DEGRADED, degraded.exitCode, degraded.out);
            final JsonNode down = degraded.json.path("members").get(follower);
            assertFalse(down.path("reachable").asBoolean(), down.toString());
            assertEquals("DOWN", down.path("role").asText());
            assertTrue(degraded.json.path("summary").path("quorum").asBoolean(), "two of three keep the quorum");
            assertEquals(leader, degraded.json.path("summary").path("leader").asInt());
        }
    }

    private static boolean allFromHttp(final JsonNode root)
    {
        if (null == root)
        {
            return false;
        }
        for (final JsonNode member : root.path("members"))
        {
            if (!"http".equals(member.path("source").asText()) || !"yes".equals(member.path("hashAgrees").asText()))
            {
                return false;
            }
        }
        return root.path("members").size() == 3;
    }

    private Result status(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = BourseOps.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        JsonNode parsed = null;
        if (List.of(args).contains("--json"))
        {
            try
            {
                parsed = json.readTree(out.toString());
            }
            catch (final java.io.IOException ex)
            {
                throw new AssertionError("status --json printed no JSON: " + out + err, ex);
            }
        }
        return new Result(exitCode, out + err.toString(), parsed);
    }

    record Result(int exitCode, String out, JsonNode json)
    {
    }
}
