package dev.bourse.schemas;

import dev.bourse.schemas.orderentry.BooleanType;
import dev.bourse.schemas.orderentry.CancelOrderDecoder;
import dev.bourse.schemas.orderentry.CancelOrderEncoder;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.CancelRejectDecoder;
import dev.bourse.schemas.orderentry.CancelRejectEncoder;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.ExecutionReportEncoder;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.MassCancelDecoder;
import dev.bourse.schemas.orderentry.MassCancelEncoder;
import dev.bourse.schemas.orderentry.MassCancelReportDecoder;
import dev.bourse.schemas.orderentry.MassCancelReportEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.MessageRejectDecoder;
import dev.bourse.schemas.orderentry.MessageRejectEncoder;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.NewOrderEncoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderStatusRequestDecoder;
import dev.bourse.schemas.orderentry.OrderStatusRequestEncoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.ReplaceOrderDecoder;
import dev.bourse.schemas.orderentry.ReplaceOrderEncoder;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.LogonEncoder;
import dev.bourse.schemas.orderentry.SessionEstablishedDecoder;
import dev.bourse.schemas.orderentry.SessionEstablishedEncoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderEntryCodecTest
{
    private static final int SCHEMA_ID = 1;
    private static final int SCHEMA_VERSION = 1;
    private static final int OFFSET = 8;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @Test
    void shouldRoundTripNewOrder()
    {
        final NewOrderEncoder encoder = new NewOrderEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(0x0123_4567_89AB_CDEFL)
            .account(1001L)
            .clientOrderId(42L)
            .instrumentId(7)
            .side(Side.SELL)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTD)
            .postOnly(BooleanType.TRUE)
            .price(101_250L)
            .quantity(3_000L)
            .expireTimeNs(1_700_000_000_123_456_789L);

        final NewOrderDecoder decoder = decode(1, new NewOrderDecoder());
        assertEquals(0x0123_4567_89AB_CDEFL, decoder.sessionToken());
        assertEquals(1001L, decoder.account());
        assertEquals(42L, decoder.clientOrderId());
        assertEquals(7, decoder.instrumentId());
        assertEquals(Side.SELL, decoder.side());
        assertEquals(OrderType.LIMIT, decoder.orderType());
        assertEquals(TimeInForce.GTD, decoder.timeInForce());
        assertEquals(BooleanType.TRUE, decoder.postOnly());
        assertEquals(101_250L, decoder.price());
        assertEquals(3_000L, decoder.quantity());
        assertEquals(1_700_000_000_123_456_789L, decoder.expireTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripCancelOrder()
    {
        final CancelOrderEncoder encoder = new CancelOrderEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(-5L)
            .account(1002L)
            .clientOrderId(43L)
            .origClientOrderId(42L)
            .orderId(900_001L);

        final CancelOrderDecoder decoder = decode(2, new CancelOrderDecoder());
        assertEquals(-5L, decoder.sessionToken());
        assertEquals(1002L, decoder.account());
        assertEquals(43L, decoder.clientOrderId());
        assertEquals(42L, decoder.origClientOrderId());
        assertEquals(900_001L, decoder.orderId());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripReplaceOrder()
    {
        final ReplaceOrderEncoder encoder = new ReplaceOrderEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(77L)
            .account(1003L)
            .clientOrderId(44L)
            .origClientOrderId(41L)
            .orderId(900_002L)
            .price(99_500L)
            .quantity(1_500L);

        final ReplaceOrderDecoder decoder = decode(3, new ReplaceOrderDecoder());
        assertEquals(77L, decoder.sessionToken());
        assertEquals(1003L, decoder.account());
        assertEquals(44L, decoder.clientOrderId());
        assertEquals(41L, decoder.origClientOrderId());
        assertEquals(900_002L, decoder.orderId());
        assertEquals(99_500L, decoder.price());
        assertEquals(1_500L, decoder.quantity());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripMassCancelForOneSide()
    {
        final MassCancelEncoder encoder = new MassCancelEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(78L)
            .account(1004L)
            .clientOrderId(45L)
            .instrumentId(9)
            .side(Side.BUY);

        final MassCancelDecoder decoder = decode(4, new MassCancelDecoder());
        assertEquals(78L, decoder.sessionToken());
        assertEquals(1004L, decoder.account());
        assertEquals(45L, decoder.clientOrderId());
        assertEquals(9, decoder.instrumentId());
        assertEquals(Side.BUY, decoder.side());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripMassCancelForBothSidesOfEveryInstrument()
    {
        final MassCancelEncoder encoder = new MassCancelEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(79L)
            .account(1005L)
            .clientOrderId(46L)
            .instrumentId(0)
            .side(Side.NULL_VAL);

        final MassCancelDecoder decoder = decode(4, new MassCancelDecoder());
        assertEquals(79L, decoder.sessionToken());
        assertEquals(1005L, decoder.account());
        assertEquals(46L, decoder.clientOrderId());
        assertEquals(0, decoder.instrumentId());
        assertEquals(Side.NULL_VAL, decoder.side());
        assertEquals(Side.NULL_VAL.value(), decoder.sideRaw());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripOrderStatusRequest()
    {
        final OrderStatusRequestEncoder encoder = new OrderStatusRequestEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(80L)
            .account(1006L)
            .clientOrderId(47L)
            .origClientOrderId(40L)
            .orderId(0L);

        final OrderStatusRequestDecoder decoder = decode(5, new OrderStatusRequestDecoder());
        assertEquals(80L, decoder.sessionToken());
        assertEquals(1006L, decoder.account());
        assertEquals(47L, decoder.clientOrderId());
        assertEquals(40L, decoder.origClientOrderId());
        assertEquals(0L, decoder.orderId());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSessionEstablished()
    {
        final SessionEstablishedEncoder encoder = new SessionEstablishedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(1007L)
            .role(Role.ADMIN)
            .sessionToken(Long.MIN_VALUE + 1)
            .clusterSessionId(12L)
            .leadershipTermId(3L)
            .dedupWindow(65_536L)
            .stpMode(StpMode.DECREMENT_AND_CANCEL)
            .highestClientOrderId(777L);

        final SessionEstablishedDecoder decoder = decode(20, new SessionEstablishedDecoder());
        assertEquals(1007L, decoder.account());
        assertEquals(Role.ADMIN, decoder.role());
        assertEquals(Long.MIN_VALUE + 1, decoder.sessionToken());
        assertEquals(12L, decoder.clusterSessionId());
        assertEquals(3L, decoder.leadershipTermId());
        assertEquals(65_536L, decoder.dedupWindow());
        assertEquals(StpMode.DECREMENT_AND_CANCEL, decoder.stpMode());
        assertEquals(777L, decoder.highestClientOrderId());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripLogon()
    {
        final LogonEncoder encoder = new LogonEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientVersion(SCHEMA_VERSION);

        final LogonDecoder decoder = decode(6, new LogonDecoder());
        assertEquals(SCHEMA_VERSION, decoder.clientVersion());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripTradeExecutionReport()
    {
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(1008L)
            .clientOrderId(48L)
            .origClientOrderId(0L)
            .orderId(900_003L)
            .execId(555L)
            .instrumentId(11)
            .execType(ExecType.TRADE)
            .orderStatus(OrderStatus.PARTIALLY_FILLED)
            .side(Side.BUY)
            .orderType(OrderType.MARKET)
            .timeInForce(TimeInForce.IOC)
            .liquidity(Liquidity.TAKER)
            .rejectReason(RejectReason.NONE)
            .cancelReason(CancelReason.NULL_VAL)
            .price(0L)
            .quantity(10_000L)
            .lastPrice(100_500L)
            .lastQuantity(4_000L)
            .leavesQuantity(6_000L)
            .cumQuantity(4_000L)
            .transactTimeNs(1_700_000_000_000_000_001L);

        final ExecutionReportDecoder decoder = decode(21, new ExecutionReportDecoder());
        assertEquals(1008L, decoder.account());
        assertEquals(48L, decoder.clientOrderId());
        assertEquals(0L, decoder.origClientOrderId());
        assertEquals(900_003L, decoder.orderId());
        assertEquals(555L, decoder.execId());
        assertEquals(11, decoder.instrumentId());
        assertEquals(ExecType.TRADE, decoder.execType());
        assertEquals(OrderStatus.PARTIALLY_FILLED, decoder.orderStatus());
        assertEquals(Side.BUY, decoder.side());
        assertEquals(OrderType.MARKET, decoder.orderType());
        assertEquals(TimeInForce.IOC, decoder.timeInForce());
        assertEquals(Liquidity.TAKER, decoder.liquidity());
        assertEquals(RejectReason.NONE, decoder.rejectReason());
        assertEquals(CancelReason.NULL_VAL, decoder.cancelReason());
        assertEquals(0L, decoder.price());
        assertEquals(10_000L, decoder.quantity());
        assertEquals(100_500L, decoder.lastPrice());
        assertEquals(4_000L, decoder.lastQuantity());
        assertEquals(6_000L, decoder.leavesQuantity());
        assertEquals(4_000L, decoder.cumQuantity());
        assertEquals(1_700_000_000_000_000_001L, decoder.transactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripCanceledExecutionReportWithoutLiquidity()
    {
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(1009L)
            .clientOrderId(49L)
            .origClientOrderId(38L)
            .orderId(900_004L)
            .execId(0L)
            .instrumentId(12)
            .execType(ExecType.CANCELED)
            .orderStatus(OrderStatus.CANCELED)
            .side(Side.SELL)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(RejectReason.NONE)
            .cancelReason(CancelReason.KILL_SWITCH)
            .price(100_000L)
            .quantity(2_000L)
            .lastPrice(0L)
            .lastQuantity(0L)
            .leavesQuantity(0L)
            .cumQuantity(500L)
            .transactTimeNs(1_700_000_000_000_000_002L);

        final ExecutionReportDecoder decoder = decode(21, new ExecutionReportDecoder());
        assertEquals(1009L, decoder.account());
        assertEquals(49L, decoder.clientOrderId());
        assertEquals(38L, decoder.origClientOrderId());
        assertEquals(900_004L, decoder.orderId());
        assertEquals(0L, decoder.execId());
        assertEquals(12, decoder.instrumentId());
        assertEquals(ExecType.CANCELED, decoder.execType());
        assertEquals(OrderStatus.CANCELED, decoder.orderStatus());
        assertEquals(Side.SELL, decoder.side());
        assertEquals(OrderType.LIMIT, decoder.orderType());
        assertEquals(TimeInForce.DAY, decoder.timeInForce());
        assertEquals(Liquidity.NULL_VAL, decoder.liquidity());
        assertEquals(Liquidity.NULL_VAL.value(), decoder.liquidityRaw());
        assertEquals(RejectReason.NONE, decoder.rejectReason());
        assertEquals(CancelReason.KILL_SWITCH, decoder.cancelReason());
        assertEquals(100_000L, decoder.price());
        assertEquals(2_000L, decoder.quantity());
        assertEquals(0L, decoder.lastPrice());
        assertEquals(0L, decoder.lastQuantity());
        assertEquals(0L, decoder.leavesQuantity());
        assertEquals(500L, decoder.cumQuantity());
        assertEquals(1_700_000_000_000_000_002L, decoder.transactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripCancelReject()
    {
        final CancelRejectEncoder encoder = new CancelRejectEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(1010L)
            .clientOrderId(50L)
            .origClientOrderId(37L)
            .orderId(900_005L)
            .requestType(RequestType.REPLACE)
            .rejectReason(RejectReason.REPLACE_QUANTITY_TOO_LOW)
            .transactTimeNs(1_700_000_000_000_000_003L);

        final CancelRejectDecoder decoder = decode(22, new CancelRejectDecoder());
        assertEquals(1010L, decoder.account());
        assertEquals(50L, decoder.clientOrderId());
        assertEquals(37L, decoder.origClientOrderId());
        assertEquals(900_005L, decoder.orderId());
        assertEquals(RequestType.REPLACE, decoder.requestType());
        assertEquals(RejectReason.REPLACE_QUANTITY_TOO_LOW, decoder.rejectReason());
        assertEquals(1_700_000_000_000_000_003L, decoder.transactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripMassCancelReport()
    {
        final MassCancelReportEncoder encoder = new MassCancelReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(1011L)
            .clientOrderId(51L)
            .instrumentId(0)
            .side(Side.NULL_VAL)
            .rejectReason(RejectReason.NONE)
            .cancelledCount(17)
            .transactTimeNs(1_700_000_000_000_000_004L);

        final MassCancelReportDecoder decoder = decode(23, new MassCancelReportDecoder());
        assertEquals(1011L, decoder.account());
        assertEquals(51L, decoder.clientOrderId());
        assertEquals(0, decoder.instrumentId());
        assertEquals(Side.NULL_VAL, decoder.side());
        assertEquals(RejectReason.NONE, decoder.rejectReason());
        assertEquals(17, decoder.cancelledCount());
        assertEquals(1_700_000_000_000_000_004L, decoder.transactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripMessageReject()
    {
        final MessageRejectEncoder encoder = new MessageRejectEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .refSchemaId(1)
            .refTemplateId(65_535)
            .clientOrderId(0L)
            .rejectReason(RejectReason.INVALID_SESSION_TOKEN)
            .transactTimeNs(1_700_000_000_000_000_005L);

        final MessageRejectDecoder decoder = decode(24, new MessageRejectDecoder());
        assertEquals(1, decoder.refSchemaId());
        assertEquals(65_535, decoder.refTemplateId());
        assertEquals(0L, decoder.clientOrderId());
        assertEquals(RejectReason.INVALID_SESSION_TOKEN, decoder.rejectReason());
        assertEquals(1_700_000_000_000_000_005L, decoder.transactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldKeepTheCodesDocumentedForClients()
    {
        assertEquals(0, RejectReason.NONE.value());
        assertEquals(10, RejectReason.PRICE_NOT_TICK_MULTIPLE.value());
        assertEquals(19, RejectReason.INVALID_STP_MODE.value());
        assertEquals(48, RejectReason.INVALID_SESSION_TOKEN.value());
        assertEquals(50, RejectReason.NOT_AUTHORIZED.value());
        assertEquals(60, RejectReason.INSTRUMENT_HALTED.value());
        assertEquals(71, RejectReason.KILL_SWITCH_ACTIVE.value());
        assertEquals(1, CancelReason.CLIENT_REQUEST.value());
        assertEquals(10, CancelReason.PRICE_BAND.value());
        assertEquals(0, StpMode.NONE.value());
        assertEquals(4, StpMode.DECREMENT_AND_CANCEL.value());
    }

    private <T extends MessageDecoderFlyweight> T decode(final int templateId, final T decoder)
    {
        headerDecoder.wrap(buffer, OFFSET);
        assertEquals(SCHEMA_ID, headerDecoder.schemaId(), "schemaId");
        assertEquals(SCHEMA_VERSION, headerDecoder.version(), "version");
        assertEquals(templateId, headerDecoder.templateId(), "templateId");
        assertEquals(decoder.sbeBlockLength(), headerDecoder.blockLength(), "blockLength");
        decoder.wrap(
            buffer, OFFSET + headerDecoder.encodedLength(), headerDecoder.blockLength(), headerDecoder.version());

        return decoder;
    }

    private static void assertFullyRead(final MessageEncoderFlyweight encoder, final MessageDecoderFlyweight decoder)
    {
        assertEquals(encoder.encodedLength(), decoder.encodedLength(), "encodedLength");
    }
}
