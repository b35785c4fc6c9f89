package dev.bourse.node.ops;

import dev.bourse.client.marketdata.BookView;
import dev.bourse.client.marketdata.MarketDataListener;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.client.marketdata.RecoveryReason;
import org.agrona.CloseHelper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The drill's market-data subscriber on the cluster's multicast feed, polled on its own thread: it counts gaps and
 * recoveries and measures the longest interruption (the longest time between two complete events while the load
 * runs). After {@link #stopPolling()} the caller polls it and compares its book.
 */
final class MdWatcher implements MarketDataListener, AutoCloseable
{
    private final MarketDataSubscriber subscriber;
    private final Drill.Timeline timeline;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean measuring;
    private volatile long events;
    private volatile long lastSequence;
    private volatile long longestNs;
    private volatile long longestStartNs;
    private volatile long recoveries;
    private volatile long gaps;
    private long recoveriesAtStart;
    private long gapsAtStart;
    private long lastEventNs;

    MdWatcher(final MarketDataSubscriber.Context context, final Drill.Timeline timeline)
    {
        this.timeline = timeline;
        this.subscriber = MarketDataSubscriber.launch(context.listener(this));
        this.thread = new Thread(this::run, "drill-md");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run()
    {
        while (running)
        {
            if (0 == subscriber.poll())
            {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /**
     * Measure interruptions from now on.
     */
    void startMeasuring()
    {
        recoveriesAtStart = recoveries;
        gapsAtStart = gaps;
        lastEventNs = 0;
        measuring = true;
    }

    void stopMeasuring()
    {
        measuring = false;
    }

    /**
     * Stop the polling thread; from then on the caller owns the subscriber.
     *
     * @throws InterruptedException if interrupted.
     */
    void stopPolling() throws InterruptedException
    {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    MarketDataSubscriber subscriber()
    {
        return subscriber;
    }

    long events()
    {
        return events;
    }

    long lastSequence()
    {
        return lastSequence;
    }

    long longestInterruptionNs()
    {
        return longestNs;
    }

    long longestInterruptionStartNs()
    {
        return longestStartNs;
    }

    /**
     * Recoveries since the measurement started (the first, at the subscriber's start, is not counted).
     *
     * @return how many.
     */
    long recoveries()
    {
        return recoveries - recoveriesAtStart;
    }

    /**
     * Sequence gaps since the measurement started.
     *
     * @return how many.
     */
    long gaps()
    {
        return gaps - gapsAtStart;
    }

    public void onEndOfEvent(final int instrumentId, final BookView book, final long sequence)
    {
        events++;
        lastSequence = sequence;
        if (measuring)
        {
            final long nowNs = System.nanoTime();
            if (0 != lastEventNs && nowNs - lastEventNs > longestNs)
            {
                longestNs = nowNs - lastEventNs;
                longestStartNs = lastEventNs;
            }
            lastEventNs = nowNs;
        }
    }

    public void onRecoveryStarted(final RecoveryReason reason)
    {
        recoveries++;
        if (RecoveryReason.GAP == reason)
        {
            gaps++;
        }
        timeline.add(System.nanoTime(), "market data: recovery started (" + reason + ")");
    }

    public void onRecoveryFinished(final long sequence)
    {
        timeline.add(System.nanoTime(), "market data: recovered at sequence " + sequence);
    }

    public void onStale(final long silentNs)
    {
        timeline.add(System.nanoTime(), "market data: feed stale after " + silentNs / 1_000_000 + " ms of silence");
    }

    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietClose(subscriber);
    }
}
