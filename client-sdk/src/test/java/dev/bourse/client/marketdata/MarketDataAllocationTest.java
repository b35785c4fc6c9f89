package dev.bourse.client.marketdata;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.bourse.schemas.marketdata.Side;
import dev.bourse.schemas.marketdata.StreamKind;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketDataAllocationTest
{
    private static final int PASSES = 10;
    private static final int EVENTS_PER_PASS = 3_000;
    private static final int INSTRUMENT = 1;

    private long sink;
    private final MarketDataListener listener = new MarketDataListener()
    {
        @Override
        public void onOrderUpdate(
            final BookView book,
            final OrderUpdate update,
            final long orderId,
            final Side side,
            final long price,
            final long quantity,
            final long sequence)
        {
            sink += quantity;
        }

        @Override
        public void onEndOfEvent(final int instrumentId, final BookView book, final long sequence)
        {
            sink += book.bestBidPrice() + book.bestAskQuantity() + book.levelCount(Side.BUY);
        }
    };

    @Test
    void shouldNotAllocateWhenApplyingLiveMessagesFromTwoFeeds()
    {
        final TestFeed feed = new TestFeed();
        final FeedHandler handler = new FeedHandler(listener, new int[0], Long.MAX_VALUE / 4, 1024 * 1024);
        feed.define(INSTRUMENT, "ALLOC");
        final List<List<UnsafeBuffer>> passes = new ArrayList<>();
        for (int pass = 0; pass < PASSES; pass++)
        {
            // The same workload every pass, ending with an empty book: a steady state of the same depth.
            final long from = feed.lastSequence() + 1;
            feed.randomEvents(INSTRUMENT, EVENTS_PER_PASS, new Random(42));
            for (final long orderId : feed.orderIds(INSTRUMENT))
            {
                feed.cancel(INSTRUMENT, orderId);
            }
            passes.add(packets(feed, pass == 0 ? 1 : from, feed.lastSequence()));
        }

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();

        // The first passes include JIT compilation and the growth of pools and maps; steady state must not allocate.
        long nowNs = 1;
        handler.doWork(nowNs);
        long fewestBytes = Long.MAX_VALUE;
        for (final List<UnsafeBuffer> packets : passes)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0, size = packets.size(); i < size; i++)
            {
                final UnsafeBuffer packet = packets.get(i);
                nowNs += 1_000;
                handler.doWork(nowNs);
                handler.onIncrementalPacket(packet, 0, packet.capacity());
                handler.onIncrementalPacket(packet, 0, packet.capacity());
            }
            fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
        }

        assertTrue(handler.isLive());
        assertEquals(feed.lastSequence(), handler.lastSequence());
        assertEquals(feed.lastSequence(), handler.duplicateCount());
        assertEquals(feed.bookHash(INSTRUMENT), handler.book(INSTRUMENT).bookHash());
        assertEquals(0, fewestBytes, "bytes allocated in the best pass of " + EVENTS_PER_PASS + " events");
    }

    private static List<UnsafeBuffer> packets(final TestFeed feed, final long from, final long to)
    {
        final PacketWriter writer = new PacketWriter();
        final List<UnsafeBuffer> packets = new ArrayList<>();
        for (long sequence = from; sequence <= to; sequence += 4)
        {
            writer.begin(sequence, StreamKind.INCREMENTAL, 0);
            for (long s = sequence; s <= Math.min(to, sequence + 3); s++)
            {
                writer.add(feed.message(s));
            }
            packets.add(new UnsafeBuffer(writer.copy(writer.finish())));
        }
        return packets;
    }
}
