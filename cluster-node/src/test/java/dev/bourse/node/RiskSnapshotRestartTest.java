package dev.bourse.node;

import dev.bourse.client.AccountLimits;
import dev.bourse.client.AccountReport;
import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.InstrumentControls;
import dev.bourse.client.InstrumentReport;
import dev.bourse.client.TradingStatus;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.cluster.ClusterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The risk state (instrument controls and status, account limits, a kill switch, positions and usage, the last
 * trade price that centres the band) goes into the snapshot: after a snapshot and a restart the node reports the
 * same state hash and enforces the same controls.
 */
@Timeout(180)
class RiskSnapshotRestartTest
{
    @Test
    void shouldRestoreRiskStateFromTheSnapshotWithTheSameHash() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(1))
        {
            cluster.awaitLeader();
            final AccountReport usageBefore;
            final InstrumentReport instrumentBefore;
            try (AdminClient admin = admin(cluster))
            {
                admin.defineInstrument(1, 1, 1, "SNAP", TradingStatus.OPEN, InstrumentControls.builder()
                    .referencePrice(100).priceBandBps(1_000).maxOrderQuantity(1_000).build());
                admin.defineInstrument(2, 1, 1, "HALTED", TradingStatus.OPEN, InstrumentControls.none());
                admin.setAccountLimits(AccountLimits.builder(101).maxOpenOrders(2).maxLongPosition(500)
                    .creditLimit(1_000_000).throttleRejectPerSecond(1_000).cancelOnDisconnect(false)
                    .stpMode(StpMode.CANCEL_RESTING).build());
                try (TestClient seller = trader(cluster, 2); TestClient buyer = trader(cluster, 1);
                    TestClient killed = trader(cluster, 3))
                {
                    seller.newOrder(1, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 105, 100);
                    seller.awaitReport(1, "NEW");
                    buyer.newOrder(1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 105, 60);
                    buyer.awaitReport(1, "TRADE");
                    buyer.newOrder(2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 10);
                    buyer.awaitReport(2, "NEW");
                    buyer.newOrder(3, 2, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 50, 10);
                    buyer.awaitReport(3, "NEW");
                    killed.newOrder(1, 2, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 70, 10);
                    killed.awaitReport(1, "NEW");
                    admin.killSwitch(103, true);
                    killed.awaitReport(1, "CANCELED");
                    admin.setTradingStatus(2, TradingStatus.HALTED);
                }
                usageBefore = admin.queryAccount(101);
                instrumentBefore = admin.queryInstrument(1);
                assertEquals(2, usageBefore.openOrders());
                assertEquals(new AccountReport.Position(1, 60, 10, 0), usageBefore.position(1).orElseThrow());
            }
            TestCluster.await("every client session is closed", () -> 0 == cluster.service(0).sessions().size());

            final File clusterDir = cluster.config(0).nodeDir().resolve("cluster").toFile();
            assertTrue(ClusterTool.snapshot(clusterDir, System.out), "snapshot taken");
            final ExchangeService.Checkpoint before =
                cluster.awaitCommonCheckpoint(cluster.service(0).lastCheckpoint().logPosition() + 1);

            cluster.stopNode(0);
            cluster.startNode(0);
            cluster.awaitLeader();
            assertTrue(cluster.service(0).restoredFromSnapshot(), "restored from the snapshot");
            assertEquals(before.stateHash(), cluster.awaitCommonCheckpoint(0).stateHash(), "same state hash");

            try (AdminClient admin = admin(cluster))
            {
                final AccountReport usageAfter = admin.queryAccount(101);
                assertEquals(usageBefore.limits(), usageAfter.limits());
                assertEquals(usageBefore.positions(), usageAfter.positions());
                assertEquals(usageBefore.openOrders(), usageAfter.openOrders());
                assertEquals(usageBefore.creditUsed(), usageAfter.creditUsed());
                assertEquals(instrumentBefore.controls(), admin.queryInstrument(1).controls());
                assertEquals(TradingStatus.HALTED, admin.queryInstrument(2).tradingStatus());
                assertTrue(admin.queryAccount(103).killSwitchEngaged());
            }
            try (TestClient buyer = trader(cluster, 1); TestClient killed = trader(cluster, 3))
            {
                assertRejected(buyer, 10, 1, Side.BUY, 100, 10, RejectReason.MAX_OPEN_ORDERS_EXCEEDED);
                assertRejected(buyer, 11, 2, Side.BUY, 50, 10, RejectReason.INSTRUMENT_HALTED);
                assertRejected(killed, 10, 1, Side.SELL, 105, 10, RejectReason.KILL_SWITCH_ACTIVE);
                // The band now centres on the last trade, 105: +-10% is [95, 115] (the reference 100 would allow 90).
                buyer.cancel(12, 0, 2);
                buyer.awaitReport(12, "CANCELED");
                assertRejected(buyer, 13, 1, Side.BUY, 94, 10, RejectReason.PRICE_OUTSIDE_BAND);
                buyer.newOrder(14, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 95, 10);
                buyer.awaitReport(14, "NEW");
            }
        }
    }

    private static AdminClient admin(final TestCluster cluster)
    {
        return AdminClient.connect(new ExchangeClient.Context()
            .username("admin")
            .password("admin-pass")
            .ingressEndpoints(cluster.ingressEndpoints()));
    }

    private static TestClient trader(final TestCluster cluster, final int n)
    {
        return TestClient.connect(cluster.ingressEndpoints(), "trader" + n, "trader" + n + "-pass").logon();
    }

    private static void assertRejected(
        final TestClient trader,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final RejectReason expected)
    {
        trader.newOrder(clientOrderId, instrumentId, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity);
        final TestClient.Received report = trader.await(r ->
            ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == clientOrderId);
        assertEquals("REJECTED", report.execType());
        assertEquals(expected.name() + "/NULL_VAL", report.reason());
    }
}
