package dev.bourse.schemas;

import dev.bourse.schemas.snapshot.AccountRecordDecoder;
import dev.bourse.schemas.snapshot.AccountRiskRecordDecoder;
import dev.bourse.schemas.snapshot.AccountRiskRecordEncoder;
import dev.bourse.schemas.snapshot.InstrumentRiskRecordDecoder;
import dev.bourse.schemas.snapshot.InstrumentRiskRecordEncoder;
import dev.bourse.schemas.snapshot.PositionRecordDecoder;
import dev.bourse.schemas.snapshot.PositionRecordEncoder;
import dev.bourse.schemas.snapshot.RiskSnapshotBeginDecoder;
import dev.bourse.schemas.snapshot.RiskSnapshotBeginEncoder;
import dev.bourse.schemas.snapshot.RiskSnapshotEndDecoder;
import dev.bourse.schemas.snapshot.RiskSnapshotEndEncoder;
import dev.bourse.schemas.snapshot.ThrottleEntryRecordDecoder;
import dev.bourse.schemas.snapshot.ThrottleEntryRecordEncoder;
import dev.bourse.schemas.snapshot.AccountRecordEncoder;
import dev.bourse.schemas.snapshot.DedupEntryRecordDecoder;
import dev.bourse.schemas.snapshot.DedupEntryRecordEncoder;
import dev.bourse.schemas.snapshot.DedupWindowRecordDecoder;
import dev.bourse.schemas.snapshot.DedupWindowRecordEncoder;
import dev.bourse.schemas.snapshot.OrderStatusRecordDecoder;
import dev.bourse.schemas.snapshot.OrderStatusRecordEncoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotBeginDecoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotBeginEncoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotEndDecoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotEndEncoder;
import dev.bourse.schemas.snapshot.SessionRecordDecoder;
import dev.bourse.schemas.snapshot.SessionRecordEncoder;
import dev.bourse.schemas.snapshot.EngineSnapshotBeginDecoder;
import dev.bourse.schemas.snapshot.EngineSnapshotBeginEncoder;
import dev.bourse.schemas.snapshot.EngineSnapshotEndDecoder;
import dev.bourse.schemas.snapshot.EngineSnapshotEndEncoder;
import dev.bourse.schemas.snapshot.InstrumentRecordDecoder;
import dev.bourse.schemas.snapshot.InstrumentRecordEncoder;
import dev.bourse.schemas.snapshot.MessageHeaderDecoder;
import dev.bourse.schemas.snapshot.MessageHeaderEncoder;
import dev.bourse.schemas.snapshot.OrderRecordDecoder;
import dev.bourse.schemas.snapshot.OrderRecordEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SnapshotCodecTest
{
    private static final int SCHEMA_ID = 3;
    private static final int SCHEMA_VERSION = 1;
    private static final int OFFSET = 8;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @Test
    void shouldRoundTripEngineSnapshotBegin()
    {
        final EngineSnapshotBeginEncoder encoder = new EngineSnapshotBeginEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .formatVersion(1)
            .nextOrderId(1_000_001L)
            .nextTradeId(500_001L)
            .instrumentCount(3)
            .accountCount(20)
            .orderCount(4_000_000_000L)
            .dayEndOffsetNs(79_200_000_000_000L);

        final EngineSnapshotBeginDecoder decoder = decode(1, new EngineSnapshotBeginDecoder());
        assertEquals(1, decoder.formatVersion());
        assertEquals(1_000_001L, decoder.nextOrderId());
        assertEquals(500_001L, decoder.nextTradeId());
        assertEquals(3, decoder.instrumentCount());
        assertEquals(20, decoder.accountCount());
        assertEquals(4_000_000_000L, decoder.orderCount());
        assertEquals(79_200_000_000_000L, decoder.dayEndOffsetNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripInstrumentRecord()
    {
        final InstrumentRecordEncoder encoder = new InstrumentRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .instrumentId(7)
            .tickSize(25L)
            .lotSize(100L);

        final InstrumentRecordDecoder decoder = decode(2, new InstrumentRecordDecoder());
        assertEquals(7, decoder.instrumentId());
        assertEquals(25L, decoder.tickSize());
        assertEquals(100L, decoder.lotSize());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripAccountRecord()
    {
        final AccountRecordEncoder encoder = new AccountRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(1001L)
            .stpMode((short)4)
            .stpGroup(77L);

        final AccountRecordDecoder decoder = decode(3, new AccountRecordDecoder());
        assertEquals(1001L, decoder.account());
        assertEquals((short)4, decoder.stpMode());
        assertEquals(77L, decoder.stpGroup());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripOrderRecord()
    {
        final OrderRecordEncoder encoder = new OrderRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .orderId(900_001L)
            .account(1002L)
            .clientOrderId(42L)
            .instrumentId(8)
            .side((short)2)
            .timeInForce((short)5)
            .postOnly((short)1)
            .price(101_250L)
            .quantity(3_000L)
            .filledQuantity(1_000L)
            .expireTimeNs(1_700_000_000_123_456_789L)
            .stpGroup(78L);

        final OrderRecordDecoder decoder = decode(4, new OrderRecordDecoder());
        assertEquals(900_001L, decoder.orderId());
        assertEquals(1002L, decoder.account());
        assertEquals(42L, decoder.clientOrderId());
        assertEquals(8, decoder.instrumentId());
        assertEquals((short)2, decoder.side());
        assertEquals((short)5, decoder.timeInForce());
        assertEquals((short)1, decoder.postOnly());
        assertEquals(101_250L, decoder.price());
        assertEquals(3_000L, decoder.quantity());
        assertEquals(1_000L, decoder.filledQuantity());
        assertEquals(1_700_000_000_123_456_789L, decoder.expireTimeNs());
        assertEquals(78L, decoder.stpGroup());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripEngineSnapshotEnd()
    {
        final EngineSnapshotEndEncoder encoder = new EngineSnapshotEndEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .instrumentCount(3)
            .accountCount(20)
            .orderCount(4_000_000_000L)
            .stateHash(0xCAFE_BABE_DEAD_BEEFL);

        final EngineSnapshotEndDecoder decoder = decode(5, new EngineSnapshotEndDecoder());
        assertEquals(3, decoder.instrumentCount());
        assertEquals(20, decoder.accountCount());
        assertEquals(4_000_000_000L, decoder.orderCount());
        assertEquals(0xCAFE_BABE_DEAD_BEEFL, decoder.stateHash());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripServiceSnapshotBegin()
    {
        final ServiceSnapshotBeginEncoder encoder = new ServiceSnapshotBeginEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .formatVersion(1)
            .sessionCount(12)
            .windowCount(300)
            .statusCount(70_000L)
            .expiryTimerDeadlineNs(Long.MAX_VALUE)
            .checkpointTimerDeadlineNs(1_795_000_000_000_000_000L)
            .checkpointCount(4_321L)
            .sessionSequence(99L);

        final ServiceSnapshotBeginDecoder decoder = decode(10, new ServiceSnapshotBeginDecoder());
        assertEquals(1, decoder.formatVersion());
        assertEquals(12, decoder.sessionCount());
        assertEquals(300, decoder.windowCount());
        assertEquals(70_000L, decoder.statusCount());
        assertEquals(Long.MAX_VALUE, decoder.expiryTimerDeadlineNs());
        assertEquals(1_795_000_000_000_000_000L, decoder.checkpointTimerDeadlineNs());
        assertEquals(4_321L, decoder.checkpointCount());
        assertEquals(99L, decoder.sessionSequence());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSessionRecord()
    {
        final SessionRecordEncoder encoder = new SessionRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clusterSessionId(17L)
            .account(200L)
            .role((short)2)
            .sessionToken(-8_765_432_101_234L);

        final SessionRecordDecoder decoder = decode(11, new SessionRecordDecoder());
        assertEquals(17L, decoder.clusterSessionId());
        assertEquals(200L, decoder.account());
        assertEquals(2, decoder.role());
        assertEquals(-8_765_432_101_234L, decoder.sessionToken());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripDedupWindowAndEntryRecords()
    {
        final DedupWindowRecordEncoder window = new DedupWindowRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(300L)
            .highestClientOrderId(5_000L)
            .forgottenHighWater(3_976L)
            .entryCount(1_024);
        final DedupWindowRecordDecoder windowDecoder = decode(12, new DedupWindowRecordDecoder());
        assertEquals(300L, windowDecoder.account());
        assertEquals(5_000L, windowDecoder.highestClientOrderId());
        assertEquals(3_976L, windowDecoder.forgottenHighWater());
        assertEquals(1_024, windowDecoder.entryCount());
        assertFullyRead(window, windowDecoder);

        final DedupEntryRecordEncoder entry = new DedupEntryRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .clientOrderId(4_999L)
            .kind((short)4)
            .orderId(0L)
            .rejectReason(65_535)
            .extra(12L)
            .extra2((7L << 8) | 2);
        final DedupEntryRecordDecoder entryDecoder = decode(13, new DedupEntryRecordDecoder());
        assertEquals(4_999L, entryDecoder.clientOrderId());
        assertEquals(4, entryDecoder.kind());
        assertEquals(0L, entryDecoder.orderId());
        assertEquals(65_535, entryDecoder.rejectReason());
        assertEquals(12L, entryDecoder.extra());
        assertEquals((7L << 8) | 2, entryDecoder.extra2());
        assertFullyRead(entry, entryDecoder);
    }

    @Test
    void shouldRoundTripOrderStatusRecord()
    {
        final OrderStatusRecordEncoder encoder = new OrderStatusRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .orderId(900_001L)
            .account(200L)
            .clientOrderId(77L)
            .origClientOrderId(76L)
            .instrumentId(3)
            .side((short)2)
            .orderType((short)1)
            .timeInForce((short)5)
            .orderStatus((short)2)
            .price(30_015L)
            .quantity(10L)
            .cumQuantity(4L)
            .leavesQuantity(6L)
            .live((short)1);

        final OrderStatusRecordDecoder decoder = decode(14, new OrderStatusRecordDecoder());
        assertEquals(900_001L, decoder.orderId());
        assertEquals(200L, decoder.account());
        assertEquals(77L, decoder.clientOrderId());
        assertEquals(76L, decoder.origClientOrderId());
        assertEquals(3, decoder.instrumentId());
        assertEquals(2, decoder.side());
        assertEquals(1, decoder.orderType());
        assertEquals(5, decoder.timeInForce());
        assertEquals(2, decoder.orderStatus());
        assertEquals(30_015L, decoder.price());
        assertEquals(10L, decoder.quantity());
        assertEquals(4L, decoder.cumQuantity());
        assertEquals(6L, decoder.leavesQuantity());
        assertEquals(1, decoder.live());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripServiceSnapshotEnd()
    {
        final ServiceSnapshotEndEncoder encoder = new ServiceSnapshotEndEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionCount(12)
            .windowCount(300)
            .statusCount(70_000L)
            .stateHash(0x5EED_F00D_CAFE_BEEFL);

        final ServiceSnapshotEndDecoder decoder = decode(15, new ServiceSnapshotEndDecoder());
        assertEquals(12, decoder.sessionCount());
        assertEquals(300, decoder.windowCount());
        assertEquals(70_000L, decoder.statusCount());
        assertEquals(0x5EED_F00D_CAFE_BEEFL, decoder.stateHash());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripRiskSnapshotBeginAndEnd()
    {
        final RiskSnapshotBeginEncoder beginEncoder = new RiskSnapshotBeginEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .formatVersion(1)
            .instrumentCount(3)
            .accountCount(40_000)
            .positionCount(5_000_000_000L)
            .throttleEntryCount(7_000_000_000L);
        final RiskSnapshotBeginDecoder beginDecoder = decode(20, new RiskSnapshotBeginDecoder());
        assertEquals(1, beginDecoder.formatVersion());
        assertEquals(3, beginDecoder.instrumentCount());
        assertEquals(40_000, beginDecoder.accountCount());
        assertEquals(5_000_000_000L, beginDecoder.positionCount());
        assertEquals(7_000_000_000L, beginDecoder.throttleEntryCount());
        assertFullyRead(beginEncoder, beginDecoder);

        final RiskSnapshotEndEncoder endEncoder = new RiskSnapshotEndEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .instrumentCount(3)
            .accountCount(40_000)
            .positionCount(5_000_000_000L)
            .throttleEntryCount(7_000_000_000L)
            .stateHash(0x1F2E3D4C5B6A7988L);
        final RiskSnapshotEndDecoder endDecoder = decode(25, new RiskSnapshotEndDecoder());
        assertEquals(3, endDecoder.instrumentCount());
        assertEquals(40_000, endDecoder.accountCount());
        assertEquals(5_000_000_000L, endDecoder.positionCount());
        assertEquals(7_000_000_000L, endDecoder.throttleEntryCount());
        assertEquals(0x1F2E3D4C5B6A7988L, endDecoder.stateHash());
        assertFullyRead(endEncoder, endDecoder);
    }

    @Test
    void shouldRoundTripInstrumentRiskRecord()
    {
        final InstrumentRiskRecordEncoder encoder = new InstrumentRiskRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .instrumentId(7)
            .tradingStatus((short)3)
            .priceBandBps(250)
            .referencePrice(Long.MIN_VALUE)
            .lastTradePrice(1_000_500L)
            .maxOrderQuantity(Long.MIN_VALUE)
            .maxOrderNotional(9_000_000_000_000L);
        final InstrumentRiskRecordDecoder decoder = decode(21, new InstrumentRiskRecordDecoder());
        assertEquals(7, decoder.instrumentId());
        assertEquals(3, decoder.tradingStatus());
        assertEquals(250, decoder.priceBandBps());
        assertEquals(Long.MIN_VALUE, decoder.referencePrice());
        assertEquals(1_000_500L, decoder.lastTradePrice());
        assertEquals(Long.MIN_VALUE, decoder.maxOrderQuantity());
        assertEquals(9_000_000_000_000L, decoder.maxOrderNotional());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripAccountRiskThrottleAndPositionRecords()
    {
        final AccountRiskRecordEncoder accountEncoder = new AccountRiskRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(42L)
            .maxOpenOrders(Integer.MIN_VALUE)
            .maxLongPosition(1_000L)
            .maxShortPosition(0L)
            .creditLimit(Long.MIN_VALUE)
            .throttleRejectPerSecond(100_000)
            .throttleDisconnectPerSecond(Integer.MIN_VALUE)
            .cancelOnDisconnect((short)1)
            .killSwitchEngaged((short)0)
            .throttleEntryCount(100_001)
            .positionCount(12);
        final AccountRiskRecordDecoder accountDecoder = decode(22, new AccountRiskRecordDecoder());
        assertEquals(42L, accountDecoder.account());
        assertEquals(Integer.MIN_VALUE, accountDecoder.maxOpenOrders());
        assertEquals(1_000L, accountDecoder.maxLongPosition());
        assertEquals(0L, accountDecoder.maxShortPosition());
        assertEquals(Long.MIN_VALUE, accountDecoder.creditLimit());
        assertEquals(100_000, accountDecoder.throttleRejectPerSecond());
        assertEquals(Integer.MIN_VALUE, accountDecoder.throttleDisconnectPerSecond());
        assertEquals(1, accountDecoder.cancelOnDisconnect());
        assertEquals(0, accountDecoder.killSwitchEngaged());
        assertEquals(100_001, accountDecoder.throttleEntryCount());
        assertEquals(12, accountDecoder.positionCount());
        assertFullyRead(accountEncoder, accountDecoder);

        final ThrottleEntryRecordEncoder throttleEncoder = new ThrottleEntryRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .timeNs(1_700_000_000_123_456_789L);
        final ThrottleEntryRecordDecoder throttleDecoder = decode(23, new ThrottleEntryRecordDecoder());
        assertEquals(1_700_000_000_123_456_789L, throttleDecoder.timeNs());
        assertFullyRead(throttleEncoder, throttleDecoder);

        final PositionRecordEncoder positionEncoder = new PositionRecordEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .instrumentId(3)
            .position(-250L)
            .netNotional(-1_250_000L);
        final PositionRecordDecoder positionDecoder = decode(24, new PositionRecordDecoder());
        assertEquals(3, positionDecoder.instrumentId());
        assertEquals(-250L, positionDecoder.position());
        assertEquals(-1_250_000L, positionDecoder.netNotional());
        assertFullyRead(positionEncoder, positionDecoder);
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
