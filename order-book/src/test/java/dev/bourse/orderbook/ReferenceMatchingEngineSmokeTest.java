package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceMatchingEngineSmokeTest
{
    private static final int INSTRUMENT = 7;
    private static final long NOW = 1_000L;
    private static final long BUYER = 10;
    private static final long SELLER = 20;

    private final RecordingListener events = new RecordingListener();
    private ReferenceMatchingEngine engine;

    @BeforeEach
    void setUp()
    {
        engine = new ReferenceMatchingEngine(events, 0);
        assertEquals(RejectReason.NONE, engine.addInstrument(INSTRUMENT, 5, 10));
    }

    @Test
    void shouldRestLimitOrderAndReportBestBidOffer()
    {
        assertEquals(RejectReason.NONE, limit(BUYER, 1, Side.BUY, 100, 30));

        assertEquals(List.of(
            "accepted 1 acct=10 cl=1 BUY LIMIT GTC px=100 qty=30 exp=0",
            "bookAdded 1 BUY px=100 qty=30",
            "bbo 7 100x30 / NULLx0"), events.take());
        assertEquals(100, engine.bestBid(INSTRUMENT));
        assertEquals(EngineConstants.NULL_PRICE, engine.bestAsk(INSTRUMENT));
        assertEquals(1, engine.orderCount());
        assertEquals(2, engine.nextOrderId());
    }

    @Test
    void shouldCrossAtRestingPriceWithMakerEventsFirst()
    {
        limit(SELLER, 1, Side.SELL, 100, 20);
        events.take();

        assertEquals(RejectReason.NONE, limit(BUYER, 2, Side.BUY, 105, 20));

        assertEquals(List.of(
            "accepted 2 acct=10 cl=2 BUY LIMIT GTC px=105 qty=20 exp=0",
            "filled 1 SELL trade=1 px=100 qty=20 leaves=0 filled=20 MAKER",
            "filled 2 BUY trade=1 px=100 qty=20 leaves=0 filled=20 TAKER",
            "trade 7 1 px=100 qty=20 BUY maker=1 taker=2",
            "bookExecuted 1 SELL px=100 qty=20 leaves=0 trade=1",
            "bbo 7 NULLx0 / NULLx0"), events.take());
        assertEquals(0, engine.orderCount());
        assertEquals(2, engine.nextTradeId());
    }

    @Test
    void shouldPartiallyFillAndRestTheRemainder()
    {
        limit(SELLER, 1, Side.SELL, 100, 10);
        limit(SELLER, 2, Side.SELL, 110, 10);
        events.take();

        limit(BUYER, 3, Side.BUY, 105, 30);

        assertEquals(List.of(
            "accepted 3 acct=10 cl=3 BUY LIMIT GTC px=105 qty=30 exp=0",
            "filled 1 SELL trade=1 px=100 qty=10 leaves=0 filled=10 MAKER",
            "filled 3 BUY trade=1 px=100 qty=10 leaves=20 filled=10 TAKER",
            "trade 7 1 px=100 qty=10 BUY maker=1 taker=3",
            "bookExecuted 1 SELL px=100 qty=10 leaves=0 trade=1",
            "bookAdded 3 BUY px=105 qty=20",
            "bbo 7 105x20 / 110x10"), events.take());
        final long[] filled = new long[1];
        assertTrue(engine.lookupOrder(3, (orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly,
            price, quantity, filledQuantity, expireTimeNs, stpGroup) -> filled[0] = filledQuantity));
        assertEquals(10, filled[0]);
    }

    @Test
    void shouldCancelOwnOrderAndRejectAnyoneElse()
    {
        limit(BUYER, 1, Side.BUY, 100, 30);
        events.take();

        assertEquals(RejectReason.UNKNOWN_ORDER, engine.cancelOrder(NOW, SELLER, 1));
        assertEquals(List.of("cancelRejected acct=20 order=1 UNKNOWN_ORDER"), events.take());

        assertEquals(RejectReason.NONE, engine.cancelOrder(NOW, BUYER, 1));
        assertEquals(List.of(
            "cancelled 1 qty=30 filled=0 CLIENT_REQUEST",
            "bookDeleted 1 BUY px=100 qty=30",
            "bbo 7 NULLx0 / NULLx0"), events.take());
        assertFalse(engine.lookupOrder(1, (orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly,
            price, quantity, filledQuantity, expireTimeNs, stpGroup) -> { }));
    }

    @Test
    void shouldRejectWithoutConsumingAnOrderId()
    {
        assertEquals(RejectReason.PRICE_NOT_TICK_MULTIPLE, limit(BUYER, 1, Side.BUY, 101, 30));
        assertEquals(RejectReason.INVALID_SIDE, engine.placeOrder(
            NOW, BUYER, 2, INSTRUMENT, null, OrderType.LIMIT, TimeInForce.GTC, false, 100, 30, 0));

        assertEquals(List.of(
            "rejected acct=10 cl=1 PRICE_NOT_TICK_MULTIPLE",
            "rejected acct=10 cl=2 INVALID_SIDE"), events.take());
        assertEquals(1, engine.nextOrderId());
    }

    @Test
    void shouldExpireDayOrderAtTheStartOfTheNextCommand()
    {
        engine.placeOrder(NOW, BUYER, 1, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.DAY, false, 100, 30, 0);
        events.take();
        final long dayEnd = EngineConstants.dayEnd(NOW, 0);
        assertEquals(dayEnd, engine.nextExpireTimeNs());

        assertEquals(RejectReason.UNKNOWN_ORDER, engine.cancelOrder(dayEnd, BUYER, 1));

        assertEquals(List.of(
            "cancelled 1 qty=30 filled=0 EXPIRED",
            "bookDeleted 1 BUY px=100 qty=30",
            "cancelRejected acct=10 order=1 UNKNOWN_ORDER",
            "bbo 7 NULLx0 / NULLx0"), events.take());
        assertEquals(Long.MAX_VALUE, engine.nextExpireTimeNs());
    }

    @Test
    void shouldKillFokThatCannotFillCompletely()
    {
        limit(SELLER, 1, Side.SELL, 100, 20);
        events.take();

        assertEquals(RejectReason.NONE, engine.placeOrder(
            NOW, BUYER, 2, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.FOK, false, 100, 30, 0));

        assertEquals(List.of(
            "accepted 2 acct=10 cl=2 BUY LIMIT FOK px=100 qty=30 exp=0",
            "cancelled 2 qty=30 filled=0 FOK_UNFILLED"), events.take());
        assertEquals(1, engine.orderCount());
    }

    @Test
    void shouldDecrementBothOrdersOnSelfTrade()
    {
        engine.setAccountStp(BUYER, StpMode.DECREMENT_AND_CANCEL, 0);
        limit(BUYER, 1, Side.SELL, 100, 50);
        events.take();

        limit(BUYER, 2, Side.BUY, 100, 20);

        assertEquals(List.of(
            "accepted 2 acct=10 cl=2 BUY LIMIT GTC px=100 qty=20 exp=0",
            "restated 1 by=20 qty=30 leaves=30 SELF_TRADE_PREVENTION",
            "bookModified 1 SELL px=100 qty=30",
            "cancelled 2 qty=20 filled=0 SELF_TRADE_PREVENTION",
            "bbo 7 NULLx0 / 100x30"), events.take());
    }

    @Test
    void shouldLosePriorityWhenReplaceRaisesQuantity()
    {
        limit(BUYER, 1, Side.BUY, 100, 20);
        limit(BUYER, 2, Side.BUY, 100, 20);
        events.take();

        assertEquals(RejectReason.NONE, engine.replaceOrder(NOW, BUYER, 1, 11, 100, 30));

        assertEquals(List.of(
            "replaced 1 cl=11 orig=1 px=100 qty=30 leaves=30 filled=0 kept=false",
            "bookDeleted 1 BUY px=100 qty=20",
            "bookAdded 1 BUY px=100 qty=30",
            "bbo 7 100x50 / NULLx0"), events.take());
        final List<Long> queue = new ArrayList<>();
        engine.forEachOrder(INSTRUMENT, Side.BUY, (orderId, account, clientOrderId, instrumentId, side, timeInForce,
            postOnly, price, quantity, filledQuantity, expireTimeNs, stpGroup) -> queue.add(orderId));
        assertEquals(List.of(2L, 1L), queue);
    }

    @Test
    void shouldRestoreSnapshotWithIdenticalStateHash()
    {
        engine.addInstrument(8, 1, 1);
        engine.setAccountStp(BUYER, StpMode.DECREMENT_AND_CANCEL, 3);
        limit(SELLER, 1, Side.SELL, 110, 50);
        limit(SELLER, 2, Side.SELL, 110, 20);
        limit(BUYER, 3, Side.BUY, 110, 30);
        limit(BUYER, 4, Side.BUY, 100, 40);
        engine.placeOrder(NOW, BUYER, 5, 8, Side.SELL, OrderType.LIMIT, TimeInForce.GTD, true, 9, 3, NOW + 5);

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = EngineSnapshots.write(engine, buffer);
        final ReferenceMatchingEngine restored = new ReferenceMatchingEngine(new EngineListener()
        {
        }, 0);
        EngineSnapshots.read(buffer, length, restored);

        assertEquals(engine.stateHash(), restored.stateHash());
        assertEquals(engine.orderCount(), restored.orderCount());
        assertEquals(engine.nextExpireTimeNs(), restored.nextExpireTimeNs());
        assertThrows(IllegalStateException.class, () -> restored.restoreCounters(1, 1, 0));
    }

    private RejectReason limit(
        final long account, final long clientOrderId, final Side side, final long price, final long quantity)
    {
        return engine.placeOrder(
            NOW, account, clientOrderId, INSTRUMENT, side, OrderType.LIMIT, TimeInForce.GTC, false, price, quantity, 0);
    }

    private static String px(final long price)
    {
        return price == EngineConstants.NULL_PRICE ? "NULL" : Long.toString(price);
    }

    static final class RecordingListener implements EngineListener
    {
        private final List<String> events = new ArrayList<>();

        List<String> take()
        {
            final List<String> taken = new ArrayList<>(events);
            events.clear();
            return taken;
        }

        public void onOrderAccepted(
            final long orderId,
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final OrderType orderType,
            final TimeInForce timeInForce,
            final long price,
            final long quantity,
            final long expireTimeNs)
        {
            events.add("accepted " + orderId + " acct=" + account + " cl=" + clientOrderId + " " + side + " " +
                orderType + " " + timeInForce + " px=" + price + " qty=" + quantity + " exp=" + expireTimeNs);
        }

        public void onOrderRejected(
            final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
        {
            events.add("rejected acct=" + account + " cl=" + clientOrderId + " " + reason);
        }

        public void onOrderFilled(
            final long orderId,
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final long tradeId,
            final long price,
            final long quantity,
            final long leavesQuantity,
            final long filledQuantity,
            final Liquidity liquidity)
        {
            events.add("filled " + orderId + " " + side + " trade=" + tradeId + " px=" + price + " qty=" + quantity +
                " leaves=" + leavesQuantity + " filled=" + filledQuantity + " " + liquidity);
        }

        public void onOrderCancelled(
            final long orderId,
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final long cancelledQuantity,
            final long filledQuantity,
            final CancelReason reason)
        {
            events.add("cancelled " + orderId + " qty=" + cancelledQuantity + " filled=" + filledQuantity + " " +
                reason);
        }

        public void onOrderRestated(
            final long orderId,
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final long reducedBy,
            final long quantity,
            final long leavesQuantity,
            final CancelReason reason)
        {
            events.add("restated " + orderId + " by=" + reducedBy + " qty=" + quantity + " leaves=" + leavesQuantity +
                " " + reason);
        }

        public void onOrderReplaced(
            final long orderId,
            final long account,
            final long clientOrderId,
            final long origClientOrderId,
            final int instrumentId,
            final Side side,
            final long price,
            final long quantity,
            final long leavesQuantity,
            final long filledQuantity,
            final boolean priorityKept)
        {
            events.add("replaced " + orderId + " cl=" + clientOrderId + " orig=" + origClientOrderId + " px=" + price +
                " qty=" + quantity + " leaves=" + leavesQuantity + " filled=" + filledQuantity + " kept=" +
                priorityKept);
        }

        public void onBookOrderModified(
            final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
        {
            events.add("bookModified " + orderId + " " + side + " px=" + price + " qty=" + quantity);
        }

        public void onCancelRejected(final long account, final long orderId, final RejectReason reason)
        {
            events.add("cancelRejected acct=" + account + " order=" + orderId + " " + reason);
        }

        public void onBookOrderAdded(
            final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
        {
            events.add("bookAdded " + orderId + " " + side + " px=" + price + " qty=" + quantity);
        }

        public void onBookOrderDeleted(
            final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
        {
            events.add("bookDeleted " + orderId + " " + side + " px=" + price + " qty=" + quantity);
        }

        public void onBookOrderExecuted(
            final int instrumentId,
            final long orderId,
            final Side side,
            final long price,
            final long executedQuantity,
            final long leavesQuantity,
            final long tradeId)
        {
            events.add("bookExecuted " + orderId + " " + side + " px=" + price + " qty=" + executedQuantity +
                " leaves=" + leavesQuantity + " trade=" + tradeId);
        }

        public void onTrade(
            final int instrumentId,
            final long tradeId,
            final long price,
            final long quantity,
            final Side aggressorSide,
            final long makerOrderId,
            final long takerOrderId)
        {
            events.add("trade " + instrumentId + " " + tradeId + " px=" + price + " qty=" + quantity + " " +
                aggressorSide + " maker=" + makerOrderId + " taker=" + takerOrderId);
        }

        public void onBestBidOffer(
            final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
            final long askQuantity)
        {
            events.add("bbo " + instrumentId + " " + px(bidPrice) + "x" + bidQuantity + " / " + px(askPrice) + "x" +
                askQuantity);
        }
    }
}
