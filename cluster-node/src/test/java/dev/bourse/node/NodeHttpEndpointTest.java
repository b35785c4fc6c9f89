package dev.bourse.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bourse.schemas.orderentry.MassCancelReportDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.cluster.service.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's HTTP endpoint against real nodes: /metrics scraped and checked for the contract's series with the
 * values the orders sent must produce, /status, /health and /ready on a one-node cluster and on the leader and
 * followers of a three-node cluster.
 */
@Timeout(240)
class NodeHttpEndpointTest
{
    private static final int INSTRUMENT = 7;
    private static final List<String> CONTRACT_SERIES = List.of(
        "bourse_cluster_role", "bourse_cluster_leadership_term_id", "bourse_cluster_commit_position_bytes",
        "bourse_cluster_log_position_bytes", "bourse_cluster_elections_total", "bourse_cluster_snapshots_total",
        "bourse_commands_total", "bourse_rejects_total", "bourse_trades_total", "bourse_open_orders",
        "bourse_book_levels", "bourse_book_quantity", "bourse_matching_seconds_bucket",
        "bourse_matching_seconds_count", "bourse_matching_seconds_sum", "bourse_egress_messages_total",
        "bourse_egress_back_pressure_total", "bourse_egress_dropped_total", "bourse_md_publishing",
        "bourse_md_sequence", "bourse_md_messages_total", "bourse_md_back_pressure_total", "bourse_md_dropped_total",
        "bourse_sessions", "bourse_forged_messages_total", "bourse_malformed_messages_total", "bourse_errors_total",
        "bourse_checkpoint_log_position_bytes", "aeron_driver_errors_total", "aeron_driver_naks_sent_total",
        "aeron_driver_retransmits_sent_total", "aeron_driver_loss_gap_fills_total", "aeron_cluster_errors_total",
        "jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
        "process_uptime_seconds", "process_cpu_usage");

    @Test
    void shouldServeMetricsStatusHealthAndReadinessOfAOneNodeCluster() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(1))
        {
            cluster.awaitLeader();
            final int port = cluster.node(0).httpPort();
            assertTrue(port > 0, "an ephemeral port was bound");

            try (TestClient admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon();
                TestClient seller = trader(cluster, 1);
                TestClient buyer = trader(cluster, 2))
            {
                sendOrders(admin, seller, buyer);

                // The book figures are copied once a second, the counters after each command: wait for both.
                final HttpScrape.Metrics metrics = awaitMetrics(port, "the book of instrument 7 shows 3 orders",
                    m -> m.has("bourse_open_orders") &&
                    3 == m.value("bourse_open_orders", "instrument", "7") &&
                    1 == m.value("bourse_commands_total", "type", "order_status"));

                for (final String series : CONTRACT_SERIES)
                {
                    assertTrue(metrics.has(series), series + " is exported");
                }
                assertServesDeployMetricNames(port);
                for (final HttpScrape.Sample sample : metrics.samples())
                {
                    assertEquals("0", sample.labels().get("member"), "every series has member=0: " + sample);
                }
                assertEquals(6, metrics.value("bourse_commands_total", "type", "new_order"));
                assertEquals(1, metrics.value("bourse_commands_total", "type", "cancel"));
                assertEquals(1, metrics.value("bourse_commands_total", "type", "replace"));
                assertEquals(1, metrics.value("bourse_commands_total", "type", "mass_cancel"));
                assertEquals(1, metrics.value("bourse_commands_total", "type", "order_status"));
                assertEquals(3, metrics.value("bourse_commands_total", "type", "logon"));
                assertEquals(1, metrics.value("bourse_commands_total", "type", "admin"));
                assertEquals(1, metrics.value("bourse_trades_total"));
                assertEquals(1, metrics.value("bourse_rejects_total", "reason", "PRICE_NOT_TICK_MULTIPLE"));
                assertEquals(1, metrics.value("bourse_rejects_total", "reason", "UNKNOWN_ORDER"));
                assertEquals(0, metrics.value("bourse_rejects_total", "reason", "NO_LIQUIDITY"));
                assertEquals(2, metrics.value("bourse_cluster_role"));
                assertTrue(metrics.value("bourse_cluster_elections_total") >= 1);
                assertEquals(0, metrics.value("bourse_cluster_snapshots_total"));
                assertTrue(metrics.value("bourse_cluster_commit_position_bytes") > 0);
                assertEquals(3, metrics.value("bourse_sessions"));
                assertEquals(1, metrics.value("bourse_md_publishing"), "a one-node cluster's leader publishes");
                assertTrue(metrics.value("bourse_md_sequence") > 1);
                assertTrue(metrics.value("bourse_egress_messages_total") > 10);
                assertEquals(0, metrics.value("bourse_errors_total"));
                assertEquals(0, metrics.value("bourse_forged_messages_total"));

                assertEquals(1, metrics.value("bourse_book_levels", "instrument", "7", "side", "bid"));
                assertEquals(2, metrics.value("bourse_book_levels", "instrument", "7", "side", "ask"));
                assertEquals(20, metrics.value("bourse_book_quantity", "instrument", "7", "side", "bid"));
                assertEquals(30, metrics.value("bourse_book_quantity", "instrument", "7", "side", "ask"));

                final double count = metrics.value("bourse_matching_seconds_count");
                assertTrue(count >= 14, "one ingress message in 8 is timed, counting for 8: " + count);
                assertEquals(count, metrics.value("bourse_matching_seconds_bucket", "le", "+Inf"));
                assertTrue(metrics.value("bourse_matching_seconds_sum") > 0);
                assertTrue(metrics.value("bourse_matching_seconds_bucket", "le", "1.0") <= count);

                final HttpScrape.Answer raw = HttpScrape.get(port, "/metrics");
                assertTrue(raw.contentType().startsWith("text/plain; version=0.0.4"), raw.contentType());
                assertTrue(raw.body().contains("# TYPE bourse_matching_seconds histogram"));
                assertTrue(raw.body().contains("# TYPE bourse_commands_total counter"));
            }

            assertStatusOfOneNodeLeader(port, cluster.service(0));

            final HttpScrape.Answer health = HttpScrape.get(port, "/health");
            assertEquals(200, health.code());
            assertTrue(health.contentType().startsWith("application/json"));
            assertEquals("{\"up\":true,\"role\":\"LEADER\",\"caughtUp\":true}", health.body());
            final HttpScrape.Answer ready = HttpScrape.get(port, "/ready");
            assertEquals(200, ready.code());
            assertEquals(health.body(), ready.body());

            assertEquals(404, HttpScrape.get(port, "/nothing").code());
            assertEquals(404, HttpScrape.get(port, "/metrics/more").code());
            assertEquals(405, HttpScrape.send(port, "/metrics", "POST").code());

            cluster.stopNode(0);
            assertThrows(ConnectException.class, () -> connect(port), "the endpoint closes with the node");
        }
    }

    @Test
    void shouldReportLeaderAndFollowersOfAThreeNodeCluster() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(3))
        {
            final int leader = cluster.awaitLeader();
            try (TestClient admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon();
                TestClient trader = trader(cluster, 1))
            {
                admin.defineInstrument(1, INSTRUMENT, 5, 10);
                admin.await(r -> 1 == r.clientOrderId() && "0".equals(r.reason()));
                new RandomLoad(trader, 11, 1, INSTRUMENT).run(200, 16);
            }
            TestCluster.await("every node is ready and has applied what was committed", () ->
            {
                for (int i = 0; i < 3; i++)
                {
                    final JsonNode status = HttpScrape.get(cluster.node(i).httpPort(), "/status").json();
                    if (200 != HttpScrape.get(cluster.node(i).httpPort(), "/ready").code() ||
                        status.get("appliedLogPosition").asLong() != status.get("commitPosition").asLong())
                    {
                        return false;
                    }
                }
                return true;
            });

            long commitPosition = -1;
            for (int i = 0; i < 3; i++)
            {
                final int port = cluster.node(i).httpPort();
                final JsonNode status = HttpScrape.get(port, "/status").json();
                final boolean isLeader = i == leader;
                assertEquals(i, status.get("memberId").asInt());
                assertEquals(isLeader ? "LEADER" : "FOLLOWER", status.get("role").asText(), "member " + i);
                assertEquals(leader, status.get("leaderMemberId").asInt(), "member " + i + " knows the leader");
                assertEquals(!isLeader, status.at("/marketData/publishing").asBoolean(), "followers publish");
                assertTrue(status.get("electionCount").asLong() >= 1);
                if (commitPosition < 0)
                {
                    commitPosition = status.get("commitPosition").asLong();
                }
                assertTrue(status.get("commitPosition").asLong() > 0);

                final HttpScrape.Answer ready = HttpScrape.get(port, "/ready");
                assertEquals("{\"up\":true,\"role\":\"" + (isLeader ? "LEADER" : "FOLLOWER") + "\",\"caughtUp\":true}",
                    ready.body());

                final HttpScrape.Metrics metrics = HttpScrape.Metrics.scrape(port);
                assertEquals(isLeader ? 2 : 0, metrics.value("bourse_cluster_role", "member", Integer.toString(i)));
                assertEquals(isLeader ? Cluster.Role.LEADER : Cluster.Role.FOLLOWER, cluster.node(i).role());
                assertTrue(metrics.value("bourse_commands_total", "type", "new_order") > 0,
                    "every node applies the commands");
                assertEquals(metrics.value("bourse_trades_total"),
                    (double)cluster.service(i).counters().trades, "trades read from the service's counter");
            }

            final int follower = (leader + 1) % 3;
            final int followerPort = cluster.node(follower).httpPort();
            cluster.stopNode(follower);
            assertThrows(ConnectException.class, () -> connect(followerPort));
            assertEquals(200, HttpScrape.get(cluster.node(leader).httpPort(), "/health").code());
        }
    }

    /**
     * 6 new orders (one trade, one off-tick reject), a replace, a mass cancel, a cancel of an unknown order and an
     * order status request; the book of instrument 7 ends with a bid 20 @ 85 and asks 20 @ 120 and 10 @ 125.
     */
    private static void sendOrders(final TestClient admin, final TestClient seller, final TestClient buyer)
    {
        admin.defineInstrument(1, INSTRUMENT, 5, 10);
        admin.await(r -> 1 == r.clientOrderId() && "0".equals(r.reason()));

        seller.newOrder(1, INSTRUMENT, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 50);
        seller.awaitReport(1, "NEW");
        buyer.newOrder(1, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 105, 30);
        buyer.awaitReport(1, "TRADE");
        buyer.newOrder(2, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 90, 10);
        final long bidId = buyer.awaitReport(2, "NEW").orderId();
        buyer.newOrder(3, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 91, 10);
        buyer.awaitReport(3, "REJECTED");
        buyer.replace(4, bidId, 85, 20);
        buyer.awaitReport(4, "REPLACED");
        seller.massCancel(2, INSTRUMENT, Side.SELL);
        seller.await(r -> MassCancelReportDecoder.TEMPLATE_ID == r.templateId() && 2 == r.clientOrderId());
        seller.newOrder(3, INSTRUMENT, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 120, 20);
        seller.awaitReport(3, "NEW");
        seller.newOrder(4, INSTRUMENT, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 125, 10);
        seller.awaitReport(4, "NEW");
        seller.cancel(5, 999_999, 0);
        seller.await(r -> 5 == r.clientOrderId() && "UNKNOWN_ORDER".equals(r.reason()));
        seller.orderStatus(6, 0, 3);
        seller.awaitReport(6, "ORDER_STATUS");
    }

    private static void assertStatusOfOneNodeLeader(final int port, final ExchangeService service)
    {
        final AtomicReference<JsonNode> status = new AtomicReference<>();
        TestCluster.await("/status shows the service's last checkpoint and every session closed", () ->
        {
            final ExchangeService.Checkpoint checkpoint = service.lastCheckpoint();
            status.set(HttpScrape.get(port, "/status").json());
            return checkpoint.logPosition() > 0 &&
                checkpoint.logPosition() == status.get().at("/lastCheckpoint/logPosition").asLong() &&
                String.format("0x%016x", checkpoint.stateHash())
                    .equals(status.get().at("/lastCheckpoint/stateHash").asText()) &&
                0 == status.get().get("sessions").asInt() &&
                status.get().get("appliedLogPosition").asLong() == status.get().get("commitPosition").asLong();
        });
        final JsonNode json = status.get();
        assertEquals(0, json.get("memberId").asInt());
        assertEquals("LEADER", json.get("role").asText());
        assertEquals(0, json.get("leaderMemberId").asInt());
        assertTrue(json.get("leadershipTermId").asLong() >= 0);
        assertTrue(json.get("commitPosition").asLong() > 0);
        assertTrue(json.get("electionCount").asLong() >= 1);
        assertEquals(0, json.get("snapshotCount").asLong());
        final String hash = json.at("/lastCheckpoint/stateHash").asText();
        assertTrue(hash.matches("0x[0-9a-f]{16}"), hash);
        assertEquals(0, json.get("errors").asLong());
        assertTrue(json.at("/marketData/publishing").asBoolean());
        assertTrue(json.at("/marketData/nextSequence").asLong() > 1);
        assertTrue(json.get("uptimeMs").asLong() > 0);
        assertEquals(13, json.size(), "exactly the contract's fields: " + json);
    }

    /**
     * The Prometheus rules and the Grafana dashboard in deploy/ use only the names in deploy/METRIC_NAMES.txt: the
     * node must serve each (a histogram or timer by its _count series). GC pause times appear after a collection.
     */
    private static void assertServesDeployMetricNames(final int port) throws IOException
    {
        Path dir = Path.of("").toAbsolutePath();
        while (null != dir && !Files.isRegularFile(dir.resolve("deploy/METRIC_NAMES.txt")))
        {
            dir = dir.getParent();
        }
        assertTrue(null != dir, "deploy/METRIC_NAMES.txt found above the working directory");
        final List<String> names = Files.readAllLines(dir.resolve("deploy/METRIC_NAMES.txt")).stream()
            .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        System.gc();
        final HttpScrape.Metrics metrics = awaitMetrics(port, "the GC pause of System.gc() is recorded",
            m -> m.has("jvm_gc_pause_seconds_count"));
        for (final String name : names)
        {
            assertTrue(metrics.has(name) || metrics.has(name + "_count"), name + " from METRIC_NAMES.txt is served");
        }
    }

    private static HttpScrape.Metrics awaitMetrics(
        final int port, final String what, final java.util.function.Predicate<HttpScrape.Metrics> condition)
    {
        final AtomicReference<HttpScrape.Metrics> last = new AtomicReference<>();
        TestCluster.await(what, () ->
        {
            last.set(HttpScrape.Metrics.scrape(port));
            return condition.test(last.get());
        });
        return last.get();
    }

    private static void connect(final int port) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }

    private static TestClient trader(final TestCluster cluster, final int n)
    {
        return TestClient.connect(cluster.ingressEndpoints(), "trader" + n, "trader" + n + "-pass").logon();
    }
}
