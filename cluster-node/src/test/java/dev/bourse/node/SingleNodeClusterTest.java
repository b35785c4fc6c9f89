package dev.bourse.node;

import dev.bourse.schemas.admin.AdminAckDecoder;
import dev.bourse.schemas.orderentry.CancelRejectDecoder;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.MassCancelReportDecoder;
import dev.bourse.schemas.orderentry.MessageRejectDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.security.AuthenticationException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Order entry through the wire against a one-node cluster: fills, every reject reason the node produces today,
 * exactly-once answers to resends, malformed and forged input, credentials.
 */
@Timeout(180)
class SingleNodeClusterTest
{
    private static final int INSTRUMENT = 7;
    private static final int DEDUP_WINDOW = 8;
    private static final int HEADER = 8;
    private static final AtomicLong IDS = new AtomicLong(1000);

    private static TestCluster cluster;
    private static TestClient admin;

    @BeforeAll
    static void startCluster() throws Exception
    {
        final Properties properties = new Properties();
        properties.setProperty(NodeConfig.DEDUP_WINDOW, Integer.toString(DEDUP_WINDOW));
        cluster = TestCluster.start(1, properties);
        cluster.awaitLeader();
        admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon();
        admin.defineInstrument(1, INSTRUMENT, 5, 10);
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

    private static TestClient trader(final int n)
    {
        return TestClient.connect(cluster.ingressEndpoints(), "trader" + n, "trader" + n + "-pass").logon();
    }

    private static long nextId()
    {
        return IDS.incrementAndGet();
    }

    @Test
    void shouldAskForTheConfiguredSocketReceiveBuffer()
    {
        assertEquals(2 * 1024 * 1024, cluster.node(0).driverSocketRcvbufLength(),
            "the node's driver asks for bourse.socket.rcvbuf (default 2m), not Aeron's 128k");
    }

    @Test
    void shouldReportFillToBothAccounts()
    {
        try (TestClient seller = trader(1); TestClient buyer = trader(2))
        {
            final long sellId = nextId();
            final long buyId = nextId();
            seller.newOrder(sellId, INSTRUMENT, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 50);
            final TestClient.Received sellAck = seller.awaitReport(sellId, "NEW");
            buyer.newOrder(buyId, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 105, 30);
            buyer.awaitReport(buyId, "NEW");

            final TestClient.Received makerFill = seller.awaitReport(sellId, "TRADE");
            final TestClient.Received takerFill = buyer.awaitReport(buyId, "TRADE");
            assertEquals(sellAck.orderId(), makerFill.orderId());
            assertEquals(30, makerFill.lastQuantity());
            assertEquals(100, makerFill.lastPrice());
            assertEquals(20, makerFill.leavesQuantity());
            assertEquals("PARTIALLY_FILLED", makerFill.orderStatus());
            assertEquals(30, takerFill.lastQuantity());
            assertEquals(100, takerFill.lastPrice());
            assertEquals("FILLED", takerFill.orderStatus());
            assertEquals(makerFill.count(), takerFill.count(), "both sides carry the same trade id");

            final long cancelId = nextId();
            seller.cancel(cancelId, sellAck.orderId(), 0);
            final TestClient.Received cancelled = seller.awaitReport(cancelId, "CANCELED");
            assertEquals(sellId, cancelled.origClientOrderId());
            assertEquals("NONE/CLIENT_REQUEST", cancelled.reason());
        }
    }

    @Test
    void shouldExpireGtdOrderOnTheClusterTimerAndAnswerStatusRequests()
    {
        try (TestClient trader = trader(4))
        {
            final long id = nextId();
            final long expireAt = System.currentTimeMillis() * 1_000_000L + 3_000_000_000L;
            trader.newOrder(trader.token(), trader.account(), id, INSTRUMENT, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTD, false, 20, 10, expireAt);
            final long orderId = trader.awaitReport(id, "NEW").orderId();

            final long statusId = nextId();
            trader.orderStatus(statusId, 0, id);
            final TestClient.Received live = trader.awaitReport(statusId, "ORDER_STATUS");
            assertEquals(orderId, live.orderId());
            assertEquals("NEW", live.orderStatus());
            assertEquals(10, live.leavesQuantity());

            final TestClient.Received expired = trader.awaitReport(id, "EXPIRED");
            assertEquals(orderId, expired.orderId());
            assertEquals("NONE/EXPIRED", expired.reason());

            final long afterId = nextId();
            trader.orderStatus(afterId, orderId, 0);
            assertEquals("EXPIRED", trader.awaitReport(afterId, "ORDER_STATUS").orderStatus());

            final long unknownId = nextId();
            trader.orderStatus(unknownId, 999_999_999, 0);
            assertEquals(RejectReason.UNKNOWN_ORDER.name(), trader.await(r ->
                CancelRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == unknownId).reason());
        }
    }

    @Test
    void shouldRejectEveryInvalidNewOrderThroughTheWire()
    {
        try (TestClient trader = trader(3))
        {
            assertOrderRejected(trader, 99, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10, 0,
                RejectReason.UNKNOWN_INSTRUMENT);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 0, 0,
                RejectReason.INVALID_QUANTITY);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100,
                2_000_000_000_000L, 0, RejectReason.QUANTITY_TOO_LARGE);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 15, 0,
                RejectReason.QUANTITY_NOT_LOT_MULTIPLE);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, -5, 10, 0,
                RejectReason.INVALID_PRICE);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 101, 10, 0,
                RejectReason.PRICE_NOT_TICK_MULTIPLE);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, true, 100, 10, 0,
                RejectReason.POST_ONLY_NOT_ALLOWED);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTD, false, 100, 10, 1,
                RejectReason.EXPIRE_TIME_IN_PAST);
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 100, 10, 5,
                RejectReason.INVALID_EXPIRE_TIME);
            assertOrderRejected(trader, INSTRUMENT, Side.SELL, OrderType.MARKET, TimeInForce.IOC, false, 0, 10, 0,
                RejectReason.NO_LIQUIDITY);

            final long restingId = nextId();
            trader.newOrder(restingId, INSTRUMENT, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 500, 10);
            final long restingOrderId = trader.awaitReport(restingId, "NEW").orderId();
            assertOrderRejected(trader, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, true, 500, 10, 0,
                RejectReason.POST_ONLY_WOULD_CROSS);

            assertBadCode(trader, 28, RejectReason.INVALID_SIDE);
            assertBadCode(trader, 29, RejectReason.INVALID_ORDER_TYPE);
            assertBadCode(trader, 30, RejectReason.INVALID_TIME_IN_FORCE);

            final long cancelId = nextId();
            trader.cancel(cancelId, 987_654, 0);
            assertEquals(RejectReason.UNKNOWN_ORDER.name(), trader.await(r ->
                CancelRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == cancelId).reason());

            final long replaceId = nextId();
            trader.replace(replaceId, restingOrderId, 500, 0);
            assertEquals(RejectReason.INVALID_QUANTITY.name(), trader.await(r ->
                CancelRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == replaceId).reason());

            final long massId = nextId();
            trader.massCancel(massId, 4242, Side.NULL_VAL);
            assertEquals(RejectReason.UNKNOWN_INSTRUMENT.name(), trader.await(r ->
                MassCancelReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == massId).reason());

            assertOrderRejectedRaw(trader, 0, RejectReason.INVALID_CLIENT_ORDER_ID);
        }
    }

    @Test
    void shouldRejectReplaceBelowFilledQuantity()
    {
        try (TestClient seller = trader(1); TestClient buyer = trader(2))
        {
            final long sellId = nextId();
            seller.newOrder(sellId, INSTRUMENT, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 900, 40);
            final long orderId = seller.awaitReport(sellId, "NEW").orderId();
            final long buyId = nextId();
            buyer.newOrder(buyId, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 900, 30);
            seller.awaitReport(sellId, "TRADE");
            final long replaceId = nextId();
            seller.replace(replaceId, orderId, 900, 30);
            assertEquals(RejectReason.REPLACE_QUANTITY_TOO_LOW.name(), seller.await(r ->
                CancelRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == replaceId).reason());
            final long cancelId = nextId();
            seller.cancel(cancelId, orderId, 0);
            seller.awaitReport(cancelId, "CANCELED");
        }
    }

    @Test
    void shouldRejectAdminCommandsFromTradersAndBadDefinitions()
    {
        try (TestClient trader = trader(4))
        {
            trader.defineInstrument(77, 70, 1, 1);
            assertEquals(Integer.toString(RejectReason.NOT_AUTHORIZED.value()),
                trader.await(r -> AdminAckDecoder.TEMPLATE_ID == r.templateId() && 77 == r.clientOrderId()).reason());
        }
        admin.defineInstrument(78, INSTRUMENT, 5, 10);
        assertEquals(Integer.toString(RejectReason.INSTRUMENT_ALREADY_DEFINED.value()),
            admin.await(r -> AdminAckDecoder.TEMPLATE_ID == r.templateId() && 78 == r.clientOrderId()).reason());
        admin.defineInstrument(79, 71, 0, 10);
        assertEquals(Integer.toString(RejectReason.INVALID_INSTRUMENT_DEFINITION.value()),
            admin.await(r -> AdminAckDecoder.TEMPLATE_ID == r.templateId() && 79 == r.clientOrderId()).reason());
    }

    @Test
    void shouldAnswerResendsExactlyOnceAndRejectReusedAndStaleIds()
    {
        try (TestClient trader = trader(2))
        {
            final long id = nextId();
            trader.newOrder(id, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10, 10);
            final long orderId = trader.awaitReport(id, "NEW").orderId();
            final long ordersBefore = cluster.service(0).counters().commands;

            trader.newOrder(id, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10, 10);
            final TestClient.Received status = trader.awaitReport(id, "ORDER_STATUS");
            assertEquals(orderId, status.orderId());
            assertEquals("NEW", status.orderStatus());
            assertTrue(cluster.service(0).counters().commands > ordersBefore);

            trader.cancel(id, orderId, 0);
            assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID.name(), trader.await(r ->
                CancelRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == id).reason());

            for (int i = 0; i < DEDUP_WINDOW + 2; i++)
            {
                final long filler = nextId();
                trader.newOrder(filler, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10, 10);
                trader.awaitReport(filler, "NEW");
            }
            trader.newOrder(id, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10, 10);
            assertEquals(RejectReason.STALE_CLIENT_ORDER_ID.name() + "/NULL_VAL", trader.await(r ->
                ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == id &&
                "REJECTED".equals(r.execType())).reason());

            final long cancelId = nextId();
            trader.cancel(cancelId, orderId, 0);
            trader.awaitReport(cancelId, "CANCELED");
        }
    }

    @Test
    void shouldRejectAnotherAccountAndDropAWrongToken()
    {
        try (TestClient trader = trader(1))
        {
            final long id = nextId();
            trader.newOrder(trader.token(), 102, id, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                false, 10, 10, 0);
            final TestClient.Received reject = trader.await(r ->
                MessageRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == id);
            assertEquals(RejectReason.ACCOUNT_MISMATCH.name(), reject.reason());

            final long forgedBefore = cluster.service(0).counters().forged;
            final long wrongTokenId = nextId();
            trader.newOrder(trader.token() + 1, trader.account(), wrongTokenId, INSTRUMENT, Side.BUY,
                OrderType.LIMIT, TimeInForce.GTC, false, 10, 10, 0);
            TestCluster.await("the wrong token is counted", () -> cluster.service(0).counters().forged > forgedBefore);
            assertTrue(trader.drain(300).stream().noneMatch(r -> r.clientOrderId() == wrongTokenId));
        }
    }

    @Test
    void shouldDetectForgedSessionAndLeaveStateUnchanged()
    {
        try (TestClient victim = trader(1); TestClient attacker = trader(2))
        {
            final ExchangeService.Checkpoint before = awaitNextCheckpoint();
            final long forgedBefore = cluster.service(0).counters().forged;
            final byte[] order = attacker.encodeNewOrder(nextId(), INSTRUMENT, Side.BUY, TimeInForce.GTC, 10, 10);
            final UnsafeBuffer view = new UnsafeBuffer(order);
            view.putLong(HEADER + 8, victim.account());
            for (long guess = 0; guess < 20; guess++)
            {
                view.putLong(HEADER, guess);
                attacker.sendAsSession(victim.clusterSessionId(), order);
            }
            TestCluster.await("every forged message is counted",
                () -> cluster.service(0).counters().forged >= forgedBefore + 20);
            assertEquals(before.stateHash(), awaitNextCheckpoint().stateHash());
            final List<TestClient.Received> seen = victim.drain(200);
            assertTrue(seen.stream().noneMatch(r -> ExecutionReportDecoder.TEMPLATE_ID == r.templateId()));
        }
    }

    @Test
    void shouldRejectAndCountMalformedInputWithoutChangingState()
    {
        try (TestClient fuzzer = trader(4))
        {
            final ExchangeService.Checkpoint before = awaitNextCheckpoint();
            final long malformedBefore = cluster.service(0).counters().malformed;
            final Random random = new Random(42);
            final byte[] valid = fuzzer.encodeNewOrder(nextId(), INSTRUMENT, Side.BUY, TimeInForce.GTC, 10, 10);
            int expectedRejects = 0;

            fuzzer.sendRaw(new byte[]{1, 2, 3});
            expectedRejects++;
            for (int length = 8; length < valid.length; length += 7)
            {
                fuzzer.sendRaw(java.util.Arrays.copyOf(valid, length));
                expectedRejects++;
            }
            fuzzer.sendRaw(patchShort(valid, 4, 99));
            fuzzer.sendRaw(patchShort(valid, 6, 7));
            fuzzer.sendRaw(patchShort(valid, 2, 999));
            fuzzer.sendRaw(patchShort(valid, 0, 60_000));
            fuzzer.sendRaw(patchShort(valid, 0, 3));
            expectedRejects += 5;
            for (int i = 0; i < 200; i++)
            {
                final byte[] noise = new byte[1 + random.nextInt(120)];
                random.nextBytes(noise);
                if (noise.length >= 4)
                {
                    noise[2] = 3;
                    noise[3] = 0;
                }
                fuzzer.sendRaw(noise);
                expectedRejects++;
            }
            final int total = expectedRejects;
            TestCluster.await("every malformed message is rejected and counted",
                () -> cluster.service(0).counters().malformed >= malformedBefore + total);
            fuzzer.await(r -> fuzzer.received().stream()
                .filter(m -> MessageRejectDecoder.TEMPLATE_ID == m.templateId()).count() >= total);
            assertEquals(before.stateHash(), awaitNextCheckpoint().stateHash());
        }
    }

    @Test
    void shouldRefuseWrongCredentials()
    {
        final AuthenticationException ex = assertThrows(AuthenticationException.class,
            () -> TestClient.connect(cluster.ingressEndpoints(), "trader1", "wrong-password"));
        assertTrue(ex.getMessage().toLowerCase().contains("authenticat"), ex.getMessage());
        assertThrows(AuthenticationException.class,
            () -> TestClient.connect(cluster.ingressEndpoints(), "nobody", "trader1-pass"));
    }

    private static ExchangeService.Checkpoint awaitNextCheckpoint()
    {
        final long after = cluster.service(0).lastCheckpoint().logPosition();
        return cluster.awaitCommonCheckpoint(after + 1);
    }

    private static byte[] patchShort(final byte[] message, final int offset, final int value)
    {
        final byte[] copy = message.clone();
        new UnsafeBuffer(copy).putShort(offset, (short)value);
        return copy;
    }

    private static void assertBadCode(final TestClient trader, final int fieldOffset, final RejectReason expected)
    {
        final long id = nextId();
        final byte[] order = trader.encodeNewOrder(id, INSTRUMENT, Side.BUY, TimeInForce.GTC, 100, 10);
        order[HEADER + fieldOffset] = 9;
        trader.sendRaw(order);
        assertEquals(expected.name() + "/NULL_VAL", trader.await(r ->
            ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == id).reason());
    }

    private static void assertOrderRejectedRaw(final TestClient trader, final long id, final RejectReason expected)
    {
        trader.newOrder(id, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 10);
        assertEquals(expected.name() + "/NULL_VAL", trader.await(r ->
            ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == id &&
            "REJECTED".equals(r.execType())).reason());
    }

    private static void assertOrderRejected(
        final TestClient trader,
        final int instrumentId,
        final Side side,
        final OrderType type,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs,
        final RejectReason expected)
    {
        final long id = nextId();
        trader.newOrder(trader.token(), trader.account(), id, instrumentId, side, type, timeInForce, postOnly, price,
            quantity, expireTimeNs);
        final TestClient.Received report = trader.await(r ->
            ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == id);
        assertEquals("REJECTED", report.execType());
        assertEquals(expected.name() + "/NULL_VAL", report.reason());
    }
}
