package dev.bourse.node.ops;

import dev.bourse.client.ConnectionEvent;
import dev.bourse.client.ExchangeClient;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The drill's order load: N trader sessions driven open loop from one thread at a fixed total rate (order i is due
 * at start + i / rate, whatever the answers; a command the client cannot take now is sent as soon as it can), every
 * client polled on the same thread. It measures the longest time without any answer while requests were
 * outstanding (the ingress outage the clients saw) and notes the clients' connection events.
 */
final class LoadGenerator implements Runnable
{
    private final List<TraderSession> sessions = new ArrayList<>();
    private final double ratePerSecond;
    private final Drill.Timeline timeline;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean sending;
    private volatile boolean reconcileRequested;
    private volatile long sent;
    private volatile long answered;
    private volatile long acknowledged;
    private volatile long pending;
    private volatile long longestOutageNs;
    private volatile long longestOutageStartNs;
    private volatile long firstLeaderEventNs;
    private long faultAtNs = Long.MAX_VALUE;
    private long lastProgressNs;
    private long outageFromNs;
    private long startNs;
    private long intended;
    private RuntimeException failure;

    LoadGenerator(final double ratePerSecond, final Drill.Timeline timeline)
    {
        this.ratePerSecond = ratePerSecond;
        this.timeline = timeline;
        this.thread = new Thread(this, "drill-load");
        this.thread.setDaemon(true);
    }

    TraderSession addSession(final String user, final int instrumentId, final long seed)
    {
        final TraderSession session = new TraderSession(user, instrumentId, seed, this);
        sessions.add(session);
        return session;
    }

    List<TraderSession> sessions()
    {
        return sessions;
    }

    /**
     * Start the load thread, sending from now on.
     */
    void start()
    {
        sending = true;
        thread.start();
    }

    /**
     * Note when the fault is injected, so that the first leader change the clients see after it is timed.
     *
     * @param nowNs System.nanoTime() of the injection.
     */
    void faultInjected(final long nowNs)
    {
        synchronized (this)
        {
            faultAtNs = nowNs;
            firstLeaderEventNs = 0;
        }
    }

    /**
     * Ask every session to query the status of each order it believes live (after a failover, reports such as a
     * resting order's fill can be lost).
     */
    void reconcile()
    {
        reconcileRequested = true;
    }

    /**
     * Stop sending new orders and stop the thread; afterwards the caller owns the sessions.
     *
     * @throws InterruptedException if interrupted while joining.
     */
    void stop() throws InterruptedException
    {
        sending = false;
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (thread.isAlive())
        {
            throw new OpsException("the load thread did not stop");
        }
        if (null != failure)
        {
            throw failure;
        }
    }

    public void run()
    {
        try
        {
            startNs = System.nanoTime();
            lastProgressNs = startNs;
            while (running)
            {
                final long nowNs = System.nanoTime();
                int work = 0;
                if (sending)
                {
                    work += send(nowNs);
                }
                if (reconcileRequested)
                {
                    reconcileRequested = false;
                    for (final TraderSession session : sessions)
                    {
                        session.queueStatusOfLiveOrders();
                    }
                }
                for (final TraderSession session : sessions)
                {
                    work += session.sendQueuedStatusRequests();
                }
                work += pollAll();
                trackOutage(System.nanoTime());
                if (0 == work)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
    }

    private int send(final long nowNs)
    {
        final long due = (long)((nowNs - startNs) * ratePerSecond / 1e9);
        int work = 0;
        while (intended < due)
        {
            final TraderSession session = sessions.get((int)(intended % sessions.size()));
            final long id = session.sendNext();
            if (id <= 0)
            {
                break;
            }
            intended++;
            work++;
        }
        sent = intended;
        return work;
    }

    /**
     * Poll every client once on the calling thread (the load thread, or the caller after {@link #stop()}).
     *
     * @return work done.
     */
    int pollAll()
    {
        int work = 0;
        long pendingNow = 0;
        for (final TraderSession session : sessions)
        {
            work += session.client().poll();
            pendingNow += session.client().pendingCount();
        }
        pending = pendingNow;
        return work;
    }

    private void trackOutage(final long nowNs)
    {
        if (0 == pending)
        {
            outageFromNs = 0;
            return;
        }
        if (0 == outageFromNs)
        {
            outageFromNs = Math.max(nowNs, lastProgressNs);
        }
        final long gap = nowNs - Math.max(outageFromNs, lastProgressNs);
        if (gap > longestOutageNs)
        {
            longestOutageNs = gap;
            longestOutageStartNs = Math.max(outageFromNs, lastProgressNs);
        }
    }

    void onAnswer(final long nowNs)
    {
        lastProgressNs = nowNs;
        answered++;
    }

    void onOrderAcknowledged()
    {
        acknowledged++;
    }

    void onConnectionEvent(final String user, final ConnectionEvent event, final String message)
    {
        final long nowNs = System.nanoTime();
        if (ConnectionEvent.LEADER_CHANGED == event || ConnectionEvent.RECONNECTED == event)
        {
            synchronized (this)
            {
                if (nowNs > faultAtNs && 0 == firstLeaderEventNs)
                {
                    firstLeaderEventNs = nowNs;
                }
            }
        }
        if (ConnectionEvent.CONNECTED != event && ConnectionEvent.CLOSED != event)
        {
            timeline.add(nowNs, "client " + user + ": " + event + (null == message ? "" : " (" + message + ")"));
        }
    }

    /**
     * Poll on the calling thread until the condition holds or the time is up (after {@link #stop()}).
     *
     * @param timeoutMs how long.
     * @param condition the condition.
     * @return true if it held.
     */
    boolean pollUntil(final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            int work = 0;
            for (final TraderSession session : sessions)
            {
                work += session.sendQueuedStatusRequests();
            }
            work += pollAll();
            trackOutage(System.nanoTime());
            if (0 == work)
            {
                LockSupport.parkNanos(200_000);
            }
        }
        return true;
    }

    long sent()
    {
        return sent;
    }

    long answered()
    {
        return answered;
    }

    /**
     * Orders acknowledged (accepted) so far, for progress lines.
     *
     * @return how many.
     */
    long acknowledged()
    {
        return acknowledged;
    }

    long pending()
    {
        return pending;
    }

    long longestOutageNs()
    {
        return longestOutageNs;
    }

    long longestOutageStartNs()
    {
        return longestOutageStartNs;
    }

    /**
     * When the clients first saw a new leader (or reconnected) after the fault, 0 if not yet.
     *
     * @return System.nanoTime() of the event.
     */
    long firstLeaderEventNs()
    {
        return firstLeaderEventNs;
    }

    long resendCount()
    {
        long count = 0;
        for (final TraderSession session : sessions)
        {
            count += null == session.client() ? 0 : session.client().resendCount();
        }
        return count;
    }

    long duplicateAnswerCount()
    {
        long count = 0;
        for (final TraderSession session : sessions)
        {
            count += null == session.client() ? 0 : session.client().duplicateAnswerCount();
        }
        return count;
    }

    void close()
    {
        for (final TraderSession session : sessions)
        {
            final ExchangeClient client = session.client();
            CloseHelper.quietClose(client);
        }
    }
}
