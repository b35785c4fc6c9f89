package dev.bourse.node;

import dev.bourse.schemas.marketdata.BestBidOfferDecoder;
import dev.bourse.schemas.marketdata.HeartbeatDecoder;
import dev.bourse.schemas.marketdata.InstrumentDefinitionDecoder;
import dev.bourse.schemas.marketdata.MessageHeaderDecoder;
import dev.bourse.schemas.marketdata.OrderAddedDecoder;
import dev.bourse.schemas.marketdata.OrderDeletedDecoder;
import dev.bourse.schemas.marketdata.OrderExecutedDecoder;
import dev.bourse.schemas.marketdata.OrderModifiedDecoder;
import dev.bourse.schemas.marketdata.PacketHeaderDecoder;
import dev.bourse.schemas.marketdata.SnapshotBookDecoder;
import dev.bourse.schemas.marketdata.TradeDecoder;
import dev.bourse.schemas.marketdata.TradingStatusDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a one-node cluster publishes over multicast, read with a plain Aeron subscription: consecutive sequence
 * numbers, every event closed by endOfEvent, heartbeats when idle, and a snapshot loop whose book equals the book
 * built from the incremental stream.
 */
@Timeout(120)
class MarketDataPublishingTest
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    @Test
    void shouldPublishSequencedEventsHeartbeatsAndSnapshots() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(1);
            MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription incremental = aeron.addSubscription(cluster.marketDataChannel(), 1001);
            Subscription snapshots = aeron.addSubscription(cluster.marketDataChannel(), 1002))
        {
            cluster.awaitLeader();
            final Feed feed = new Feed();
            try (TestClient admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon();
                TestClient seller = trader(cluster, 1);
                TestClient buyer = trader(cluster, 2))
            {
                TestCluster.await("the subscription connects", incremental::isConnected);
                admin.defineInstrument(1, 5, 5, 10);
                admin.await(r -> 1 == r.clientOrderId() && "0".equals(r.reason()));
                for (int i = 0; i < 20; i++)
                {
                    seller.newOrder(i + 1, 5, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1_000 + 5L * (i % 5), 10);
                }
                seller.awaitReport(20, "NEW");
                buyer.newOrder(1, 5, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 1_005, 70);
                buyer.awaitReport(1, "TRADE");
                buyer.newOrder(2, 5, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 900, 30);
                buyer.awaitReport(2, "NEW");
                seller.cancel(100, seller.awaitReport(20, "NEW").orderId(), 0);
                seller.awaitReport(100, "CANCELED");
            }

            TestCluster.await("the incremental stream catches up and a heartbeat follows", () ->
            {
                incremental.poll(feed::onIncremental, 100);
                return feed.heartbeats > 0 && feed.lastSequence >= 1 && feed.heartbeatNext == feed.lastSequence + 1;
            });
            assertEquals(0, feed.gaps, "no gap in the sequence");
            assertTrue(feed.trades >= 7, "the IOC traded: " + feed.trades);
            assertEquals(feed.events, feed.endOfEvents, "every event ends with endOfEvent");
            assertTrue(feed.definitions >= 1);
            assertTrue(feed.statuses >= 1, "the definition is followed by the instrument's trading status");

            TestCluster.await("a snapshot of instrument 5 at the current sequence", () ->
            {
                snapshots.poll(feed::onSnapshot, 100);
                return feed.snapshotLastSequence == feed.lastSequence && feed.snapshotComplete;
            });
            assertEquals(feed.book, feed.snapshotBook, "the snapshot loop's book equals the incremental book");
            assertTrue(feed.book.size() > 0);
        }
    }

    @Test
    void shouldNeitherCountBackPressureNorDropWhileNobodySubscribes() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(1))
        {
            cluster.awaitLeader();
            try (TestClient admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon();
                TestClient seller = trader(cluster, 1))
            {
                admin.defineInstrument(1, 5, 5, 10);
                admin.await(r -> 1 == r.clientOrderId() && "0".equals(r.reason()));
                for (int i = 0; i < 50; i++)
                {
                    seller.newOrder(i + 1, 5, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 1_000 + 5L * (i % 5), 10);
                }
                seller.awaitReport(50, "NEW");
            }
            final ServiceCounters counters = cluster.service(0).counters();
            final long checkpoints = counters.checkpoints;
            // Two more one-second checkpoints: many duty cycles and at least one snapshot interval with events queued.
            TestCluster.await("two more checkpoints", () -> counters.checkpoints >= checkpoints + 2);

            assertTrue(cluster.service(0).marketData().isPublishing(), "a one-node cluster publishes");
            assertEquals(0, counters.marketDataBackPressure, "no subscriber is not back-pressure");
            assertEquals(0, counters.marketDataDropped, "nothing is lost when nobody listens");
            assertEquals(0, counters.marketDataStale, "nothing waits in the queue for a subscriber");
            assertEquals(0, counters.marketDataPackets, "nothing sent");
        }
    }

    private static TestClient trader(final TestCluster cluster, final int n)
    {
        return TestClient.connect(cluster.ingressEndpoints(), "trader" + n, "trader" + n + "-pass").logon();
    }

    /**
     * Decodes both streams and keeps an order-by-order book of instrument 5.
     */
    static final class Feed
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PacketHeaderDecoder packetHeader = new PacketHeaderDecoder();
        final Map<Long, String> book = new TreeMap<>();
        final Map<Long, String> snapshotBook = new TreeMap<>();
        final List<Long> pendingEvent = new ArrayList<>();
        long lastSequence;
        long gaps;
        long heartbeats;
        long heartbeatNext;
        long trades;
        long definitions;
        long statuses;
        long events;
        long endOfEvents;
        long snapshotLastSequence = -1;
        boolean snapshotComplete;
        int snapshotChunks;

        void onIncremental(final DirectBuffer buffer, final int offset, final int length,
            final io.aeron.logbuffer.Header aeronHeader)
        {
            header.wrap(buffer, offset);
            packetHeader.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            final int count = packetHeader.messageCount();
            int position = offset + HEADER + header.blockLength();
            for (int i = 0; i < count; i++)
            {
                header.wrap(buffer, position);
                final int templateId = header.templateId();
                final int body = position + HEADER;
                position = body + header.blockLength();
                if (HeartbeatDecoder.TEMPLATE_ID == templateId)
                {
                    heartbeats++;
                    heartbeatNext = new HeartbeatDecoder().wrap(buffer, body, header.blockLength(), header.version())
                        .nextSequence();
                    continue;
                }
                final long sequence = buffer.getLong(body);
                if (lastSequence != 0 && sequence != lastSequence + 1)
                {
                    gaps++;
                }
                lastSequence = sequence;
                final int indicator = buffer.getByte(body + OrderAddedDecoder.matchEventIndicatorEncodingOffset());
                final boolean endOfEvent = (indicator & 0x80) != 0;
                apply(templateId, buffer, body);
                pendingEvent.add(sequence);
                if (endOfEvent)
                {
                    endOfEvents++;
                    events++;
                    pendingEvent.clear();
                }
            }
        }

        private void apply(final int templateId, final DirectBuffer buffer, final int body)
        {
            final int blockLength = header.blockLength();
            final int version = header.version();
            switch (templateId)
            {
                case OrderAddedDecoder.TEMPLATE_ID:
                {
                    final OrderAddedDecoder d = new OrderAddedDecoder().wrap(buffer, body, blockLength, version);
                    book.put(d.orderId(), d.sideRaw() + "/" + d.price() + "/" + d.quantity());
                    break;
                }
                case OrderModifiedDecoder.TEMPLATE_ID:
                {
                    final OrderModifiedDecoder d = new OrderModifiedDecoder().wrap(buffer, body, blockLength, version);
                    book.put(d.orderId(), d.sideRaw() + "/" + d.price() + "/" + d.quantity());
                    break;
                }
                case OrderDeletedDecoder.TEMPLATE_ID:
                    book.remove(new OrderDeletedDecoder().wrap(buffer, body, blockLength, version).orderId());
                    break;
                case OrderExecutedDecoder.TEMPLATE_ID:
                {
                    final OrderExecutedDecoder d = new OrderExecutedDecoder().wrap(buffer, body, blockLength, version);
                    if (0 == d.leavesQuantity())
                    {
                        book.remove(d.orderId());
                    }
                    else
                    {
                        book.put(d.orderId(), d.sideRaw() + "/" + d.price() + "/" + d.leavesQuantity());
                    }
                    break;
                }
                case TradeDecoder.TEMPLATE_ID:
                    trades++;
                    break;
                case InstrumentDefinitionDecoder.TEMPLATE_ID:
                    definitions++;
                    break;
                case TradingStatusDecoder.TEMPLATE_ID:
                    statuses++;
                    break;
                case BestBidOfferDecoder.TEMPLATE_ID:
                    break;
                default:
                    throw new AssertionError("unexpected template " + templateId);
            }
        }

        void onSnapshot(final DirectBuffer buffer, final int offset, final int length,
            final io.aeron.logbuffer.Header aeronHeader)
        {
            header.wrap(buffer, offset);
            packetHeader.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            final int position = offset + HEADER + header.blockLength();
            header.wrap(buffer, position);
            if (SnapshotBookDecoder.TEMPLATE_ID != header.templateId())
            {
                return;
            }
            final SnapshotBookDecoder d =
                new SnapshotBookDecoder().wrap(buffer, position + HEADER, header.blockLength(), header.version());
            if (5 != d.instrumentId())
            {
                return;
            }
            if (0 == d.chunkIndex())
            {
                snapshotBook.clear();
                snapshotComplete = false;
                snapshotChunks = 0;
                snapshotLastSequence = d.lastSequence();
            }
            final int chunkCount = d.chunkCount();
            for (final SnapshotBookDecoder.OrdersDecoder order : d.orders())
            {
                snapshotBook.put(order.orderId(), order.sideRaw() + "/" + order.price() + "/" + order.quantity());
            }
            snapshotChunks++;
            snapshotComplete = snapshotChunks == chunkCount;
        }
    }
}
