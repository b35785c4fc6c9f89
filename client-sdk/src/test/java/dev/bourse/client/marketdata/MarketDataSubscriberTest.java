package dev.bourse.client.marketdata;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.bourse.schemas.marketdata.MessageHeaderEncoder;
import dev.bourse.schemas.marketdata.Side;
import dev.bourse.schemas.marketdata.StreamKind;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The subscriber against a test publisher over real Aeron UDP multicast on the loopback interface: one media
 * driver for both, a unique port per test, one exclusive publication (one image) per publisher.
 */
@Timeout(60)
class MarketDataSubscriberTest
{
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(40_610);
    private static final int INCREMENTAL_STREAM_ID = 1001;
    private static final int SNAPSHOT_STREAM_ID = 1002;
    private static final int INSTRUMENT = 7;
    private static final long AWAIT_NS = TimeUnit.SECONDS.toNanos(20);
    private static final int PACKET_PREFIX = MessageHeaderEncoder.ENCODED_LENGTH + 20;
    private static final int FIRST_SEQUENCE_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int MESSAGE_COUNT_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + 16;
    private static final int STREAM_KIND_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + 18;

    private final TestFeed feed = new TestFeed();
    private final RecordingListener listener = new RecordingListener();
    private final String channel =
        "aeron:udp?endpoint=224.0.1.1:" + NEXT_PORT.getAndIncrement() + "|interface=127.0.0.1|ttl=0";
    private MediaDriver driver;
    private Aeron aeron;
    private TestPublisher publisher;
    private MarketDataSubscriber subscriber;

    @BeforeEach
    void setUp()
    {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(CommonContext.generateRandomDirName())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(subscriber, publisher, aeron, driver);
    }

    @Test
    void shouldBuildBookFromIncrementalMessages()
    {
        start(1, new MarketDataSubscriber.Context());
        feed.define(INSTRUMENT, "BRSE");
        feed.limit(INSTRUMENT, 1, TestFeed.BUY, 99, 10);
        feed.limit(INSTRUMENT, 2, TestFeed.BUY, 99, 5);
        feed.limit(INSTRUMENT, 3, TestFeed.BUY, 98, 7);
        feed.limit(INSTRUMENT, 4, TestFeed.SELL, 101, 4);
        feed.limit(INSTRUMENT, 5, TestFeed.SELL, 102, 6);
        feed.limit(INSTRUMENT, 6, TestFeed.SELL, 99, 12);
        feed.reduce(INSTRUMENT, 3, 2);
        feed.cancel(INSTRUMENT, 5);
        feed.randomEvents(INSTRUMENT, 300, new Random(1));

        publisher.send(0, 1, feed.lastSequence(), 3);
        awaitSequence(feed.lastSequence());

        assertTrue(subscriber.isLive());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
        assertEquals(feed.lastSequence(), subscriber.bookHashSequence(INSTRUMENT));
        assertEquals(feed.orderCount(INSTRUMENT), subscriber.book(INSTRUMENT).orderCount());
        assertEquals("BRSE", subscriber.book(INSTRUMENT).symbol());
        assertEquals(0, subscriber.bboMismatchCount());
        assertEquals(0, subscriber.bookErrorCount());
        assertEquals(0, subscriber.gapCount());
        assertEquals(1, subscriber.recoveryCount());
        assertEquals(List.of(RecoveryReason.LATE_JOIN), listener.recoveriesStarted);
        assertEquals(feed.eventEnds().size(), listener.endOfEventSequences.size());
    }

    @Test
    void shouldShowLevelsBestFirstWithFifoOrders()
    {
        start(1, new MarketDataSubscriber.Context());
        feed.define(INSTRUMENT, "LVL");
        feed.limit(INSTRUMENT, 1, TestFeed.BUY, 99, 10);
        feed.limit(INSTRUMENT, 2, TestFeed.BUY, 100, 5);
        feed.limit(INSTRUMENT, 3, TestFeed.BUY, 99, 7);
        feed.limit(INSTRUMENT, 4, TestFeed.SELL, 103, 4);
        feed.limit(INSTRUMENT, 5, TestFeed.SELL, 102, 6);
        feed.limit(INSTRUMENT, 6, TestFeed.SELL, 100, 3);
        publisher.send(0, 1, feed.lastSequence(), 10);
        awaitSequence(feed.lastSequence());

        final BookView book = subscriber.book(INSTRUMENT);
        assertEquals(100, book.bestBidPrice());
        assertEquals(2, book.bestBidQuantity());
        assertEquals(102, book.bestAskPrice());
        assertEquals(6, book.bestAskQuantity());
        assertEquals(2, book.levelCount(Side.BUY));
        assertEquals(99, book.levelPrice(Side.BUY, 1));
        assertEquals(17, book.levelQuantity(Side.BUY, 1));
        assertEquals(2, book.levelOrderCount(Side.BUY, 1));
        assertEquals(103, book.levelPrice(Side.SELL, 1));
        final List<Long> ids = new ArrayList<>();
        book.forEachOrder((orderId, side, price, quantity) -> ids.add(orderId));
        assertEquals(List.of(2L, 1L, 3L, 5L, 4L), ids);
        assertEquals(feed.bookHash(INSTRUMENT), book.bookHash());
    }

    @Test
    void shouldDropDuplicatesFromSecondPublisher()
    {
        start(2, new MarketDataSubscriber.Context());
        feed.define(INSTRUMENT, "AB");
        feed.randomEvents(INSTRUMENT, 400, new Random(2));
        final long last = feed.lastSequence();

        // Publisher 0 runs ahead in big packets, publisher 1 behind in small ones; then 1 overtakes 0.
        publisher.send(0, 1, last / 2, 7);
        publisher.send(1, 1, last / 2 + 10, 3);
        awaitSequence(last / 2 + 10);
        publisher.send(1, last / 2 + 11, last, 5);
        publisher.send(0, last / 2 + 1, last, 4);
        awaitCondition(() -> subscriber.duplicateCount() == last, null);

        assertEquals(last, subscriber.lastSequence());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
        assertEquals(0, subscriber.gapCount());
        assertEquals(1, subscriber.recoveryCount());
        assertEquals(feed.eventEnds().size(), listener.endOfEventSequences.size());
    }

    @Test
    void shouldRecoverFromGapWithSnapshotAndReplayBufferedMessages()
    {
        start(1, new MarketDataSubscriber.Context());
        feed.define(INSTRUMENT, "GAP");
        feed.define(INSTRUMENT + 1, "GAP2");
        feed.randomEvents(INSTRUMENT, 100, new Random(3));
        feed.randomEvents(INSTRUMENT + 1, 50, new Random(4));
        final long liveUntil = feed.lastSequence();
        publisher.send(0, 1, liveUntil, 4);
        awaitSequence(liveUntil);

        feed.randomEvents(INSTRUMENT, 20, new Random(5));
        final long lostUntil = feed.lastSequence();
        feed.randomEvents(INSTRUMENT, 20, new Random(6));
        feed.randomEvents(INSTRUMENT + 1, 20, new Random(7));
        final List<byte[]> snapshot = feed.snapshotLoop(1, 50);
        final long snapshotAt = feed.lastSequence();
        feed.randomEvents(INSTRUMENT, 30, new Random(8));
        feed.randomEvents(INSTRUMENT + 1, 30, new Random(9));
        final long last = feed.lastSequence();

        publisher.send(0, lostUntil + 1, last, 4);
        awaitCondition(() -> subscriber.gapCount() == 1 && !subscriber.isLive() && subscriber.lastSequence() == last,
            null);
        publisher.sendSnapshot(0, snapshot, 3);
        awaitCondition(subscriber::isLive, null);

        assertEquals(last, subscriber.lastSequence());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
        assertEquals(feed.bookHash(INSTRUMENT + 1), subscriber.bookHash(INSTRUMENT + 1));
        assertEquals(List.of(RecoveryReason.LATE_JOIN, RecoveryReason.GAP), listener.recoveriesStarted);
        assertEquals(last, listener.recoveriesFinished.get(1).longValue());
        assertTrue(snapshotAt < last && snapshotAt > lostUntil);
        assertEquals(0, subscriber.bboMismatchCount());

        feed.randomEvents(INSTRUMENT, 10, new Random(10));
        publisher.send(0, last + 1, feed.lastSequence(), 4);
        awaitSequence(feed.lastSequence());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
    }

    @Test
    void shouldJoinLateFromSnapshotLoop()
    {
        feed.define(INSTRUMENT, "LATE");
        feed.define(INSTRUMENT + 1, "LATE2");
        feed.randomEvents(INSTRUMENT, 200, new Random(11));
        feed.randomEvents(INSTRUMENT + 1, 100, new Random(12));
        start(2, new MarketDataSubscriber.Context());
        assertFalse(subscriber.isLive());

        final Periodic loop = new Periodic(() ->
        {
            publisher.heartbeat(0);
            publisher.heartbeat(1);
            publisher.snapshotLoop(1, 50, 2);
        });
        awaitCondition(subscriber::isLive, loop);
        assertEquals(feed.lastSequence(), subscriber.lastSequence());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
        assertEquals(feed.bookHash(INSTRUMENT + 1), subscriber.bookHash(INSTRUMENT + 1));
        assertEquals("LATE2", subscriber.book(INSTRUMENT + 1).symbol());

        final long from = feed.lastSequence() + 1;
        feed.randomEvents(INSTRUMENT, 50, new Random(13));
        publisher.send(0, from, feed.lastSequence(), 5);
        publisher.send(1, from, feed.lastSequence(), 5);
        awaitSequence(feed.lastSequence());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
        assertEquals(0, subscriber.bboMismatchCount());
    }

    @Test
    void shouldRecoverWhenFeedGoesStale()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(1_000);
        start(1, new MarketDataSubscriber.Context().nanoClock(clock).staleTimeoutNs(TimeUnit.SECONDS.toNanos(2)));
        feed.define(INSTRUMENT, "STALE");
        feed.randomEvents(INSTRUMENT, 50, new Random(14));
        publisher.send(0, 1, feed.lastSequence(), 5);
        awaitSequence(feed.lastSequence());

        clock.advance(TimeUnit.MILLISECONDS.toNanos(1_500));
        publisher.heartbeat(0);
        awaitCondition(() -> subscriber.messageCount() == feed.lastSequence() + 1, null);
        clock.advance(TimeUnit.MILLISECONDS.toNanos(1_500));
        subscriber.poll();
        assertTrue(subscriber.isLive(), "a heartbeat keeps the feed fresh");

        clock.advance(TimeUnit.MILLISECONDS.toNanos(2_500));
        subscriber.poll();
        assertFalse(subscriber.isLive());
        assertEquals(1, subscriber.staleCount());
        assertEquals(1, listener.staleCount);
        assertEquals(RecoveryReason.STALE_FEED, listener.recoveriesStarted.get(1));

        feed.randomEvents(INSTRUMENT, 10, new Random(15));
        final Periodic loop = new Periodic(() ->
        {
            publisher.heartbeat(0);
            publisher.snapshotLoop(0, 50, 4);
        });
        awaitCondition(subscriber::isLive, loop);
        assertEquals(feed.lastSequence(), subscriber.lastSequence());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
    }

    @Test
    void shouldAssembleChunkedSnapshotsOfDeepBookFromInterleavedPublishers()
    {
        feed.define(INSTRUMENT, "DEEP");
        feed.define(INSTRUMENT + 1, "SMALL");
        for (int i = 0; i < 600; i++)
        {
            feed.limit(INSTRUMENT, feed.nextOrderId(), 0 == i % 2 ? TestFeed.BUY : TestFeed.SELL,
                0 == i % 2 ? 1000 - i % 40 : 1001 + i % 40, 1 + i % 9);
        }
        feed.limit(INSTRUMENT + 1, feed.nextOrderId(), TestFeed.BUY, 5, 5);
        start(2, new MarketDataSubscriber.Context());

        // Both publishers send their loops one chunk a packet, interleaved: chunks must never mix.
        final List<byte[]> loopA = feed.snapshotLoop(100, 50);
        final List<byte[]> loopB = feed.snapshotLoop(900, 50);
        assertTrue(loopA.size() > 14, "600 orders in chunks of 50");
        final PacketWriter writer = publisher.writer();
        final Periodic loop = new Periodic(() ->
        {
            publisher.heartbeat(0);
            for (int i = 0; i < loopA.size(); i++)
            {
                publisher.sendRawSnapshot(0, writer.buffer,
                    writer.begin(i + 1, StreamKind.SNAPSHOT, 0).add(loopA.get(i)).finish());
                publisher.sendRawSnapshot(1, writer.buffer,
                    writer.begin(i + 1, StreamKind.SNAPSHOT, 1).add(loopB.get(i)).finish());
            }
        });
        awaitCondition(subscriber::isLive, loop);

        assertEquals(600, subscriber.book(INSTRUMENT).orderCount());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
        assertEquals(feed.bookHash(INSTRUMENT + 1), subscriber.bookHash(INSTRUMENT + 1));
        assertEquals(20, subscriber.book(INSTRUMENT).levelCount(Side.BUY));
    }

    @Test
    void shouldIgnoreAndCountMalformedAndForeignPackets()
    {
        start(1, new MarketDataSubscriber.Context());
        feed.define(INSTRUMENT, "BAD");
        feed.randomEvents(INSTRUMENT, 20, new Random(16));
        final long live = feed.lastSequence();
        publisher.send(0, 1, live, 4);
        awaitSequence(live);

        feed.randomEvents(INSTRUMENT, 5, new Random(17));
        final byte[] valid = packet(live + 1, 2);
        final List<byte[]> bad = new ArrayList<>();
        bad.add(patchShort(valid, 4, 99));                                       // foreign schema id
        bad.add(patchShort(valid, 2, 77));                                       // not a PacketHeader
        bad.add(patchShort(valid, PACKET_PREFIX, 0));                            // message blockLength 0
        bad.add(patchShort(valid, PACKET_PREFIX + 2, 99));                       // unknown template
        bad.add(Arrays.copyOf(valid, valid.length - 3));               // truncated
        bad.add(patchShort(valid, MESSAGE_COUNT_OFFSET, 0));                     // no messages
        bad.add(patchShort(valid, MESSAGE_COUNT_OFFSET, 3));                     // more messages than bytes
        bad.add(patchShort(valid, MESSAGE_COUNT_OFFSET, 1));                     // bytes left over
        bad.add(patchLong(valid, FIRST_SEQUENCE_OFFSET, live + 5));              // sequences disagree
        bad.add(patchByte(valid, STREAM_KIND_OFFSET, 2));                        // snapshot kind on incremental
        bad.add(new byte[]{ 1, 2, 3 });                                          // shorter than a header
        for (final byte[] packet : bad)
        {
            publisher.sendRawIncremental(0, new UnsafeBuffer(packet), packet.length);
        }
        final long expectedMalformed = bad.size();
        awaitCondition(() -> subscriber.malformedCount() == expectedMalformed, null);

        publisher.send(0, live + 1, feed.lastSequence(), 3);
        awaitSequence(feed.lastSequence());
        assertTrue(subscriber.isLive());
        assertEquals(feed.bookHash(INSTRUMENT), subscriber.bookHash(INSTRUMENT));
        assertEquals(1, subscriber.recoveryCount());
        assertEquals(0, subscriber.errorCount());
    }

    @Test
    void shouldDeliverEndOfEventOnceWithBookFullyApplied()
    {
        start(2, new MarketDataSubscriber.Context());
        feed.define(INSTRUMENT, "EOE");
        final List<Long> expectedHashes = new ArrayList<>();
        expectedHashes.add(feed.bookHash(INSTRUMENT));
        for (int i = 0; i < 10; i++)
        {
            feed.limit(INSTRUMENT, feed.nextOrderId(), TestFeed.SELL, 100 + i, 5);
            expectedHashes.add(feed.bookHash(INSTRUMENT));
        }
        // One order sweeps seven levels: 7 x (OrderExecuted, Trade), OrderAdded, BestBidOffer in one event.
        feed.limit(INSTRUMENT, feed.nextOrderId(), TestFeed.BUY, 106, 40);
        expectedHashes.add(feed.bookHash(INSTRUMENT));
        final Random random = new Random(19);
        for (int i = 0; i < 100; i++)
        {
            feed.randomEvents(INSTRUMENT, 1, random);
            expectedHashes.add(feed.bookHash(INSTRUMENT));
        }

        // Packets of 3 messages split events; the second publisher repeats everything in packets of 2.
        final long last = feed.lastSequence();
        for (long from = 1; from <= last; from += 12)
        {
            publisher.send(0, from, Math.min(last, from + 11), 3);
            publisher.send(1, from, Math.min(last, from + 11), 2);
        }
        awaitCondition(() -> subscriber.duplicateCount() == last && subscriber.lastSequence() == last, null);

        final List<Long> ends = new ArrayList<>();
        feed.eventEnds().forEach((end) -> ends.add((long)end));
        assertEquals(ends, listener.endOfEventSequences);
        assertEquals(expectedHashes, listener.endOfEventHashes);
        assertEquals(listener.tradeIds.size(), listener.tradeIds.stream().distinct().count());
        assertTrue(listener.tradeIds.size() >= 7);
    }

    private byte[] packet(final long from, final int count)
    {
        final PacketWriter writer = new PacketWriter();
        writer.begin(from, StreamKind.INCREMENTAL, 0);
        for (long s = from; s < from + count; s++)
        {
            writer.add(feed.message(s));
        }
        return writer.copy(writer.finish());
    }

    private static byte[] patchShort(final byte[] packet, final int offset, final int value)
    {
        final byte[] copy = packet.clone();
        new UnsafeBuffer(copy).putShort(offset, (short)value, ByteOrder.LITTLE_ENDIAN);
        return copy;
    }

    private static byte[] patchLong(final byte[] packet, final int offset, final long value)
    {
        final byte[] copy = packet.clone();
        new UnsafeBuffer(copy).putLong(offset, value, ByteOrder.LITTLE_ENDIAN);
        return copy;
    }

    private static byte[] patchByte(final byte[] packet, final int offset, final int value)
    {
        final byte[] copy = packet.clone();
        copy[offset] = (byte)value;
        return copy;
    }

    private void start(final int publisherCount, final MarketDataSubscriber.Context ctx)
    {
        publisher = new TestPublisher(aeron, feed, channel, INCREMENTAL_STREAM_ID, SNAPSHOT_STREAM_ID, publisherCount);
        subscriber = MarketDataSubscriber.launch(ctx
            .aeronDirectoryName(driver.aeronDirectoryName())
            .channel(channel)
            .incrementalStreamId(INCREMENTAL_STREAM_ID)
            .snapshotStreamId(SNAPSHOT_STREAM_ID)
            .listener(listener)
            .errorHandler((ex) -> fail(ex)));
        awaitCondition(publisher::isConnected, null);
    }

    private void awaitSequence(final long sequence)
    {
        awaitCondition(() -> subscriber.isLive() && subscriber.lastSequence() == sequence, null);
    }

    private void awaitCondition(final BooleanSupplier condition, final Runnable eachIteration)
    {
        final long deadlineNs = System.nanoTime() + AWAIT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("condition not met in time; live=" + subscriber.isLive() + " lastSequence=" +
                    subscriber.lastSequence() + " gaps=" + subscriber.gapCount() + " recoveries=" +
                    subscriber.recoveryCount() + " malformed=" + subscriber.malformedCount() + " duplicates=" +
                    subscriber.duplicateCount() + " bookErrors=" + subscriber.bookErrorCount());
            }
            if (null != eachIteration)
            {
                eachIteration.run();
            }
            if (0 == subscriber.poll())
            {
                Thread.yield();
            }
        }
        assertNotNull(subscriber);
    }

    /**
     * Runs an action at most every 50 ms: a snapshot loop that repeats, as the publisher's does.
     */
    private static final class Periodic implements Runnable
    {
        private final Runnable action;
        private long nextNs;

        Periodic(final Runnable action)
        {
            this.action = action;
        }

        @Override
        public void run()
        {
            final long nowNs = System.nanoTime();
            if (nowNs - nextNs >= 0)
            {
                nextNs = nowNs + TimeUnit.MILLISECONDS.toNanos(50);
                action.run();
            }
        }
    }
}
