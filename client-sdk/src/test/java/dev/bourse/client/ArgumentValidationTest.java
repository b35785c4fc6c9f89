package dev.bourse.client;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgumentValidationTest
{
    private final FakeIngress ingress = new FakeIngress();
    private final OrderEntrySession session = new OrderEntrySession(new RecordingListener(), 16, 0, 1_000, 1_000);

    @BeforeEach
    void establish()
    {
        session.onConnected(ingress, 0);
        new Egress(session).sessionEstablished(42, 1, 0);
        ingress.clear();
    }

    @Test
    void shouldRejectNonPositiveQuantity()
    {
        assertRejected("quantity must be positive: 0", () -> limit(Side.BUY, 0, 100, TimeInForce.GTC, false, 0));
        assertRejected("quantity must be positive: -5", () -> limit(Side.BUY, -5, 100, TimeInForce.GTC, false, 0));
        assertRejected("quantity must be positive: 0", () -> market(Side.SELL, 0, TimeInForce.IOC));
    }

    @Test
    void shouldRejectNonPositiveLimitPrice()
    {
        assertRejected("a limit order needs a positive price: 0",
            () -> limit(Side.BUY, 1, 0, TimeInForce.GTC, false, 0));
        assertRejected("a limit order needs a positive price: -1",
            () -> limit(Side.BUY, 1, -1, TimeInForce.GTC, false, 0));
    }

    @Test
    void shouldRejectPriceOnMarketOrder()
    {
        assertRejected("a market order carries no price (0): 100", () -> session.newOrder(
            0, 1, Side.BUY, 1, 100, OrderType.MARKET, TimeInForce.IOC, false, 0));
    }

    @Test
    void shouldRejectMarketOrderThatIsNotIocOrFok()
    {
        assertRejected("a market order must be IOC or FOK: GTC", () -> market(Side.BUY, 1, TimeInForce.GTC));
        assertRejected("a market order must be IOC or FOK: DAY", () -> market(Side.BUY, 1, TimeInForce.DAY));
    }

    @Test
    void shouldRejectNullOrNullValueEnums()
    {
        assertRejected("side must be BUY or SELL: null", () -> limit(null, 1, 1, TimeInForce.GTC, false, 0));
        assertRejected("side must be BUY or SELL: NULL_VAL",
            () -> limit(Side.NULL_VAL, 1, 1, TimeInForce.GTC, false, 0));
        assertRejected("timeInForce must be GTC, IOC, FOK, DAY or GTD: null",
            () -> limit(Side.BUY, 1, 1, null, false, 0));
        assertRejected("orderType must be LIMIT or MARKET: null",
            () -> session.newOrder(0, 1, Side.BUY, 1, 1, null, TimeInForce.GTC, false, 0));
        assertRejected("orderType must be LIMIT or MARKET: NULL_VAL",
            () -> session.newOrder(0, 1, Side.BUY, 1, 1, OrderType.NULL_VAL, TimeInForce.GTC, false, 0));
    }

    @Test
    void shouldRejectExpireTimeOnOrderThatIsNotGtd()
    {
        assertRejected("expireTimeNs is only for GTD orders (timeInForce DAY): 5",
            () -> limit(Side.BUY, 1, 1, TimeInForce.DAY, false, 5));
        assertRejected("expireTimeNs is only for GTD orders (timeInForce GTC): 5",
            () -> limit(Side.BUY, 1, 1, TimeInForce.GTC, false, 5));
    }

    @Test
    void shouldRejectGtdWithoutExpireTime()
    {
        assertRejected("a GTD order needs a positive expireTimeNs: 0",
            () -> limit(Side.BUY, 1, 1, TimeInForce.GTD, false, 0));
    }

    @Test
    void shouldRejectPostOnlyWithIocFokOrMarket()
    {
        assertRejected("post-only is not allowed on a market, IOC or FOK order: LIMIT IOC",
            () -> limit(Side.BUY, 1, 1, TimeInForce.IOC, true, 0));
        assertRejected("post-only is not allowed on a market, IOC or FOK order: LIMIT FOK",
            () -> limit(Side.BUY, 1, 1, TimeInForce.FOK, true, 0));
        assertRejected("post-only is not allowed on a market, IOC or FOK order: MARKET IOC",
            () -> session.newOrder(0, 1, Side.BUY, 1, 0, OrderType.MARKET, TimeInForce.IOC, true, 0));
    }

    @Test
    void shouldRejectNonPositiveInstrument()
    {
        assertRejected("instrumentId must be positive: 0",
            () -> session.newOrder(0, 0, Side.BUY, 1, 1, OrderType.LIMIT, TimeInForce.GTC, false, 0));
        assertRejected("instrumentId must be positive, or 0 for all: -1", () -> session.massCancel(0, -1, null));
    }

    @Test
    void shouldRejectCancelReplaceAndStatusWithoutAnOrder()
    {
        final String message = "name the order by orderId or origClientOrderId: both are 0";
        assertRejected(message, () -> session.cancelOrder(0, 0, 0));
        assertRejected(message, () -> session.replaceOrder(0, 0, 0, 1, 1));
        assertRejected(message, () -> session.orderStatus(0, 0, 0));
        assertRejected("orderId must not be negative: -1", () -> session.cancelOrder(0, -1, 0));
        assertRejected("origClientOrderId must not be negative: -1", () -> session.orderStatus(0, 0, -1));
    }

    @Test
    void shouldRejectReplaceWithNonPositivePriceOrQuantity()
    {
        assertRejected("a replace needs a positive price: 0", () -> session.replaceOrder(0, 5, 0, 1, 0));
        assertRejected("a replace needs a positive total quantity: 0", () -> session.replaceOrder(0, 5, 0, 0, 1));
    }

    @Test
    void shouldRejectNegativeOrPendingClientOrderId()
    {
        assertRejected("clientOrderId must be positive, or 0 to generate one: -2", () -> session.newOrder(
            -2, 1, Side.BUY, 1, 1, OrderType.LIMIT, TimeInForce.GTC, false, 0));

        final long id = limit(Side.BUY, 1, 1, TimeInForce.GTC, false, 0);
        assertRejected("clientOrderId is already in use by a pending request: " + id,
            () -> session.cancelOrder(id, 5, 0));
    }

    @Test
    void shouldRejectNonPositiveIdsInTheShortForms()
    {
        assertRejected("orderId must be positive: 0", () -> ExchangeClient.validOrderId(0));
        assertRejected("origClientOrderId must be positive: -3", () -> ExchangeClient.validOrigClientOrderId(-3));
    }

    @Test
    void shouldSendNothingAndTrackNothingForABadCommand()
    {
        final long nextId = session.nextClientOrderId();
        assertThrows(IllegalArgumentException.class, () -> limit(Side.BUY, 0, 1, TimeInForce.GTC, false, 0));

        assertEquals(0, ingress.sent.size());
        assertEquals(0, session.pendingCount());
        assertEquals(nextId, session.nextClientOrderId());
    }

    private long limit(
        final Side side,
        final long quantity,
        final long price,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long expireTimeNs)
    {
        return session.newOrder(0, 1, side, quantity, price, OrderType.LIMIT, timeInForce, postOnly, expireTimeNs);
    }

    private long market(final Side side, final long quantity, final TimeInForce timeInForce)
    {
        return session.newOrder(0, 1, side, quantity, 0, OrderType.MARKET, timeInForce, false, 0);
    }

    private static void assertRejected(final String message, final Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(message, ex.getMessage());
        assertTrue(ex.getMessage().length() > 0);
    }
}
