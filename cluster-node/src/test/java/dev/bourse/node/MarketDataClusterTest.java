package dev.bourse.node;

import dev.bourse.client.marketdata.BookHash;
import dev.bourse.client.marketdata.MarketDataListener;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.Side;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Market data from a three-node cluster to real subscribers: books equal to the engine's after a random load
 * (also for a subscriber that joins late), the feed surviving the loss of a publisher and then of the leader, and
 * a restarted node that does not republish history.
 */
@Tag("slow")
@Timeout(600)
class MarketDataClusterTest
{
    private static final int[] INSTRUMENTS = {1, 2};

    @Test
    void shouldKeepSubscriberBooksEqualToTheEngineUnderRandomLoad() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(3))
        {
            cluster.awaitLeader();
            defineInstruments(cluster);
            MarketDataSubscriber early = null;
            MarketDataSubscriber late = null;
            Poller earlyPoller = null;
            Poller latePoller = null;
            final TestClient[] traders = new TestClient[4];
            try
            {
                early = subscriber(cluster);
                earlyPoller = new Poller(early);
                final RandomLoad[] loads = new RandomLoad[traders.length];
                for (int i = 0; i < traders.length; i++)
                {
                    traders[i] = TestClient.connect(cluster.ingressEndpoints(), "trader" + (i + 1),
                        "trader" + (i + 1) + "-pass").logon();
                    loads[i] = new RandomLoad(traders[i], 11 + i, 1, INSTRUMENTS);
                }
                final int rounds = 40;
                for (int round = 0; round < rounds; round++)
                {
                    for (final RandomLoad load : loads)
                    {
                        load.run(1_000, 64);
                    }
                    if (rounds / 2 == round)
                    {
                        late = subscriber(cluster);
                        latePoller = new Poller(late);
                    }
                }
                earlyPoller.stop();
                latePoller.stop();
                final long sequence = cluster.service(cluster.leaderId()).marketData().nextSequence() - 1;
                for (final MarketDataSubscriber subscriber : new MarketDataSubscriber[]{early, late})
                {
                    awaitSequence(subscriber, sequence);
                    for (final int instrumentId : INSTRUMENTS)
                    {
                        assertEquals(engineBookHash(cluster.service(cluster.leaderId()).engine(), instrumentId),
                            subscriber.bookHash(instrumentId), "book of instrument " + instrumentId);
                        assertTrue(subscriber.bookHashSequence(instrumentId) > 0 &&
                            subscriber.bookHashSequence(instrumentId) <= sequence, "hash valid at a complete event");
                    }
                }
                assertTrue(early.duplicateCount() > 0, "two publishers, arbitrated by sequence");
                assertTrue(late.recoveryCount() > 0, "the late subscriber recovered from the snapshot loop");
                System.out.println("market data: " + sequence + " messages; early subscriber duplicates " +
                    early.duplicateCount() + ", gaps " + early.gapCount() + "; late recoveries " +
                    late.recoveryCount());
            }
            finally
            {
                for (final TestClient trader : traders)
                {
                    CloseHelper.quietClose(trader);
                }
                CloseHelper.quietCloseAll(earlyPoller, latePoller, early, late);
            }
        }
    }

    @Test
    void shouldKeepTheFeedThroughLossOfAPublisherAndThenOfTheLeader() throws Exception
    {
        try (TestCluster cluster = TestCluster.start(3))
        {
            final int firstLeader = cluster.awaitLeader();
            defineInstruments(cluster);
            final Interruptions interruptions = new Interruptions();
            try (MarketDataSubscriber subscriber = subscriber(cluster, interruptions))
            {
                final Poller poller = new Poller(subscriber);
                final int publisher = (firstLeader + 1) % 3;
                trade(cluster, subscriber, 1, 3_000);

                interruptions.start();
                cluster.stopNode(publisher);
                trade(cluster, subscriber, 2, 3_000);
                final long beforeRestart = cluster.service(firstLeader).marketData().nextSequence() - 1;
                cluster.startNode(publisher);
                TestCluster.await("the restarted node catches up", () -> cluster.service(publisher).marketData()
                    .nextSequence() == cluster.service(firstLeader).marketData().nextSequence());
                trade(cluster, subscriber, 4, 500);
                TestCluster.await("the restarted node publishes again",
                    () -> cluster.service(publisher).counters().marketDataFirstSequence > 0);
                assertTrue(cluster.service(publisher).counters().marketDataFirstSequence > beforeRestart,
                    "the restarted node published no history: first sequence " +
                    cluster.service(publisher).counters().marketDataFirstSequence + ", before restart " +
                    beforeRestart);

                cluster.stopNode(firstLeader);
                final int newLeader = cluster.awaitLeader();
                trade(cluster, subscriber, 3, 3_000);
                interruptions.stop();
                poller.stop();

                final long sequence = cluster.service(newLeader).marketData().nextSequence() - 1;
                awaitSequence(subscriber, sequence);
                for (final int instrumentId : INSTRUMENTS)
                {
                    assertEquals(engineBookHash(cluster.service(newLeader).engine(), instrumentId),
                        subscriber.bookHash(instrumentId), "book of instrument " + instrumentId);
                }
                System.out.println("market data through a publisher failure and a leader failure: longest " +
                    "interruption " + interruptions.longestMs() + " ms, gaps " + subscriber.gapCount() +
                    ", recoveries " + subscriber.recoveryCount());
            }
        }
    }

    private static void trade(
        final TestCluster cluster, final MarketDataSubscriber subscriber, final int trader, final int commands)
    {
        try (TestClient client = TestClient.connect(cluster.ingressEndpoints(), "trader" + trader,
            "trader" + trader + "-pass").logon())
        {
            final RandomLoad load = new RandomLoad(client, trader * 31L, 1 + client.received().size() * 0L +
                subscriber.lastSequence() * 10, INSTRUMENTS);
            for (int i = 0; i < commands / 250; i++)
            {
                load.run(250, 32);
            }
        }
    }

    private static void awaitSequence(final MarketDataSubscriber subscriber, final long sequence)
    {
        TestCluster.await("the subscriber reaches sequence " + sequence, 60_000, () ->
        {
            subscriber.poll();
            return subscriber.lastSequence() >= sequence && subscriber.isLive();
        });
        System.out.println("subscriber at " + subscriber.lastSequence() + ": duplicates " +
            subscriber.duplicateCount() + ", gaps " + subscriber.gapCount() + ", recoveries " +
            subscriber.recoveryCount());
    }

    static long engineBookHash(final MatchingEngine engine, final int instrumentId)
    {
        final long[] hash = {BookHash.INITIAL};
        for (final Side side : new Side[]{Side.BUY, Side.SELL})
        {
            engine.forEachOrder(instrumentId, side, (orderId, account, clientOrderId, instrument, orderSide,
                timeInForce, postOnly, price, quantity, filledQuantity, expireTimeNs, stpGroup) ->
                hash[0] = BookHash.update(hash[0], orderId, orderSide.value(), price, quantity - filledQuantity));
        }
        return hash[0];
    }

    private static MarketDataSubscriber subscriber(final TestCluster cluster)
    {
        return subscriber(cluster, new MarketDataListener()
        {
        });
    }

    private static MarketDataSubscriber subscriber(final TestCluster cluster, final MarketDataListener listener)
    {
        return MarketDataSubscriber.launch(new MarketDataSubscriber.Context()
            .channel(cluster.marketDataChannel())
            .listener(listener));
    }

    private static void defineInstruments(final TestCluster cluster)
    {
        try (TestClient admin = TestClient.connect(cluster.ingressEndpoints(), "admin", "admin-pass").logon())
        {
            for (final int instrumentId : INSTRUMENTS)
            {
                admin.defineInstrument(instrumentId, instrumentId, 5, 10);
                admin.await(r -> instrumentId == r.clientOrderId() && "0".equals(r.reason()));
            }
        }
    }

    /**
     * Polls a subscriber on its own thread, as a real consumer would, until stopped; after {@link #stop()} the test
     * thread owns the subscriber again.
     */
    static final class Poller implements AutoCloseable
    {
        private final MarketDataSubscriber subscriber;
        private final Thread thread;
        private volatile boolean running = true;

        Poller(final MarketDataSubscriber subscriber)
        {
            this.subscriber = subscriber;
            this.thread = new Thread(this::run, "md-subscriber");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void run()
        {
            while (running)
            {
                if (0 == subscriber.poll())
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            }
        }

        MarketDataSubscriber stop() throws InterruptedException
        {
            running = false;
            thread.join(10_000);
            return subscriber;
        }

        public void close() throws InterruptedException
        {
            stop();
        }
    }

    /**
     * The longest time between two end-of-event callbacks while a measurement is running.
     */
    static final class Interruptions implements MarketDataListener
    {
        private boolean running;
        private long lastNs;
        private long longestNs;

        void start()
        {
            running = true;
            lastNs = System.nanoTime();
        }

        void stop()
        {
            running = false;
        }

        long longestMs()
        {
            return longestNs / 1_000_000;
        }

        public void onEndOfEvent(
            final int instrumentId, final dev.bourse.client.marketdata.BookView book, final long sequence)
        {
            if (running)
            {
                final long now = System.nanoTime();
                longestNs = Math.max(longestNs, now - lastNs);
                lastNs = now;
            }
        }
    }
}
