package dev.bourse.client.marketdata;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

import dev.bourse.schemas.marketdata.BestBidOfferDecoder;
import dev.bourse.schemas.marketdata.InstrumentDefinitionDecoder;
import dev.bourse.schemas.marketdata.MessageHeaderDecoder;
import dev.bourse.schemas.marketdata.OrderAddedDecoder;
import dev.bourse.schemas.marketdata.OrderDeletedDecoder;
import dev.bourse.schemas.marketdata.OrderExecutedDecoder;
import dev.bourse.schemas.marketdata.OrderModifiedDecoder;
import dev.bourse.schemas.marketdata.StreamKind;
import dev.bourse.schemas.marketdata.TradeDecoder;
import dev.bourse.schemas.marketdata.TradingStatusDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol handler driven directly with encoded packets: no Aeron, a manual clock.
 */
class FeedHandlerTest
{
    private static final int INSTRUMENT = 3;

    private final TestFeed feed = new TestFeed();
    private final RecordingListener listener = new RecordingListener();
    private final PacketWriter writer = new PacketWriter();
    private FeedHandler handler = new FeedHandler(listener, new int[0], 1_000_000_000L, 1024 * 1024);
    private long nowNs = 1;

    @Test
    void shouldBuildBookFromRandomEvents()
    {
        handler.doWork(nowNs);
        feed.define(INSTRUMENT, "RND");
        feed.limit(INSTRUMENT, 1, TestFeed.BUY, 99, 10);
        feed.limit(INSTRUMENT, 2, TestFeed.BUY, 99, 5);
        feed.limit(INSTRUMENT, 3, TestFeed.BUY, 98, 7);
        feed.limit(INSTRUMENT, 4, TestFeed.SELL, 101, 4);
        feed.limit(INSTRUMENT, 5, TestFeed.SELL, 102, 6);
        feed.limit(INSTRUMENT, 6, TestFeed.SELL, 99, 12);
        feed.reduce(INSTRUMENT, 3, 2);
        feed.cancel(INSTRUMENT, 5);
        feed.randomEvents(INSTRUMENT, 2_000, new Random(1));
        send(1, feed.lastSequence(), 3);

        assertEquals(0, handler.bookErrorCount());
        assertTrue(handler.isLive());
        assertEquals(feed.lastSequence(), handler.lastSequence());
        assertEquals(feed.bookHash(INSTRUMENT), handler.book(INSTRUMENT).bookHash());
        assertEquals(0, handler.bboMismatchCount());
    }

    @Test
    void shouldJoinLateFromSnapshot()
    {
        feed.define(INSTRUMENT, "LATE");
        feed.randomEvents(INSTRUMENT, 200, new Random(2));
        handler.doWork(nowNs);
        heartbeat();
        snapshot(feed.snapshotLoop(1, 50), 2);

        assertTrue(handler.isLive());
        assertEquals(feed.bookHash(INSTRUMENT), handler.book(INSTRUMENT).bookHash());
    }

    @Test
    void shouldRestartRecoveryWhenBufferOverflows()
    {
        handler = new FeedHandler(listener, new int[0], 1_000_000_000L, 64 * 1024);
        feed.define(INSTRUMENT, "OVF");
        feed.randomEvents(INSTRUMENT, 10, new Random(3));
        handler.doWork(nowNs);
        final long from = feed.lastSequence() + 1;
        feed.randomEvents(INSTRUMENT, 2_000, new Random(4));
        send(from, feed.lastSequence(), 4);

        assertFalse(handler.isLive());
        assertTrue(listener.recoveriesStarted.contains(RecoveryReason.BUFFER_OVERFLOW));
        snapshot(feed.snapshotLoop(1, 50), 3);
        assertTrue(handler.isLive());
        assertEquals(feed.bookHash(INSTRUMENT), handler.book(INSTRUMENT).bookHash());
    }

    @Test
    void shouldRecoverWhenMessageDoesNotFitBook()
    {
        handler.doWork(nowNs);
        feed.define(INSTRUMENT, "ERR");
        feed.limit(INSTRUMENT, 1, TestFeed.BUY, 10, 5);
        feed.cancel(INSTRUMENT, 1);
        feed.limit(INSTRUMENT, 2, TestFeed.SELL, 11, 5);
        final int orderIdOffset = MessageHeaderDecoder.ENCODED_LENGTH + OrderAddedDecoder.orderIdEncodingOffset();
        new UnsafeBuffer(feed.message(3)).putLong(orderIdOffset, 99, ByteOrder.LITTLE_ENDIAN);
        send(1, feed.lastSequence(), 1);

        assertEquals(1, handler.bookErrorCount());
        assertFalse(handler.isLive());
        assertEquals(RecoveryReason.BOOK_INCONSISTENT, listener.recoveriesStarted.get(1));
        snapshot(feed.snapshotLoop(1, 50), 2);
        assertTrue(handler.isLive());
        assertEquals(feed.bookHash(INSTRUMENT), handler.book(INSTRUMENT).bookHash());
    }

    @Test
    void shouldKeepOnlyFilteredInstruments()
    {
        handler = new FeedHandler(listener, new int[]{ INSTRUMENT }, 1_000_000_000L, 1024 * 1024);
        handler.doWork(nowNs);
        feed.define(INSTRUMENT, "KEEP");
        feed.define(INSTRUMENT + 1, "DROP");
        feed.randomEvents(INSTRUMENT, 100, new Random(5));
        feed.randomEvents(INSTRUMENT + 1, 100, new Random(6));
        send(1, feed.lastSequence(), 5);

        assertTrue(handler.isLive());
        assertEquals(null, handler.book(INSTRUMENT + 1));
        assertEquals(feed.bookHash(INSTRUMENT), handler.book(INSTRUMENT).bookHash());
    }

    @Test
    void shouldFindCommonFieldsAtTheSameOffsetsInEveryIncrementalTemplate()
    {
        final int[][] offsets = {
            { InstrumentDefinitionDecoder.sequenceEncodingOffset(),
                InstrumentDefinitionDecoder.transactTimeNsEncodingOffset(),
                InstrumentDefinitionDecoder.instrumentSequenceEncodingOffset(),
                InstrumentDefinitionDecoder.instrumentIdEncodingOffset(),
                InstrumentDefinitionDecoder.matchEventIndicatorEncodingOffset() },
            { TradingStatusDecoder.sequenceEncodingOffset(), TradingStatusDecoder.transactTimeNsEncodingOffset(),
                TradingStatusDecoder.instrumentSequenceEncodingOffset(),
                TradingStatusDecoder.instrumentIdEncodingOffset(),
                TradingStatusDecoder.matchEventIndicatorEncodingOffset() },
            { OrderModifiedDecoder.sequenceEncodingOffset(), OrderModifiedDecoder.transactTimeNsEncodingOffset(),
                OrderModifiedDecoder.instrumentSequenceEncodingOffset(),
                OrderModifiedDecoder.instrumentIdEncodingOffset(),
                OrderModifiedDecoder.matchEventIndicatorEncodingOffset() },
            { OrderDeletedDecoder.sequenceEncodingOffset(), OrderDeletedDecoder.transactTimeNsEncodingOffset(),
                OrderDeletedDecoder.instrumentSequenceEncodingOffset(),
                OrderDeletedDecoder.instrumentIdEncodingOffset(),
                OrderDeletedDecoder.matchEventIndicatorEncodingOffset() },
            { OrderExecutedDecoder.sequenceEncodingOffset(), OrderExecutedDecoder.transactTimeNsEncodingOffset(),
                OrderExecutedDecoder.instrumentSequenceEncodingOffset(),
                OrderExecutedDecoder.instrumentIdEncodingOffset(),
                OrderExecutedDecoder.matchEventIndicatorEncodingOffset() },
            { TradeDecoder.sequenceEncodingOffset(), TradeDecoder.transactTimeNsEncodingOffset(),
                TradeDecoder.instrumentSequenceEncodingOffset(), TradeDecoder.instrumentIdEncodingOffset(),
                TradeDecoder.matchEventIndicatorEncodingOffset() },
            { BestBidOfferDecoder.sequenceEncodingOffset(), BestBidOfferDecoder.transactTimeNsEncodingOffset(),
                BestBidOfferDecoder.instrumentSequenceEncodingOffset(),
                BestBidOfferDecoder.instrumentIdEncodingOffset(),
                BestBidOfferDecoder.matchEventIndicatorEncodingOffset() },
        };
        final int[] expected = { OrderAddedDecoder.sequenceEncodingOffset(),
            OrderAddedDecoder.transactTimeNsEncodingOffset(), OrderAddedDecoder.instrumentSequenceEncodingOffset(),
            OrderAddedDecoder.instrumentIdEncodingOffset(), OrderAddedDecoder.matchEventIndicatorEncodingOffset() };
        for (final int[] template : offsets)
        {
            assertArrayEquals(expected, template);
        }
    }

    private void send(final long from, final long to, final int perPacket)
    {
        for (long sequence = from; sequence <= to; sequence += perPacket)
        {
            writer.begin(sequence, StreamKind.INCREMENTAL, 0);
            for (long s = sequence; s <= Math.min(to, sequence + perPacket - 1); s++)
            {
                writer.add(feed.message(s));
            }
            handler.onIncrementalPacket(writer.buffer, 0, writer.finish());
        }
    }

    private void heartbeat()
    {
        handler.onIncrementalPacket(writer.buffer, 0, writer.heartbeat(feed.lastSequence() + 1, 0));
    }

    private void snapshot(final List<byte[]> loop, final int perPacket)
    {
        for (int index = 0; index < loop.size(); index += perPacket)
        {
            writer.begin(index + 1, StreamKind.SNAPSHOT, 0);
            for (int i = index; i < Math.min(loop.size(), index + perPacket); i++)
            {
                writer.add(loop.get(i));
            }
            handler.onSnapshotPacket(writer.buffer, 0, writer.finish(), 42);
        }
    }
}
