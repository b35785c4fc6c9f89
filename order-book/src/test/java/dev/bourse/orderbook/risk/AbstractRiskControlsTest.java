package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineConstants;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.bourse.orderbook.EngineConstants.NULL_PRICE;
import static dev.bourse.orderbook.risk.RiskControls.NO_LIMIT;
import static dev.bourse.orderbook.risk.RiskControls.NO_LIMIT_32;
import static dev.bourse.schemas.orderentry.OrderType.LIMIT;
import static dev.bourse.schemas.orderentry.OrderType.MARKET;
import static dev.bourse.schemas.orderentry.Side.BUY;
import static dev.bourse.schemas.orderentry.Side.SELL;
import static dev.bourse.schemas.orderentry.TimeInForce.DAY;
import static dev.bourse.schemas.orderentry.TimeInForce.FOK;
import static dev.bourse.schemas.orderentry.TimeInForce.GTC;
import static dev.bourse.schemas.orderentry.TimeInForce.GTD;
import static dev.bourse.schemas.orderentry.TimeInForce.IOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table tests of every risk control at, just below and just above its limit, on both inner engines. Every reject
 * is checked to change nothing: the engine and risk state hashes before and after are equal, and the only event is
 * the reject.
 */
abstract class AbstractRiskControlsTest
{
    static final long T0 = 1_700_000_000_000_000_000L;
    static final int INST = 1;
    static final int INST2 = 2;
    static final long A = 1;
    static final long B = 2;
    static final long C = 3;

    private final EventLog events = new EventLog();
    private RiskCheckedEngine engine;
    private long now = T0;
    private long nextClientOrderId = 100;

    abstract Inner inner();

    @BeforeEach
    void setUp()
    {
        engine = inner().wrap(events);
        assertEquals(RejectReason.NONE, engine.defineInstrument(
            INST, 1, 1, NULL_PRICE, 0, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.NONE, engine.defineInstrument(
            INST2, 5, 10, NULL_PRICE, 0, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
    }

    // ---------------------------------------------------------------- helpers

    private RejectReason place(
        final long account, final int instrumentId, final Side side, final OrderType orderType,
        final TimeInForce timeInForce, final long price, final long quantity)
    {
        final long expire = GTD == timeInForce ? now + 3_600_000_000_000L : 0;
        return engine.placeOrder(now, account, nextClientOrderId++, instrumentId, side, orderType, timeInForce, false,
            price, quantity, expire);
    }

    private RejectReason buy(final long account, final long price, final long quantity)
    {
        return place(account, INST, BUY, LIMIT, GTC, price, quantity);
    }

    private RejectReason sell(final long account, final long price, final long quantity)
    {
        return place(account, INST, SELL, LIMIT, GTC, price, quantity);
    }

    private RejectReason market(final long account, final Side side, final long quantity)
    {
        return place(account, INST, side, MARKET, IOC, 0, quantity);
    }

    private void accountLimits(
        final long account, final int maxOpenOrders, final long maxLong, final long maxShort, final long credit)
    {
        assertEquals(RejectReason.NONE, engine.setAccountLimits(account, maxOpenOrders, maxLong, maxShort, credit,
            NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NONE, 0));
    }

    private void throttle(final long account, final int reject, final int disconnect)
    {
        assertEquals(RejectReason.NONE, engine.setAccountLimits(account, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT,
            reject, disconnect, false, StpMode.NONE, 0));
    }

    private void instrumentControls(
        final int instrumentId, final long reference, final int bandBps, final long maxQuantity,
        final long maxNotional)
    {
        assertEquals(RejectReason.NONE,
            engine.updateInstrument(instrumentId, reference, bandBps, maxQuantity, maxNotional));
    }

    private long lastOrderId()
    {
        return engine.nextOrderId() - 1;
    }

    /**
     * Run a command that must be refused with {@code expected} and change nothing.
     */
    private void assertRejected(final RejectReason expected, final Supplier<RejectReason> command)
    {
        final long engineHash = engine.stateHash();
        final long riskHash = engine.riskStateHash();
        final long nextOrderId = engine.nextOrderId();
        events.clear();
        assertEquals(expected, command.get());
        final List<String> after = events.drain();
        assertEquals(1, after.size(), () -> "one event expected: " + after);
        assertTrue(after.get(0).endsWith(" " + expected), after.get(0));
        assertEquals(engineHash, engine.stateHash(), "engine state changed by a reject");
        assertEquals(riskHash, engine.riskStateHash(), "risk state changed by a reject");
        assertEquals(nextOrderId, engine.nextOrderId());
    }

    private void assertOutcome(final RejectReason expected, final Supplier<RejectReason> command)
    {
        if (RejectReason.NONE == expected)
        {
            assertEquals(RejectReason.NONE, command.get());
        }
        else
        {
            assertRejected(expected, command);
        }
    }

    private Usage usage(final long account)
    {
        final Usage usage = new Usage();
        engine.queryAccount(account, EngineConstants.ANY_INSTRUMENT, usage);
        return usage;
    }

    /**
     * What queryAccount reports.
     */
    static final class Usage implements AccountRiskVisitor
    {
        int openOrders;
        long creditUsed;
        boolean killSwitch;
        boolean cancelOnDisconnect;
        StpMode stpMode;
        long stpGroup;
        int declaredPositions;
        final List<String> positions = new ArrayList<>();

        public void onAccount(
            final long account, final int maxOpenOrders, final long maxLongPosition, final long maxShortPosition,
            final long creditLimit, final int throttleRejectPerSecond, final int throttleDisconnectPerSecond,
            final boolean cancelOnDisconnect, final StpMode stpMode, final long stpGroup,
            final boolean killSwitchEngaged, final int openOrders, final long creditUsed, final int positionCount)
        {
            this.openOrders = openOrders;
            this.creditUsed = creditUsed;
            this.killSwitch = killSwitchEngaged;
            this.cancelOnDisconnect = cancelOnDisconnect;
            this.stpMode = stpMode;
            this.stpGroup = stpGroup;
            this.declaredPositions = positionCount;
        }

        public void onPosition(
            final long account, final int instrumentId, final long position, final long openBuyQuantity,
            final long openSellQuantity, final long netNotional)
        {
            positions.add(instrumentId + ": pos=" + position + " buy=" + openBuyQuantity + " sell=" +
                openSellQuantity + " net=" + netNotional);
        }
    }

    // ---------------------------------------------------------------- order limits per instrument

    @ParameterizedTest
    @CsvSource({"99, NONE", "100, NONE", "101, MAX_ORDER_QUANTITY_EXCEEDED"})
    void shouldEnforceMaxOrderQuantity(final long quantity, final RejectReason expected)
    {
        instrumentControls(INST, NULL_PRICE, 0, 100, NO_LIMIT);
        assertOutcome(expected, () -> buy(A, 50, quantity));
        assertOutcome(expected, () -> market(A, SELL, quantity));
    }

    @ParameterizedTest
    @CsvSource({"99, NONE", "100, NONE", "101, MAX_ORDER_NOTIONAL_EXCEEDED"})
    void shouldEnforceMaxOrderNotional(final long quantity, final RejectReason expected)
    {
        instrumentControls(INST, NULL_PRICE, 0, NO_LIMIT, 10_000);
        assertOutcome(expected, () -> buy(A, 100, quantity));
    }

    @ParameterizedTest
    @CsvSource({"90, NONE", "91, MAX_ORDER_NOTIONAL_EXCEEDED"})
    void shouldPriceMarketOrderNotionalAtItsProtectionPrice(final long quantity, final RejectReason expected)
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 1_000));
        instrumentControls(INST, 100, 1_000, NO_LIMIT, 10_000);
        // The band is [90, 110]: a market buy is reserved at 110, so 90 x 110 = 9,900 and 91 x 110 = 10,010.
        assertOutcome(expected, () -> market(A, BUY, quantity));
    }

    @ParameterizedTest
    @CsvSource({"60, NONE", "61, MAX_ORDER_NOTIONAL_EXCEEDED"})
    void shouldPriceMarketOrderWithoutBandAtDeepestLevelItReaches(final long quantity, final RejectReason expected)
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 50));
        assertEquals(RejectReason.NONE, sell(B, 160, 10));
        assertEquals(RejectReason.NONE, sell(B, 200, 10));
        instrumentControls(INST, NULL_PRICE, 0, NO_LIMIT, 9_760);
        // 60 reaches the 160 level: 60 x 160 = 9,600; 61 reaches the 200 level: 61 x 200 = 12,200.
        assertOutcome(expected, () -> market(A, BUY, quantity));
    }

    // ---------------------------------------------------------------- price band

    @ParameterizedTest
    @CsvSource({
        "BUY, 1011, PRICE_OUTSIDE_BAND", "BUY, 1010, NONE", "BUY, 1009, NONE",
        "SELL, 989, PRICE_OUTSIDE_BAND", "SELL, 990, NONE", "SELL, 991, NONE"})
    void shouldRejectLimitOrdersOutsideBand(final Side side, final long price, final RejectReason expected)
    {
        instrumentControls(INST, 1_000, 100, NO_LIMIT, NO_LIMIT);
        assertOutcome(expected, () -> place(A, INST, side, LIMIT, GTC, price, 5));
    }

    @ParameterizedTest
    @CsvSource({"995, PRICE_OUTSIDE_BAND", "1000, NONE", "1005, PRICE_OUTSIDE_BAND"})
    void shouldRoundBandEdgesInwardToTicks(final long price, final RejectReason expected)
    {
        // 1000 +- 0.33% = [996.7, 1003.3]; on a tick of 5 that leaves only 1000.
        instrumentControls(INST2, 1_000, 33, NO_LIMIT, NO_LIMIT);
        assertOutcome(expected, () -> place(A, INST2, BUY, LIMIT, GTC, price, 10));
    }

    @Test
    void shouldCentreBandOnLastTradeOnceTraded()
    {
        instrumentControls(INST, 1_000, 100, NO_LIMIT, NO_LIMIT);
        assertRejected(RejectReason.PRICE_OUTSIDE_BAND, () -> buy(A, 1_011, 5));
        assertEquals(RejectReason.NONE, sell(B, 1_005, 5));
        assertEquals(RejectReason.NONE, buy(A, 1_005, 5));
        // 1005 +- 1% = [994.95, 1015.05] -> [995, 1015]
        assertEquals(RejectReason.NONE, buy(A, 1_015, 1));
        assertRejected(RejectReason.PRICE_OUTSIDE_BAND, () -> buy(A, 1_016, 1));
        final long[] edges = new long[3];
        engine.queryInstrument(INST, (id, tick, lot, status, reference, bps, maxQuantity, maxNotional, lastTrade,
            low, high) ->
        {
            edges[0] = lastTrade;
            edges[1] = low;
            edges[2] = high;
        });
        assertEquals(1_005, edges[0]);
        assertEquals(995, edges[1]);
        assertEquals(1_015, edges[2]);
        // A reference price set after the first trade does not move the band.
        instrumentControls(INST, 2_000, 100, NO_LIMIT, NO_LIMIT);
        assertRejected(RejectReason.PRICE_OUTSIDE_BAND, () -> buy(A, 1_990, 1));
    }

    @Test
    void shouldStopMarketOrderAtBandEdge()
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 5));
        assertEquals(RejectReason.NONE, sell(B, 104, 5));
        assertEquals(RejectReason.NONE, sell(B, 106, 5));
        instrumentControls(INST, 100, 500, NO_LIMIT, NO_LIMIT);
        events.clear();
        assertEquals(RejectReason.NONE, market(A, BUY, 20));
        assertEquals(List.of(
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=1 taker=4",
            "TRADE inst=1 tid=2 px=104 qty=5 aggr=BUY maker=2 taker=4"), events.startingWith("TRADE"));
        assertEquals(List.of("CANCELLED oid=4 acct=1 inst=1 BUY qty=10 filled=10 PRICE_BAND"),
            events.startingWith("CANCELLED"));
        assertEquals(106, engine.bestAsk(INST));
    }

    @Test
    void shouldUseTighterOfBandAndGivenProtectionPrice()
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 5));
        assertEquals(RejectReason.NONE, sell(B, 102, 5));
        instrumentControls(INST, 100, 500, NO_LIMIT, NO_LIMIT);
        events.clear();
        assertEquals(RejectReason.NONE, engine.placeOrder(now, A, 1, INST, BUY, MARKET, IOC, false, 0, 10, 0, 101));
        assertEquals(1, events.startingWith("TRADE").size());
        assertEquals(List.of("CANCELLED oid=3 acct=1 inst=1 BUY qty=5 filled=5 PRICE_BAND"),
            events.startingWith("CANCELLED"));
    }

    // ---------------------------------------------------------------- account limits

    @ParameterizedTest
    @CsvSource({"1, NONE", "2, NONE", "3, MAX_OPEN_ORDERS_EXCEEDED"})
    void shouldEnforceMaxOpenOrders(final int openBefore, final RejectReason expected)
    {
        accountLimits(A, 3, NO_LIMIT, NO_LIMIT, NO_LIMIT);
        for (int i = 0; i < openBefore; i++)
        {
            assertEquals(RejectReason.NONE, buy(A, 90 + i, 1));
        }
        assertOutcome(expected, () -> buy(A, 50, 1));
    }

    @Test
    void shouldFreeOpenOrderSlotWhenOrderLeaves()
    {
        accountLimits(A, 1, NO_LIMIT, NO_LIMIT, NO_LIMIT);
        assertEquals(RejectReason.NONE, buy(A, 90, 1));
        assertRejected(RejectReason.MAX_OPEN_ORDERS_EXCEEDED, () -> buy(A, 91, 1));
        assertEquals(RejectReason.NONE, engine.cancelOrder(now, A, lastOrderId()));
        assertEquals(RejectReason.NONE, buy(A, 91, 1));
        assertEquals(RejectReason.NONE, sell(B, 91, 1));
        assertEquals(0, usage(A).openOrders);
        assertEquals(RejectReason.NONE, buy(A, 92, 1));
        accountLimits(A, 0, NO_LIMIT, NO_LIMIT, NO_LIMIT);
        assertRejected(RejectReason.MAX_OPEN_ORDERS_EXCEEDED, () -> buy(A, 50, 1));
    }

    @ParameterizedTest
    @CsvSource({"49, NONE", "50, NONE", "51, MAX_LONG_POSITION_EXCEEDED"})
    void shouldEnforceMaxLongPositionCountingOpenBuys(final long quantity, final RejectReason expected)
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 30));
        assertEquals(RejectReason.NONE, buy(A, 100, 30));
        assertEquals(RejectReason.NONE, buy(A, 90, 20));
        accountLimits(A, NO_LIMIT_32, 100, NO_LIMIT, NO_LIMIT);
        // position 30 + open buys 20 + quantity <= 100
        assertOutcome(expected, () -> buy(A, 95, quantity));
        assertEquals(RejectReason.NONE, sell(A, 200, 1_000));
    }

    @ParameterizedTest
    @CsvSource({"49, NONE", "50, NONE", "51, MAX_SHORT_POSITION_EXCEEDED"})
    void shouldEnforceMaxShortPositionCountingOpenSells(final long quantity, final RejectReason expected)
    {
        assertEquals(RejectReason.NONE, buy(B, 100, 30));
        assertEquals(RejectReason.NONE, sell(A, 100, 30));
        assertEquals(RejectReason.NONE, sell(A, 110, 20));
        accountLimits(A, NO_LIMIT_32, NO_LIMIT, 100, NO_LIMIT);
        // open sells 20 + quantity - position (-30) <= 100
        assertOutcome(expected, () -> sell(A, 105, quantity));
        assertEquals(RejectReason.NONE, buy(A, 50, 1_000));
    }

    @ParameterizedTest
    @CsvSource({"139, NONE", "140, NONE", "141, MAX_SHORT_POSITION_EXCEEDED"})
    void shouldLetLongPositionBeSoldBeyondShortLimit(final long quantity, final RejectReason expected)
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 40));
        assertEquals(RejectReason.NONE, buy(A, 100, 40));
        accountLimits(A, NO_LIMIT_32, 0, 100, NO_LIMIT);
        assertOutcome(expected, () -> sell(A, 120, quantity));
    }

    @ParameterizedTest
    @CsvSource({"51, NONE", "52, NONE", "53, CREDIT_LIMIT_EXCEEDED"})
    void shouldEnforceCreditLimit(final long quantity, final RejectReason expected)
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 30));
        assertEquals(RejectReason.NONE, buy(A, 100, 30));
        assertEquals(RejectReason.NONE, buy(A, 90, 20));
        accountLimits(A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, 10_000);
        // net 30 x 100 + open 20 x 90 = 4,800; 4,800 + 100 x quantity <= 10,000
        assertEquals(4_800, usage(A).creditUsed);
        assertOutcome(expected, () -> buy(A, 100, quantity));
    }

    @Test
    void shouldNeverRaiseCreditUsageOnFill()
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 10));
        assertEquals(RejectReason.NONE, buy(A, 110, 10));
        // Filled at 100 but counted at the reserve price 110.
        assertEquals(1_100, usage(A).creditUsed);
        assertEquals(RejectReason.NONE, sell(A, 120, 10));
        assertEquals(2_300, usage(A).creditUsed);
        assertEquals(RejectReason.NONE, buy(C, 120, 10));
        // Net notional 1,100 - 1,200 = -100, nothing open.
        assertEquals(100, usage(A).creditUsed);
        assertEquals(List.of("1: pos=0 buy=0 sell=0 net=-100"), usage(A).positions);
    }

    @Test
    void shouldRejectUsageThatWouldNotBeRepresentableEvenWithoutCreditLimit()
    {
        final long price = EngineConstants.MAX_PRICE;
        final long quantity = EngineConstants.MAX_QUANTITY;
        assertRejected(RejectReason.CREDIT_LIMIT_EXCEEDED, () -> buy(A, price, quantity));
        assertRejected(RejectReason.CREDIT_LIMIT_EXCEEDED, () -> buy(C, price, quantity));
        assertEquals(RejectReason.NONE, buy(A, price, 9_000));
    }

    // ---------------------------------------------------------------- replaces

    @ParameterizedTest
    @CsvSource({"100, 19, NONE", "100, 20, NONE", "100, 21, CREDIT_LIMIT_EXCEEDED", "99, 20, NONE",
        "101, 20, CREDIT_LIMIT_EXCEEDED"})
    void shouldCheckReplaceCreditWithoutReplacedOrder(final long price, final long quantity,
        final RejectReason expected)
    {
        accountLimits(A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, 2_000);
        assertEquals(RejectReason.NONE, buy(A, 100, 20));
        final long orderId = lastOrderId();
        assertOutcome(expected, () -> engine.replaceOrder(now, A, orderId, 7, price, quantity));
    }

    @ParameterizedTest
    @CsvSource({"14, NONE", "15, NONE", "16, MAX_LONG_POSITION_EXCEEDED"})
    void shouldCheckReplacePositionWithoutReplacedOrder(final long quantity, final RejectReason expected)
    {
        assertEquals(RejectReason.NONE, sell(B, 100, 5));
        assertEquals(RejectReason.NONE, buy(A, 100, 10));
        final long orderId = lastOrderId();
        accountLimits(A, NO_LIMIT_32, 15, NO_LIMIT, NO_LIMIT);
        // Filled 5, so the replacement's open quantity is quantity - 5: position 5 + (quantity - 5) <= 15.
        assertOutcome(expected, () -> engine.replaceOrder(now, A, orderId, 7, 99, quantity));
    }

    @Test
    void shouldApplyInstrumentControlsToReplaces()
    {
        assertEquals(RejectReason.NONE, buy(A, 1_000, 10));
        final long orderId = lastOrderId();
        instrumentControls(INST, 1_000, 100, 20, 15_000);
        assertRejected(RejectReason.MAX_ORDER_QUANTITY_EXCEEDED, () -> engine.replaceOrder(now, A, orderId, 7, 1_000,
            21));
        assertRejected(RejectReason.PRICE_OUTSIDE_BAND, () -> engine.replaceOrder(now, A, orderId, 7, 1_011, 10));
        assertRejected(RejectReason.MAX_ORDER_NOTIONAL_EXCEEDED, () -> engine.replaceOrder(now, A, orderId, 7,
            1_000, 16));
        assertEquals(RejectReason.NONE, engine.replaceOrder(now, A, orderId, 7, 1_010, 14));
        accountLimits(A, 0, NO_LIMIT, NO_LIMIT, NO_LIMIT);
        assertEquals(RejectReason.NONE, engine.replaceOrder(now, A, orderId, 8, 1_000, 12));
        assertEquals(12_000, usage(A).creditUsed);
    }

    // ---------------------------------------------------------------- trading status

    @Test
    void shouldAllowOnlyCancelsWhileHaltedOrClosed()
    {
        assertEquals(RejectReason.NONE, buy(A, 100, 10));
        final long orderId = lastOrderId();
        assertEquals(RejectReason.NONE, buy(A, 99, 10));
        assertEquals(RejectReason.NONE, sell(B, 101, 10));
        for (final TradingStatus status : new TradingStatus[]{TradingStatus.HALTED, TradingStatus.CLOSED})
        {
            final RejectReason expected = TradingStatus.HALTED == status ?
                RejectReason.INSTRUMENT_HALTED : RejectReason.INSTRUMENT_CLOSED;
            assertEquals(RejectReason.NONE, engine.setTradingStatus(INST, status));
            assertEquals(status, engine.tradingStatus(INST));
            assertRejected(expected, () -> buy(A, 100, 10));
            assertRejected(expected, () -> market(A, BUY, 10));
            assertRejected(expected, () -> engine.replaceOrder(now, A, orderId, 5, 100, 5));
            assertEquals(RejectReason.NONE, place(A, INST2, BUY, LIMIT, GTC, 100, 10));
        }
        assertEquals(RejectReason.NONE, engine.cancelOrder(now, A, orderId));
        assertEquals(RejectReason.NONE, engine.massCancel(now, A, INST, Side.NULL_VAL, CancelReason.MASS_CANCEL));
        assertEquals(RejectReason.NONE, engine.setTradingStatus(INST, TradingStatus.OPEN));
        events.clear();
        assertEquals(RejectReason.NONE, market(A, BUY, 10));
        assertEquals(1, events.startingWith("TRADE").size());
    }

    @Test
    void shouldAllowOnlyPassiveNonCrossingOrdersInPreOpen()
    {
        assertEquals(RejectReason.NONE, buy(B, 99, 10));
        assertEquals(RejectReason.NONE, sell(B, 101, 10));
        final long askId = lastOrderId();
        assertEquals(RejectReason.NONE, engine.setTradingStatus(INST, TradingStatus.PRE_OPEN));
        assertEquals(RejectReason.NONE, buy(A, 100, 5));
        final long bidId = lastOrderId();
        assertEquals(RejectReason.NONE, place(A, INST, SELL, LIMIT, DAY, 102, 5));
        assertEquals(RejectReason.NONE, place(A, INST, SELL, LIMIT, GTD, 100 + 1, 5));
        assertRejected(RejectReason.INSTRUMENT_PRE_OPEN, () -> buy(A, 101, 5));
        assertRejected(RejectReason.INSTRUMENT_PRE_OPEN, () -> sell(A, 100, 5));
        assertRejected(RejectReason.INSTRUMENT_PRE_OPEN, () -> place(A, INST, BUY, LIMIT, IOC, 90, 5));
        assertRejected(RejectReason.INSTRUMENT_PRE_OPEN, () -> place(A, INST, BUY, LIMIT, FOK, 90, 5));
        assertRejected(RejectReason.INSTRUMENT_PRE_OPEN, () -> market(A, SELL, 5));
        assertRejected(RejectReason.INSTRUMENT_PRE_OPEN, () -> engine.replaceOrder(now, A, bidId, 9, 101, 5));
        assertEquals(RejectReason.NONE, engine.replaceOrder(now, A, bidId, 9, 100, 8));
        assertEquals(RejectReason.NONE, engine.replaceOrder(now, B, askId, 9, 105, 10));
        assertEquals(RejectReason.NONE, engine.cancelOrder(now, A, bidId));
        assertEquals(1, engine.nextTradeId());
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.setTradingStatus(INST, TradingStatus.NULL_VAL));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.setTradingStatus(INST, null));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, engine.setTradingStatus(99, TradingStatus.OPEN));
        assertEquals(TradingStatus.PRE_OPEN, engine.tradingStatus(INST));
        assertEquals(TradingStatus.NULL_VAL, engine.tradingStatus(99));
    }

    // ---------------------------------------------------------------- kill switch

    @Test
    void shouldCancelEverythingAndRefuseOrdersWhileKillSwitchEngaged()
    {
        assertEquals(RejectReason.NONE, buy(A, 100, 10));
        assertEquals(RejectReason.NONE, place(A, INST2, SELL, LIMIT, DAY, 200, 10));
        assertEquals(RejectReason.NONE, buy(B, 99, 10));
        events.clear();
        assertEquals(RejectReason.NONE, engine.killSwitch(now, A, true));
        assertEquals(List.of(
            "CANCELLED oid=1 acct=1 inst=1 BUY qty=10 filled=0 KILL_SWITCH",
            "BOOK_DEL inst=1 oid=1 BUY px=100 qty=10",
            "CANCELLED oid=2 acct=1 inst=2 SELL qty=10 filled=0 KILL_SWITCH",
            "BOOK_DEL inst=2 oid=2 SELL px=200 qty=10",
            "MASS_CANCELLED acct=1 inst=0 side=NULL_VAL NONE count=2",
            "BBO inst=1 bid=99x10 ask=" + NULL_PRICE + "x0",
            "BBO inst=2 bid=" + NULL_PRICE + "x0 ask=" + NULL_PRICE + "x0"), events.drain());
        assertTrue(engine.isKillSwitchEngaged(A));
        assertTrue(usage(A).killSwitch);
        assertEquals(0, usage(A).openOrders);
        assertRejected(RejectReason.KILL_SWITCH_ACTIVE, () -> buy(A, 100, 10));
        assertRejected(RejectReason.KILL_SWITCH_ACTIVE, () -> market(A, SELL, 10));
        assertEquals(RejectReason.NONE, engine.massCancel(now, A, 0, Side.NULL_VAL, CancelReason.MASS_CANCEL));
        assertEquals(RejectReason.UNKNOWN_ORDER, engine.cancelOrder(now, A, 1));
        assertEquals(RejectReason.NONE, buy(B, 98, 10));
        assertEquals(RejectReason.NONE, engine.killSwitch(now, A, false));
        assertFalse(engine.isKillSwitchEngaged(A));
        assertEquals(RejectReason.NONE, buy(A, 100, 10));
        assertEquals(RejectReason.NONE, engine.killSwitch(now, C, false));
        assertFalse(engine.isKillSwitchEngaged(C));
    }

    // ---------------------------------------------------------------- throttle

    @Test
    void shouldThrottleOnExactSlidingWindow()
    {
        throttle(A, 3, NO_LIMIT_32);
        final long second = RiskControls.THROTTLE_WINDOW_NS;
        assertEquals(ThrottleDecision.ACCEPT, engine.checkThrottle(T0, A));
        assertEquals(ThrottleDecision.ACCEPT, engine.checkThrottle(T0 + 1, A));
        assertEquals(ThrottleDecision.ACCEPT, engine.checkThrottle(T0 + 2, A));
        assertEquals(ThrottleDecision.REJECT, engine.checkThrottle(T0 + 3, A));
        // (T0, T0 + 1s] no longer holds T0 but holds the three others, the rejected one included.
        assertEquals(ThrottleDecision.REJECT, engine.checkThrottle(T0 + second, A));
        assertEquals(ThrottleDecision.ACCEPT, engine.checkThrottle(T0 + second + 2, A));
        assertEquals(ThrottleDecision.ACCEPT, engine.checkThrottle(T0 + 5 * second, B));
        assertEquals(RejectReason.THROTTLE_EXCEEDED, ThrottleDecision.REJECT.rejectReason());
        assertEquals(RejectReason.THROTTLE_EXCEEDED, ThrottleDecision.DISCONNECT.rejectReason());
        assertEquals(RejectReason.NONE, ThrottleDecision.ACCEPT.rejectReason());
    }

    @ParameterizedTest
    @CsvSource({"2, ACCEPT", "3, ACCEPT", "4, REJECT"})
    void shouldAllowThrottleThresholdMessagesPerSecond(final int messages, final ThrottleDecision expected)
    {
        throttle(A, 3, NO_LIMIT_32);
        ThrottleDecision last = null;
        for (int i = 0; i < messages; i++)
        {
            // Spread over the whole window: the first and the last are 1 ns less than a second apart.
            last = engine.checkThrottle(T0 + i * ((RiskControls.THROTTLE_WINDOW_NS - 1) / (messages - 1)), A);
        }
        assertEquals(expected, last);
        final long riskHash = engine.riskStateHash();
        engine.checkThrottle(T0 + 10 * RiskControls.THROTTLE_WINDOW_NS, A);
        assertFalse(riskHash == engine.riskStateHash(), "the throttle window is part of the risk state");
    }

    @Test
    void shouldAskForDisconnectAboveSecondThreshold()
    {
        throttle(A, 3, 5);
        final List<ThrottleDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 7; i++)
        {
            decisions.add(engine.checkThrottle(T0 + i, A));
        }
        assertEquals(List.of(ThrottleDecision.ACCEPT, ThrottleDecision.ACCEPT, ThrottleDecision.ACCEPT,
            ThrottleDecision.REJECT, ThrottleDecision.REJECT, ThrottleDecision.DISCONNECT,
            ThrottleDecision.DISCONNECT), decisions);
    }

    @Test
    void shouldRejectEveryMessageWithZeroThrottle()
    {
        throttle(A, 0, NO_LIMIT_32);
        assertEquals(ThrottleDecision.REJECT, engine.checkThrottle(T0, A));
        throttle(A, NO_LIMIT_32, 0);
        assertEquals(ThrottleDecision.DISCONNECT, engine.checkThrottle(T0 + 10 * RiskControls.THROTTLE_WINDOW_NS, A));
        throttle(A, NO_LIMIT_32, NO_LIMIT_32);
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals(ThrottleDecision.ACCEPT, engine.checkThrottle(T0, A));
        }
    }

    @Test
    void shouldKeepMostRecentMessagesWhenThrottleIsResized()
    {
        throttle(A, 10, NO_LIMIT_32);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(ThrottleDecision.ACCEPT, engine.checkThrottle(T0 + i, A));
        }
        throttle(A, 5, NO_LIMIT_32);
        assertEquals(ThrottleDecision.REJECT, engine.checkThrottle(T0 + 5, A));
        throttle(A, 2, NO_LIMIT_32);
        assertEquals(ThrottleDecision.REJECT, engine.checkThrottle(T0 + 6, A));
    }

    @ParameterizedTest
    @CsvSource({"100000, NONE", "100001, MALFORMED_MESSAGE", "-2, MALFORMED_MESSAGE"})
    void shouldCapThrottleThresholds(final int threshold, final RejectReason expected)
    {
        assertEquals(expected, engine.setAccountLimits(A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, threshold,
            NO_LIMIT_32, false, StpMode.NONE, 0));
        assertEquals(expected, engine.setAccountLimits(A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, NO_LIMIT_32,
            threshold, false, StpMode.NONE, 0));
    }

    // ---------------------------------------------------------------- precedence

    @Test
    void shouldRejectInDocumentedPrecedenceOrder()
    {
        assertEquals(RejectReason.NONE, sell(B, 1_000, 100));
        assertEquals(RejectReason.NONE, engine.killSwitch(now, A, true));
        assertRejected(RejectReason.PRICE_NOT_TICK_MULTIPLE, () -> place(A, INST2, BUY, LIMIT, GTC, 1_001, 60));
        assertRejected(RejectReason.KILL_SWITCH_ACTIVE, () -> buy(A, 2_000, 60));
        assertEquals(RejectReason.NONE, engine.killSwitch(now, A, false));
        assertEquals(RejectReason.NONE, buy(A, 900, 10));
        assertEquals(RejectReason.NONE, buy(A, 900, 10));
        instrumentControls(INST, 1_000, 100, 50, 40_000);
        accountLimits(A, 2, 30, NO_LIMIT, 25_000);
        assertEquals(RejectReason.NONE, engine.setTradingStatus(INST, TradingStatus.HALTED));
        assertRejected(RejectReason.INSTRUMENT_HALTED, () -> buy(A, 2_000, 60));
        assertEquals(RejectReason.NONE, engine.setTradingStatus(INST, TradingStatus.OPEN));
        assertRejected(RejectReason.MAX_ORDER_QUANTITY_EXCEEDED, () -> buy(A, 2_000, 60));
        assertRejected(RejectReason.PRICE_OUTSIDE_BAND, () -> buy(A, 2_000, 45));
        assertRejected(RejectReason.MAX_ORDER_NOTIONAL_EXCEEDED, () -> buy(A, 1_000, 45));
        assertRejected(RejectReason.MAX_OPEN_ORDERS_EXCEEDED, () -> buy(A, 1_000, 35));
        accountLimits(A, 3, 30, NO_LIMIT, 25_000);
        assertRejected(RejectReason.MAX_LONG_POSITION_EXCEEDED, () -> buy(A, 1_000, 35));
        // open 2 x 900 x 10 = 18,000 + 1,000 x 8 = 26,000 > 25,000
        assertRejected(RejectReason.CREDIT_LIMIT_EXCEEDED, () -> buy(A, 1_000, 8));
        assertEquals(RejectReason.NONE, buy(A, 1_000, 7));
    }

    @Test
    void shouldLeaveBookDependentRejectsToEngineAfterRiskChecks()
    {
        instrumentControls(INST, NULL_PRICE, 0, 10, NO_LIMIT);
        assertRejected(RejectReason.MAX_ORDER_QUANTITY_EXCEEDED, () -> market(A, BUY, 11));
        assertRejected(RejectReason.NO_LIQUIDITY, () -> market(A, BUY, 10));
        assertEquals(RejectReason.NONE, sell(B, 100, 5));
        assertRejected(RejectReason.POST_ONLY_WOULD_CROSS, () -> engine.placeOrder(now, A, 1, INST, BUY, LIMIT,
            GTC, true, 100, 5, 0));
    }

    // ---------------------------------------------------------------- admin commands

    @Test
    void shouldRejectInvalidInstrumentControlsAndDefineNothing()
    {
        final long riskHash = engine.riskStateHash();
        final long engineHash = engine.stateHash();
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.defineInstrument(3, 1, 1, NULL_PRICE, -1, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.defineInstrument(
            3, 1, 1, NULL_PRICE, RiskControls.MAX_PRICE_BAND_BPS + 1, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.defineInstrument(3, 1, 1, 0, 10, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.defineInstrument(3, 5, 1, 1_001, 10, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.defineInstrument(3, 1, 1, NULL_PRICE, 0, -1, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.defineInstrument(3, 1, 1, NULL_PRICE, 0, NO_LIMIT, -5, TradingStatus.OPEN));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.defineInstrument(3, 1, 1, NULL_PRICE, 0, NO_LIMIT, NO_LIMIT, TradingStatus.NULL_VAL));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.defineInstrument(3, 0, 1, NULL_PRICE, 0, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.INSTRUMENT_ALREADY_DEFINED,
            engine.defineInstrument(INST, 1, 1, NULL_PRICE, 0, NO_LIMIT, NO_LIMIT, TradingStatus.OPEN));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, engine.updateInstrument(3, NULL_PRICE, 0, NO_LIMIT, NO_LIMIT));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION,
            engine.updateInstrument(INST2, 1_001, 0, NO_LIMIT, NO_LIMIT));
        assertEquals(riskHash, engine.riskStateHash());
        assertEquals(engineHash, engine.stateHash());
        assertFalse(engine.queryInstrument(3, (id, tick, lot, status, reference, bps, maxQuantity, maxNotional,
            lastTrade, low, high) -> { }));
        assertEquals(RejectReason.NONE,
            engine.defineInstrument(3, 5, 1, 1_000, 10, 0, 0, TradingStatus.PRE_OPEN));
        assertEquals(TradingStatus.PRE_OPEN, engine.tradingStatus(3));
    }

    @Test
    void shouldRejectInvalidAccountLimitsAndChangeNothing()
    {
        final long riskHash = engine.riskStateHash();
        final long engineHash = engine.stateHash();
        assertEquals(RejectReason.MALFORMED_MESSAGE, engine.setAccountLimits(
            A, -1, NO_LIMIT, NO_LIMIT, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NONE, 0));
        assertEquals(RejectReason.MALFORMED_MESSAGE, engine.setAccountLimits(
            A, NO_LIMIT_32, -1, NO_LIMIT, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NONE, 0));
        assertEquals(RejectReason.MALFORMED_MESSAGE, engine.setAccountLimits(
            A, NO_LIMIT_32, NO_LIMIT, -1, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NONE, 0));
        assertEquals(RejectReason.MALFORMED_MESSAGE, engine.setAccountLimits(
            A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, -1, NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NONE, 0));
        assertEquals(RejectReason.INVALID_STP_MODE, engine.setAccountLimits(
            A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NULL_VAL, 0));
        assertEquals(RejectReason.INVALID_STP_MODE, engine.setAccountLimits(
            A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, false, null, 0));
        assertEquals(RejectReason.INVALID_STP_MODE, engine.setAccountLimits(
            A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NONE, -1));
        assertEquals(riskHash, engine.riskStateHash());
        assertEquals(engineHash, engine.stateHash());
        assertFalse(engine.queryAccount(A, 0, usage(A)));
    }

    @Test
    void shouldPassStpSettingsToEngine()
    {
        assertEquals(RejectReason.NONE, engine.setAccountLimits(
            A, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, true, StpMode.DECREMENT_AND_CANCEL,
            7));
        final List<String> accounts = new ArrayList<>();
        engine.forEachAccount((account, mode, group) -> accounts.add(account + " " + mode + " " + group));
        assertEquals(List.of("1 DECREMENT_AND_CANCEL 7"), accounts);
        final Usage usage = usage(A);
        assertEquals(StpMode.DECREMENT_AND_CANCEL, usage.stpMode);
        assertEquals(7, usage.stpGroup);
        assertTrue(usage.cancelOnDisconnect);
        assertTrue(engine.isCancelOnDisconnect(A));
        assertFalse(engine.isCancelOnDisconnect(B));

        assertEquals(RejectReason.NONE, sell(A, 100, 10));
        assertEquals(RejectReason.NONE, buy(A, 100, 4));
        // Decrement: the resting sell drops to 6 and the aggressor is cancelled; usage follows the restatement.
        assertEquals(List.of("1: pos=0 buy=0 sell=6 net=0"), usage(A).positions);
        assertEquals(600, usage(A).creditUsed);
        assertEquals(1, usage(A).openOrders);
    }

    // ---------------------------------------------------------------- usage reporting and cancel on disconnect

    @Test
    void shouldReportUsagePerInstrumentInIdOrder()
    {
        assertEquals(RejectReason.NONE, place(A, INST2, BUY, LIMIT, GTC, 50, 20));
        assertEquals(RejectReason.NONE, sell(B, 100, 10));
        assertEquals(RejectReason.NONE, buy(A, 100, 4));
        assertEquals(RejectReason.NONE, sell(A, 120, 3));
        final Usage usage = usage(A);
        assertEquals(2, usage.openOrders);
        assertEquals(2, usage.declaredPositions);
        assertEquals(List.of("1: pos=4 buy=0 sell=3 net=400", "2: pos=0 buy=20 sell=0 net=0"), usage.positions);
        assertEquals(400 + 360 + 1_000, usage.creditUsed);
        final Usage one = new Usage();
        assertTrue(engine.queryAccount(A, INST2, one));
        assertEquals(1, one.declaredPositions);
        assertEquals(List.of("2: pos=0 buy=20 sell=0 net=0"), one.positions);
        final Usage unknown = new Usage();
        assertFalse(engine.queryAccount(99, 0, unknown));
        assertEquals(0, unknown.declaredPositions);
    }

    @Test
    void shouldCancelDayOrdersOnDisconnect()
    {
        assertEquals(RejectReason.NONE, place(A, INST, BUY, LIMIT, DAY, 100, 10));
        assertEquals(RejectReason.NONE, buy(A, 99, 10));
        assertEquals(RejectReason.NONE, place(A, INST2, SELL, LIMIT, DAY, 200, 10));
        assertEquals(RejectReason.NONE, place(B, INST, BUY, LIMIT, DAY, 98, 10));
        events.clear();
        assertEquals(2, engine.cancelDayOrders(now, A));
        assertEquals(List.of(
            "CANCELLED oid=1 acct=1 inst=1 BUY qty=10 filled=0 DISCONNECT",
            "CANCELLED oid=3 acct=1 inst=2 SELL qty=10 filled=0 DISCONNECT"), events.startingWith("CANCELLED"));
        assertEquals(1, usage(A).openOrders);
        assertEquals(0, engine.cancelDayOrders(now, A));
    }
}
