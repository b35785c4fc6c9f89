package dev.bourse.schemas;

import dev.bourse.schemas.marketdata.BestBidOfferDecoder;
import dev.bourse.schemas.marketdata.BestBidOfferEncoder;
import dev.bourse.schemas.marketdata.HeartbeatDecoder;
import dev.bourse.schemas.marketdata.HeartbeatEncoder;
import dev.bourse.schemas.marketdata.InstrumentDefinitionDecoder;
import dev.bourse.schemas.marketdata.InstrumentDefinitionEncoder;
import dev.bourse.schemas.marketdata.MatchEventIndicatorDecoder;
import dev.bourse.schemas.marketdata.MessageHeaderDecoder;
import dev.bourse.schemas.marketdata.MessageHeaderEncoder;
import dev.bourse.schemas.marketdata.OrderAddedDecoder;
import dev.bourse.schemas.marketdata.OrderAddedEncoder;
import dev.bourse.schemas.marketdata.OrderDeletedDecoder;
import dev.bourse.schemas.marketdata.OrderDeletedEncoder;
import dev.bourse.schemas.marketdata.OrderExecutedDecoder;
import dev.bourse.schemas.marketdata.OrderExecutedEncoder;
import dev.bourse.schemas.marketdata.OrderModifiedDecoder;
import dev.bourse.schemas.marketdata.OrderModifiedEncoder;
import dev.bourse.schemas.marketdata.PacketHeaderDecoder;
import dev.bourse.schemas.marketdata.PacketHeaderEncoder;
import dev.bourse.schemas.marketdata.Side;
import dev.bourse.schemas.marketdata.SnapshotBookDecoder;
import dev.bourse.schemas.marketdata.SnapshotBookEncoder;
import dev.bourse.schemas.marketdata.SnapshotLoopBeginDecoder;
import dev.bourse.schemas.marketdata.SnapshotLoopBeginEncoder;
import dev.bourse.schemas.marketdata.SnapshotLoopEndDecoder;
import dev.bourse.schemas.marketdata.SnapshotLoopEndEncoder;
import dev.bourse.schemas.marketdata.StreamKind;
import dev.bourse.schemas.marketdata.TradeDecoder;
import dev.bourse.schemas.marketdata.TradeEncoder;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.marketdata.TradingStatusDecoder;
import dev.bourse.schemas.marketdata.TradingStatusEncoder;
import dev.bourse.schemas.marketdata.TradingStatusReason;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketDataCodecTest
{
    private static final int SCHEMA_ID = 2;
    private static final int SCHEMA_VERSION = 1;
    private static final int OFFSET = 8;
    private static final long TIME_NS = 1_700_000_000_123_456_789L;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @Test
    void shouldRoundTripPacketHeader()
    {
        final PacketHeaderEncoder encoder = new PacketHeaderEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .firstSequence(1_000_001L)
            .sendingTimeNs(TIME_NS)
            .messageCount(65_535)
            .streamKind(StreamKind.SNAPSHOT)
            .publisherId((short)2);

        final PacketHeaderDecoder decoder = decode(1, new PacketHeaderDecoder());
        assertEquals(1_000_001L, decoder.firstSequence());
        assertEquals(TIME_NS, decoder.sendingTimeNs());
        assertEquals(65_535, decoder.messageCount());
        assertEquals(StreamKind.SNAPSHOT, decoder.streamKind());
        assertEquals((short)2, decoder.publisherId());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripHeartbeatPacket()
    {
        final PacketHeaderEncoder packet = new PacketHeaderEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .firstSequence(501L)
            .sendingTimeNs(TIME_NS + 5)
            .messageCount(1)
            .streamKind(StreamKind.INCREMENTAL)
            .publisherId((short)1);
        final int heartbeatOffset = OFFSET + MessageHeaderEncoder.ENCODED_LENGTH + packet.encodedLength();
        final HeartbeatEncoder encoder = new HeartbeatEncoder()
            .wrapAndApplyHeader(buffer, heartbeatOffset, headerEncoder)
            .nextSequence(501L)
            .lastTransactTimeNs(TIME_NS);

        final PacketHeaderDecoder packetDecoder = decode(1, new PacketHeaderDecoder());
        assertEquals(501L, packetDecoder.firstSequence());
        assertEquals(TIME_NS + 5, packetDecoder.sendingTimeNs());
        assertEquals(1, packetDecoder.messageCount());
        assertEquals(StreamKind.INCREMENTAL, packetDecoder.streamKind());
        assertEquals((short)1, packetDecoder.publisherId());

        final HeartbeatDecoder decoder = decode(heartbeatOffset, 2, new HeartbeatDecoder());
        assertEquals(501L, decoder.nextSequence());
        assertEquals(TIME_NS, decoder.lastTransactTimeNs());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripInstrumentDefinition()
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(11L)
            .transactTimeNs(TIME_NS)
            .instrumentSequence(1L)
            .instrumentId(7)
            .tickSize(25L)
            .lotSize(100L)
            .symbol("BTC-USD")
            .referencePrice(6_500_000L)
            .priceBandBps(500);
        encoder.matchEventIndicator().clear().endOfEvent(true);

        final InstrumentDefinitionDecoder decoder = decode(10, new InstrumentDefinitionDecoder());
        assertEquals(11L, decoder.sequence());
        assertEquals(TIME_NS, decoder.transactTimeNs());
        assertEquals(1L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, false, false, true);
        assertEquals(25L, decoder.tickSize());
        assertEquals(100L, decoder.lotSize());
        assertEquals("BTC-USD", decoder.symbol());
        assertEquals(6_500_000L, decoder.referencePrice());
        assertEquals(500, decoder.priceBandBps());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripRecoveryInstrumentDefinitionWithoutBandAndWithFullLengthSymbol()
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(12L)
            .transactTimeNs(TIME_NS + 1)
            .instrumentSequence(2L)
            .instrumentId(8)
            .tickSize(1L)
            .lotSize(1L)
            .symbol("ABCDEFGHIJKLMNOP")
            .referencePrice(InstrumentDefinitionEncoder.referencePriceNullValue())
            .priceBandBps(0);
        encoder.matchEventIndicator().clear().recovery(true).endOfEvent(true);

        final InstrumentDefinitionDecoder decoder = decode(10, new InstrumentDefinitionDecoder());
        assertEquals(12L, decoder.sequence());
        assertEquals(TIME_NS + 1, decoder.transactTimeNs());
        assertEquals(2L, decoder.instrumentSequence());
        assertEquals(8, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, false, true, true);
        assertEquals(1L, decoder.tickSize());
        assertEquals(1L, decoder.lotSize());
        assertEquals("ABCDEFGHIJKLMNOP", decoder.symbol());
        assertEquals(16, InstrumentDefinitionDecoder.symbolLength());
        assertEquals(Long.MIN_VALUE, decoder.referencePrice());
        assertEquals(InstrumentDefinitionDecoder.referencePriceNullValue(), decoder.referencePrice());
        assertEquals(0, decoder.priceBandBps());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripTradingStatus()
    {
        final TradingStatusEncoder encoder = new TradingStatusEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(13L)
            .transactTimeNs(TIME_NS + 2)
            .instrumentSequence(3L)
            .instrumentId(9)
            .tradingStatus(TradingStatus.HALTED)
            .reason(TradingStatusReason.ADMIN);
        encoder.matchEventIndicator().clear().endOfEvent(true);

        final TradingStatusDecoder decoder = decode(11, new TradingStatusDecoder());
        assertEquals(13L, decoder.sequence());
        assertEquals(TIME_NS + 2, decoder.transactTimeNs());
        assertEquals(3L, decoder.instrumentSequence());
        assertEquals(9, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, false, false, true);
        assertEquals(TradingStatus.HALTED, decoder.tradingStatus());
        assertEquals(TradingStatusReason.ADMIN, decoder.reason());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripOrderAdded()
    {
        final OrderAddedEncoder encoder = new OrderAddedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(14L)
            .transactTimeNs(TIME_NS + 3)
            .instrumentSequence(4L)
            .instrumentId(7)
            .orderId(900_001L)
            .side(Side.BUY)
            .price(6_499_975L)
            .quantity(300L);
        encoder.matchEventIndicator().clear().lastQuote(true);

        final OrderAddedDecoder decoder = decode(20, new OrderAddedDecoder());
        assertEquals(14L, decoder.sequence());
        assertEquals(TIME_NS + 3, decoder.transactTimeNs());
        assertEquals(4L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, true, false, false);
        assertEquals(900_001L, decoder.orderId());
        assertEquals(Side.BUY, decoder.side());
        assertEquals(6_499_975L, decoder.price());
        assertEquals(300L, decoder.quantity());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripOrderModified()
    {
        final OrderModifiedEncoder encoder = new OrderModifiedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(15L)
            .transactTimeNs(TIME_NS + 4)
            .instrumentSequence(5L)
            .instrumentId(7)
            .orderId(900_001L)
            .side(Side.BUY)
            .price(6_499_975L)
            .quantity(200L);
        encoder.matchEventIndicator().clear().lastQuote(true).endOfEvent(true);

        final OrderModifiedDecoder decoder = decode(21, new OrderModifiedDecoder());
        assertEquals(15L, decoder.sequence());
        assertEquals(TIME_NS + 4, decoder.transactTimeNs());
        assertEquals(5L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, true, false, true);
        assertEquals((short)0x84, decoder.matchEventIndicator().getRaw(), "CME MDP 3.0 bit positions");
        assertEquals(900_001L, decoder.orderId());
        assertEquals(Side.BUY, decoder.side());
        assertEquals(6_499_975L, decoder.price());
        assertEquals(200L, decoder.quantity());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripOrderDeleted()
    {
        final OrderDeletedEncoder encoder = new OrderDeletedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(16L)
            .transactTimeNs(TIME_NS + 5)
            .instrumentSequence(6L)
            .instrumentId(7)
            .orderId(900_002L)
            .side(Side.SELL)
            .price(6_500_025L)
            .quantity(700L);
        encoder.matchEventIndicator().clear().lastQuote(true).endOfEvent(true);

        final OrderDeletedDecoder decoder = decode(22, new OrderDeletedDecoder());
        assertEquals(16L, decoder.sequence());
        assertEquals(TIME_NS + 5, decoder.transactTimeNs());
        assertEquals(6L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, true, false, true);
        assertEquals(900_002L, decoder.orderId());
        assertEquals(Side.SELL, decoder.side());
        assertEquals(6_500_025L, decoder.price());
        assertEquals(700L, decoder.quantity());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripOrderExecuted()
    {
        final OrderExecutedEncoder encoder = new OrderExecutedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(17L)
            .transactTimeNs(TIME_NS + 6)
            .instrumentSequence(7L)
            .instrumentId(7)
            .orderId(900_003L)
            .side(Side.SELL)
            .price(6_500_000L)
            .executedQuantity(100L)
            .leavesQuantity(0L)
            .tradeId(40_001L);
        encoder.matchEventIndicator().clear();

        final OrderExecutedDecoder decoder = decode(23, new OrderExecutedDecoder());
        assertEquals(17L, decoder.sequence());
        assertEquals(TIME_NS + 6, decoder.transactTimeNs());
        assertEquals(7L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, false, false, false);
        assertTrue(decoder.matchEventIndicator().isEmpty());
        assertEquals(900_003L, decoder.orderId());
        assertEquals(Side.SELL, decoder.side());
        assertEquals(6_500_000L, decoder.price());
        assertEquals(100L, decoder.executedQuantity());
        assertEquals(0L, decoder.leavesQuantity());
        assertEquals(40_001L, decoder.tradeId());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripTrade()
    {
        final TradeEncoder encoder = new TradeEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(18L)
            .transactTimeNs(TIME_NS + 7)
            .instrumentSequence(8L)
            .instrumentId(7)
            .tradeId(40_001L)
            .price(6_500_000L)
            .quantity(100L)
            .aggressorSide(Side.BUY)
            .makerOrderId(900_003L)
            .takerOrderId(900_004L);
        encoder.matchEventIndicator().clear().lastTrade(true);

        final TradeDecoder decoder = decode(24, new TradeDecoder());
        assertEquals(18L, decoder.sequence());
        assertEquals(TIME_NS + 7, decoder.transactTimeNs());
        assertEquals(8L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), true, false, false, false);
        assertEquals(40_001L, decoder.tradeId());
        assertEquals(6_500_000L, decoder.price());
        assertEquals(100L, decoder.quantity());
        assertEquals(Side.BUY, decoder.aggressorSide());
        assertEquals(900_003L, decoder.makerOrderId());
        assertEquals(900_004L, decoder.takerOrderId());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripBestBidOffer()
    {
        final BestBidOfferEncoder encoder = new BestBidOfferEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(19L)
            .transactTimeNs(TIME_NS + 8)
            .instrumentSequence(9L)
            .instrumentId(7)
            .bidPrice(6_499_975L)
            .bidQuantity(1_200L)
            .askPrice(6_500_025L)
            .askQuantity(800L);
        encoder.matchEventIndicator().clear().lastQuote(true).endOfEvent(true);

        final BestBidOfferDecoder decoder = decode(25, new BestBidOfferDecoder());
        assertEquals(19L, decoder.sequence());
        assertEquals(TIME_NS + 8, decoder.transactTimeNs());
        assertEquals(9L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, true, false, true);
        assertEquals(6_499_975L, decoder.bidPrice());
        assertEquals(1_200L, decoder.bidQuantity());
        assertEquals(6_500_025L, decoder.askPrice());
        assertEquals(800L, decoder.askQuantity());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripBestBidOfferWithEmptyBidSide()
    {
        final BestBidOfferEncoder encoder = new BestBidOfferEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sequence(20L)
            .transactTimeNs(TIME_NS + 9)
            .instrumentSequence(10L)
            .instrumentId(7)
            .bidPrice(BestBidOfferEncoder.bidPriceNullValue())
            .bidQuantity(0L)
            .askPrice(6_500_025L)
            .askQuantity(800L);
        encoder.matchEventIndicator().clear().lastQuote(true).endOfEvent(true);

        final BestBidOfferDecoder decoder = decode(25, new BestBidOfferDecoder());
        assertEquals(20L, decoder.sequence());
        assertEquals(TIME_NS + 9, decoder.transactTimeNs());
        assertEquals(10L, decoder.instrumentSequence());
        assertEquals(7, decoder.instrumentId());
        assertIndicator(decoder.matchEventIndicator(), false, true, false, true);
        assertEquals(Long.MIN_VALUE, decoder.bidPrice());
        assertEquals(BestBidOfferDecoder.bidPriceNullValue(), decoder.bidPrice());
        assertEquals(0L, decoder.bidQuantity());
        assertEquals(6_500_025L, decoder.askPrice());
        assertEquals(800L, decoder.askQuantity());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSnapshotLoopBegin()
    {
        final SnapshotLoopBeginEncoder encoder = new SnapshotLoopBeginEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .loopId(33L)
            .instrumentCount(4)
            .lastSequence(1_000_000L);

        final SnapshotLoopBeginDecoder decoder = decode(40, new SnapshotLoopBeginDecoder());
        assertEquals(33L, decoder.loopId());
        assertEquals(4, decoder.instrumentCount());
        assertEquals(1_000_000L, decoder.lastSequence());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSnapshotBookChunkWithOrdersInPriorityOrder()
    {
        final SnapshotBookEncoder encoder = new SnapshotBookEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .loopId(33L)
            .lastSequence(1_000_010L)
            .instrumentSequence(250L)
            .transactTimeNs(TIME_NS + 10)
            .instrumentId(7)
            .tradingStatus(TradingStatus.OPEN)
            .chunkIndex(1)
            .chunkCount(3)
            .totalOrderCount(1_203);
        final SnapshotBookEncoder.OrdersEncoder orders = encoder.ordersCount(3);
        orders.next().orderId(900_010L).side(Side.BUY).price(6_499_975L).quantity(100L);
        orders.next().orderId(900_011L).side(Side.BUY).price(6_499_950L).quantity(200L);
        orders.next().orderId(900_012L).side(Side.SELL).price(6_500_025L).quantity(300L);

        final SnapshotBookDecoder decoder = decode(41, new SnapshotBookDecoder());
        assertEquals(33L, decoder.loopId());
        assertEquals(1_000_010L, decoder.lastSequence());
        assertEquals(250L, decoder.instrumentSequence());
        assertEquals(TIME_NS + 10, decoder.transactTimeNs());
        assertEquals(7, decoder.instrumentId());
        assertEquals(TradingStatus.OPEN, decoder.tradingStatus());
        assertEquals(1, decoder.chunkIndex());
        assertEquals(3, decoder.chunkCount());
        assertEquals(1_203, decoder.totalOrderCount());
        final SnapshotBookDecoder.OrdersDecoder ordersDecoder = decoder.orders();
        assertEquals(3, ordersDecoder.count());
        assertBookOrder(ordersDecoder.next(), 900_010L, Side.BUY, 6_499_975L, 100L);
        assertBookOrder(ordersDecoder.next(), 900_011L, Side.BUY, 6_499_950L, 200L);
        assertBookOrder(ordersDecoder.next(), 900_012L, Side.SELL, 6_500_025L, 300L);
        assertFalse(ordersDecoder.hasNext());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSnapshotBookOfAnEmptyBook()
    {
        final SnapshotBookEncoder encoder = new SnapshotBookEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .loopId(34L)
            .lastSequence(1_000_020L)
            .instrumentSequence(0L)
            .transactTimeNs(TIME_NS + 11)
            .instrumentId(8)
            .tradingStatus(TradingStatus.PRE_OPEN)
            .chunkIndex(0)
            .chunkCount(1)
            .totalOrderCount(0);
        encoder.ordersCount(0);

        final SnapshotBookDecoder decoder = decode(41, new SnapshotBookDecoder());
        assertEquals(34L, decoder.loopId());
        assertEquals(1_000_020L, decoder.lastSequence());
        assertEquals(0L, decoder.instrumentSequence());
        assertEquals(TIME_NS + 11, decoder.transactTimeNs());
        assertEquals(8, decoder.instrumentId());
        assertEquals(TradingStatus.PRE_OPEN, decoder.tradingStatus());
        assertEquals(0, decoder.chunkIndex());
        assertEquals(1, decoder.chunkCount());
        assertEquals(0, decoder.totalOrderCount());
        final SnapshotBookDecoder.OrdersDecoder ordersDecoder = decoder.orders();
        assertEquals(0, ordersDecoder.count());
        assertFalse(ordersDecoder.hasNext());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldRoundTripSnapshotLoopEnd()
    {
        final SnapshotLoopEndEncoder encoder = new SnapshotLoopEndEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .loopId(33L)
            .instrumentCount(4);

        final SnapshotLoopEndDecoder decoder = decode(42, new SnapshotLoopEndDecoder());
        assertEquals(33L, decoder.loopId());
        assertEquals(4, decoder.instrumentCount());
        assertFullyRead(encoder, decoder);
    }

    @Test
    void shouldWalkAPacketOfConsecutiveMessagesOfOneMatchEvent()
    {
        int offset = OFFSET;
        offset += framed(new PacketHeaderEncoder().wrapAndApplyHeader(buffer, offset, headerEncoder)
            .firstSequence(101L).sendingTimeNs(TIME_NS + 20).messageCount(3)
            .streamKind(StreamKind.INCREMENTAL).publisherId((short)3));
        final OrderExecutedEncoder executed = new OrderExecutedEncoder()
            .wrapAndApplyHeader(buffer, offset, headerEncoder)
            .sequence(101L).transactTimeNs(TIME_NS).instrumentSequence(51L).instrumentId(7)
            .orderId(900_020L).side(Side.SELL).price(6_500_000L).executedQuantity(100L).leavesQuantity(0L)
            .tradeId(40_002L);
        executed.matchEventIndicator().clear().lastQuote(true);
        offset += framed(executed);
        final TradeEncoder trade = new TradeEncoder().wrapAndApplyHeader(buffer, offset, headerEncoder)
            .sequence(102L).transactTimeNs(TIME_NS).instrumentSequence(52L).instrumentId(7)
            .tradeId(40_002L).price(6_500_000L).quantity(100L).aggressorSide(Side.BUY)
            .makerOrderId(900_020L).takerOrderId(900_021L);
        trade.matchEventIndicator().clear().lastTrade(true);
        offset += framed(trade);
        final BestBidOfferEncoder bbo = new BestBidOfferEncoder().wrapAndApplyHeader(buffer, offset, headerEncoder)
            .sequence(103L).transactTimeNs(TIME_NS).instrumentSequence(53L).instrumentId(7)
            .bidPrice(6_499_975L).bidQuantity(500L)
            .askPrice(BestBidOfferEncoder.askPriceNullValue()).askQuantity(0L);
        bbo.matchEventIndicator().clear().endOfEvent(true);
        final int packetLength = offset + framed(bbo) - OFFSET;

        int readOffset = OFFSET;
        final PacketHeaderDecoder packet = decode(readOffset, 1, new PacketHeaderDecoder());
        assertEquals(101L, packet.firstSequence());
        assertEquals(3, packet.messageCount());
        assertEquals((short)3, packet.publisherId());
        readOffset += MessageHeaderDecoder.ENCODED_LENGTH + packet.encodedLength();
        final OrderExecutedDecoder executedDecoder = decode(readOffset, 23, new OrderExecutedDecoder());
        assertEquals(packet.firstSequence(), executedDecoder.sequence());
        assertEquals(40_002L, executedDecoder.tradeId());
        assertIndicator(executedDecoder.matchEventIndicator(), false, true, false, false);
        readOffset += MessageHeaderDecoder.ENCODED_LENGTH + executedDecoder.encodedLength();
        final TradeDecoder tradeDecoder = decode(readOffset, 24, new TradeDecoder());
        assertEquals(packet.firstSequence() + 1, tradeDecoder.sequence());
        assertEquals(40_002L, tradeDecoder.tradeId());
        assertIndicator(tradeDecoder.matchEventIndicator(), true, false, false, false);
        readOffset += MessageHeaderDecoder.ENCODED_LENGTH + tradeDecoder.encodedLength();
        final BestBidOfferDecoder bboDecoder = decode(readOffset, 25, new BestBidOfferDecoder());
        assertEquals(packet.firstSequence() + 2, bboDecoder.sequence());
        assertEquals(BestBidOfferDecoder.askPriceNullValue(), bboDecoder.askPrice());
        assertIndicator(bboDecoder.matchEventIndicator(), false, false, false, true);
        readOffset += MessageHeaderDecoder.ENCODED_LENGTH + bboDecoder.encodedLength();
        assertEquals(packetLength, readOffset - OFFSET);
    }

    private static int framed(final MessageEncoderFlyweight encoder)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static void assertBookOrder(
        final SnapshotBookDecoder.OrdersDecoder order,
        final long orderId,
        final Side side,
        final long price,
        final long quantity)
    {
        assertEquals(orderId, order.orderId());
        assertEquals(side, order.side());
        assertEquals(price, order.price());
        assertEquals(quantity, order.quantity());
    }

    private static void assertIndicator(
        final MatchEventIndicatorDecoder indicator,
        final boolean lastTrade,
        final boolean lastQuote,
        final boolean recovery,
        final boolean endOfEvent)
    {
        assertEquals(lastTrade, indicator.lastTrade(), "lastTrade");
        assertEquals(lastQuote, indicator.lastQuote(), "lastQuote");
        assertEquals(recovery, indicator.recovery(), "recovery");
        assertEquals(endOfEvent, indicator.endOfEvent(), "endOfEvent");
    }

    private <T extends MessageDecoderFlyweight> T decode(final int templateId, final T decoder)
    {
        return decode(OFFSET, templateId, decoder);
    }

    private <T extends MessageDecoderFlyweight> T decode(final int offset, final int templateId, final T decoder)
    {
        headerDecoder.wrap(buffer, offset);
        assertEquals(SCHEMA_ID, headerDecoder.schemaId(), "schemaId");
        assertEquals(SCHEMA_VERSION, headerDecoder.version(), "version");
        assertEquals(templateId, headerDecoder.templateId(), "templateId");
        assertEquals(decoder.sbeBlockLength(), headerDecoder.blockLength(), "blockLength");
        decoder.wrap(
            buffer, offset + headerDecoder.encodedLength(), headerDecoder.blockLength(), headerDecoder.version());

        return decoder;
    }

    private static void assertFullyRead(final MessageEncoderFlyweight encoder, final MessageDecoderFlyweight decoder)
    {
        assertEquals(encoder.encodedLength(), decoder.encodedLength(), "encodedLength");
    }
}
