package dev.bourse.node;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.cluster.ClusterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three in-process nodes: replicas agree on the state hash at the same log position after a mixed load, and a
 * snapshot followed by a restart of every node continues as if nothing had happened.
 */
@Timeout(300)
class ThreeNodeClusterTest
{
    @Test
    void shouldReachTheSameStateHashOnEveryNodeAfterMixedLoad() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(3))
        {
            cluster.awaitLeader();
            defineInstruments(cluster);
            try (TestClient a = trader(cluster, 1);
                TestClient b = trader(cluster, 2);
                TestClient c = trader(cluster, 3))
            {
                final RandomLoad loadA = new RandomLoad(a, 1, 1, 1, 2);
                final RandomLoad loadB = new RandomLoad(b, 2, 1, 1, 2);
                final RandomLoad loadC = new RandomLoad(c, 3, 1, 1, 2);
                for (int round = 0; round < 4; round++)
                {
                    loadA.run(250, 32);
                    loadB.run(250, 32);
                    loadC.run(250, 32);
                }
                assertEquals(1000, loadA.answers());
                assertEquals(1000, loadB.answers());
                assertEquals(1000, loadC.answers());
                final long position = cluster.service(cluster.leaderId()).lastCheckpoint().logPosition();
                final ExchangeService.Checkpoint agreed = cluster.awaitCommonCheckpoint(position + 1);
                assertTrue(agreed.logPosition() > 0);
                assertTrue(cluster.service(0).engine().nextTradeId() > 1, "the load traded");
            }
        }
    }

    @Test
    void shouldContinueAfterSnapshotAndFullRestartAsIfNeverRestarted() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(3))
        {
            final int leader = cluster.awaitLeader();
            defineInstruments(cluster);
            final long restingOrderId;
            try (TestClient seller = trader(cluster, 1); TestClient other = trader(cluster, 2))
            {
                new RandomLoad(other, 7, 1, 1, 2).run(300, 32);
                seller.newOrder(100_000, 3, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1_000, 40);
                restingOrderId = seller.awaitReport(100_000, "NEW").orderId();
            }
            TestCluster.await("sessions of closed clients are closed", () -> 1 == cluster.service(leader)
                .sessions().size() || 0 == cluster.service(leader).sessions().size());

            final File leaderClusterDir = cluster.config(leader).nodeDir().resolve("cluster").toFile();
            assertTrue(ClusterTool.snapshot(leaderClusterDir, System.out), "snapshot taken");
            final ExchangeService.Checkpoint beforeRestart =
                cluster.awaitCommonCheckpoint(cluster.service(leader).lastCheckpoint().logPosition() + 1);

            for (int i = 0; i < 3; i++)
            {
                cluster.stopNode(i);
            }
            for (int i = 0; i < 3; i++)
            {
                cluster.startNode(i);
            }
            cluster.awaitLeader();
            for (int i = 0; i < 3; i++)
            {
                assertTrue(cluster.service(i).restoredFromSnapshot(), "node " + i + " restored from the snapshot");
            }
            final ExchangeService.Checkpoint afterRestart = cluster.awaitCommonCheckpoint(0);
            assertEquals(beforeRestart.stateHash(), afterRestart.stateHash(), "same state after the restart");

            try (TestClient seller = trader(cluster, 1); TestClient buyer = trader(cluster, 3))
            {
                seller.newOrder(100_000, 3, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1_000, 40);
                final TestClient.Received resend = seller.awaitReport(100_000, "ORDER_STATUS");
                assertEquals(restingOrderId, resend.orderId(), "the dedup window survived the restart");

                buyer.newOrder(5, 3, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 1_000, 40);
                final TestClient.Received fill = seller.awaitReport(100_000, "TRADE");
                assertEquals(restingOrderId, fill.orderId());
                assertEquals(40, fill.lastQuantity());
                assertEquals("FILLED", fill.orderStatus());
            }
            cluster.awaitCommonCheckpoint(cluster.service(cluster.leaderId()).lastCheckpoint().logPosition() + 1);
        }
    }

    private static void defineInstruments(final TestCluster cluster)
    {
        try (TestClient admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon())
        {
            admin.defineInstrument(1, 1, 5, 10);
            admin.defineInstrument(2, 2, 5, 10);
            admin.defineInstrument(3, 3, 5, 10);
            admin.await(r -> 1 == r.clientOrderId() && "0".equals(r.reason()));
            admin.await(r -> 2 == r.clientOrderId() && "0".equals(r.reason()));
            admin.await(r -> 3 == r.clientOrderId() && "0".equals(r.reason()));
        }
    }

    private static TestClient trader(final TestCluster cluster, final int n)
    {
        return TestClient.connect(cluster.ingressEndpoints(), "trader" + n, "trader" + n + "-pass").logon();
    }
}
