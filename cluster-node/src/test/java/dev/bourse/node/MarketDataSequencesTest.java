package dev.bourse.node;

import dev.bourse.schemas.orderentry.Side;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The market-data sequences are replicated state: they must move identically on a node that publishes live data,
 * on one that does not publish (the leader), and on one replaying history after a restart, although only the first
 * encodes its messages.
 */
class MarketDataSequencesTest
{
    private static final long LIVE_NS = Long.MAX_VALUE / 2;
    private static final long HISTORY_NS = 1;

    @Test
    void sequencesMoveAlikeWhetherOrNotMessagesAreEncoded()
    {
        final ServiceCounters liveCounters = new ServiceCounters();
        final ServiceCounters historyCounters = new ServiceCounters();
        final ServiceCounters leaderCounters = new ServiceCounters();
        final MarketDataPublisher live = publisher(liveCounters, true);
        final MarketDataPublisher history = publisher(historyCounters, true);
        final MarketDataPublisher leader = publisher(leaderCounters, false);

        final int messages = replay(live, LIVE_NS);
        assertEquals(messages, replay(history, HISTORY_NS));
        assertEquals(messages, replay(leader, LIVE_NS));

        assertEquals(1 + messages, live.nextSequence());
        assertEquals(live.nextSequence(), history.nextSequence());
        assertEquals(live.nextSequence(), leader.nextSequence());
        for (int instrumentId = 1; instrumentId <= 3; instrumentId++)
        {
            final long expected = live.instruments().get(instrumentId).instrumentSequence;
            assertEquals(expected, history.instruments().get(instrumentId).instrumentSequence, "instrument " +
                instrumentId);
            assertEquals(expected, leader.instruments().get(instrumentId).instrumentSequence, "instrument " +
                instrumentId);
        }
        assertEquals(6, live.instruments().get(1).instrumentSequence);

        // History is counted as such by a publishing node, and never queued; the leader counts nothing.
        assertEquals(messages, historyCounters.marketDataHistory);
        assertEquals(0, liveCounters.marketDataHistory);
        assertEquals(0, leaderCounters.marketDataHistory);
    }

    private static MarketDataPublisher publisher(final ServiceCounters counters, final boolean publishing)
    {
        final MarketDataPublisher publisher = new MarketDataPublisher(new MarketDataConfig(true,
            "aeron:udp?endpoint=224.0.1.1:40456|interface=127.0.0.1", 1001, 1002, TimeUnit.MILLISECONDS.toNanos(200),
            TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(2), 1 << 16, 3), 0, counters);
        publisher.publishing(publishing);
        return publisher;
    }

    /**
     * Three commands over three instruments, every kind of book message; returns the number of messages.
     */
    private static int replay(final MarketDataPublisher publisher, final long timestampNs)
    {
        publisher.beginEvent(timestampNs);
        publisher.onBookOrderAdded(1, 10, Side.BUY, 100, 5);
        publisher.onBestBidOffer(1, 100, 5, Long.MIN_VALUE, 0);
        publisher.endEvent();

        publisher.beginEvent(timestampNs + 1);
        publisher.onBookOrderExecuted(1, 10, Side.BUY, 100, 2, 3, 7);
        publisher.onTrade(1, 7, 100, 2, Side.SELL, 10, 11);
        publisher.onBookOrderModified(1, 10, Side.BUY, 100, 1);
        publisher.onBookOrderAdded(2, 12, Side.SELL, 200, 4);
        publisher.endEvent();

        publisher.beginEvent(timestampNs + 2);
        publisher.onBookOrderDeleted(1, 10, Side.BUY, 100, 1);
        publisher.onBookOrderAdded(3, 13, Side.BUY, 50, 1);
        publisher.onBookOrderAdded(3, 14, Side.BUY, 51, 1);
        publisher.endEvent();
        return 9;
    }
}
