package dev.bourse.node;

import dev.bourse.client.AccountLimits;
import dev.bourse.client.AccountReport;
import dev.bourse.client.AdminClient;
import dev.bourse.client.AdminException;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.InstrumentControls;
import dev.bourse.client.InstrumentReport;
import dev.bourse.client.TradingStatus;
import dev.bourse.client.marketdata.BookView;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.schemas.admin.InstrumentReportDecoder;
import dev.bourse.schemas.admin.LimitsReportDecoder;
import dev.bourse.schemas.orderentry.CancelRejectDecoder;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.MassCancelReportDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Risk controls and admin commands through the wire against a one-node cluster: every admin command accepted (SDK
 * {@link AdminClient}) and refused (raw messages: non-admin, bad enum codes, unknown instruments, bad accounts),
 * every risk reject reason 60-71 reaching the client, the throttle's reject and disconnect, cancel-on-disconnect
 * on the last session only, the kill switch, the query reports and trading status on the market-data feed.
 * Each test uses its own instruments and accounts.
 */
@Timeout(180)
class RiskClusterTest
{
    private static final int INSTRUMENT = 7;
    private static final long NULL = Long.MIN_VALUE;
    private static final int NULL32 = Integer.MIN_VALUE;
    private static final AtomicLong IDS = new AtomicLong(5000);

    private static TestCluster cluster;
    private static TestClient rawAdmin;
    private static AdminClient admin;

    @BeforeAll
    static void startCluster() throws Exception
    {
        cluster = TestCluster.start(1);
        cluster.awaitLeader();
        rawAdmin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon();
        admin = AdminClient.connect(new ExchangeClient.Context()
            .username("admin")
            .password("admin-pass")
            .ingressEndpoints(cluster.ingressEndpoints()));
        admin.defineInstrument(INSTRUMENT, 5, 10, "BASE");
    }

    @AfterAll
    static void stopCluster()
    {
        CloseHelper.quietCloseAll(admin, rawAdmin, cluster);
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
    void shouldApplyEveryAdminCommandFromTheSdkAndReportIt()
    {
        final InstrumentControls controls = InstrumentControls.builder()
            .referencePrice(1_000).priceBandBps(1_000).maxOrderQuantity(500).maxOrderNotional(400_000).build();
        assertTrue(admin.defineInstrument(20, 5, 10, "RISK-20", TradingStatus.PRE_OPEN, controls).isAccepted());

        final InstrumentReport defined = admin.queryInstrument(20);
        assertEquals(20, defined.instrumentId());
        assertEquals("RISK-20", defined.symbol());
        assertEquals(5, defined.tickSize());
        assertEquals(10, defined.lotSize());
        assertEquals(TradingStatus.PRE_OPEN, defined.tradingStatus());
        assertEquals(controls, defined.controls());

        final InstrumentControls updated = InstrumentControls.builder()
            .referencePrice(1_200).priceBandBps(250).maxOrderNotional(900_000).build();
        admin.updateInstrument(20, updated);
        assertEquals(updated, admin.queryInstrument(20).controls());
        assertEquals(TradingStatus.PRE_OPEN, admin.queryInstrument(20).tradingStatus(), "update keeps the status");

        for (final TradingStatus status : new TradingStatus[]{TradingStatus.OPEN, TradingStatus.HALTED,
            TradingStatus.CLOSED, TradingStatus.OPEN})
        {
            admin.setTradingStatus(20, status);
            assertEquals(status, admin.queryInstrument(20).tradingStatus());
        }

        final AccountLimits limits = AccountLimits.builder(107)
            .maxOpenOrders(12).maxLongPosition(300).maxShortPosition(200).creditLimit(5_000_000)
            .throttleRejectPerSecond(1_000).throttleDisconnectPerSecond(2_000).cancelOnDisconnect(true)
            .stpMode(StpMode.CANCEL_BOTH).stpGroup(9).build();
        admin.setAccountLimits(limits);
        final AccountReport report = admin.queryAccount(107);
        assertEquals(limits, report.limits());
        assertFalse(report.killSwitchEngaged());
        assertEquals(0, report.openOrders());
        assertEquals(0, report.creditUsed());

        admin.killSwitch(107, true);
        assertTrue(admin.queryAccount(107).killSwitchEngaged());
        admin.killSwitch(107, false);
        assertFalse(admin.queryAccount(107).killSwitchEngaged());

        final AccountLimits none = AccountLimits.builder(107).build();
        admin.setAccountLimits(none);
        assertEquals(none, admin.queryAccount(107).limits());
        assertEquals(OptionalInt.empty(), admin.queryAccount(107).limits().maxOpenOrders());
        assertEquals(OptionalLong.empty(), admin.queryAccount(107).limits().creditLimit());

        final AccountReport neverSeen = admin.queryAccount(987_654);
        assertEquals(AccountLimits.builder(987_654).build(), neverSeen.limits(), "defaults for an unseen account");
        assertTrue(neverSeen.positions().isEmpty());
    }

    @Test
    void shouldRefuseEveryAdminCommandFromATraderWithoutChangingAnything()
    {
        try (TestClient trader = trader(8))
        {
            final long define = nextId();
            trader.defineInstrument(define, 21, 1, 1, NULL, 0, NULL, NULL, 2, "NOPE");
            final long update = nextId();
            trader.updateInstrument(update, INSTRUMENT, 100, 10, NULL, NULL);
            final long status = nextId();
            trader.setTradingStatus(status, INSTRUMENT, 3);
            final long limits = nextId();
            trader.setAccountLimits(limits, 108, 0, NULL, NULL, NULL, NULL32, NULL32, 0, 0, 0);
            final long kill = nextId();
            trader.killSwitch(kill, 108, 1);
            final long query = nextId();
            trader.queryLimits(query, 1, 108, 0);
            for (final long requestId : new long[]{define, update, status, limits, kill, query})
            {
                assertEquals(RejectReason.NOT_AUTHORIZED.value(), trader.awaitAdminAck(requestId));
            }

            final long order = nextId();
            trader.newOrder(order, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 5, 10);
            trader.awaitReport(order, "NEW");
        }
        assertThrows(AdminException.class, () -> admin.queryInstrument(21), "instrument 21 was not defined");
        final InstrumentReport instrument = admin.queryInstrument(INSTRUMENT);
        assertEquals(TradingStatus.OPEN, instrument.tradingStatus());
        assertEquals(InstrumentControls.none(), instrument.controls());
        final AccountReport account = admin.queryAccount(108);
        assertEquals(AccountLimits.builder(108).build(), account.limits());
        assertFalse(account.killSwitchEngaged());
    }

    @Test
    void shouldRefuseBadCodesUnknownInstrumentsAndBadAccounts()
    {
        final TestClient a = rawAdmin;
        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) ->
            a.defineInstrument(id, 22, 1, 1, NULL, 0, NULL, NULL, 9, "BADSTATUS"));
        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) ->
            a.defineInstrument(id, 22, 1, 1, NULL, -1, NULL, NULL, 2, "BADBAND"));
        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) ->
            a.defineInstrument(id, 22, 1, 1, -5, 100, NULL, NULL, 2, "BADREF"));
        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) ->
            a.defineInstrument(id, 22, 1, 1, NULL, 0, -7, NULL, 2, "BADLIMIT"));
        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) ->
            a.defineInstrument(id, 22, 1, 1, NULL, 0, NULL, NULL, 2, "BAD SYMBOL"));
        assertAck(RejectReason.INSTRUMENT_ALREADY_DEFINED, (id) ->
            a.defineInstrument(id, INSTRUMENT, 5, 10, NULL, 0, NULL, NULL, 2, "AGAIN"));

        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) -> a.setTradingStatus(id, INSTRUMENT, 0));
        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) -> a.setTradingStatus(id, INSTRUMENT, 9));
        assertAck(RejectReason.UNKNOWN_INSTRUMENT, (id) -> a.setTradingStatus(id, 999, 3));
        assertAck(RejectReason.UNKNOWN_INSTRUMENT, (id) -> a.updateInstrument(id, 999, 100, 10, NULL, NULL));
        assertAck(RejectReason.INVALID_INSTRUMENT_DEFINITION, (id) ->
            a.updateInstrument(id, INSTRUMENT, 100, RiskControlsLimits.BAND_TOO_WIDE, NULL, NULL));

        assertAck(RejectReason.INVALID_STP_MODE, (id) ->
            a.setAccountLimits(id, 108, NULL32, NULL, NULL, NULL, NULL32, NULL32, 0, 9, 0));
        assertAck(RejectReason.INVALID_STP_MODE, (id) ->
            a.setAccountLimits(id, 108, NULL32, NULL, NULL, NULL, NULL32, NULL32, 0, 1, -4));
        assertAck(RejectReason.MALFORMED_MESSAGE, (id) ->
            a.setAccountLimits(id, 108, NULL32, NULL, NULL, NULL, NULL32, NULL32, 7, 0, 0));
        assertAck(RejectReason.MALFORMED_MESSAGE, (id) ->
            a.setAccountLimits(id, 0, NULL32, NULL, NULL, NULL, NULL32, NULL32, 0, 0, 0));
        assertAck(RejectReason.MALFORMED_MESSAGE, (id) ->
            a.setAccountLimits(id, 108, -5, NULL, NULL, NULL, NULL32, NULL32, 0, 0, 0));
        assertAck(RejectReason.MALFORMED_MESSAGE, (id) ->
            a.setAccountLimits(id, 108, NULL32, NULL, NULL, NULL, 200_000, NULL32, 0, 0, 0));

        assertAck(RejectReason.MALFORMED_MESSAGE, (id) -> a.killSwitch(id, 108, 9));
        assertAck(RejectReason.MALFORMED_MESSAGE, (id) -> a.killSwitch(id, 0, 1));
        assertAck(RejectReason.MALFORMED_MESSAGE, (id) -> a.killSwitch(id, -108, 1));

        assertAck(RejectReason.MALFORMED_MESSAGE, (id) -> a.queryLimits(id, 9, 108, 0));
        assertAck(RejectReason.MALFORMED_MESSAGE, (id) -> a.queryLimits(id, 1, 0, 0));
        assertAck(RejectReason.UNKNOWN_INSTRUMENT, (id) -> a.queryLimits(id, 1, 108, 999));
        assertAck(RejectReason.UNKNOWN_INSTRUMENT, (id) -> a.queryLimits(id, 2, 0, 999));

        final AdminException unknown =
            assertThrows(AdminException.class, () -> admin.setTradingStatus(999, TradingStatus.HALTED));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT.value(), unknown.rejectReasonCode());
        assertEquals("UNKNOWN_INSTRUMENT", unknown.reasonName());
        assertEquals("SetTradingStatus 999 HALTED refused: UNKNOWN_INSTRUMENT (1)", unknown.getMessage());

        assertEquals(TradingStatus.OPEN, admin.queryInstrument(INSTRUMENT).tradingStatus(), "nothing changed");
        assertEquals(AccountLimits.builder(108).build(), admin.queryAccount(108).limits(), "nothing changed");
    }

    @Test
    void shouldReportEveryOrderLimitRejectWithItsReason()
    {
        admin.defineInstrument(30, 1, 1, "LIMITS", TradingStatus.OPEN, InstrumentControls.builder()
            .referencePrice(1_000).priceBandBps(1_000).maxOrderQuantity(100).maxOrderNotional(50_000).build());
        admin.setAccountLimits(AccountLimits.builder(103)
            .maxOpenOrders(2).maxLongPosition(50).maxShortPosition(40).creditLimit(70_000).build());
        try (TestClient trader = trader(3))
        {
            assertRejected(trader, 30, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1_200, 10,
                RejectReason.PRICE_OUTSIDE_BAND);
            assertRejected(trader, 30, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 899, 10,
                RejectReason.PRICE_OUTSIDE_BAND);
            assertRejected(trader, 30, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1_000, 101,
                RejectReason.MAX_ORDER_QUANTITY_EXCEEDED);
            assertRejected(trader, 30, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1_000, 51,
                RejectReason.MAX_ORDER_NOTIONAL_EXCEEDED);
            assertRejected(trader, 30, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 900, 51,
                RejectReason.MAX_LONG_POSITION_EXCEEDED);
            assertRejected(trader, 30, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1_000, 41,
                RejectReason.MAX_SHORT_POSITION_EXCEEDED);

            final long buy = nextId();
            trader.newOrder(buy, 30, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1_000, 40);
            final long buyOrderId = trader.awaitReport(buy, "NEW").orderId();
            assertRejected(trader, 30, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1_100, 35,
                RejectReason.CREDIT_LIMIT_EXCEEDED);
            final long sell = nextId();
            trader.newOrder(sell, 30, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1_100, 10);
            trader.awaitReport(sell, "NEW");
            assertRejected(trader, 30, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 950, 1,
                RejectReason.MAX_OPEN_ORDERS_EXCEEDED);

            final long replace = nextId();
            trader.replace(replace, buyOrderId, 900, 55);
            assertEquals(RejectReason.MAX_LONG_POSITION_EXCEEDED.name(), trader.await(r ->
                CancelRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == replace).reason(),
                "a replace refused by risk is a CancelReject with the reason");

            final AccountReport usage = admin.queryAccount(103, 30);
            assertEquals(2, usage.openOrders());
            assertEquals(40 * 1_000 + 10 * 1_100, usage.creditUsed());
            assertEquals(new AccountReport.Position(30, 0, 40, 10), usage.position(30).orElseThrow());

            final long massCancel = nextId();
            trader.massCancel(massCancel, 30, Side.NULL_VAL);
            trader.await(r -> MassCancelReportDecoder.TEMPLATE_ID == r.templateId() &&
                r.clientOrderId() == massCancel && 2 == r.count());
        }
        admin.setAccountLimits(AccountLimits.builder(103).build());
    }

    @Test
    void shouldRejectByTradingStatusAndResume()
    {
        admin.defineInstrument(31, 1, 1, "STATUS", TradingStatus.OPEN, InstrumentControls.none());
        try (TestClient seller = trader(1); TestClient buyer = trader(2))
        {
            final long ask = nextId();
            seller.newOrder(ask, 31, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 10);
            final long askOrderId = seller.awaitReport(ask, "NEW").orderId();

            admin.setTradingStatus(31, TradingStatus.HALTED);
            assertRejected(buyer, 31, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 10,
                RejectReason.INSTRUMENT_HALTED);
            final long replace = nextId();
            seller.replace(replace, askOrderId, 101, 10);
            assertEquals(RejectReason.INSTRUMENT_HALTED.name(), seller.await(r ->
                CancelRejectDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == replace).reason());

            admin.setTradingStatus(31, TradingStatus.CLOSED);
            assertRejected(buyer, 31, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 10,
                RejectReason.INSTRUMENT_CLOSED);

            admin.setTradingStatus(31, TradingStatus.PRE_OPEN);
            assertRejected(buyer, 31, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 10,
                RejectReason.INSTRUMENT_PRE_OPEN);
            assertRejected(buyer, 31, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 0, 10,
                RejectReason.INSTRUMENT_PRE_OPEN);
            final long passive = nextId();
            buyer.newOrder(passive, 31, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 99, 10);
            final long passiveOrderId = buyer.awaitReport(passive, "NEW").orderId();

            admin.setTradingStatus(31, TradingStatus.OPEN);
            final long taker = nextId();
            buyer.newOrder(taker, 31, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 10);
            assertEquals(10, buyer.awaitReport(taker, "TRADE").lastQuantity());
            final long cancel = nextId();
            buyer.cancel(cancel, passiveOrderId, 0);
            buyer.awaitReport(cancel, "CANCELED");
        }
    }

    @Test
    void shouldThrottleOrderEntryMessagesPerSecondOfClusterTime()
    {
        admin.setAccountLimits(AccountLimits.builder(105).throttleRejectPerSecond(5).build());
        try (TestClient trader = trader(5))
        {
            final long first = nextId();
            final int burst = 12;
            for (int i = 0; i < burst; i++)
            {
                trader.orderStatus(first + i, 999_000_000L + i, 0);
            }
            IDS.addAndGet(burst);
            trader.await(r -> trader.received().stream()
                .filter(m -> CancelRejectDecoder.TEMPLATE_ID == m.templateId()).count() >= burst);
            final List<TestClient.Received> answers = trader.received().stream()
                .filter(m -> CancelRejectDecoder.TEMPLATE_ID == m.templateId()).collect(Collectors.toList());
            // Every message counts in the window (nowNs - 1 s, nowNs], throttled ones too; more than 5 is rejected.
            int throttled = 0;
            for (int k = 0; k < answers.size(); k++)
            {
                final long nowNs = answers.get(k).transactTimeNs();
                int inWindow = 0;
                for (int j = 0; j <= k; j++)
                {
                    inWindow += answers.get(j).transactTimeNs() > nowNs - 1_000_000_000L ? 1 : 0;
                }
                if (inWindow > 5)
                {
                    assertEquals(RejectReason.THROTTLE_EXCEEDED.name(), answers.get(k).reason(), "message " + k);
                    throttled++;
                }
                else
                {
                    assertEquals(RejectReason.UNKNOWN_ORDER.name(), answers.get(k).reason(), "message " + k);
                }
            }
            assertTrue(throttled > 0, "a burst of " + burst + " exceeds 5 per second");
            assertFalse(trader.isClosed(), "no disconnect threshold");
        }
        admin.setAccountLimits(AccountLimits.builder(105).build());
    }

    @Test
    void shouldCloseTheSessionAboveTheDisconnectThreshold()
    {
        admin.setAccountLimits(AccountLimits.builder(109)
            .throttleRejectPerSecond(2).throttleDisconnectPerSecond(4).build());
        final long disconnectsBefore = cluster.service(0).counters().throttleDisconnects;
        try (TestClient trader = trader(9))
        {
            final long first = nextId();
            for (int i = 0; i < 10; i++)
            {
                trader.orderStatus(first + i, 999_000_000L + i, 0);
            }
            IDS.addAndGet(10);
            TestCluster.await("the cluster closes the session", trader::isClosed);
            assertTrue(cluster.service(0).counters().throttleDisconnects > disconnectsBefore);
            assertTrue(trader.received().stream().anyMatch(r -> CancelRejectDecoder.TEMPLATE_ID == r.templateId() &&
                RejectReason.THROTTLE_EXCEEDED.name().equals(r.reason())), "THROTTLE_EXCEEDED before the close");
        }
        admin.setAccountLimits(AccountLimits.builder(109).build());
        try (TestClient again = trader(9))
        {
            final long id = nextId();
            again.newOrder(id, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 5, 10);
            again.awaitReport(id, "NEW");
        }
    }

    @Test
    void shouldCancelDayOrdersWhenTheLastSessionOfTheAccountCloses()
    {
        admin.setAccountLimits(AccountLimits.builder(106).cancelOnDisconnect(true).build());
        final long day = nextId();
        final long gtc = nextId();
        final long dayOrderId;
        final long gtcOrderId;
        try (TestClient second = trader(6))
        {
            try (TestClient first = trader(6))
            {
                first.newOrder(day, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.DAY, 50, 10);
                dayOrderId = first.awaitReport(day, "NEW").orderId();
                first.newOrder(gtc, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 45, 10);
                gtcOrderId = first.awaitReport(gtc, "NEW").orderId();
                awaitSessionClosedAfter(first);
            }
            awaitSessionClosed(106, 1);
            final long status = nextId();
            second.orderStatus(status, dayOrderId, 0);
            assertEquals("NEW", second.awaitReport(status, "ORDER_STATUS").orderStatus(),
                "another session of the account is still open: nothing is cancelled");
            assertEquals(2, admin.queryAccount(106).openOrders());
        }
        awaitSessionClosed(106, 0);
        try (TestClient third = trader(6))
        {
            final long dayStatus = nextId();
            third.orderStatus(dayStatus, dayOrderId, 0);
            assertEquals("CANCELED", third.awaitReport(dayStatus, "ORDER_STATUS").orderStatus());
            final long gtcStatus = nextId();
            third.orderStatus(gtcStatus, gtcOrderId, 0);
            assertEquals("NEW", third.awaitReport(gtcStatus, "ORDER_STATUS").orderStatus(), "GTC orders stay");
            assertEquals(1, admin.queryAccount(106).openOrders());
            final long cancel = nextId();
            third.cancel(cancel, gtcOrderId, 0);
            third.awaitReport(cancel, "CANCELED");
        }
        admin.setAccountLimits(AccountLimits.builder(106).build());

        final long keep = nextId();
        final long keepOrderId;
        try (TestClient withoutSetting = trader(10))
        {
            withoutSetting.newOrder(keep, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.DAY, 50, 10);
            keepOrderId = withoutSetting.awaitReport(keep, "NEW").orderId();
        }
        awaitSessionClosed(110, 0);
        try (TestClient withoutSetting = trader(10))
        {
            final long status = nextId();
            withoutSetting.orderStatus(status, keepOrderId, 0);
            assertEquals("NEW", withoutSetting.awaitReport(status, "ORDER_STATUS").orderStatus(),
                "without cancel-on-disconnect DAY orders stay");
            final long cancel = nextId();
            withoutSetting.cancel(cancel, keepOrderId, 0);
            withoutSetting.awaitReport(cancel, "CANCELED");
        }
    }

    @Test
    void shouldCancelEverythingOnKillSwitchAndRefuseNewOrdersUntilReleased()
    {
        admin.defineInstrument(32, 1, 1, "KILL", TradingStatus.OPEN, InstrumentControls.none());
        try (TestClient trader = trader(4))
        {
            final long[] ids = {nextId(), nextId(), nextId()};
            trader.newOrder(ids[0], 32, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 90, 5);
            trader.newOrder(ids[1], 32, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 110, 5);
            trader.newOrder(ids[2], INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.DAY, 20, 10);
            for (final long id : ids)
            {
                trader.awaitReport(id, "NEW");
            }

            final AdminClient.Ack ack = admin.killSwitch(104, true);
            for (final long id : ids)
            {
                final TestClient.Received cancelled = trader.awaitReport(id, "CANCELED");
                assertEquals("NONE/KILL_SWITCH", cancelled.reason());
                assertEquals(ack.transactTimeNs(), cancelled.transactTimeNs(), "cancelled by the one command");
            }
            final AccountReport engaged = admin.queryAccount(104);
            assertTrue(engaged.killSwitchEngaged());
            assertEquals(0, engaged.openOrders());

            assertRejected(trader, 32, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 90, 5,
                RejectReason.KILL_SWITCH_ACTIVE);
            final long massCancel = nextId();
            trader.massCancel(massCancel, 0, Side.NULL_VAL);
            assertEquals(RejectReason.NONE.name(), trader.await(r -> MassCancelReportDecoder.TEMPLATE_ID ==
                r.templateId() && r.clientOrderId() == massCancel).reason(), "cancels are still allowed");
            assertTrue(trader.received().stream().noneMatch(r -> MassCancelReportDecoder.TEMPLATE_ID ==
                r.templateId() && 0 == r.clientOrderId()), "the kill switch sends no MassCancelReport");

            admin.killSwitch(104, false);
            final long after = nextId();
            trader.newOrder(after, 32, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 90, 5);
            trader.awaitReport(after, "NEW");
        }
    }

    @Test
    void shouldReportPositionsAndInstrumentsToRawQueries()
    {
        admin.defineInstrument(33, 1, 1, "QUERY", TradingStatus.OPEN, InstrumentControls.builder()
            .referencePrice(100).priceBandBps(500).build());
        try (TestClient seller = trader(1); TestClient buyer = trader(2))
        {
            final long sell = nextId();
            seller.newOrder(sell, 33, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100, 30);
            seller.awaitReport(sell, "NEW");
            final long buy = nextId();
            buyer.newOrder(buy, 33, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 20);
            buyer.awaitReport(buy, "TRADE");

            final long accountQuery = nextId();
            rawAdmin.queryLimits(accountQuery, 1, 101, 33);
            final TestClient.Received limits = rawAdmin.await(r ->
                LimitsReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == accountQuery);
            assertEquals(101, limits.account());
            assertEquals(1, limits.count(), "one position: instrument 33");
            assertEquals(-20, limits.leavesQuantity(), "sold 20");

            assertEquals(new AccountReport.Position(33, 20, 0, 0), admin.queryAccount(102, 33).position(33)
                .orElseThrow());
            assertEquals(new AccountReport.Position(33, -20, 0, 10), admin.queryAccount(101).position(33)
                .orElseThrow());

            final long instrumentQuery = nextId();
            rawAdmin.queryLimits(instrumentQuery, 2, 0, 33);
            final TestClient.Received instrument = rawAdmin.await(r ->
                InstrumentReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == instrumentQuery);
            assertEquals("2/100/500", instrument.reason(), "OPEN, reference 100, 500 bps");

            final long cancel = nextId();
            seller.massCancel(cancel, 33, Side.NULL_VAL);
            seller.await(r -> MassCancelReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == cancel);
        }
    }

    @Test
    void shouldPublishTradingStatusAndBandOnTheMarketDataFeed()
    {
        try (MarketDataSubscriber early = MarketDataSubscriber.launch(new MarketDataSubscriber.Context()
            .channel(cluster.marketDataChannel())))
        {
            admin.defineInstrument(40, 5, 1, "FEED", TradingStatus.PRE_OPEN, InstrumentControls.builder()
                .referencePrice(2_000).priceBandBps(250).build());
            awaitFeed(early, 40, TradingStatus.PRE_OPEN, 2_000, 250);

            admin.setTradingStatus(40, TradingStatus.HALTED);
            awaitFeed(early, 40, TradingStatus.HALTED, 2_000, 250);

            admin.updateInstrument(40, InstrumentControls.builder().referencePrice(2_100).priceBandBps(100).build());
            awaitFeed(early, 40, TradingStatus.HALTED, 2_100, 100);

            try (MarketDataSubscriber late = MarketDataSubscriber.launch(new MarketDataSubscriber.Context()
                .channel(cluster.marketDataChannel())))
            {
                awaitFeed(late, 40, TradingStatus.HALTED, 2_100, 100);
                assertEquals(TradingStatus.OPEN, pollUntilKnown(late, INSTRUMENT), "the snapshot loop's status");
            }
            admin.setTradingStatus(40, TradingStatus.OPEN);
            awaitFeed(early, 40, TradingStatus.OPEN, 2_100, 100);
        }
    }

    private static TradingStatus pollUntilKnown(final MarketDataSubscriber subscriber, final int instrumentId)
    {
        TestCluster.await("the subscriber knows instrument " + instrumentId + "'s status", () ->
        {
            subscriber.poll();
            return TradingStatus.UNKNOWN != subscriber.tradingStatus(instrumentId);
        });
        return subscriber.tradingStatus(instrumentId);
    }

    private static void awaitFeed(
        final MarketDataSubscriber subscriber,
        final int instrumentId,
        final TradingStatus status,
        final long referencePrice,
        final int priceBandBps)
    {
        TestCluster.await("the feed shows instrument " + instrumentId + " " + status + " around " + referencePrice +
            " +-" + priceBandBps + " bps", () ->
        {
            subscriber.poll();
            final BookView book = subscriber.book(instrumentId);
            return subscriber.isLive() && null != book && status == subscriber.tradingStatus(instrumentId) &&
                referencePrice == book.referencePrice() && priceBandBps == book.priceBandBps();
        });
    }

    private static void awaitSessionClosedAfter(final TestClient client)
    {
        final long sessionId = client.clusterSessionId();
        client.close();
        TestCluster.await("session " + sessionId + " is closed in the service",
            () -> null == cluster.service(0).sessions().get(sessionId));
    }

    private static void awaitSessionClosed(final long account, final int remaining)
    {
        TestCluster.await("account " + account + " has " + remaining + " open sessions", () ->
        {
            int count = 0;
            for (Sessions.Session s = cluster.service(0).sessions().firstOfAccount(account); null != s;
                s = s.nextOfAccount)
            {
                count++;
            }
            return remaining == count;
        });
    }

    private static void assertAck(final RejectReason expected, final java.util.function.LongConsumer command)
    {
        final long requestId = nextId();
        command.accept(requestId);
        assertEquals(expected.value(), rawAdmin.awaitAdminAck(requestId), "request " + requestId);
    }

    private static void assertRejected(
        final TestClient trader,
        final int instrumentId,
        final Side side,
        final OrderType type,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final RejectReason expected)
    {
        final long id = nextId();
        trader.newOrder(id, instrumentId, side, type, timeInForce, price, quantity);
        final TestClient.Received report = trader.await(r ->
            ExecutionReportDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == id);
        assertEquals("REJECTED", report.execType());
        assertEquals(expected.name() + "/NULL_VAL", report.reason());
    }

    /**
     * Values just outside what the risk controls accept.
     */
    static final class RiskControlsLimits
    {
        static final int BAND_TOO_WIDE = dev.bourse.orderbook.risk.RiskControls.MAX_PRICE_BAND_BPS + 1;

        private RiskControlsLimits()
        {
        }
    }
}
