package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
 * The behavioural contract of {@link MatchingEngine}, run against every implementation. Expected event streams
 * are written out line by line in {@link RecordingListener}'s format; {@link BookInvariants} is checked after
 * every command.
 */
abstract class AbstractMatchingEngineTest
{
    static final long DAY_END_OFFSET_NS = 16L * 3600 * 1_000_000_000L;
    static final long T0 = 1_700_000_000_000_000_000L;
    static final int INST = 1;
    static final int INST2 = 2;
    static final long A = 1;
    static final long B = 2;
    static final long C = 3;

    private final BookInvariants invariants = new BookInvariants();
    private final RecordingListener listener = new RecordingListener(invariants);
    private MatchingEngine engine;
    private long now = T0;

    abstract MatchingEngine newEngine(EngineListener listener);

    @BeforeEach
    void setUp()
    {
        engine = newEngine(listener);
        assertEquals(DAY_END_OFFSET_NS, engine.dayEndOffsetNs());
        assertEquals(RejectReason.NONE, engine.addInstrument(INST, 1, 1));
        assertEquals(RejectReason.NONE, engine.addInstrument(INST2, 5, 10));
        invariants.check(engine);
        assertEquals(List.of(), listener.drain());
    }

    @AfterEach
    void tearDown()
    {
        invariants.check(engine);
    }

    // ---------------------------------------------------------------- helpers

    private RejectReason place(
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        final RejectReason result = engine.placeOrder(
            now, account, clientOrderId, instrumentId, side, orderType, timeInForce, postOnly, price, quantity,
            expireTimeNs);
        invariants.check(engine);
        return result;
    }

    private RejectReason limit(
        final long account, final long clientOrderId, final Side side, final long price, final long quantity)
    {
        return place(account, clientOrderId, INST, side, LIMIT, GTC, false, price, quantity, 0);
    }

    private RejectReason buy(final long account, final long clientOrderId, final long price, final long quantity)
    {
        return limit(account, clientOrderId, BUY, price, quantity);
    }

    private RejectReason sell(final long account, final long clientOrderId, final long price, final long quantity)
    {
        return limit(account, clientOrderId, SELL, price, quantity);
    }

    private RejectReason limitTif(
        final long account, final long clientOrderId, final Side side, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        return place(account, clientOrderId, INST, side, LIMIT, timeInForce, false, price, quantity, 0);
    }

    private RejectReason market(
        final long account, final long clientOrderId, final Side side, final TimeInForce timeInForce,
        final long quantity)
    {
        return place(account, clientOrderId, INST, side, MARKET, timeInForce, false, 0, quantity, 0);
    }

    private RejectReason postOnly(
        final long account, final long clientOrderId, final Side side, final long price, final long quantity)
    {
        return place(account, clientOrderId, INST, side, LIMIT, GTC, true, price, quantity, 0);
    }

    private RejectReason gtd(
        final long account, final long clientOrderId, final Side side, final long price, final long quantity,
        final long expireTimeNs)
    {
        return place(account, clientOrderId, INST, side, LIMIT, GTD, false, price, quantity, expireTimeNs);
    }

    private RejectReason cancel(final long account, final long orderId)
    {
        final RejectReason result = engine.cancelOrder(now, account, orderId);
        invariants.check(engine);
        return result;
    }

    private RejectReason replace(
        final long account, final long orderId, final long newClientOrderId, final long newPrice,
        final long newQuantity)
    {
        final RejectReason result = engine.replaceOrder(now, account, orderId, newClientOrderId, newPrice, newQuantity);
        invariants.check(engine);
        return result;
    }

    private RejectReason massCancel(final long account, final int instrumentId, final Side side)
    {
        final RejectReason result = engine.massCancel(now, account, instrumentId, side, CancelReason.MASS_CANCEL);
        invariants.check(engine);
        return result;
    }

    private int expire(final long nowNs)
    {
        now = nowNs;
        final int expired = engine.expireOrders(nowNs);
        invariants.check(engine);
        return expired;
    }

    private void stp(final long account, final StpMode mode, final long stpGroup)
    {
        assertEquals(RejectReason.NONE, engine.setAccountStp(account, mode, stpGroup));
    }

    private void assertEvents(final String... expected)
    {
        assertEquals(List.of(expected), listener.drain());
    }

    private void assertNoEvents()
    {
        assertEquals(List.of(), listener.drain());
    }

    private List<String> drain(final String prefix)
    {
        final List<String> result = listener.eventsStartingWith(prefix);
        listener.clear();
        return result;
    }

    private List<Long> orderIds(final int instrumentId, final Side side)
    {
        final List<Long> ids = new ArrayList<>();
        engine.forEachOrder(instrumentId, side, (orderId, account, clientOrderId, instrument, orderSide, timeInForce,
            postOnlyFlag, price, quantity, filledQuantity, expireTimeNs, stpGroup) -> ids.add(orderId));
        return ids;
    }

    private List<String> levels(final int instrumentId, final Side side)
    {
        final List<String> result = new ArrayList<>();
        engine.forEachLevel(instrumentId, side, (price, totalQuantity, orderCount) ->
            result.add(price + "x" + totalQuantity + "/" + orderCount));
        return result;
    }

    private long leavesOf(final long orderId)
    {
        final long[] leaves = {-1};
        engine.lookupOrder(orderId, (id, account, clientOrderId, instrument, side, timeInForce, postOnlyFlag, price,
            quantity, filledQuantity, expireTimeNs, stpGroup) -> leaves[0] = quantity - filledQuantity);
        return leaves[0];
    }

    private void assertPlaceRejected(
        final RejectReason expected,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        final long hashBefore = engine.stateHash();
        final long nextOrderIdBefore = engine.nextOrderId();
        listener.clear();
        assertEquals(expected, place(
            A, clientOrderId, instrumentId, side, orderType, timeInForce, postOnly, price, quantity, expireTimeNs));
        assertEvents("REJECTED acct=1 coid=" + clientOrderId + " inst=" + instrumentId + " " + expected);
        assertEquals(hashBefore, engine.stateHash());
        assertEquals(nextOrderIdBefore, engine.nextOrderId());
    }

    private void assertReplaceRejected(
        final RejectReason expected, final long account, final long orderId, final long newClientOrderId,
        final long newPrice, final long newQuantity)
    {
        final long hashBefore = engine.stateHash();
        listener.clear();
        assertEquals(expected, replace(account, orderId, newClientOrderId, newPrice, newQuantity));
        assertEvents("REPLACE_REJECTED acct=" + account + " oid=" + orderId + " coid=" + newClientOrderId + " " +
            expected);
        assertEquals(hashBefore, engine.stateHash());
    }

    // ---------------------------------------------------------------- limit orders and matching

    @Test
    void shouldRestLimitOrderOnEmptyBook()
    {
        assertEquals(RejectReason.NONE, buy(A, 11, 100, 10));
        assertEvents(
            "ACCEPTED oid=1 acct=1 coid=11 inst=1 BUY LIMIT GTC px=100 qty=10 exp=0",
            "BOOK_ADD inst=1 oid=1 BUY px=100 qty=10",
            "BBO inst=1 bid=100x10 ask=-x0");
        assertEquals(2, engine.nextOrderId());
        assertEquals(1, engine.orderCount());
        assertEquals(100, engine.bestBid(INST));
        assertEquals(EngineConstants.NULL_PRICE, engine.bestAsk(INST));
        assertTrue(engine.lookupOrder(1, (orderId, account, clientOrderId, instrumentId, side, timeInForce,
            postOnlyFlag, price, quantity, filledQuantity, expireTimeNs, stpGroup) ->
        {
            assertEquals(1, orderId);
            assertEquals(A, account);
            assertEquals(11, clientOrderId);
            assertEquals(INST, instrumentId);
            assertEquals(BUY, side);
            assertEquals(GTC, timeInForce);
            assertFalse(postOnlyFlag);
            assertEquals(100, price);
            assertEquals(10, quantity);
            assertEquals(0, filledQuantity);
            assertEquals(0, expireTimeNs);
            assertEquals(0, stpGroup);
        }));
        assertFalse(engine.lookupOrder(2, (orderId, account, clientOrderId, instrumentId, side, timeInForce,
            postOnlyFlag, price, quantity, filledQuantity, expireTimeNs, stpGroup) -> { }));
    }

    @Test
    void shouldEmitFillEventsInContractOrder()
    {
        sell(A, 11, 100, 10);
        listener.clear();
        assertEquals(RejectReason.NONE, buy(B, 21, 101, 4));
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 BUY LIMIT GTC px=101 qty=4 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 SELL tid=1 px=100 qty=4 leaves=6 filled=4 MAKER",
            "FILL oid=2 acct=2 coid=21 inst=1 BUY tid=1 px=100 qty=4 leaves=0 filled=4 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=4 aggr=BUY maker=1 taker=2",
            "BOOK_EXEC inst=1 oid=1 SELL px=100 qty=4 leaves=6 tid=1",
            "BBO inst=1 bid=-x0 ask=100x6");
        assertEquals(2, engine.nextTradeId());
        assertEquals(3, engine.nextOrderId());
        assertEquals(1, engine.orderCount());
    }

    @Test
    void shouldRestRemainderOfPartiallyFilledLimitOrder()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        buy(B, 21, 100, 8);
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 BUY LIMIT GTC px=100 qty=8 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 SELL tid=1 px=100 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=2 acct=2 coid=21 inst=1 BUY tid=1 px=100 qty=5 leaves=3 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=1 taker=2",
            "BOOK_EXEC inst=1 oid=1 SELL px=100 qty=5 leaves=0 tid=1",
            "BOOK_ADD inst=1 oid=2 BUY px=100 qty=3",
            "BBO inst=1 bid=100x3 ask=-x0");
        assertFalse(engine.lookupOrder(1, (orderId, account, clientOrderId, instrumentId, side, timeInForce,
            postOnlyFlag, price, quantity, filledQuantity, expireTimeNs, stpGroup) -> { }));
        assertEquals(3, leavesOf(2));
    }

    @Test
    void shouldMatchBestPriceFirstThenTime()
    {
        sell(A, 11, 100, 5);
        sell(B, 21, 99, 5);
        sell(C, 31, 99, 5);
        listener.clear();
        buy(B, 22, 100, 12);
        assertEquals(List.of(
            "TRADE inst=1 tid=1 px=99 qty=5 aggr=BUY maker=2 taker=4",
            "TRADE inst=1 tid=2 px=99 qty=5 aggr=BUY maker=3 taker=4",
            "TRADE inst=1 tid=3 px=100 qty=2 aggr=BUY maker=1 taker=4"), drain("TRADE"));
        assertEquals(List.of("100x3/1"), levels(INST, SELL));
    }

    @Test
    void shouldTradeAtRestingPriceForSellAggressor()
    {
        buy(A, 11, 105, 5);
        listener.clear();
        sell(B, 21, 100, 5);
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 SELL LIMIT GTC px=100 qty=5 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 BUY tid=1 px=105 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=2 acct=2 coid=21 inst=1 SELL tid=1 px=105 qty=5 leaves=0 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=105 qty=5 aggr=SELL maker=1 taker=2",
            "BOOK_EXEC inst=1 oid=1 BUY px=105 qty=5 leaves=0 tid=1",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldNotMatchWhenPricesDoNotCross()
    {
        sell(A, 11, 101, 5);
        listener.clear();
        buy(B, 21, 100, 5);
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 BUY LIMIT GTC px=100 qty=5 exp=0",
            "BOOK_ADD inst=1 oid=2 BUY px=100 qty=5",
            "BBO inst=1 bid=100x5 ask=101x5");
        assertEquals(List.of("100x5/1"), levels(INST, BUY));
        assertEquals(List.of("101x5/1"), levels(INST, SELL));
    }

    @Test
    void shouldKeepLevelsSortedAndAggregated()
    {
        buy(A, 1, 100, 5);
        buy(B, 2, 102, 3);
        buy(C, 3, 100, 7);
        buy(A, 4, 101, 1);
        sell(A, 5, 110, 2);
        sell(B, 6, 105, 4);
        sell(C, 7, 110, 6);
        assertEquals(List.of("102x3/1", "101x1/1", "100x12/2"), levels(INST, BUY));
        assertEquals(List.of("105x4/1", "110x8/2"), levels(INST, SELL));
        assertEquals(List.of(2L, 4L, 1L, 3L), orderIds(INST, BUY));
        assertEquals(List.of(6L, 5L, 7L), orderIds(INST, SELL));
        assertEquals(7, engine.orderCount());
    }

    @Test
    void shouldKeepInstrumentsSeparate()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        place(B, 21, INST2, BUY, LIMIT, GTC, false, 100, 10, 0);
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=2 BUY LIMIT GTC px=100 qty=10 exp=0",
            "BOOK_ADD inst=2 oid=2 BUY px=100 qty=10",
            "BBO inst=2 bid=100x10 ask=-x0");
        assertEquals(100, engine.bestAsk(INST));
        assertEquals(100, engine.bestBid(INST2));
        assertEquals(EngineConstants.NULL_PRICE, engine.bestBid(INST));
        assertEquals(EngineConstants.NULL_PRICE, engine.bestBid(99));
        assertEquals(EngineConstants.NULL_PRICE, engine.bestAsk(99));
    }

    // ---------------------------------------------------------------- market orders

    @Test
    void shouldSweepSeveralLevelsWithMarketOrder()
    {
        sell(A, 11, 100, 5);
        sell(B, 21, 101, 5);
        sell(C, 31, 102, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, market(B, 22, BUY, IOC, 12));
        assertEvents(
            "ACCEPTED oid=4 acct=2 coid=22 inst=1 BUY MARKET IOC px=0 qty=12 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 SELL tid=1 px=100 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=4 acct=2 coid=22 inst=1 BUY tid=1 px=100 qty=5 leaves=7 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=1 taker=4",
            "BOOK_EXEC inst=1 oid=1 SELL px=100 qty=5 leaves=0 tid=1",
            "FILL oid=2 acct=2 coid=21 inst=1 SELL tid=2 px=101 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=4 acct=2 coid=22 inst=1 BUY tid=2 px=101 qty=5 leaves=2 filled=10 TAKER",
            "TRADE inst=1 tid=2 px=101 qty=5 aggr=BUY maker=2 taker=4",
            "BOOK_EXEC inst=1 oid=2 SELL px=101 qty=5 leaves=0 tid=2",
            "FILL oid=3 acct=3 coid=31 inst=1 SELL tid=3 px=102 qty=2 leaves=3 filled=2 MAKER",
            "FILL oid=4 acct=2 coid=22 inst=1 BUY tid=3 px=102 qty=2 leaves=0 filled=12 TAKER",
            "TRADE inst=1 tid=3 px=102 qty=2 aggr=BUY maker=3 taker=4",
            "BOOK_EXEC inst=1 oid=3 SELL px=102 qty=2 leaves=3 tid=3",
            "BBO inst=1 bid=-x0 ask=102x3");
    }

    @Test
    void shouldCancelMarketOrderRemainderAfterExhaustingBook()
    {
        buy(A, 11, 100, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, market(B, 21, SELL, IOC, 8));
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 SELL MARKET IOC px=0 qty=8 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 BUY tid=1 px=100 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=2 acct=2 coid=21 inst=1 SELL tid=1 px=100 qty=5 leaves=3 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=SELL maker=1 taker=2",
            "BOOK_EXEC inst=1 oid=1 BUY px=100 qty=5 leaves=0 tid=1",
            "CANCELLED oid=2 acct=2 coid=21 inst=1 SELL qty=3 filled=5 IOC_REMAINDER",
            "BBO inst=1 bid=-x0 ask=-x0");
        assertEquals(0, engine.orderCount());
    }

    @Test
    void shouldRejectMarketOrderWithNoLiquidity()
    {
        buy(A, 11, 100, 5);
        assertPlaceRejected(RejectReason.NO_LIQUIDITY, 21, INST, BUY, MARKET, IOC, false, 0, 5, 0);
    }

    @Test
    void shouldFillMarketFokWhenEnoughLiquidity()
    {
        sell(A, 11, 100, 5);
        sell(A, 12, 200, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, market(B, 21, BUY, FOK, 10));
        assertEquals(List.of(
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=1 taker=3",
            "TRADE inst=1 tid=2 px=200 qty=5 aggr=BUY maker=2 taker=3"), drain("TRADE"));
        assertEquals(0, engine.orderCount());
    }

    @Test
    void shouldKillMarketFokWhenNotEnoughLiquidity()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, market(B, 21, BUY, FOK, 6));
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 BUY MARKET FOK px=0 qty=6 exp=0",
            "CANCELLED oid=2 acct=2 coid=21 inst=1 BUY qty=6 filled=0 FOK_UNFILLED");
        assertEquals(1, engine.nextTradeId());
    }

    // ---------------------------------------------------------------- time in force

    @Test
    void shouldCancelIocRemainder()
    {
        sell(A, 11, 100, 3);
        sell(A, 12, 102, 3);
        listener.clear();
        assertEquals(RejectReason.NONE, limitTif(B, 21, BUY, IOC, 101, 5));
        assertEvents(
            "ACCEPTED oid=3 acct=2 coid=21 inst=1 BUY LIMIT IOC px=101 qty=5 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 SELL tid=1 px=100 qty=3 leaves=0 filled=3 MAKER",
            "FILL oid=3 acct=2 coid=21 inst=1 BUY tid=1 px=100 qty=3 leaves=2 filled=3 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=3 aggr=BUY maker=1 taker=3",
            "BOOK_EXEC inst=1 oid=1 SELL px=100 qty=3 leaves=0 tid=1",
            "CANCELLED oid=3 acct=2 coid=21 inst=1 BUY qty=2 filled=3 IOC_REMAINDER",
            "BBO inst=1 bid=-x0 ask=102x3");
    }

    @Test
    void shouldCancelIocThatDoesNotCrossWithoutBookChange()
    {
        sell(A, 11, 102, 3);
        listener.clear();
        assertEquals(RejectReason.NONE, limitTif(B, 21, BUY, IOC, 101, 5));
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 BUY LIMIT IOC px=101 qty=5 exp=0",
            "CANCELLED oid=2 acct=2 coid=21 inst=1 BUY qty=5 filled=0 IOC_REMAINDER");
    }

    @Test
    void shouldKillFokThatCannotFillCompletely()
    {
        sell(A, 11, 100, 5);
        sell(B, 21, 101, 5);
        listener.clear();
        final long hashBefore = engine.stateHash();
        assertEquals(RejectReason.NONE, limitTif(C, 31, BUY, FOK, 101, 11));
        assertEvents(
            "ACCEPTED oid=3 acct=3 coid=31 inst=1 BUY LIMIT FOK px=101 qty=11 exp=0",
            "CANCELLED oid=3 acct=3 coid=31 inst=1 BUY qty=11 filled=0 FOK_UNFILLED");
        assertEquals(1, engine.nextTradeId());
        assertEquals(4, engine.nextOrderId());
        assertEquals(List.of("100x5/1", "101x5/1"), levels(INST, SELL));
        assertTrue(hashBefore != engine.stateHash(), "the order id was consumed");
    }

    @Test
    void shouldNotCountLevelsBeyondFokLimit()
    {
        sell(A, 11, 100, 5);
        sell(B, 21, 102, 5);
        listener.clear();
        limitTif(C, 31, BUY, FOK, 101, 10);
        assertEvents(
            "ACCEPTED oid=3 acct=3 coid=31 inst=1 BUY LIMIT FOK px=101 qty=10 exp=0",
            "CANCELLED oid=3 acct=3 coid=31 inst=1 BUY qty=10 filled=0 FOK_UNFILLED");
    }

    @Test
    void shouldFillFokExactlyFillableAcrossLevels()
    {
        sell(A, 11, 100, 5);
        sell(B, 21, 101, 3);
        sell(B, 22, 101, 2);
        sell(C, 31, 102, 9);
        listener.clear();
        assertEquals(RejectReason.NONE, limitTif(C, 32, BUY, FOK, 101, 10));
        assertEvents(
            "ACCEPTED oid=5 acct=3 coid=32 inst=1 BUY LIMIT FOK px=101 qty=10 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 SELL tid=1 px=100 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=5 acct=3 coid=32 inst=1 BUY tid=1 px=100 qty=5 leaves=5 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=1 taker=5",
            "BOOK_EXEC inst=1 oid=1 SELL px=100 qty=5 leaves=0 tid=1",
            "FILL oid=2 acct=2 coid=21 inst=1 SELL tid=2 px=101 qty=3 leaves=0 filled=3 MAKER",
            "FILL oid=5 acct=3 coid=32 inst=1 BUY tid=2 px=101 qty=3 leaves=2 filled=8 TAKER",
            "TRADE inst=1 tid=2 px=101 qty=3 aggr=BUY maker=2 taker=5",
            "BOOK_EXEC inst=1 oid=2 SELL px=101 qty=3 leaves=0 tid=2",
            "FILL oid=3 acct=2 coid=22 inst=1 SELL tid=3 px=101 qty=2 leaves=0 filled=2 MAKER",
            "FILL oid=5 acct=3 coid=32 inst=1 BUY tid=3 px=101 qty=2 leaves=0 filled=10 TAKER",
            "TRADE inst=1 tid=3 px=101 qty=2 aggr=BUY maker=3 taker=5",
            "BOOK_EXEC inst=1 oid=3 SELL px=101 qty=2 leaves=0 tid=3",
            "BBO inst=1 bid=-x0 ask=102x9");
    }

    @Test
    void shouldFillSellFokAgainstBids()
    {
        buy(A, 11, 101, 4);
        buy(B, 21, 100, 6);
        listener.clear();
        assertEquals(RejectReason.NONE, limitTif(C, 31, SELL, FOK, 100, 10));
        assertEquals(2, drain("TRADE").size());
        assertEquals(0, engine.orderCount());
    }

    @Test
    void shouldStampDayOrderWithDayEndAndExpireItThere()
    {
        final long dayEnd = EngineConstants.dayEnd(T0, DAY_END_OFFSET_NS);
        assertTrue(dayEnd > T0 && dayEnd - T0 <= EngineConstants.DAY_NS);
        assertEquals(RejectReason.NONE, limitTif(A, 11, BUY, DAY, 100, 5));
        assertEvents(
            "ACCEPTED oid=1 acct=1 coid=11 inst=1 BUY LIMIT DAY px=100 qty=5 exp=" + dayEnd,
            "BOOK_ADD inst=1 oid=1 BUY px=100 qty=5",
            "BBO inst=1 bid=100x5 ask=-x0");
        assertEquals(dayEnd, engine.nextExpireTimeNs());

        assertEquals(0, expire(dayEnd - 1));
        assertNoEvents();
        assertEquals(1, expire(dayEnd));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 BUY qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=1 BUY px=100 qty=5",
            "BBO inst=1 bid=-x0 ask=-x0");
        assertEquals(Long.MAX_VALUE, engine.nextExpireTimeNs());
        assertEquals(0, engine.orderCount());
    }

    @Test
    void shouldStampDayOrderEnteredAtDayEndWithNextDayEnd()
    {
        now = EngineConstants.dayEnd(T0, DAY_END_OFFSET_NS);
        limitTif(A, 11, SELL, DAY, 100, 5);
        assertEquals(now + EngineConstants.DAY_NS, engine.nextExpireTimeNs());
    }

    @Test
    void shouldExpireGtdOrderAtItsExpireTime()
    {
        assertEquals(RejectReason.NONE, gtd(A, 11, SELL, 100, 5, T0 + 1000));
        assertEvents(
            "ACCEPTED oid=1 acct=1 coid=11 inst=1 SELL LIMIT GTD px=100 qty=5 exp=" + (T0 + 1000),
            "BOOK_ADD inst=1 oid=1 SELL px=100 qty=5",
            "BBO inst=1 bid=-x0 ask=100x5");
        assertEquals(T0 + 1000, engine.nextExpireTimeNs());
        assertEquals(0, expire(T0 + 999));
        assertNoEvents();
        assertEquals(1, expire(T0 + 1000));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldExpireInOrderOfExpireTimeThenOrderId()
    {
        gtd(A, 11, SELL, 103, 1, T0 + 2000);
        gtd(A, 12, SELL, 102, 1, T0 + 1000);
        gtd(B, 21, BUY, 90, 1, T0 + 1000);
        limitTif(C, 31, BUY, DAY, 91, 1);
        buy(C, 32, 92, 1);
        assertEquals(T0 + 1000, engine.nextExpireTimeNs());
        listener.clear();
        assertEquals(3, expire(T0 + 5000));
        assertEquals(List.of(
            "CANCELLED oid=2 acct=1 coid=12 inst=1 SELL qty=1 filled=0 EXPIRED",
            "CANCELLED oid=3 acct=2 coid=21 inst=1 BUY qty=1 filled=0 EXPIRED",
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=1 filled=0 EXPIRED"), drain("CANCELLED"));
        assertEquals(EngineConstants.dayEnd(T0, DAY_END_OFFSET_NS), engine.nextExpireTimeNs());
        assertEquals(2, engine.orderCount());
    }

    @Test
    void shouldExpireAtStartOfLaterCommandSoExpiredOrderNeverTrades()
    {
        gtd(A, 11, SELL, 100, 5, T0 + 1000);
        listener.clear();
        now = T0 + 1000;
        assertEquals(RejectReason.NONE, buy(B, 21, 100, 5));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 BUY LIMIT GTC px=100 qty=5 exp=0",
            "BOOK_ADD inst=1 oid=2 BUY px=100 qty=5",
            "BBO inst=1 bid=100x5 ask=-x0");
        assertEquals(1, engine.nextTradeId());
    }

    @Test
    void shouldExpireBeforeRejectingCommand()
    {
        gtd(A, 11, SELL, 100, 5, T0 + 1000);
        listener.clear();
        now = T0 + 2000;
        assertEquals(RejectReason.INVALID_QUANTITY, buy(B, 21, 100, 0));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "REJECTED acct=2 coid=21 inst=1 INVALID_QUANTITY",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldExpireBeforeCancelSoCancelOfExpiredOrderIsUnknown()
    {
        gtd(A, 11, SELL, 100, 5, T0 + 1000);
        listener.clear();
        now = T0 + 1000;
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(A, 1));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "CANCEL_REJECTED acct=1 oid=1 UNKNOWN_ORDER",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldExpireBeforeReplaceAndMassCancel()
    {
        gtd(A, 11, SELL, 100, 5, T0 + 1000);
        gtd(A, 12, SELL, 101, 5, T0 + 2000);
        listener.clear();
        now = T0 + 1000;
        assertEquals(RejectReason.UNKNOWN_ORDER, replace(A, 1, 13, 100, 4));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "REPLACE_REJECTED acct=1 oid=1 coid=13 UNKNOWN_ORDER",
            "BBO inst=1 bid=-x0 ask=101x5");
        now = T0 + 2000;
        assertEquals(RejectReason.NONE, massCancel(A, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL));
        assertEvents(
            "CANCELLED oid=2 acct=1 coid=12 inst=1 SELL qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=2 SELL px=101 qty=5",
            "MASS_CANCELLED acct=1 inst=0 side=NULL_VAL NONE count=0",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldReportNextExpireTime()
    {
        assertEquals(Long.MAX_VALUE, engine.nextExpireTimeNs());
        buy(A, 11, 100, 5);
        assertEquals(Long.MAX_VALUE, engine.nextExpireTimeNs());
        gtd(A, 12, BUY, 99, 5, T0 + 500);
        gtd(A, 13, BUY, 98, 5, T0 + 300);
        assertEquals(T0 + 300, engine.nextExpireTimeNs());
        cancel(A, 3);
        assertEquals(T0 + 500, engine.nextExpireTimeNs());
        sell(B, 21, 99, 10);
        assertEquals(Long.MAX_VALUE, engine.nextExpireTimeNs());
    }

    @Test
    void shouldNotExpireOrdersWithoutExpireTime()
    {
        buy(A, 11, 100, 5);
        listener.clear();
        assertEquals(0, expire(T0 + 10 * EngineConstants.DAY_NS));
        assertNoEvents();
        assertEquals(1, engine.orderCount());
    }

    // ---------------------------------------------------------------- post-only

    @Test
    void shouldRestPostOnlyOrderThatDoesNotCross()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, postOnly(B, 21, BUY, 99, 5));
        assertEvents(
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 BUY LIMIT GTC px=99 qty=5 exp=0",
            "BOOK_ADD inst=1 oid=2 BUY px=99 qty=5",
            "BBO inst=1 bid=99x5 ask=100x5");
        final boolean[] flag = {false};
        engine.lookupOrder(2, (orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnlyFlag,
            price, quantity, filledQuantity, expireTimeNs, stpGroup) -> flag[0] = postOnlyFlag);
        assertTrue(flag[0]);
    }

    @Test
    void shouldRejectPostOnlyBuyThatWouldCross()
    {
        sell(B, 21, 100, 5);
        assertPlaceRejected(RejectReason.POST_ONLY_WOULD_CROSS, 11, INST, BUY, LIMIT, GTC, true, 100, 5, 0);
    }

    @Test
    void shouldRejectPostOnlySellThatWouldCross()
    {
        buy(B, 21, 100, 5);
        assertPlaceRejected(RejectReason.POST_ONLY_WOULD_CROSS, 11, INST, SELL, LIMIT, DAY, true, 99, 5, 0);
    }

    @Test
    void shouldLetPostOnlyBeFilledAsMaker()
    {
        postOnly(A, 11, SELL, 100, 5);
        listener.clear();
        buy(B, 21, 100, 2);
        assertEquals(1, drain("TRADE").size());
        assertEquals(3, leavesOf(1));
    }

    @Test
    void shouldRejectPostOnlyIoc()
    {
        assertPlaceRejected(RejectReason.POST_ONLY_NOT_ALLOWED, 11, INST, BUY, LIMIT, IOC, true, 100, 5, 0);
    }

    @Test
    void shouldRejectPostOnlyFok()
    {
        assertPlaceRejected(RejectReason.POST_ONLY_NOT_ALLOWED, 11, INST, BUY, LIMIT, FOK, true, 100, 5, 0);
    }

    @Test
    void shouldRejectPostOnlyMarket()
    {
        sell(B, 21, 100, 5);
        assertPlaceRejected(RejectReason.POST_ONLY_NOT_ALLOWED, 11, INST, BUY, MARKET, IOC, true, 0, 5, 0);
    }

    // ---------------------------------------------------------------- self-trade prevention

    @Test
    void shouldSelfTradeUnderStpNone()
    {
        stp(A, StpMode.NONE, 0);
        sell(A, 11, 100, 5);
        listener.clear();
        buy(A, 12, 100, 5);
        assertEquals(List.of("TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=1 taker=2"), drain("TRADE"));
    }

    @Test
    void shouldSelfTradeWithoutStpSettings()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        buy(A, 12, 100, 5);
        assertEquals(1, drain("TRADE").size());
    }

    @Test
    void shouldCancelRestingOrderUnderCancelResting()
    {
        stp(A, StpMode.CANCEL_RESTING, 0);
        sell(A, 11, 100, 5);
        sell(B, 21, 101, 5);
        listener.clear();
        buy(A, 12, 101, 10);
        assertEvents(
            "ACCEPTED oid=3 acct=1 coid=12 inst=1 BUY LIMIT GTC px=101 qty=10 exp=0",
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 SELF_TRADE_PREVENTION",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "FILL oid=2 acct=2 coid=21 inst=1 SELL tid=1 px=101 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=3 acct=1 coid=12 inst=1 BUY tid=1 px=101 qty=5 leaves=5 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=101 qty=5 aggr=BUY maker=2 taker=3",
            "BOOK_EXEC inst=1 oid=2 SELL px=101 qty=5 leaves=0 tid=1",
            "BOOK_ADD inst=1 oid=3 BUY px=101 qty=5",
            "BBO inst=1 bid=101x5 ask=-x0");
    }

    @Test
    void shouldStopAggressorUnderCancelAggressing()
    {
        stp(A, StpMode.CANCEL_AGGRESSING, 0);
        sell(B, 21, 99, 5);
        sell(A, 11, 100, 5);
        sell(B, 22, 100, 5);
        listener.clear();
        buy(A, 12, 100, 15);
        assertEvents(
            "ACCEPTED oid=4 acct=1 coid=12 inst=1 BUY LIMIT GTC px=100 qty=15 exp=0",
            "FILL oid=1 acct=2 coid=21 inst=1 SELL tid=1 px=99 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=4 acct=1 coid=12 inst=1 BUY tid=1 px=99 qty=5 leaves=10 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=99 qty=5 aggr=BUY maker=1 taker=4",
            "BOOK_EXEC inst=1 oid=1 SELL px=99 qty=5 leaves=0 tid=1",
            "CANCELLED oid=4 acct=1 coid=12 inst=1 BUY qty=10 filled=5 SELF_TRADE_PREVENTION",
            "BBO inst=1 bid=-x0 ask=100x10");
        assertEquals(List.of(2L, 3L), orderIds(INST, SELL));
    }

    @Test
    void shouldCancelBothUnderCancelBoth()
    {
        stp(A, StpMode.CANCEL_BOTH, 0);
        sell(A, 11, 100, 5);
        sell(B, 21, 100, 5);
        listener.clear();
        buy(A, 12, 100, 3);
        assertEvents(
            "ACCEPTED oid=3 acct=1 coid=12 inst=1 BUY LIMIT GTC px=100 qty=3 exp=0",
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 SELF_TRADE_PREVENTION",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "CANCELLED oid=3 acct=1 coid=12 inst=1 BUY qty=3 filled=0 SELF_TRADE_PREVENTION",
            "BBO inst=1 bid=-x0 ask=100x5");
    }

    @Test
    void shouldDecrementRestingAndContinueWhenAggressorLarger()
    {
        stp(A, StpMode.DECREMENT_AND_CANCEL, 0);
        sell(A, 11, 100, 5);
        sell(B, 21, 100, 5);
        listener.clear();
        buy(A, 12, 100, 8);
        assertEvents(
            "ACCEPTED oid=3 acct=1 coid=12 inst=1 BUY LIMIT GTC px=100 qty=8 exp=0",
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 SELF_TRADE_PREVENTION",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "RESTATED oid=3 acct=1 coid=12 inst=1 BUY by=5 qty=3 leaves=3 SELF_TRADE_PREVENTION",
            "FILL oid=2 acct=2 coid=21 inst=1 SELL tid=1 px=100 qty=3 leaves=2 filled=3 MAKER",
            "FILL oid=3 acct=1 coid=12 inst=1 BUY tid=1 px=100 qty=3 leaves=0 filled=3 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=3 aggr=BUY maker=2 taker=3",
            "BOOK_EXEC inst=1 oid=2 SELL px=100 qty=3 leaves=2 tid=1",
            "BBO inst=1 bid=-x0 ask=100x2");
    }

    @Test
    void shouldDecrementRestingAndCancelAggressorWhenRestingLarger()
    {
        stp(A, StpMode.DECREMENT_AND_CANCEL, 0);
        sell(A, 11, 100, 10);
        listener.clear();
        buy(A, 12, 100, 4);
        assertEvents(
            "ACCEPTED oid=2 acct=1 coid=12 inst=1 BUY LIMIT GTC px=100 qty=4 exp=0",
            "RESTATED oid=1 acct=1 coid=11 inst=1 SELL by=4 qty=6 leaves=6 SELF_TRADE_PREVENTION",
            "BOOK_MOD inst=1 oid=1 SELL px=100 qty=6",
            "CANCELLED oid=2 acct=1 coid=12 inst=1 BUY qty=4 filled=0 SELF_TRADE_PREVENTION",
            "BBO inst=1 bid=-x0 ask=100x6");
    }

    @Test
    void shouldDecrementPartiallyFilledRestingOrderKeepingItsPlace()
    {
        stp(A, StpMode.DECREMENT_AND_CANCEL, 0);
        sell(A, 11, 100, 10);
        sell(B, 21, 100, 10);
        buy(C, 31, 100, 3);
        listener.clear();
        buy(A, 12, 100, 4);
        assertEvents(
            "ACCEPTED oid=4 acct=1 coid=12 inst=1 BUY LIMIT GTC px=100 qty=4 exp=0",
            "RESTATED oid=1 acct=1 coid=11 inst=1 SELL by=4 qty=6 leaves=3 SELF_TRADE_PREVENTION",
            "BOOK_MOD inst=1 oid=1 SELL px=100 qty=3",
            "CANCELLED oid=4 acct=1 coid=12 inst=1 BUY qty=4 filled=0 SELF_TRADE_PREVENTION",
            "BBO inst=1 bid=-x0 ask=100x13");
        assertEquals(List.of(1L, 2L), orderIds(INST, SELL));
    }

    @Test
    void shouldCancelBothWhenDecrementQuantitiesEqual()
    {
        stp(A, StpMode.DECREMENT_AND_CANCEL, 0);
        sell(A, 11, 100, 5);
        listener.clear();
        buy(A, 12, 100, 5);
        assertEvents(
            "ACCEPTED oid=2 acct=1 coid=12 inst=1 BUY LIMIT GTC px=100 qty=5 exp=0",
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 SELF_TRADE_PREVENTION",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "CANCELLED oid=2 acct=1 coid=12 inst=1 BUY qty=5 filled=0 SELF_TRADE_PREVENTION",
            "BBO inst=1 bid=-x0 ask=-x0");
        assertEquals(1, engine.nextTradeId());
    }

    @Test
    void shouldPreventSelfTradeAcrossAccountsOfOneStpGroup()
    {
        stp(A, StpMode.CANCEL_RESTING, 7);
        stp(B, StpMode.NONE, 7);
        sell(B, 21, 100, 5);
        listener.clear();
        buy(A, 11, 100, 5);
        assertEvents(
            "ACCEPTED oid=2 acct=1 coid=11 inst=1 BUY LIMIT GTC px=100 qty=5 exp=0",
            "CANCELLED oid=1 acct=2 coid=21 inst=1 SELL qty=5 filled=0 SELF_TRADE_PREVENTION",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "BOOK_ADD inst=1 oid=2 BUY px=100 qty=5",
            "BBO inst=1 bid=100x5 ask=-x0");
    }

    @Test
    void shouldApplyAggressorAccountModeOnly()
    {
        stp(A, StpMode.CANCEL_RESTING, 7);
        stp(B, StpMode.NONE, 7);
        buy(A, 11, 100, 5);
        listener.clear();
        sell(B, 21, 100, 5);
        assertEquals(1, drain("TRADE").size());
    }

    @Test
    void shouldNotPreventTradeBetweenDifferentGroups()
    {
        stp(A, StpMode.CANCEL_BOTH, 7);
        stp(B, StpMode.CANCEL_BOTH, 8);
        sell(B, 21, 100, 5);
        listener.clear();
        buy(A, 11, 100, 5);
        assertEquals(1, drain("TRADE").size());
    }

    @Test
    void shouldUseStpGroupStampedAtOrderEntry()
    {
        sell(B, 21, 100, 5);
        stp(B, StpMode.NONE, 7);
        stp(A, StpMode.CANCEL_BOTH, 7);
        listener.clear();
        buy(A, 11, 100, 5);
        assertEquals(1, drain("TRADE").size());
        final long[] group = {-1};
        sell(B, 22, 101, 5);
        engine.lookupOrder(3, (orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnlyFlag,
            price, quantity, filledQuantity, expireTimeNs, stpGroup) -> group[0] = stpGroup);
        assertEquals(7, group[0]);
    }

    @Test
    void shouldUseAggressorModeAtMatchingTime()
    {
        sell(A, 11, 100, 5);
        stp(A, StpMode.CANCEL_AGGRESSING, 0);
        listener.clear();
        buy(A, 12, 100, 5);
        assertEvents(
            "ACCEPTED oid=2 acct=1 coid=12 inst=1 BUY LIMIT GTC px=100 qty=5 exp=0",
            "CANCELLED oid=2 acct=1 coid=12 inst=1 BUY qty=5 filled=0 SELF_TRADE_PREVENTION");
    }

    @Test
    void shouldSkipOwnOrdersInFokWalkUnderCancelResting()
    {
        stp(A, StpMode.CANCEL_RESTING, 0);
        sell(A, 11, 100, 5);
        sell(B, 21, 100, 5);
        listener.clear();
        limitTif(A, 12, BUY, FOK, 100, 5);
        assertEvents(
            "ACCEPTED oid=3 acct=1 coid=12 inst=1 BUY LIMIT FOK px=100 qty=5 exp=0",
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 SELF_TRADE_PREVENTION",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "FILL oid=2 acct=2 coid=21 inst=1 SELL tid=1 px=100 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=3 acct=1 coid=12 inst=1 BUY tid=1 px=100 qty=5 leaves=0 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=2 taker=3",
            "BOOK_EXEC inst=1 oid=2 SELL px=100 qty=5 leaves=0 tid=1",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldNotCountOwnOrdersInFokWalkUnderCancelResting()
    {
        stp(A, StpMode.CANCEL_RESTING, 0);
        sell(A, 11, 100, 5);
        sell(B, 21, 100, 5);
        listener.clear();
        limitTif(A, 12, BUY, FOK, 100, 6);
        assertEvents(
            "ACCEPTED oid=3 acct=1 coid=12 inst=1 BUY LIMIT FOK px=100 qty=6 exp=0",
            "CANCELLED oid=3 acct=1 coid=12 inst=1 BUY qty=6 filled=0 FOK_UNFILLED");
        assertEquals(List.of(1L, 2L), orderIds(INST, SELL));
    }

    @Test
    void shouldEndFokWalkAtOwnOrderUnderCancelAggressing()
    {
        stp(A, StpMode.CANCEL_AGGRESSING, 0);
        sell(B, 21, 99, 5);
        sell(A, 11, 100, 5);
        sell(B, 22, 100, 5);
        listener.clear();
        limitTif(A, 12, BUY, FOK, 100, 10);
        assertEvents(
            "ACCEPTED oid=4 acct=1 coid=12 inst=1 BUY LIMIT FOK px=100 qty=10 exp=0",
            "CANCELLED oid=4 acct=1 coid=12 inst=1 BUY qty=10 filled=0 FOK_UNFILLED");
    }

    @Test
    void shouldEndFokWalkAtOwnOrderUnderDecrementAndCancel()
    {
        stp(A, StpMode.DECREMENT_AND_CANCEL, 0);
        sell(A, 11, 100, 5);
        sell(B, 21, 100, 5);
        listener.clear();
        limitTif(A, 12, BUY, FOK, 100, 5);
        assertEvents(
            "ACCEPTED oid=3 acct=1 coid=12 inst=1 BUY LIMIT FOK px=100 qty=5 exp=0",
            "CANCELLED oid=3 acct=1 coid=12 inst=1 BUY qty=5 filled=0 FOK_UNFILLED");
    }

    @Test
    void shouldCountOwnOrdersInFokWalkUnderNone()
    {
        stp(A, StpMode.NONE, 0);
        sell(A, 11, 100, 5);
        sell(B, 21, 100, 5);
        listener.clear();
        limitTif(A, 12, BUY, FOK, 100, 10);
        assertEquals(2, drain("TRADE").size());
    }

    @Test
    void shouldFillFokBeforeOwnOrderUnderCancelBoth()
    {
        stp(A, StpMode.CANCEL_BOTH, 0);
        sell(B, 21, 99, 5);
        sell(A, 11, 100, 5);
        listener.clear();
        limitTif(A, 12, BUY, FOK, 100, 5);
        assertEquals(List.of("TRADE inst=1 tid=1 px=99 qty=5 aggr=BUY maker=1 taker=3"), drain("TRADE"));
        assertEquals(List.of(2L), orderIds(INST, SELL));
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void shouldCancelOwnOrder()
    {
        buy(A, 11, 100, 5);
        buy(A, 12, 99, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, cancel(A, 1));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 BUY qty=5 filled=0 CLIENT_REQUEST",
            "BOOK_DEL inst=1 oid=1 BUY px=100 qty=5",
            "BBO inst=1 bid=99x5 ask=-x0");
        assertEquals(1, engine.orderCount());
    }

    @Test
    void shouldCancelPartiallyFilledOrderWithItsLeaves()
    {
        buy(A, 11, 100, 5);
        sell(B, 21, 100, 2);
        listener.clear();
        cancel(A, 1);
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 BUY qty=3 filled=2 CLIENT_REQUEST",
            "BOOK_DEL inst=1 oid=1 BUY px=100 qty=3",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldRejectCancelOfOtherAccountsOrder()
    {
        buy(A, 11, 100, 5);
        listener.clear();
        final long hashBefore = engine.stateHash();
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(B, 1));
        assertEvents("CANCEL_REJECTED acct=2 oid=1 UNKNOWN_ORDER");
        assertEquals(hashBefore, engine.stateHash());
    }

    @Test
    void shouldRejectCancelOfUnknownOrder()
    {
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(A, 42));
        assertEvents("CANCEL_REJECTED acct=1 oid=42 UNKNOWN_ORDER");
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(A, 0));
        assertEvents("CANCEL_REJECTED acct=1 oid=0 UNKNOWN_ORDER");
    }

    @Test
    void shouldRejectCancelOfFilledOrCancelledOrder()
    {
        buy(A, 11, 100, 5);
        sell(B, 21, 100, 5);
        buy(A, 12, 100, 5);
        cancel(A, 3);
        listener.clear();
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(A, 1));
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(B, 2));
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(A, 3));
        assertEvents(
            "CANCEL_REJECTED acct=1 oid=1 UNKNOWN_ORDER",
            "CANCEL_REJECTED acct=2 oid=2 UNKNOWN_ORDER",
            "CANCEL_REJECTED acct=1 oid=3 UNKNOWN_ORDER");
    }

    // ---------------------------------------------------------------- replace

    @Test
    void shouldKeepPriorityWhenReplaceReducesQuantityAtSamePrice()
    {
        sell(A, 11, 100, 10);
        sell(B, 21, 100, 10);
        listener.clear();
        assertEquals(RejectReason.NONE, replace(A, 1, 12, 100, 6));
        assertEvents(
            "REPLACED oid=1 acct=1 coid=12 orig=11 inst=1 SELL px=100 qty=6 leaves=6 filled=0 kept=true",
            "BOOK_MOD inst=1 oid=1 SELL px=100 qty=6",
            "BBO inst=1 bid=-x0 ask=100x16");
        assertEquals(List.of(1L, 2L), orderIds(INST, SELL));
        buy(C, 31, 100, 6);
        assertEquals(List.of("TRADE inst=1 tid=1 px=100 qty=6 aggr=BUY maker=1 taker=3"), drain("TRADE"));
    }

    @Test
    void shouldKeepPriorityWhenReplaceChangesNothingButClientOrderId()
    {
        sell(A, 11, 100, 10);
        sell(B, 21, 100, 10);
        listener.clear();
        assertEquals(RejectReason.NONE, replace(A, 1, 12, 100, 10));
        assertEvents("REPLACED oid=1 acct=1 coid=12 orig=11 inst=1 SELL px=100 qty=10 leaves=10 filled=0 kept=true");
        assertEquals(List.of(1L, 2L), orderIds(INST, SELL));
    }

    @Test
    void shouldLosePriorityWhenReplaceIncreasesQuantity()
    {
        sell(A, 11, 100, 10);
        sell(B, 21, 100, 10);
        listener.clear();
        assertEquals(RejectReason.NONE, replace(A, 1, 12, 100, 12));
        assertEvents(
            "REPLACED oid=1 acct=1 coid=12 orig=11 inst=1 SELL px=100 qty=12 leaves=12 filled=0 kept=false",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=10",
            "BOOK_ADD inst=1 oid=1 SELL px=100 qty=12",
            "BBO inst=1 bid=-x0 ask=100x22");
        assertEquals(List.of(2L, 1L), orderIds(INST, SELL));
        buy(C, 31, 100, 10);
        assertEquals(List.of("TRADE inst=1 tid=1 px=100 qty=10 aggr=BUY maker=2 taker=3"), drain("TRADE"));
    }

    @Test
    void shouldLosePriorityWhenReplaceChangesPrice()
    {
        sell(A, 11, 100, 10);
        sell(B, 21, 100, 10);
        listener.clear();
        assertEquals(RejectReason.NONE, replace(A, 1, 12, 101, 5));
        assertEvents(
            "REPLACED oid=1 acct=1 coid=12 orig=11 inst=1 SELL px=101 qty=5 leaves=5 filled=0 kept=false",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=10",
            "BOOK_ADD inst=1 oid=1 SELL px=101 qty=5",
            "BBO inst=1 bid=-x0 ask=100x10");
        assertEquals(RejectReason.NONE, replace(A, 1, 13, 100, 5));
        assertEquals(List.of(2L, 1L), orderIds(INST, SELL));
        listener.clear();
        buy(C, 31, 100, 10);
        assertEquals(List.of("TRADE inst=1 tid=1 px=100 qty=10 aggr=BUY maker=2 taker=3"), drain("TRADE"));
    }

    @Test
    void shouldMatchWhenReplacedOrderCrosses()
    {
        buy(B, 21, 99, 5);
        sell(A, 11, 101, 10);
        listener.clear();
        assertEquals(RejectReason.NONE, replace(A, 2, 12, 99, 10));
        assertEvents(
            "REPLACED oid=2 acct=1 coid=12 orig=11 inst=1 SELL px=99 qty=10 leaves=10 filled=0 kept=false",
            "BOOK_DEL inst=1 oid=2 SELL px=101 qty=10",
            "FILL oid=1 acct=2 coid=21 inst=1 BUY tid=1 px=99 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=2 acct=1 coid=12 inst=1 SELL tid=1 px=99 qty=5 leaves=5 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=99 qty=5 aggr=SELL maker=1 taker=2",
            "BOOK_EXEC inst=1 oid=1 BUY px=99 qty=5 leaves=0 tid=1",
            "BOOK_ADD inst=1 oid=2 SELL px=99 qty=5",
            "BBO inst=1 bid=-x0 ask=99x5");
    }

    @Test
    void shouldApplyStpWhenReplacedOrderCrosses()
    {
        stp(A, StpMode.CANCEL_AGGRESSING, 0);
        buy(A, 11, 99, 5);
        sell(A, 12, 101, 10);
        listener.clear();
        assertEquals(RejectReason.NONE, replace(A, 2, 13, 99, 10));
        assertEvents(
            "REPLACED oid=2 acct=1 coid=13 orig=12 inst=1 SELL px=99 qty=10 leaves=10 filled=0 kept=false",
            "BOOK_DEL inst=1 oid=2 SELL px=101 qty=10",
            "CANCELLED oid=2 acct=1 coid=13 inst=1 SELL qty=10 filled=0 SELF_TRADE_PREVENTION",
            "BBO inst=1 bid=99x5 ask=-x0");
        assertEquals(1, engine.orderCount());
    }

    @Test
    void shouldCompleteOrderWhenReplacedOrderFillsFully()
    {
        buy(B, 21, 100, 10);
        sell(A, 11, 101, 4);
        listener.clear();
        replace(A, 2, 12, 100, 4);
        assertEquals(1, drain("TRADE").size());
        assertEquals(1, engine.orderCount());
        assertEquals(6, leavesOf(1));
        assertEquals(RejectReason.UNKNOWN_ORDER, cancel(A, 2));
    }

    @Test
    void shouldKeepFilledQuantityOnReplace()
    {
        sell(A, 11, 100, 10);
        buy(B, 21, 100, 4);
        listener.clear();
        assertEquals(RejectReason.NONE, replace(A, 1, 12, 100, 8));
        assertEvents(
            "REPLACED oid=1 acct=1 coid=12 orig=11 inst=1 SELL px=100 qty=8 leaves=4 filled=4 kept=true",
            "BOOK_MOD inst=1 oid=1 SELL px=100 qty=4",
            "BBO inst=1 bid=-x0 ask=100x4");
        assertEquals(RejectReason.NONE, replace(A, 1, 13, 100, 12));
        assertEvents(
            "REPLACED oid=1 acct=1 coid=13 orig=12 inst=1 SELL px=100 qty=12 leaves=8 filled=4 kept=false",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=4",
            "BOOK_ADD inst=1 oid=1 SELL px=100 qty=8",
            "BBO inst=1 bid=-x0 ask=100x8");
    }

    @Test
    void shouldRejectReplaceToQuantityNotAboveFilled()
    {
        sell(A, 11, 100, 10);
        buy(B, 21, 100, 4);
        assertReplaceRejected(RejectReason.REPLACE_QUANTITY_TOO_LOW, A, 1, 12, 100, 4);
        assertReplaceRejected(RejectReason.REPLACE_QUANTITY_TOO_LOW, A, 1, 12, 101, 3);
        assertEquals(RejectReason.NONE, replace(A, 1, 12, 100, 5));
        assertEquals(1, leavesOf(1));
    }

    @Test
    void shouldRejectPostOnlyReplaceThatWouldCross()
    {
        postOnly(A, 11, BUY, 99, 5);
        sell(B, 21, 101, 5);
        assertReplaceRejected(RejectReason.POST_ONLY_WOULD_CROSS, A, 1, 12, 101, 5);
        assertEquals(RejectReason.NONE, replace(A, 1, 12, 100, 5));
    }

    @Test
    void shouldReportNewClientOrderIdOnLaterEvents()
    {
        sell(A, 11, 100, 10);
        replace(A, 1, 12, 100, 8);
        listener.clear();
        buy(B, 21, 100, 3);
        assertEquals(List.of("FILL oid=1 acct=1 coid=12 inst=1 SELL tid=1 px=100 qty=3 leaves=5 filled=3 MAKER"),
            drain("FILL oid=1"));
        cancel(A, 1);
        assertEquals(List.of("CANCELLED oid=1 acct=1 coid=12 inst=1 SELL qty=5 filled=3 CLIENT_REQUEST"),
            drain("CANCELLED"));
    }

    @Test
    void shouldKeepTimeInForceAndExpireTimeOnReplace()
    {
        gtd(A, 11, BUY, 100, 5, T0 + 1000);
        replace(A, 1, 12, 101, 6);
        final long[] expire = {0};
        engine.lookupOrder(1, (orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnlyFlag,
            price, quantity, filledQuantity, expireTimeNs, stpGroup) ->
        {
            assertEquals(GTD, timeInForce);
            expire[0] = expireTimeNs;
        });
        assertEquals(T0 + 1000, expire[0]);
        listener.clear();
        assertEquals(1, expire(T0 + 1000));
        assertEquals(List.of("CANCELLED oid=1 acct=1 coid=12 inst=1 BUY qty=6 filled=0 EXPIRED"), drain("CANCELLED"));
    }

    @Test
    void shouldRejectReplaceOfOtherAccountsOrder()
    {
        sell(A, 11, 100, 10);
        assertReplaceRejected(RejectReason.UNKNOWN_ORDER, B, 1, 22, 100, 5);
    }

    @Test
    void shouldRejectReplaceOfUnknownOrder()
    {
        assertReplaceRejected(RejectReason.UNKNOWN_ORDER, A, 7, 22, 100, 5);
    }

    @Test
    void shouldRejectReplaceWithInvalidQuantity()
    {
        sell(A, 11, 100, 10);
        assertReplaceRejected(RejectReason.INVALID_QUANTITY, A, 1, 12, 100, 0);
        assertReplaceRejected(RejectReason.INVALID_QUANTITY, A, 1, 12, 0, -1);
    }

    @Test
    void shouldRejectReplaceWithQuantityTooLarge()
    {
        sell(A, 11, 100, 10);
        assertReplaceRejected(RejectReason.QUANTITY_TOO_LARGE, A, 1, 12, 100, EngineConstants.MAX_QUANTITY + 1);
    }

    @Test
    void shouldRejectReplaceWithOffLotQuantity()
    {
        place(A, 11, INST2, SELL, LIMIT, GTC, false, 100, 20, 0);
        assertReplaceRejected(RejectReason.QUANTITY_NOT_LOT_MULTIPLE, A, 1, 12, 100, 15);
    }

    @Test
    void shouldRejectReplaceWithInvalidPrice()
    {
        sell(A, 11, 100, 10);
        assertReplaceRejected(RejectReason.INVALID_PRICE, A, 1, 12, 0, 10);
        assertReplaceRejected(RejectReason.INVALID_PRICE, A, 1, 12, -100, 10);
        assertReplaceRejected(RejectReason.INVALID_PRICE, A, 1, 12, EngineConstants.MAX_PRICE + 1, 10);
    }

    @Test
    void shouldRejectReplaceWithOffTickPrice()
    {
        place(A, 11, INST2, SELL, LIMIT, GTC, false, 100, 20, 0);
        assertReplaceRejected(RejectReason.PRICE_NOT_TICK_MULTIPLE, A, 1, 12, 102, 20);
    }

    @Test
    void shouldCheckReplaceArgumentsInContractOrder()
    {
        place(A, 11, INST2, SELL, LIMIT, GTC, false, 100, 20, 0);
        assertReplaceRejected(RejectReason.UNKNOWN_ORDER, B, 1, 12, 102, 0);
        assertReplaceRejected(RejectReason.INVALID_QUANTITY, A, 1, 12, 102, 0);
        assertReplaceRejected(RejectReason.QUANTITY_NOT_LOT_MULTIPLE, A, 1, 12, 0, 15);
        assertReplaceRejected(RejectReason.INVALID_PRICE, A, 1, 12, 0, 10);
    }

    // ---------------------------------------------------------------- mass cancel

    @Test
    void shouldMassCancelAllInstrumentsInOrderIdOrder()
    {
        place(A, 11, INST2, BUY, LIMIT, GTC, false, 100, 10, 0);
        sell(A, 12, 105, 5);
        buy(B, 21, 99, 5);
        buy(A, 13, 98, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, engine.massCancel(
            now, A, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL, CancelReason.KILL_SWITCH));
        invariants.check(engine);
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=2 BUY qty=10 filled=0 KILL_SWITCH",
            "BOOK_DEL inst=2 oid=1 BUY px=100 qty=10",
            "CANCELLED oid=2 acct=1 coid=12 inst=1 SELL qty=5 filled=0 KILL_SWITCH",
            "BOOK_DEL inst=1 oid=2 SELL px=105 qty=5",
            "CANCELLED oid=4 acct=1 coid=13 inst=1 BUY qty=5 filled=0 KILL_SWITCH",
            "BOOK_DEL inst=1 oid=4 BUY px=98 qty=5",
            "MASS_CANCELLED acct=1 inst=0 side=NULL_VAL NONE count=3",
            "BBO inst=2 bid=-x0 ask=-x0",
            "BBO inst=1 bid=99x5 ask=-x0");
        assertEquals(1, engine.orderCount());
    }

    @Test
    void shouldMassCancelOneInstrument()
    {
        place(A, 11, INST2, BUY, LIMIT, GTC, false, 100, 10, 0);
        sell(A, 12, 105, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, massCancel(A, INST, Side.NULL_VAL));
        assertEvents(
            "CANCELLED oid=2 acct=1 coid=12 inst=1 SELL qty=5 filled=0 MASS_CANCEL",
            "BOOK_DEL inst=1 oid=2 SELL px=105 qty=5",
            "MASS_CANCELLED acct=1 inst=1 side=NULL_VAL NONE count=1",
            "BBO inst=1 bid=-x0 ask=-x0");
    }

    @Test
    void shouldMassCancelOneSide()
    {
        buy(A, 11, 100, 5);
        sell(A, 12, 105, 5);
        buy(A, 13, 101, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, massCancel(A, EngineConstants.ANY_INSTRUMENT, BUY));
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 BUY qty=5 filled=0 MASS_CANCEL",
            "BOOK_DEL inst=1 oid=1 BUY px=100 qty=5",
            "CANCELLED oid=3 acct=1 coid=13 inst=1 BUY qty=5 filled=0 MASS_CANCEL",
            "BOOK_DEL inst=1 oid=3 BUY px=101 qty=5",
            "MASS_CANCELLED acct=1 inst=0 side=BUY NONE count=2",
            "BBO inst=1 bid=-x0 ask=105x5");
    }

    @Test
    void shouldRejectMassCancelOfUnknownInstrument()
    {
        buy(A, 11, 100, 5);
        listener.clear();
        final long hashBefore = engine.stateHash();
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, massCancel(A, 99, Side.NULL_VAL));
        assertEvents("MASS_CANCELLED acct=1 inst=99 side=NULL_VAL UNKNOWN_INSTRUMENT count=0");
        assertEquals(hashBefore, engine.stateHash());
    }

    @Test
    void shouldCompleteMassCancelWithNothingToCancel()
    {
        buy(B, 21, 100, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, massCancel(A, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL));
        assertEvents("MASS_CANCELLED acct=1 inst=0 side=NULL_VAL NONE count=0");
    }

    // ---------------------------------------------------------------- protection price

    private RejectReason protectedMarket(
        final long account, final long clientOrderId, final Side side, final TimeInForce timeInForce,
        final long quantity, final long protectionPrice)
    {
        final RejectReason result = engine.placeOrder(
            now, account, clientOrderId, INST, side, MARKET, timeInForce, false, 0, quantity, 0, protectionPrice);
        invariants.check(engine);
        return result;
    }

    @Test
    void shouldStopMarketOrderAtProtectionPriceAndCancelRemainderWithPriceBand()
    {
        sell(A, 11, 100, 5);
        sell(A, 12, 101, 5);
        sell(A, 13, 102, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, protectedMarket(B, 21, BUY, IOC, 12, 101));
        assertEvents(
            "ACCEPTED oid=4 acct=2 coid=21 inst=1 BUY MARKET IOC px=0 qty=12 exp=0",
            "FILL oid=1 acct=1 coid=11 inst=1 SELL tid=1 px=100 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=4 acct=2 coid=21 inst=1 BUY tid=1 px=100 qty=5 leaves=7 filled=5 TAKER",
            "TRADE inst=1 tid=1 px=100 qty=5 aggr=BUY maker=1 taker=4",
            "BOOK_EXEC inst=1 oid=1 SELL px=100 qty=5 leaves=0 tid=1",
            "FILL oid=2 acct=1 coid=12 inst=1 SELL tid=2 px=101 qty=5 leaves=0 filled=5 MAKER",
            "FILL oid=4 acct=2 coid=21 inst=1 BUY tid=2 px=101 qty=5 leaves=2 filled=10 TAKER",
            "TRADE inst=1 tid=2 px=101 qty=5 aggr=BUY maker=2 taker=4",
            "BOOK_EXEC inst=1 oid=2 SELL px=101 qty=5 leaves=0 tid=2",
            "CANCELLED oid=4 acct=2 coid=21 inst=1 BUY qty=2 filled=10 PRICE_BAND",
            "BBO inst=1 bid=-x0 ask=102x5");
        assertEquals(List.of("102x5/1"), levels(INST, SELL));
    }

    @Test
    void shouldStopSellMarketOrderAtProtectionPrice()
    {
        buy(A, 11, 100, 5);
        buy(A, 12, 99, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, protectedMarket(B, 21, SELL, IOC, 8, 100));
        assertEquals(List.of("TRADE inst=1 tid=1 px=100 qty=5 aggr=SELL maker=1 taker=3"), drain("TRADE"));
        assertEquals(List.of("99x5/1"), levels(INST, BUY));
        assertEquals(RejectReason.NONE, protectedMarket(B, 22, SELL, IOC, 8, 100));
        assertEvents(
            "ACCEPTED oid=4 acct=2 coid=22 inst=1 SELL MARKET IOC px=0 qty=8 exp=0",
            "CANCELLED oid=4 acct=2 coid=22 inst=1 SELL qty=8 filled=0 PRICE_BAND");
    }

    @Test
    void shouldCancelWithIocRemainderWhenLiquidityRunsOutWithinProtection()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, protectedMarket(B, 21, BUY, IOC, 8, 105));
        assertEquals(List.of("CANCELLED oid=2 acct=2 coid=21 inst=1 BUY qty=3 filled=5 IOC_REMAINDER"),
            drain("CANCELLED"));
    }

    @Test
    void shouldTradeThroughEveryLevelWithNullProtectionPrice()
    {
        sell(A, 11, 100, 5);
        sell(A, 12, 200, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, protectedMarket(B, 21, BUY, IOC, 10, EngineConstants.NULL_PRICE));
        assertEquals(2, drain("TRADE").size());
    }

    @Test
    void shouldCountOnlyLiquidityWithinProtectionForFok()
    {
        sell(A, 11, 100, 5);
        sell(A, 12, 101, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, protectedMarket(B, 21, BUY, FOK, 10, 100));
        assertEvents(
            "ACCEPTED oid=3 acct=2 coid=21 inst=1 BUY MARKET FOK px=0 qty=10 exp=0",
            "CANCELLED oid=3 acct=2 coid=21 inst=1 BUY qty=10 filled=0 FOK_UNFILLED");
        assertEquals(RejectReason.NONE, protectedMarket(B, 22, BUY, FOK, 10, 101));
        assertEquals(2, drain("TRADE").size());
    }

    @Test
    void shouldLetSelfTradePreventionWinOverPriceBand()
    {
        stp(B, StpMode.CANCEL_AGGRESSING, 0);
        sell(A, 11, 100, 5);
        sell(B, 12, 101, 5);
        sell(A, 13, 102, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, protectedMarket(B, 21, BUY, IOC, 12, 101));
        assertEquals(List.of("CANCELLED oid=4 acct=2 coid=21 inst=1 BUY qty=7 filled=5 SELF_TRADE_PREVENTION"),
            drain("CANCELLED"));
    }

    @Test
    void shouldRejectInvalidProtectionPrice()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        for (final long protection : new long[]{0, -5, EngineConstants.MAX_PRICE + 1})
        {
            final long hashBefore = engine.stateHash();
            assertEquals(RejectReason.INVALID_PRICE, protectedMarket(B, 21, BUY, IOC, 5, protection));
            assertEvents("REJECTED acct=2 coid=21 inst=1 " + RejectReason.INVALID_PRICE);
            assertEquals(hashBefore, engine.stateHash());
        }
        assertEquals(RejectReason.INVALID_PRICE, engine.placeOrder(
            now, B, 22, INST, BUY, LIMIT, GTC, false, 100, 5, 0, 100));
        invariants.check(engine);
        assertEvents("REJECTED acct=2 coid=22 inst=1 " + RejectReason.INVALID_PRICE);
        assertEquals(RejectReason.NONE, protectedMarket(B, 23, BUY, IOC, 5, EngineConstants.MAX_PRICE));
    }

    @Test
    void shouldCheckProtectionPriceAfterPriceAndBeforePostOnly()
    {
        sell(A, 11, 100, 5);
        listener.clear();
        assertEquals(RejectReason.INVALID_TIME_IN_FORCE, engine.placeOrder(
            now, B, 21, INST, BUY, MARKET, GTC, true, 0, 5, 0, -1));
        invariants.check(engine);
        assertEquals(RejectReason.INVALID_PRICE, engine.placeOrder(
            now, B, 22, INST, BUY, MARKET, IOC, true, 0, 5, 0, -1));
        invariants.check(engine);
        assertEquals(RejectReason.POST_ONLY_NOT_ALLOWED, engine.placeOrder(
            now, B, 23, INST, BUY, MARKET, IOC, true, 0, 5, 0, 100));
        invariants.check(engine);
        assertEquals(RejectReason.NO_LIQUIDITY, engine.placeOrder(
            now, B, 24, INST, SELL, MARKET, IOC, false, 0, 5, 0, 100));
        invariants.check(engine);
    }

    // ---------------------------------------------------------------- structural checks

    @Test
    void shouldCheckOrderWithoutSideEffects()
    {
        gtd(A, 11, SELL, 100, 5, now + 10);
        listener.clear();
        final long hashBefore = engine.stateHash();
        now += 20;
        assertEquals(RejectReason.NONE,
            engine.checkOrder(now, B, INST, BUY, LIMIT, GTC, true, 100, 5, 0, EngineConstants.NULL_PRICE));
        assertEquals(RejectReason.NONE,
            engine.checkOrder(now, B, INST, SELL, MARKET, IOC, false, 0, 5, 0, EngineConstants.NULL_PRICE));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT,
            engine.checkOrder(now, B, 99, BUY, LIMIT, GTC, false, 100, 5, 0, EngineConstants.NULL_PRICE));
        assertEquals(RejectReason.PRICE_NOT_TICK_MULTIPLE,
            engine.checkOrder(now, B, INST2, BUY, LIMIT, GTC, false, 101, 10, 0, EngineConstants.NULL_PRICE));
        assertEquals(RejectReason.EXPIRE_TIME_IN_PAST,
            engine.checkOrder(now, B, INST, BUY, LIMIT, GTD, false, 100, 5, now, EngineConstants.NULL_PRICE));
        assertEquals(RejectReason.INVALID_PRICE,
            engine.checkOrder(now, B, INST, BUY, LIMIT, GTC, false, 100, 5, 0, 100));
        assertNoEvents();
        assertEquals(hashBefore, engine.stateHash());
        assertEquals(1, engine.orderCount());
    }

    @Test
    void shouldCheckReplaceWithoutSideEffects()
    {
        postOnly(A, 11, BUY, 100, 10);
        sell(B, 21, 105, 5);
        listener.clear();
        final long hashBefore = engine.stateHash();
        assertEquals(RejectReason.NONE, engine.checkReplace(A, 1, 105, 10));
        assertEquals(RejectReason.UNKNOWN_ORDER, engine.checkReplace(B, 1, 100, 10));
        assertEquals(RejectReason.UNKNOWN_ORDER, engine.checkReplace(A, 99, 100, 10));
        assertEquals(RejectReason.INVALID_QUANTITY, engine.checkReplace(A, 1, 100, 0));
        assertEquals(RejectReason.INVALID_PRICE, engine.checkReplace(A, 1, 0, 10));
        assertNoEvents();
        assertEquals(hashBefore, engine.stateHash());
        assertEquals(RejectReason.POST_ONLY_WOULD_CROSS, replace(A, 1, 12, 105, 10));
    }

    // ---------------------------------------------------------------- mass cancel by time in force

    @Test
    void shouldMassCancelOnlyOrdersOfOneTimeInForce()
    {
        limitTif(A, 11, BUY, DAY, 100, 5);
        limitTif(A, 12, BUY, GTC, 101, 5);
        place(A, 13, INST2, SELL, LIMIT, DAY, false, 200, 10, 0);
        gtd(A, 14, SELL, 110, 5, now + 1_000_000);
        limitTif(B, 21, BUY, DAY, 99, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, engine.massCancel(
            now, A, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL, CancelReason.DISCONNECT, DAY));
        invariants.check(engine);
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 BUY qty=5 filled=0 DISCONNECT",
            "BOOK_DEL inst=1 oid=1 BUY px=100 qty=5",
            "CANCELLED oid=3 acct=1 coid=13 inst=2 SELL qty=10 filled=0 DISCONNECT",
            "BOOK_DEL inst=2 oid=3 SELL px=200 qty=10",
            "MASS_CANCELLED acct=1 inst=0 side=NULL_VAL NONE count=2",
            "BBO inst=2 bid=-x0 ask=-x0");
        assertEquals(List.of(2L, 5L), orderIds(INST, BUY));
        assertEquals(List.of(4L), orderIds(INST, SELL));
        assertEquals(RejectReason.NONE, engine.massCancel(
            now, A, INST, SELL, CancelReason.MASS_CANCEL, TimeInForce.NULL_VAL));
        invariants.check(engine);
        assertEquals(List.of(), orderIds(INST, SELL));
        listener.clear();
        assertEquals(RejectReason.NONE, engine.massCancel(
            now, A, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL, CancelReason.MASS_CANCEL, null));
        invariants.check(engine);
        assertEquals(List.of(5L), orderIds(INST, BUY));
    }

    // ---------------------------------------------------------------- order rejects

    @Test
    void shouldRejectUnknownInstrument()
    {
        assertPlaceRejected(RejectReason.UNKNOWN_INSTRUMENT, 11, 99, BUY, LIMIT, GTC, false, 100, 5, 0);
    }

    @Test
    void shouldRejectInvalidSide()
    {
        assertPlaceRejected(RejectReason.INVALID_SIDE, 11, INST, Side.NULL_VAL, LIMIT, GTC, false, 100, 5, 0);
    }

    @Test
    void shouldRejectInvalidOrderType()
    {
        assertPlaceRejected(RejectReason.INVALID_ORDER_TYPE, 11, INST, BUY, OrderType.NULL_VAL, GTC, false, 100, 5, 0);
    }

    @Test
    void shouldRejectInvalidTimeInForce()
    {
        assertPlaceRejected(
            RejectReason.INVALID_TIME_IN_FORCE, 11, INST, BUY, LIMIT, TimeInForce.NULL_VAL, false, 100, 5, 0);
    }

    @Test
    void shouldTreatNullEnumsAsNullValues()
    {
        assertPlaceRejected(RejectReason.INVALID_SIDE, 11, INST, null, LIMIT, GTC, false, 100, 5, 0);
        assertPlaceRejected(RejectReason.INVALID_ORDER_TYPE, 12, INST, BUY, null, GTC, false, 100, 5, 0);
        assertPlaceRejected(RejectReason.INVALID_TIME_IN_FORCE, 13, INST, BUY, LIMIT, null, false, 100, 5, 0);
        assertEquals(RejectReason.INVALID_STP_MODE, engine.setAccountStp(A, null, 0));
        buy(A, 14, 100, 5);
        sell(A, 15, 105, 5);
        listener.clear();
        assertEquals(RejectReason.NONE, engine.massCancel(now, A, EngineConstants.ANY_INSTRUMENT, null, null));
        invariants.check(engine);
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=14 inst=1 BUY qty=5 filled=0 NULL_VAL",
            "BOOK_DEL inst=1 oid=1 BUY px=100 qty=5",
            "CANCELLED oid=2 acct=1 coid=15 inst=1 SELL qty=5 filled=0 NULL_VAL",
            "BOOK_DEL inst=1 oid=2 SELL px=105 qty=5",
            "MASS_CANCELLED acct=1 inst=0 side=NULL_VAL NONE count=2",
            "BBO inst=1 bid=-x0 ask=-x0");
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, engine.massCancel(now, A, 99, null, null));
        invariants.check(engine);
        assertEvents("MASS_CANCELLED acct=1 inst=99 side=NULL_VAL UNKNOWN_INSTRUMENT count=0");
    }

    @Test
    void shouldRejectZeroQuantity()
    {
        assertPlaceRejected(RejectReason.INVALID_QUANTITY, 11, INST, BUY, LIMIT, GTC, false, 100, 0, 0);
    }

    @Test
    void shouldRejectNegativeQuantity()
    {
        assertPlaceRejected(RejectReason.INVALID_QUANTITY, 11, INST, BUY, LIMIT, GTC, false, 100, -5, 0);
    }

    @Test
    void shouldRejectQuantityAboveMaximum()
    {
        assertPlaceRejected(RejectReason.QUANTITY_TOO_LARGE, 11, INST, BUY, LIMIT, GTC, false, 100,
            EngineConstants.MAX_QUANTITY + 1, 0);
    }

    @Test
    void shouldAcceptMaximumQuantityAndPrice()
    {
        assertEquals(RejectReason.NONE, place(A, 11, INST, SELL, LIMIT, GTC, false, EngineConstants.MAX_PRICE,
            EngineConstants.MAX_QUANTITY, 0));
    }

    @Test
    void shouldRejectOffLotQuantity()
    {
        assertPlaceRejected(RejectReason.QUANTITY_NOT_LOT_MULTIPLE, 11, INST2, BUY, LIMIT, GTC, false, 100, 15, 0);
    }

    @Test
    void shouldRejectZeroPrice()
    {
        assertPlaceRejected(RejectReason.INVALID_PRICE, 11, INST, BUY, LIMIT, GTC, false, 0, 5, 0);
    }

    @Test
    void shouldRejectNegativePrice()
    {
        assertPlaceRejected(RejectReason.INVALID_PRICE, 11, INST, SELL, LIMIT, GTC, false, -100, 5, 0);
    }

    @Test
    void shouldRejectPriceAboveMaximum()
    {
        assertPlaceRejected(RejectReason.INVALID_PRICE, 11, INST, SELL, LIMIT, GTC, false,
            EngineConstants.MAX_PRICE + 1, 5, 0);
    }

    @Test
    void shouldRejectOffTickPrice()
    {
        assertPlaceRejected(RejectReason.PRICE_NOT_TICK_MULTIPLE, 11, INST2, BUY, LIMIT, GTC, false, 102, 10, 0);
    }

    @Test
    void shouldRejectMarketOrderWithPrice()
    {
        sell(B, 21, 100, 5);
        assertPlaceRejected(RejectReason.INVALID_PRICE, 11, INST, BUY, MARKET, IOC, false, 100, 5, 0);
    }

    @Test
    void shouldRejectMarketOrderWithRestingTimeInForce()
    {
        sell(B, 21, 100, 5);
        assertPlaceRejected(RejectReason.INVALID_TIME_IN_FORCE, 11, INST, BUY, MARKET, GTC, false, 0, 5, 0);
        assertPlaceRejected(RejectReason.INVALID_TIME_IN_FORCE, 12, INST, BUY, MARKET, DAY, false, 0, 5, 0);
        assertPlaceRejected(RejectReason.INVALID_TIME_IN_FORCE, 13, INST, BUY, MARKET, GTD, false, 0, 5, T0 + 5);
    }

    @Test
    void shouldRejectGtdExpireTimeInPast()
    {
        assertPlaceRejected(RejectReason.EXPIRE_TIME_IN_PAST, 11, INST, BUY, LIMIT, GTD, false, 100, 5, T0);
        assertPlaceRejected(RejectReason.EXPIRE_TIME_IN_PAST, 12, INST, BUY, LIMIT, GTD, false, 100, 5, T0 - 1);
        assertPlaceRejected(RejectReason.EXPIRE_TIME_IN_PAST, 13, INST, BUY, LIMIT, GTD, false, 100, 5, 0);
    }

    @Test
    void shouldRejectExpireTimeOnOrderThatIsNotGtd()
    {
        assertPlaceRejected(RejectReason.INVALID_EXPIRE_TIME, 11, INST, BUY, LIMIT, GTC, false, 100, 5, T0 + 10);
        assertPlaceRejected(RejectReason.INVALID_EXPIRE_TIME, 12, INST, BUY, LIMIT, DAY, false, 100, 5, T0 + 10);
        assertPlaceRejected(RejectReason.INVALID_EXPIRE_TIME, 13, INST, BUY, LIMIT, IOC, false, 100, 5, T0 + 10);
    }

    @Test
    void shouldCheckOrderArgumentsInContractOrder()
    {
        assertPlaceRejected(RejectReason.UNKNOWN_INSTRUMENT, 11, 99, Side.NULL_VAL, OrderType.NULL_VAL,
            TimeInForce.NULL_VAL, true, -1, -1, -1);
        assertPlaceRejected(RejectReason.INVALID_SIDE, 11, INST, Side.NULL_VAL, OrderType.NULL_VAL,
            TimeInForce.NULL_VAL, true, -1, -1, -1);
        assertPlaceRejected(RejectReason.INVALID_ORDER_TYPE, 11, INST, BUY, OrderType.NULL_VAL,
            TimeInForce.NULL_VAL, true, -1, -1, -1);
        assertPlaceRejected(RejectReason.INVALID_TIME_IN_FORCE, 11, INST, BUY, LIMIT,
            TimeInForce.NULL_VAL, true, -1, -1, -1);
        assertPlaceRejected(RejectReason.INVALID_QUANTITY, 11, INST2, BUY, LIMIT, IOC, true, -1, -1, -1);
        assertPlaceRejected(RejectReason.QUANTITY_TOO_LARGE, 11, INST2, BUY, LIMIT, IOC, true, -1,
            EngineConstants.MAX_QUANTITY + 5, -1);
        assertPlaceRejected(RejectReason.QUANTITY_NOT_LOT_MULTIPLE, 11, INST2, BUY, LIMIT, IOC, true, -1, 15, -1);
        assertPlaceRejected(RejectReason.INVALID_PRICE, 11, INST2, BUY, LIMIT, IOC, true, -1, 10, -1);
        assertPlaceRejected(RejectReason.PRICE_NOT_TICK_MULTIPLE, 11, INST2, BUY, LIMIT, IOC, true, 3, 10, -1);
        assertPlaceRejected(RejectReason.INVALID_PRICE, 11, INST2, BUY, MARKET, GTC, true, 5, 10, -1);
        assertPlaceRejected(RejectReason.INVALID_TIME_IN_FORCE, 11, INST2, BUY, MARKET, GTC, true, 0, 10, -1);
        assertPlaceRejected(RejectReason.POST_ONLY_NOT_ALLOWED, 11, INST2, BUY, MARKET, IOC, true, 0, 10, -1);
        assertPlaceRejected(RejectReason.POST_ONLY_NOT_ALLOWED, 11, INST2, BUY, LIMIT, IOC, true, 5, 10, -1);
        assertPlaceRejected(RejectReason.EXPIRE_TIME_IN_PAST, 11, INST2, BUY, LIMIT, GTD, true, 5, 10, T0);
        assertPlaceRejected(RejectReason.INVALID_EXPIRE_TIME, 11, INST2, BUY, LIMIT, GTC, true, 5, 10, T0 + 1);
        assertPlaceRejected(RejectReason.NO_LIQUIDITY, 11, INST2, BUY, MARKET, IOC, false, 0, 10, 0);
        place(B, 21, INST2, SELL, LIMIT, GTC, false, 5, 10, 0);
        assertPlaceRejected(RejectReason.POST_ONLY_WOULD_CROSS, 11, INST2, BUY, LIMIT, GTC, true, 5, 10, 0);
    }

    // ---------------------------------------------------------------- best bid and offer

    @Test
    void shouldNotReportBestBidOfferWhenOnlyDepthChanges()
    {
        buy(A, 11, 100, 5);
        listener.clear();
        buy(A, 12, 99, 5);
        assertEvents(
            "ACCEPTED oid=2 acct=1 coid=12 inst=1 BUY LIMIT GTC px=99 qty=5 exp=0",
            "BOOK_ADD inst=1 oid=2 BUY px=99 qty=5");
        cancel(A, 2);
        assertEvents(
            "CANCELLED oid=2 acct=1 coid=12 inst=1 BUY qty=5 filled=0 CLIENT_REQUEST",
            "BOOK_DEL inst=1 oid=2 BUY px=99 qty=5");
    }

    @Test
    void shouldReportBestBidOfferWhenQuantityAtBestChanges()
    {
        buy(A, 11, 100, 5);
        listener.clear();
        buy(B, 21, 100, 2);
        assertEquals(List.of("BBO inst=1 bid=100x7 ask=-x0"), drain("BBO"));
    }

    @Test
    void shouldReportBestBidOfferOncePerCommand()
    {
        buy(A, 11, 100, 5);
        buy(A, 12, 99, 5);
        buy(A, 13, 98, 5);
        listener.clear();
        sell(B, 21, 98, 12);
        assertEquals(List.of("BBO inst=1 bid=98x3 ask=-x0"), drain("BBO"));
    }

    @Test
    void shouldNotReportBestBidOfferWhenCommandEndsWhereItStarted()
    {
        gtd(A, 11, SELL, 100, 5, T0 + 1000);
        listener.clear();
        now = T0 + 1000;
        sell(B, 21, 100, 5);
        assertEvents(
            "CANCELLED oid=1 acct=1 coid=11 inst=1 SELL qty=5 filled=0 EXPIRED",
            "BOOK_DEL inst=1 oid=1 SELL px=100 qty=5",
            "ACCEPTED oid=2 acct=2 coid=21 inst=1 SELL LIMIT GTC px=100 qty=5 exp=0",
            "BOOK_ADD inst=1 oid=2 SELL px=100 qty=5");
    }

    @Test
    void shouldReportBestBidOfferPerInstrumentInOrderFirstTouched()
    {
        buy(A, 11, 100, 5);
        place(A, 12, INST2, SELL, LIMIT, GTC, false, 100, 10, 0);
        listener.clear();
        engine.massCancel(now, A, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL, CancelReason.DISCONNECT);
        invariants.check(engine);
        assertEquals(List.of("BBO inst=1 bid=-x0 ask=-x0", "BBO inst=2 bid=-x0 ask=-x0"), drain("BBO"));
    }

    @Test
    void shouldReportEmptySideAsNullPriceAndZeroQuantity()
    {
        sell(A, 11, 100, 5);
        assertEquals(List.of("BBO inst=1 bid=-x0 ask=100x5"), drain("BBO"));
        final long[] bbo = new long[4];
        final EngineListener capture = new EngineListener()
        {
            public void onBestBidOffer(
                final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
                final long askQuantity)
            {
                bbo[0] = bidPrice;
                bbo[1] = bidQuantity;
                bbo[2] = askPrice;
                bbo[3] = askQuantity;
            }
        };
        final MatchingEngine other = newEngine(capture);
        other.addInstrument(INST, 1, 1);
        other.placeOrder(T0, A, 11, INST, SELL, LIMIT, GTC, false, 100, 5, 0);
        assertEquals(EngineConstants.NULL_PRICE, bbo[0]);
        assertEquals(0, bbo[1]);
        assertEquals(100, bbo[2]);
        assertEquals(5, bbo[3]);
    }

    // ---------------------------------------------------------------- instruments and accounts

    @Test
    void shouldRejectDuplicateInstrument()
    {
        assertEquals(RejectReason.INSTRUMENT_ALREADY_DEFINED, engine.addInstrument(INST, 1, 1));
        assertEquals(RejectReason.INSTRUMENT_ALREADY_DEFINED, engine.addInstrument(INST2, 7, 3));
        assertNoEvents();
        final List<String> instruments = new ArrayList<>();
        engine.forEachInstrument((instrumentId, tickSize, lotSize) ->
            instruments.add(instrumentId + ":" + tickSize + ":" + lotSize));
        assertEquals(List.of("1:1:1", "2:5:10"), instruments);
    }

    @Test
    void shouldRejectInvalidInstrumentDefinition()
    {
        final long hashBefore = engine.stateHash();
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.addInstrument(0, 1, 1));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.addInstrument(-3, 1, 1));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.addInstrument(3, 0, 1));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.addInstrument(3, -1, 1));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.addInstrument(3, 1, 0));
        assertEquals(RejectReason.INVALID_INSTRUMENT_DEFINITION, engine.addInstrument(3, 1, -10));
        assertEquals(hashBefore, engine.stateHash());
        assertNoEvents();
    }

    @Test
    void shouldAcceptAnyPositiveTickAndLot()
    {
        assertEquals(RejectReason.NONE,
            engine.addInstrument(3, EngineConstants.MAX_PRICE * 2, EngineConstants.MAX_QUANTITY * 2));
    }

    @Test
    void shouldVisitInstrumentsInAscendingOrder()
    {
        engine.addInstrument(10, 1, 1);
        engine.addInstrument(5, 1, 1);
        final List<Integer> ids = new ArrayList<>();
        engine.forEachInstrument((instrumentId, tickSize, lotSize) -> ids.add(instrumentId));
        assertEquals(List.of(1, 2, 5, 10), ids);
    }

    @Test
    void shouldRejectNullStpMode()
    {
        final long hashBefore = engine.stateHash();
        assertEquals(RejectReason.INVALID_STP_MODE, engine.setAccountStp(A, StpMode.NULL_VAL, 0));
        assertEquals(hashBefore, engine.stateHash());
        assertNoEvents();
    }

    @Test
    void shouldRejectNegativeStpGroup()
    {
        final long hashBefore = engine.stateHash();
        assertEquals(RejectReason.INVALID_STP_MODE, engine.setAccountStp(A, StpMode.CANCEL_BOTH, -1));
        assertEquals(hashBefore, engine.stateHash());
    }

    @Test
    void shouldVisitAccountSettingsInAccountOrder()
    {
        stp(C, StpMode.CANCEL_BOTH, 4);
        stp(A, StpMode.CANCEL_RESTING, 0);
        stp(B, StpMode.DECREMENT_AND_CANCEL, 4);
        stp(A, StpMode.CANCEL_AGGRESSING, 9);
        final List<String> accounts = new ArrayList<>();
        engine.forEachAccount((account, mode, stpGroup) -> accounts.add(account + ":" + mode + ":" + stpGroup));
        assertEquals(List.of("1:CANCEL_AGGRESSING:9", "2:DECREMENT_AND_CANCEL:4", "3:CANCEL_BOTH:4"), accounts);
        assertNoEvents();
    }

    @Test
    void shouldChangeStateHashWithState()
    {
        final long empty = engine.stateHash();
        buy(A, 11, 100, 5);
        final long one = engine.stateHash();
        assertTrue(empty != one);
        cancel(A, 1);
        assertTrue(one != engine.stateHash());
        assertTrue(empty != engine.stateHash(), "the order id counter moved");
    }
}
