package dev.bourse.node;

import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.InstrumentControls;
import dev.bourse.client.TradingStatus;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trading controls through three in-process nodes: a halt cuts trading at one log position on every node while
 * orders keep arriving, and a kill switch cancels everything of an account in one command while the account keeps
 * sending. After each, every node's decisions are read from its own state and the state hashes agree at the next
 * common checkpoint.
 */
@Timeout(240)
class RiskThreeNodeClusterTest
{
    private static final int ORDERS_PER_TRADER = 300;
    private static final int IN_FLIGHT = 4;

    private static TestCluster cluster;
    private static AdminClient admin;

    @BeforeAll
    static void startCluster() throws Exception
    {
        cluster = TestCluster.start(3);
        cluster.awaitLeader();
        admin = AdminClient.connect(new ExchangeClient.Context()
            .username("admin")
            .password("admin-pass")
            .ingressEndpoints(cluster.ingressEndpoints())
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(20)));
    }

    @AfterAll
    static void stopCluster()
    {
        CloseHelper.quietCloseAll(admin, cluster);
    }

    private static TestClient trader(final int n)
    {
        return TestClient.connect(cluster.ingressEndpoints(), "trader" + n, "trader" + n + "-pass").logon();
    }

    @Test
    void shouldHaltTradingAtOneLogPositionOnEveryNode() throws Exception
    {
        admin.defineInstrument(1, 1, 1, "HALT", TradingStatus.OPEN, InstrumentControls.none());
        try (TestClient maker = trader(1); TestClient takerA = trader(2); TestClient takerB = trader(3))
        {
            maker.newOrder(1, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 1_000_000);
            maker.awaitReport(1, "NEW");

            final Stream streamA = new Stream(takerA, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 1);
            final Stream streamB = new Stream(takerB, 1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 1);
            final CompletableFuture<Void> a = CompletableFuture.runAsync(streamA::run);
            final CompletableFuture<Void> b = CompletableFuture.runAsync(streamB::run);
            TestCluster.await("both streams have trades", () -> streamA.answers.get() > 30 &&
                streamB.answers.get() > 30);
            final long haltTimeNs = admin.setTradingStatus(1, TradingStatus.HALTED).transactTimeNs();
            a.get(120, TimeUnit.SECONDS);
            b.get(120, TimeUnit.SECONDS);

            for (final Stream stream : new Stream[]{streamA, streamB})
            {
                final List<TestClient.Received> answers = stream.answers();
                assertEquals(ORDERS_PER_TRADER, answers.size());
                int accepted = 0;
                for (int i = 0; i < answers.size(); i++)
                {
                    final TestClient.Received answer = answers.get(i);
                    if ("NEW".equals(answer.execType()))
                    {
                        assertEquals(i, accepted++, "no order accepted after a halted one");
                        assertTrue(answer.transactTimeNs() <= haltTimeNs, "accepted before the halt");
                    }
                    else
                    {
                        assertEquals("REJECTED", answer.execType());
                        assertEquals(RejectReason.INSTRUMENT_HALTED.name() + "/NULL_VAL", answer.reason());
                        assertTrue(answer.transactTimeNs() >= haltTimeNs, "rejected after the halt");
                    }
                }
                assertTrue(accepted > 0 && accepted < ORDERS_PER_TRADER,
                    "the halt fell inside the stream: " + accepted + " accepted");
                assertEveryNodeDecidedAlike(stream);
            }
        }

        awaitAgreement();
        final long trades = cluster.service(0).engine().nextTradeId();
        for (int i = 0; i < cluster.size(); i++)
        {
            assertEquals(dev.bourse.schemas.marketdata.TradingStatus.HALTED, cluster.service(i).engine()
                .tradingStatus(1), "node " + i);
            assertEquals(trades, cluster.service(i).engine().nextTradeId(), "node " + i + " made the same trades");
        }
        admin.setTradingStatus(1, TradingStatus.OPEN);
    }

    @Test
    void shouldCancelEveryOrderOfTheAccountInOneCommandOnEveryNode() throws Exception
    {
        admin.defineInstrument(2, 1, 1, "KILL", TradingStatus.OPEN, InstrumentControls.none());
        final long account;
        try (TestClient trader = trader(4))
        {
            account = trader.account();
            final Stream stream = new Stream(trader, 2, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 50, 1);
            final CompletableFuture<Void> running = CompletableFuture.runAsync(stream::run);
            TestCluster.await("the account has resting orders", () -> stream.answers.get() > 40);
            final long killTimeNs = admin.killSwitch(account, true).transactTimeNs();
            running.get(120, TimeUnit.SECONDS);

            final List<TestClient.Received> reports = stream.allReports();
            int firstCancel = -1;
            int lastCancel = -1;
            int cancels = 0;
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < reports.size(); i++)
            {
                final TestClient.Received report = reports.get(i);
                if ("CANCELED".equals(report.execType()))
                {
                    assertEquals("NONE/KILL_SWITCH", report.reason());
                    assertEquals(killTimeNs, report.transactTimeNs(), "every cancel is part of the one command");
                    firstCancel = -1 == firstCancel ? i : firstCancel;
                    lastCancel = i;
                    cancels++;
                }
                else if ("NEW".equals(report.execType()))
                {
                    assertTrue(-1 == firstCancel, "no order accepted after the kill switch");
                    accepted++;
                }
                else
                {
                    assertEquals(RejectReason.KILL_SWITCH_ACTIVE.name() + "/NULL_VAL", report.reason());
                    assertTrue(firstCancel >= 0 && i > lastCancel, "refused only after every cancel");
                    refused++;
                }
            }
            assertEquals(accepted, cancels, "every accepted order was cancelled");
            assertEquals(cancels, lastCancel - firstCancel + 1, "the cancels arrive together");
            assertEquals(ORDERS_PER_TRADER, accepted + refused);
            assertTrue(refused > 0, "the kill switch fell inside the stream");
        }

        awaitAgreement();
        for (int i = 0; i < cluster.size(); i++)
        {
            final int[] open = {0};
            for (final Side side : new Side[]{Side.BUY, Side.SELL})
            {
                cluster.service(i).engine().forEachOrder(2, side,
                    (orderId, owner, clientOrderId, instrumentId, orderSide, timeInForce, postOnly, price, quantity,
                    filledQuantity, expireTimeNs, stpGroup) -> open[0] += owner == account ? 1 : 0);
            }
            assertEquals(0, open[0], "node " + i + " has no open order of the account");
            assertTrue(cluster.service(i).engine().isKillSwitchEngaged(account), "node " + i);
        }
        admin.killSwitch(account, false);
    }

    private static void assertEveryNodeDecidedAlike(final Stream stream)
    {
        awaitAgreement();
        for (int i = 0; i < cluster.size(); i++)
        {
            final DedupWindows.Window window = cluster.service(i).dedup().window(stream.client.account());
            for (final TestClient.Received answer : stream.answers())
            {
                final long sequence = window.find(answer.clientOrderId());
                assertTrue(DedupWindows.NOT_FOUND != sequence, "node " + i + " applied " + answer.clientOrderId());
                final int expected = "NEW".equals(answer.execType()) ? 0 : RejectReason.INSTRUMENT_HALTED.value();
                assertEquals(expected, window.rejectReason(sequence), "node " + i + ", order " +
                    answer.clientOrderId());
            }
        }
    }

    private static void awaitAgreement()
    {
        final long position = cluster.service(cluster.leaderId()).lastCheckpoint().logPosition();
        cluster.awaitCommonCheckpoint(position + 1);
    }

    /**
     * One client's stream of orders with at most {@link #IN_FLIGHT} unanswered, run on its own thread (the test
     * client is used by that thread only until the stream ends); the answer to each order is its first execution
     * report.
     */
    private static final class Stream
    {
        final TestClient client;
        final AtomicInteger answers = new AtomicInteger();
        private final int instrumentId;
        private final Side side;
        private final OrderType type;
        private final TimeInForce timeInForce;
        private final long price;
        private final long quantity;
        private final long firstClientOrderId = 1_000;

        Stream(
            final TestClient client,
            final int instrumentId,
            final Side side,
            final OrderType type,
            final TimeInForce timeInForce,
            final long price,
            final long quantity)
        {
            this.client = client;
            this.instrumentId = instrumentId;
            this.side = side;
            this.type = type;
            this.timeInForce = timeInForce;
            this.price = price;
            this.quantity = quantity;
            client.onReceived((r) ->
            {
                if (isAnswer(r))
                {
                    answers.incrementAndGet();
                }
            });
        }

        private boolean isAnswer(final TestClient.Received r)
        {
            return ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() >= firstClientOrderId &&
                ("NEW".equals(r.execType()) || "REJECTED".equals(r.execType()));
        }

        void run()
        {
            for (int i = 0; i < ORDERS_PER_TRADER; i++)
            {
                final int sent = i;
                TestCluster.await("an answer to order " + (sent - IN_FLIGHT), () ->
                {
                    client.poll();
                    return answers.get() > sent - IN_FLIGHT;
                });
                client.newOrder(firstClientOrderId + i, instrumentId, side, type, timeInForce, price, quantity);
            }
            TestCluster.await("answers to every order", () ->
            {
                client.poll();
                return answers.get() == ORDERS_PER_TRADER;
            });
            client.drain(200);
        }

        List<TestClient.Received> answers()
        {
            final List<TestClient.Received> result = new ArrayList<>();
            for (final TestClient.Received r : client.received())
            {
                if (isAnswer(r))
                {
                    result.add(r);
                }
            }
            return result;
        }

        List<TestClient.Received> allReports()
        {
            final List<TestClient.Received> result = new ArrayList<>();
            for (final TestClient.Received r : client.received())
            {
                if (ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() >= firstClientOrderId)
                {
                    result.add(r);
                }
            }
            return result;
        }
    }
}
