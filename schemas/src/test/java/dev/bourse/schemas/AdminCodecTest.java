package dev.bourse.schemas;

import dev.bourse.schemas.admin.AdminAckDecoder;
import dev.bourse.schemas.admin.AdminAckEncoder;
import dev.bourse.schemas.admin.BooleanType;
import dev.bourse.schemas.admin.DefineInstrumentDecoder;
import dev.bourse.schemas.admin.DefineInstrumentEncoder;
import dev.bourse.schemas.admin.InstrumentReportDecoder;
import dev.bourse.schemas.admin.InstrumentReportEncoder;
import dev.bourse.schemas.admin.KillSwitchAction;
import dev.bourse.schemas.admin.KillSwitchDecoder;
import dev.bourse.schemas.admin.KillSwitchEncoder;
import dev.bourse.schemas.admin.LimitsReportDecoder;
import dev.bourse.schemas.admin.LimitsReportEncoder;
import dev.bourse.schemas.admin.MessageHeaderDecoder;
import dev.bourse.schemas.admin.MessageHeaderEncoder;
import dev.bourse.schemas.admin.QueryLimitsDecoder;
import dev.bourse.schemas.admin.QueryLimitsEncoder;
import dev.bourse.schemas.admin.QueryType;
import dev.bourse.schemas.admin.SetAccountLimitsDecoder;
import dev.bourse.schemas.admin.SetAccountLimitsEncoder;
import dev.bourse.schemas.admin.SetTradingStatusDecoder;
import dev.bourse.schemas.admin.SetTradingStatusEncoder;
import dev.bourse.schemas.admin.StpMode;
import dev.bourse.schemas.admin.TradingStatus;
import dev.bourse.schemas.admin.UpdateInstrumentDecoder;
import dev.bourse.schemas.admin.UpdateInstrumentEncoder;
import dev.bourse.schemas.orderentry.RejectReason;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AdminCodecTest
{
    private static final int SCHEMA_ID = 4;
    private static final int SCHEMA_VERSION = 1;
    private static final int OFFSET = 8;
    private static final long TIME_NS = 1_700_000_000_123_456_789L;
    private static final long NULL_INT64 = Long.MIN_VALUE;
    private static final int NULL_INT32 = Integer.MIN_VALUE;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @Test
    void shouldRoundTripDefineInstrument()
    {
        final DefineInstrumentEncoder encoder = new DefineInstrumentEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(0x0123_4567_89AB_CDEFL)
            .requestId(1L)
            .instrumentId(7)
            .tickSize(25L)
            .lotSize(100L)
            .referencePrice(6_500_000L)
            .priceBandBps(500)
            .maxOrderQuantity(1_000_000L)
            .maxOrderNotional(5_000_000_000_000L)
            .tradingStatus(TradingStatus.PRE_OPEN)
            .symbol("BTC-USD");

        final DefineInstrumentDecoder decoder = decode(1, new DefineInstrumentDecoder());
        assertEquals(0x0123_4567_89AB_CDEFL, decoder.sessionToken());
        assertEquals(1L, decoder.requestId());
        assertEquals(7, decoder.instrumentId());
        assertEquals(25L, decoder.tickSize());
        assertEquals(100L, decoder.lotSize());
        assertEquals(6_500_000L, decoder.referencePrice());
        assertEquals(500, decoder.priceBandBps());
        assertEquals(1_000_000L, decoder.maxOrderQuantity());
        assertEquals(5_000_000_000_000L, decoder.maxOrderNotional());
        assertEquals(TradingStatus.PRE_OPEN, decoder.tradingStatus());
        assertEquals("BTC-USD", decoder.symbol());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripDefineInstrumentWithoutBandOrLimits()
    {
        final DefineInstrumentEncoder encoder = new DefineInstrumentEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(11L)
            .requestId(2L)
            .instrumentId(8)
            .tickSize(1L)
            .lotSize(1L)
            .referencePrice(DefineInstrumentEncoder.referencePriceNullValue())
            .priceBandBps(0)
            .maxOrderQuantity(DefineInstrumentEncoder.maxOrderQuantityNullValue())
            .maxOrderNotional(DefineInstrumentEncoder.maxOrderNotionalNullValue())
            .tradingStatus(TradingStatus.OPEN)
            .symbol("ABCDEFGHIJKLMNOP");

        final DefineInstrumentDecoder decoder = decode(1, new DefineInstrumentDecoder());
        assertEquals(11L, decoder.sessionToken());
        assertEquals(2L, decoder.requestId());
        assertEquals(8, decoder.instrumentId());
        assertEquals(1L, decoder.tickSize());
        assertEquals(1L, decoder.lotSize());
        assertEquals(NULL_INT64, decoder.referencePrice());
        assertEquals(0, decoder.priceBandBps());
        assertEquals(NULL_INT64, decoder.maxOrderQuantity());
        assertEquals(NULL_INT64, decoder.maxOrderNotional());
        assertEquals(TradingStatus.OPEN, decoder.tradingStatus());
        assertEquals("ABCDEFGHIJKLMNOP", decoder.symbol());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripUpdateInstrument()
    {
        final UpdateInstrumentEncoder encoder = new UpdateInstrumentEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(12L)
            .requestId(3L)
            .instrumentId(7)
            .referencePrice(6_600_000L)
            .priceBandBps(250)
            .maxOrderQuantity(UpdateInstrumentEncoder.maxOrderQuantityNullValue())
            .maxOrderNotional(9_000_000_000L);

        final UpdateInstrumentDecoder decoder = decode(2, new UpdateInstrumentDecoder());
        assertEquals(12L, decoder.sessionToken());
        assertEquals(3L, decoder.requestId());
        assertEquals(7, decoder.instrumentId());
        assertEquals(6_600_000L, decoder.referencePrice());
        assertEquals(250, decoder.priceBandBps());
        assertEquals(UpdateInstrumentDecoder.maxOrderQuantityNullValue(), decoder.maxOrderQuantity());
        assertEquals(9_000_000_000L, decoder.maxOrderNotional());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSetTradingStatus()
    {
        final SetTradingStatusEncoder encoder = new SetTradingStatusEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(13L)
            .requestId(4L)
            .instrumentId(9)
            .tradingStatus(TradingStatus.HALTED);

        final SetTradingStatusDecoder decoder = decode(3, new SetTradingStatusDecoder());
        assertEquals(13L, decoder.sessionToken());
        assertEquals(4L, decoder.requestId());
        assertEquals(9, decoder.instrumentId());
        assertEquals(TradingStatus.HALTED, decoder.tradingStatus());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSetAccountLimits()
    {
        final SetAccountLimitsEncoder encoder = new SetAccountLimitsEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(14L)
            .requestId(5L)
            .account(1001L)
            .maxOpenOrders(500)
            .maxLongPosition(10_000L)
            .maxShortPosition(8_000L)
            .creditLimit(2_000_000_000L)
            .throttleRejectPerSecond(1_000)
            .throttleDisconnectPerSecond(5_000)
            .cancelOnDisconnect(BooleanType.TRUE)
            .stpMode(StpMode.CANCEL_BOTH)
            .stpGroup(77L);

        final SetAccountLimitsDecoder decoder = decode(4, new SetAccountLimitsDecoder());
        assertEquals(14L, decoder.sessionToken());
        assertEquals(5L, decoder.requestId());
        assertEquals(1001L, decoder.account());
        assertEquals(500, decoder.maxOpenOrders());
        assertEquals(10_000L, decoder.maxLongPosition());
        assertEquals(8_000L, decoder.maxShortPosition());
        assertEquals(2_000_000_000L, decoder.creditLimit());
        assertEquals(1_000, decoder.throttleRejectPerSecond());
        assertEquals(5_000, decoder.throttleDisconnectPerSecond());
        assertEquals(BooleanType.TRUE, decoder.cancelOnDisconnect());
        assertEquals(StpMode.CANCEL_BOTH, decoder.stpMode());
        assertEquals(77L, decoder.stpGroup());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSetAccountLimitsWithNoLimits()
    {
        final SetAccountLimitsEncoder encoder = new SetAccountLimitsEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(15L)
            .requestId(6L)
            .account(1002L)
            .maxOpenOrders(SetAccountLimitsEncoder.maxOpenOrdersNullValue())
            .maxLongPosition(SetAccountLimitsEncoder.maxLongPositionNullValue())
            .maxShortPosition(SetAccountLimitsEncoder.maxShortPositionNullValue())
            .creditLimit(SetAccountLimitsEncoder.creditLimitNullValue())
            .throttleRejectPerSecond(SetAccountLimitsEncoder.throttleRejectPerSecondNullValue())
            .throttleDisconnectPerSecond(SetAccountLimitsEncoder.throttleDisconnectPerSecondNullValue())
            .cancelOnDisconnect(BooleanType.FALSE)
            .stpMode(StpMode.NONE)
            .stpGroup(0L);

        final SetAccountLimitsDecoder decoder = decode(4, new SetAccountLimitsDecoder());
        assertEquals(15L, decoder.sessionToken());
        assertEquals(6L, decoder.requestId());
        assertEquals(1002L, decoder.account());
        assertEquals(NULL_INT32, decoder.maxOpenOrders());
        assertEquals(NULL_INT64, decoder.maxLongPosition());
        assertEquals(NULL_INT64, decoder.maxShortPosition());
        assertEquals(NULL_INT64, decoder.creditLimit());
        assertEquals(NULL_INT32, decoder.throttleRejectPerSecond());
        assertEquals(NULL_INT32, decoder.throttleDisconnectPerSecond());
        assertEquals(BooleanType.FALSE, decoder.cancelOnDisconnect());
        assertEquals(StpMode.NONE, decoder.stpMode());
        assertEquals(0L, decoder.stpGroup());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripKillSwitch()
    {
        final KillSwitchEncoder encoder = new KillSwitchEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(16L)
            .requestId(7L)
            .account(1003L)
            .action(KillSwitchAction.ENGAGE);

        final KillSwitchDecoder decoder = decode(5, new KillSwitchDecoder());
        assertEquals(16L, decoder.sessionToken());
        assertEquals(7L, decoder.requestId());
        assertEquals(1003L, decoder.account());
        assertEquals(KillSwitchAction.ENGAGE, decoder.action());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripQueryLimits()
    {
        final QueryLimitsEncoder encoder = new QueryLimitsEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionToken(17L)
            .requestId(8L)
            .queryType(QueryType.INSTRUMENT)
            .account(0L)
            .instrumentId(7);

        final QueryLimitsDecoder decoder = decode(6, new QueryLimitsDecoder());
        assertEquals(17L, decoder.sessionToken());
        assertEquals(8L, decoder.requestId());
        assertEquals(QueryType.INSTRUMENT, decoder.queryType());
        assertEquals(0L, decoder.account());
        assertEquals(7, decoder.instrumentId());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripAdminAckWithAnOrderEntryRejectReasonCode()
    {
        final AdminAckEncoder encoder = new AdminAckEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .requestId(9L)
            .refTemplateId(DefineInstrumentEncoder.TEMPLATE_ID)
            .rejectReason(RejectReason.INSTRUMENT_ALREADY_DEFINED.value())
            .transactTimeNs(TIME_NS);

        final AdminAckDecoder decoder = decode(20, new AdminAckDecoder());
        assertEquals(9L, decoder.requestId());
        assertEquals(1, decoder.refTemplateId());
        assertEquals(17, decoder.rejectReason());
        assertEquals(RejectReason.INSTRUMENT_ALREADY_DEFINED, RejectReason.get(decoder.rejectReason()));
        assertEquals(TIME_NS, decoder.transactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripLimitsReportWithPositions()
    {
        final LimitsReportEncoder encoder = new LimitsReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .requestId(10L)
            .account(1004L)
            .maxOpenOrders(500)
            .maxLongPosition(10_000L)
            .maxShortPosition(LimitsReportEncoder.maxShortPositionNullValue())
            .creditLimit(2_000_000_000L)
            .throttleRejectPerSecond(1_000)
            .throttleDisconnectPerSecond(LimitsReportEncoder.throttleDisconnectPerSecondNullValue())
            .cancelOnDisconnect(BooleanType.TRUE)
            .stpMode(StpMode.CANCEL_RESTING)
            .stpGroup(78L)
            .killSwitchEngaged(BooleanType.FALSE)
            .openOrders(42)
            .creditUsed(1_250_000_000L)
            .transactTimeNs(TIME_NS + 1);
        final LimitsReportEncoder.PositionsEncoder positions = encoder.positionsCount(2);
        positions.next().instrumentId(7).position(3_000L).openBuyQuantity(1_000L).openSellQuantity(0L);
        positions.next().instrumentId(9).position(-2_500L).openBuyQuantity(0L).openSellQuantity(700L);

        final LimitsReportDecoder decoder = decode(21, new LimitsReportDecoder());
        assertEquals(10L, decoder.requestId());
        assertEquals(1004L, decoder.account());
        assertEquals(500, decoder.maxOpenOrders());
        assertEquals(10_000L, decoder.maxLongPosition());
        assertEquals(NULL_INT64, decoder.maxShortPosition());
        assertEquals(2_000_000_000L, decoder.creditLimit());
        assertEquals(1_000, decoder.throttleRejectPerSecond());
        assertEquals(NULL_INT32, decoder.throttleDisconnectPerSecond());
        assertEquals(BooleanType.TRUE, decoder.cancelOnDisconnect());
        assertEquals(StpMode.CANCEL_RESTING, decoder.stpMode());
        assertEquals(78L, decoder.stpGroup());
        assertEquals(BooleanType.FALSE, decoder.killSwitchEngaged());
        assertEquals(42, decoder.openOrders());
        assertEquals(1_250_000_000L, decoder.creditUsed());
        assertEquals(TIME_NS + 1, decoder.transactTimeNs());
        final LimitsReportDecoder.PositionsDecoder positionsDecoder = decoder.positions();
        assertEquals(2, positionsDecoder.count());
        assertPosition(positionsDecoder.next(), 7, 3_000L, 1_000L, 0L);
        assertPosition(positionsDecoder.next(), 9, -2_500L, 0L, 700L);
        assertFalse(positionsDecoder.hasNext());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripLimitsReportWithoutPositions()
    {
        final LimitsReportEncoder encoder = new LimitsReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .requestId(11L)
            .account(1005L)
            .maxOpenOrders(0)
            .maxLongPosition(0L)
            .maxShortPosition(0L)
            .creditLimit(0L)
            .throttleRejectPerSecond(0)
            .throttleDisconnectPerSecond(0)
            .cancelOnDisconnect(BooleanType.FALSE)
            .stpMode(StpMode.DECREMENT_AND_CANCEL)
            .stpGroup(0L)
            .killSwitchEngaged(BooleanType.TRUE)
            .openOrders(0)
            .creditUsed(0L)
            .transactTimeNs(TIME_NS + 2);
        encoder.positionsCount(0);

        final LimitsReportDecoder decoder = decode(21, new LimitsReportDecoder());
        assertEquals(11L, decoder.requestId());
        assertEquals(1005L, decoder.account());
        assertEquals(0, decoder.maxOpenOrders());
        assertEquals(0L, decoder.maxLongPosition());
        assertEquals(0L, decoder.maxShortPosition());
        assertEquals(0L, decoder.creditLimit());
        assertEquals(0, decoder.throttleRejectPerSecond());
        assertEquals(0, decoder.throttleDisconnectPerSecond());
        assertEquals(BooleanType.FALSE, decoder.cancelOnDisconnect());
        assertEquals(StpMode.DECREMENT_AND_CANCEL, decoder.stpMode());
        assertEquals(0L, decoder.stpGroup());
        assertEquals(BooleanType.TRUE, decoder.killSwitchEngaged());
        assertEquals(0, decoder.openOrders());
        assertEquals(0L, decoder.creditUsed());
        assertEquals(TIME_NS + 2, decoder.transactTimeNs());
        final LimitsReportDecoder.PositionsDecoder positionsDecoder = decoder.positions();
        assertEquals(0, positionsDecoder.count());
        assertFalse(positionsDecoder.hasNext());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripInstrumentReport()
    {
        final InstrumentReportEncoder encoder = new InstrumentReportEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .requestId(12L)
            .instrumentId(7)
            .tickSize(25L)
            .lotSize(100L)
            .referencePrice(InstrumentReportEncoder.referencePriceNullValue())
            .priceBandBps(0)
            .maxOrderQuantity(1_000_000L)
            .maxOrderNotional(InstrumentReportEncoder.maxOrderNotionalNullValue())
            .tradingStatus(TradingStatus.CLOSED)
            .symbol("ETH-USD")
            .transactTimeNs(TIME_NS + 3);

        final InstrumentReportDecoder decoder = decode(22, new InstrumentReportDecoder());
        assertEquals(12L, decoder.requestId());
        assertEquals(7, decoder.instrumentId());
        assertEquals(25L, decoder.tickSize());
        assertEquals(100L, decoder.lotSize());
        assertEquals(NULL_INT64, decoder.referencePrice());
        assertEquals(0, decoder.priceBandBps());
        assertEquals(1_000_000L, decoder.maxOrderQuantity());
        assertEquals(NULL_INT64, decoder.maxOrderNotional());
        assertEquals(TradingStatus.CLOSED, decoder.tradingStatus());
        assertEquals("ETH-USD", decoder.symbol());
        assertEquals(TIME_NS + 3, decoder.transactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldShareEnumCodesWithTheOtherSchemas()
    {
        for (final StpMode mode : StpMode.values())
        {
            if (mode != StpMode.NULL_VAL)
            {
                assertEquals(mode.name(), dev.bourse.schemas.orderentry.StpMode.get(mode.value()).name());
            }
        }
        for (final TradingStatus status : TradingStatus.values())
        {
            if (status != TradingStatus.NULL_VAL)
            {
                assertEquals(status.name(), dev.bourse.schemas.marketdata.TradingStatus.get(status.value()).name());
            }
        }
        assertEquals(48, RejectReason.INVALID_SESSION_TOKEN.value());
        assertEquals(50, RejectReason.NOT_AUTHORIZED.value());
    }

    private static void assertPosition(
        final LimitsReportDecoder.PositionsDecoder position,
        final int instrumentId,
        final long signedPosition,
        final long openBuyQuantity,
        final long openSellQuantity)
    {
        assertEquals(instrumentId, position.instrumentId());
        assertEquals(signedPosition, position.position());
        assertEquals(openBuyQuantity, position.openBuyQuantity());
        assertEquals(openSellQuantity, position.openSellQuantity());
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
