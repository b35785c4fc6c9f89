package dev.bourse.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.ExecutionListener;
import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
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
 * The CLI's commands against three running node processes. {@code status --json} from the members' {@code /status}
 * endpoints: one leader, every member reachable, the same term, hashes that agree at a common checkpoint, exit
 * status 0. {@code snapshot}, {@code suspend} and {@code resume} through Aeron's control toggle. {@code kill-switch}
 * and {@code trading-status} through the SDK's AdminClient, with their effect on a trader's orders. Finally, with a
 * follower killed, {@code status} reports it unreachable, the quorum kept and exit status 1 (degraded).
 */
@Tag("slow")
@Timeout(240)
class OpsCommandsTest
{
    private static final int INSTRUMENT = 3;
    private static final long LOADGEN_ACCOUNT = 500;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldRunEveryCommandAgainstARunningCluster() throws Exception
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
            assertTrue(healthy, "status --json turns healthy with every member over HTTP and checkpointed: " +
                last[0] + "\n" +
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

            controlCommands(runDir, cluster);
            adminCommands(runDir, cluster);

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

    private void controlCommands(final String runDir, final OpsTestCluster cluster)
    {
        final Result snapshot = status("snapshot", "--run-dir", runDir);
        assertEquals(0, snapshot.exitCode, snapshot.out + cluster.logTails());
        assertTrue(snapshot.out.contains("snapshot taken on 3 member(s)"), snapshot.out);
        final JsonNode afterSnapshot = status("status", "--json", "--run-dir", runDir).json;
        for (final JsonNode member : afterSnapshot.path("members"))
        {
            assertEquals(1, member.path("snapshotCount").asLong(), "every member took one snapshot: " + member);
        }

        final Result suspend = status("suspend", "--run-dir", runDir);
        assertEquals(0, suspend.exitCode, suspend.out);
        assertTrue(suspend.out.contains("cluster suspended"), suspend.out);
        final Result again = status("suspend", "--run-dir", runDir);
        assertEquals(BourseOps.FAILED, again.exitCode, "a suspended cluster cannot be suspended: " + again.out);
        assertTrue(again.out.contains("is SUSPENDED; SUSPEND needs it ACTIVE"), again.out);
        final Result resume = status("resume", "--run-dir", runDir);
        assertEquals(0, resume.exitCode, resume.out);
        assertTrue(resume.out.contains("cluster resumed"), resume.out);
    }

    private void adminCommands(final String runDir, final OpsTestCluster cluster)
    {
        final ClusterTarget target = cluster.target();
        final Reports reports = new Reports();
        try (AdminClient admin = AdminClient.connect(new ExchangeClient.Context()
                .ingressEndpoints(target.ingressEndpoints()).username("admin").password("admin-pass"));
            ExchangeClient trader = ExchangeClient.connect(new ExchangeClient.Context()
                .ingressEndpoints(target.ingressEndpoints()).username("loadgen").password("loadgen-pass")
                .listener(reports)))
        {
            assertTrue(admin.defineInstrument(INSTRUMENT, 1, 1, "OPS").isAccepted());
            final long resting = place(trader, reports);
            assertEquals(ExecType.NEW, reports.last.get(resting), "an order rests");

            final Result engage = status("kill-switch", "--account", Long.toString(LOADGEN_ACCOUNT), "--engage",
                "--run-dir", runDir);
            assertEquals(0, engage.exitCode, engage.out);
            assertTrue(engage.out.contains("kill switch ENGAGED for account 500"), engage.out);
            Waits.await("the resting order is cancelled by the kill switch", 10_000, () ->
            {
                trader.poll();
                return ExecType.CANCELED == reports.last.get(resting);
            });
            assertEquals(RejectReason.KILL_SWITCH_ACTIVE, reports.reasons.get(place(trader, reports)));

            final Result release = status("kill-switch", "--account", Long.toString(LOADGEN_ACCOUNT), "--release",
                "--run-dir", runDir);
            assertEquals(0, release.exitCode, release.out);
            assertTrue(release.out.contains("kill switch RELEASED"), release.out);
            assertEquals(ExecType.NEW, reports.last.get(place(trader, reports)), "orders are accepted again");

            final Result halt = status("trading-status", "--instrument", Integer.toString(INSTRUMENT), "--status",
                "halted", "--run-dir", runDir);
            assertEquals(0, halt.exitCode, halt.out);
            assertTrue(halt.out.contains("instrument 3 is now HALTED"), halt.out);
            assertEquals(RejectReason.INSTRUMENT_HALTED, reports.reasons.get(place(trader, reports)));
            final Result open = status("trading-status", "--instrument", Integer.toString(INSTRUMENT), "--status",
                "OPEN", "--run-dir", runDir);
            assertEquals(0, open.exitCode, open.out);
            assertEquals(ExecType.NEW, reports.last.get(place(trader, reports)), "trading resumed");

            final Result unknown = status("trading-status", "--instrument", "999", "--status", "OPEN",
                "--run-dir", runDir);
            assertEquals(BourseOps.FAILED, unknown.exitCode, unknown.out);
            assertTrue(unknown.out.contains("UNKNOWN_INSTRUMENT"), unknown.out);
        }
    }

    private static long place(final ExchangeClient trader, final Reports reports)
    {
        final long id = trader.placeLimitOrder(INSTRUMENT, Side.BUY, 1, 100, TimeInForce.GTC);
        assertTrue(id > 0, "sent");
        Waits.await("order " + id + " is answered", 10_000, () ->
        {
            trader.poll();
            return !trader.isPending(id);
        });
        return id;
    }

    /**
     * The last execution type and the reject reason of each order of the trader, by client order id.
     */
    static final class Reports implements ExecutionListener
    {
        final Map<Long, ExecType> last = new java.util.HashMap<>();
        final Map<Long, RejectReason> reasons = new java.util.HashMap<>();
        private final Map<Long, Long> clientOrderIdByOrderId = new java.util.HashMap<>();

        public void onExecutionReport(final ExecutionReport report)
        {
            long clientOrderId = report.clientOrderId();
            if (ExecType.NEW == report.execType())
            {
                clientOrderIdByOrderId.put(report.orderId(), clientOrderId);
            }
            else if (clientOrderIdByOrderId.containsKey(report.orderId()))
            {
                clientOrderId = clientOrderIdByOrderId.get(report.orderId());
            }
            last.put(clientOrderId, report.execType());
            reasons.put(clientOrderId, report.rejectReason());
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
            // Healthy can come before the first checkpoint (every 5 s of cluster time): wait for one on every member.
            if (!"http".equals(member.path("source").asText()) || !"yes".equals(member.path("hashAgrees").asText()) ||
                member.path("lastCheckpoint").path("logPosition").asLong(-1) < 0)
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
