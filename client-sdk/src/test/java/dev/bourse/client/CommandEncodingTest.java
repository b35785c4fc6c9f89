package dev.bourse.client;

import dev.bourse.schemas.orderentry.BooleanType;
import dev.bourse.schemas.orderentry.CancelOrderDecoder;
import dev.bourse.schemas.orderentry.CancelOrderEncoder;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.MassCancelDecoder;
import dev.bourse.schemas.orderentry.MassCancelEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.NewOrderEncoder;
import dev.bourse.schemas.orderentry.OrderStatusRequestDecoder;
import dev.bourse.schemas.orderentry.OrderStatusRequestEncoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.ReplaceOrderDecoder;
import dev.bourse.schemas.orderentry.ReplaceOrderEncoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandEncodingTest
{
    private static final long TOKEN = 0x0123_4567_89AB_CDEFL;
    private static final long ACCOUNT = 42;

    private final FakeIngress ingress = new FakeIngress();
    private final OrderEntrySession session = new OrderEntrySession(new RecordingListener(), 16, 0, 1_000, 1_000);
    private final Egress egress = new Egress(session);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @BeforeEach
    void establish()
    {
        session.onConnected(ingress, 0);
        egress.sessionEstablished(ACCOUNT, TOKEN, 99);
        session.doWork(0);
        ingress.clear();
    }

    @Test
    void shouldEncodeLogonWithTheSchemaVersion()
    {
        final FakeIngress fresh = new FakeIngress();
        final OrderEntrySession other = new OrderEntrySession(new RecordingListener(), 16, 0, 1_000, 1_000);
        other.onConnected(fresh, 0);

        assertEquals(1, fresh.sent.size());
        final UnsafeBuffer buffer = fresh.last();
        headerDecoder.wrap(buffer, 0);
        assertEquals(LogonDecoder.TEMPLATE_ID, headerDecoder.templateId());
        assertEquals(LogonDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(LogonDecoder.SCHEMA_VERSION, headerDecoder.version());
        final LogonDecoder decoder = new LogonDecoder()
            .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        assertEquals(LogonDecoder.SCHEMA_VERSION, decoder.clientVersion());
    }

    @Test
    void shouldEncodeLimitOrder()
    {
        final long id = session.newOrder(
            0, 7, Side.SELL, 25, 10_050, OrderType.LIMIT, TimeInForce.GTD, true, 5_000_000_000L);

        assertEquals(100, id);
        final NewOrderDecoder decoder = new NewOrderDecoder();
        wrap(decoder, NewOrderEncoder.TEMPLATE_ID);
        assertEquals(TOKEN, decoder.sessionToken());
        assertEquals(ACCOUNT, decoder.account());
        assertEquals(100, decoder.clientOrderId());
        assertEquals(7, decoder.instrumentId());
        assertEquals(Side.SELL, decoder.side());
        assertEquals(OrderType.LIMIT, decoder.orderType());
        assertEquals(TimeInForce.GTD, decoder.timeInForce());
        assertEquals(BooleanType.TRUE, decoder.postOnly());
        assertEquals(10_050, decoder.price());
        assertEquals(25, decoder.quantity());
        assertEquals(5_000_000_000L, decoder.expireTimeNs());
    }

    @Test
    void shouldEncodeMarketOrder()
    {
        final long id = session.newOrder(0, 3, Side.BUY, 5, 0, OrderType.MARKET, TimeInForce.FOK, false, 0);

        final NewOrderDecoder decoder = new NewOrderDecoder();
        wrap(decoder, NewOrderEncoder.TEMPLATE_ID);
        assertEquals(id, decoder.clientOrderId());
        assertEquals(OrderType.MARKET, decoder.orderType());
        assertEquals(TimeInForce.FOK, decoder.timeInForce());
        assertEquals(BooleanType.FALSE, decoder.postOnly());
        assertEquals(0, decoder.price());
        assertEquals(5, decoder.quantity());
        assertEquals(0, decoder.expireTimeNs());
    }

    @Test
    void shouldEncodeCancelByOrderIdAndByClientOrderId()
    {
        final long byOrderId = session.cancelOrder(0, 555, 0);
        final CancelOrderDecoder decoder = new CancelOrderDecoder();
        wrap(decoder, CancelOrderEncoder.TEMPLATE_ID);
        assertEquals(TOKEN, decoder.sessionToken());
        assertEquals(ACCOUNT, decoder.account());
        assertEquals(byOrderId, decoder.clientOrderId());
        assertEquals(555, decoder.orderId());
        assertEquals(0, decoder.origClientOrderId());

        final long byClientOrderId = session.cancelOrder(0, 0, 77);
        wrap(decoder, CancelOrderEncoder.TEMPLATE_ID);
        assertEquals(byClientOrderId, decoder.clientOrderId());
        assertEquals(0, decoder.orderId());
        assertEquals(77, decoder.origClientOrderId());
        assertEquals(byOrderId + 1, byClientOrderId);
    }

    @Test
    void shouldEncodeReplace()
    {
        final long id = session.replaceOrder(0, 555, 77, 30, 10_100);

        final ReplaceOrderDecoder decoder = new ReplaceOrderDecoder();
        wrap(decoder, ReplaceOrderEncoder.TEMPLATE_ID);
        assertEquals(TOKEN, decoder.sessionToken());
        assertEquals(ACCOUNT, decoder.account());
        assertEquals(id, decoder.clientOrderId());
        assertEquals(77, decoder.origClientOrderId());
        assertEquals(555, decoder.orderId());
        assertEquals(10_100, decoder.price());
        assertEquals(30, decoder.quantity());
    }

    @Test
    void shouldEncodeMassCancelWithNullSideForBothSides()
    {
        final long all = session.massCancel(0, 0, null);
        final MassCancelDecoder decoder = new MassCancelDecoder();
        wrap(decoder, MassCancelEncoder.TEMPLATE_ID);
        assertEquals(TOKEN, decoder.sessionToken());
        assertEquals(ACCOUNT, decoder.account());
        assertEquals(all, decoder.clientOrderId());
        assertEquals(0, decoder.instrumentId());
        assertEquals(Side.NULL_VAL, decoder.side());

        session.massCancel(0, 9, Side.BUY);
        wrap(decoder, MassCancelEncoder.TEMPLATE_ID);
        assertEquals(9, decoder.instrumentId());
        assertEquals(Side.BUY, decoder.side());
    }

    @Test
    void shouldEncodeOrderStatusRequest()
    {
        final long id = session.orderStatus(0, 555, 0);

        final OrderStatusRequestDecoder decoder = new OrderStatusRequestDecoder();
        wrap(decoder, OrderStatusRequestEncoder.TEMPLATE_ID);
        assertEquals(TOKEN, decoder.sessionToken());
        assertEquals(ACCOUNT, decoder.account());
        assertEquals(id, decoder.clientOrderId());
        assertEquals(555, decoder.orderId());
        assertEquals(0, decoder.origClientOrderId());
    }

    @Test
    void shouldUseGivenClientOrderIdAndContinueAboveIt()
    {
        assertEquals(500, session.newOrder(500, 1, Side.BUY, 1, 1, OrderType.LIMIT, TimeInForce.GTC, false, 0));
        assertEquals(501, session.newOrder(0, 1, Side.BUY, 1, 1, OrderType.LIMIT, TimeInForce.GTC, false, 0));
        assertEquals(300, session.cancelOrder(300, 1, 0));
        assertEquals(502, session.cancelOrder(0, 1, 0));
    }

    @Test
    void shouldFitEveryCommandInOneSlotWithTheTokenAndAccountAtFixedOffsets()
    {
        final int[] blockLengths = {
            NewOrderEncoder.BLOCK_LENGTH, CancelOrderEncoder.BLOCK_LENGTH, ReplaceOrderEncoder.BLOCK_LENGTH,
            MassCancelEncoder.BLOCK_LENGTH, OrderStatusRequestEncoder.BLOCK_LENGTH };
        for (final int blockLength : blockLengths)
        {
            assertTrue(MessageHeaderDecoder.ENCODED_LENGTH + blockLength <= PendingRequests.SLOT_LENGTH);
        }

        final int[] tokenOffsets = {
            NewOrderEncoder.sessionTokenEncodingOffset(), CancelOrderEncoder.sessionTokenEncodingOffset(),
            ReplaceOrderEncoder.sessionTokenEncodingOffset(), MassCancelEncoder.sessionTokenEncodingOffset(),
            OrderStatusRequestEncoder.sessionTokenEncodingOffset() };
        final int[] accountOffsets = {
            NewOrderEncoder.accountEncodingOffset(), CancelOrderEncoder.accountEncodingOffset(),
            ReplaceOrderEncoder.accountEncodingOffset(), MassCancelEncoder.accountEncodingOffset(),
            OrderStatusRequestEncoder.accountEncodingOffset() };
        for (int i = 0; i < tokenOffsets.length; i++)
        {
            assertEquals(OrderEntrySession.SESSION_TOKEN_OFFSET, MessageHeaderDecoder.ENCODED_LENGTH + tokenOffsets[i]);
            assertEquals(OrderEntrySession.ACCOUNT_OFFSET, MessageHeaderDecoder.ENCODED_LENGTH + accountOffsets[i]);
        }
    }

    private void wrap(final MessageDecoderFlyweight decoder, final int templateId)
    {
        final UnsafeBuffer buffer = ingress.last();
        headerDecoder.wrap(buffer, 0);
        assertEquals(templateId, headerDecoder.templateId());
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(decoder.sbeSchemaVersion(), headerDecoder.version());
        assertEquals(decoder.sbeBlockLength(), headerDecoder.blockLength());
        assertEquals(MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength(), buffer.capacity());
        decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
    }
}
