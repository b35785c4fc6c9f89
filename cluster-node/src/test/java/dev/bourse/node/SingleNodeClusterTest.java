package dev.bourse.node;

import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(120)
class SingleNodeClusterTest
{
    private static TestCluster cluster;
    private static TestClient admin;

    @BeforeAll
    static void startCluster() throws Exception
    {
        cluster = TestCluster.start(1);
        cluster.awaitLeader();
        admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon();
        admin.defineInstrument(1, 7, 5, 10);
        admin.await(r -> 1 == r.clientOrderId() && "0".equals(r.reason()));
    }

    @AfterAll
    static void stopCluster()
    {
        if (null != admin)
        {
            admin.close();
        }
        if (null != cluster)
        {
            cluster.close();
        }
    }

    @Test
    void shouldReportFillToBothAccounts()
    {
        try (TestClient seller = TestClient.connect(cluster.ingressEndpoints(), "trader1", "trader1-pass").logon();
            TestClient buyer = TestClient.connect(cluster.ingressEndpoints(), "trader2", "trader2-pass").logon())
        {
            seller.newOrder(1, 7, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 50);
            final TestClient.Received sellAck = seller.awaitReport(1, "NEW");
            buyer.newOrder(1, 7, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 105, 30);
            buyer.awaitReport(1, "NEW");

            final TestClient.Received makerFill = seller.awaitReport(1, "TRADE");
            final TestClient.Received takerFill = buyer.awaitReport(1, "TRADE");
            assertEquals(sellAck.orderId(), makerFill.orderId());
            assertEquals(30, makerFill.lastQuantity());
            assertEquals(100, makerFill.lastPrice());
            assertEquals(20, makerFill.leavesQuantity());
            assertEquals("PARTIALLY_FILLED", makerFill.orderStatus());
            assertEquals(30, takerFill.lastQuantity());
            assertEquals(100, takerFill.lastPrice());
            assertEquals("FILLED", takerFill.orderStatus());
            assertEquals(makerFill.count(), takerFill.count(), "both sides carry the same trade id");
            assertEquals(ExecutionReportDecoder.TEMPLATE_ID, takerFill.templateId());
        }
    }
}
