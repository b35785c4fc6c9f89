package dev.bourse.node;

import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.CancelOrderDecoder;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.MassCancelDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.OrderStatusRequestDecoder;
import dev.bourse.schemas.orderentry.ReplaceOrderDecoder;
import io.aeron.cluster.service.Cluster;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service thread's side of the node metrics: the service time of each ingress message, its command type, and
 * the values copied out of service-owned state from {@code doBackgroundWork} (applied log position, sessions,
 * market-data publisher state, per-instrument book figures once a second). Observations only: the clock read here
 * never reaches the state, the state hash or any output. Nothing here allocates or locks on the service thread in
 * steady state: the histogram is an HdrHistogram {@link SingleWriterRecorder} (wait-free for its one writer) whose
 * intervals the metrics thread collects.
 */
final class ServiceMetrics
{
    /** Service times above this are recorded as this (beyond the last histogram bucket, 10 s, either way). */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
    /** Book figures are copied at most this often. */
    static final long BOOK_STATS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** One ingress message in this many has its service time measured (a power of two). */
    static final int TIMING_SAMPLE = 8;
    /** {@link #startTiming()}'s answer for a message that is not timed. */
    static final long NOT_TIMED = Long.MIN_VALUE;
    private static final int ADMIN_SCHEMA_ID = dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SingleWriterRecorder matchingRecorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 2);
    private final AtomicLong matchingSumNs = new AtomicLong();
    private final ServiceCounters counters;
    private final Sessions sessions;
    private final MarketDataPublisher marketData;
    private final BookStats bookStats;

    private long sumNs;
    private long messages;
    private long lastLogPosition = -1;
    private int lastSessions = -1;
    private long lastNextSequence = -1;
    private boolean lastPublishing;
    private boolean bookStatsPublished;
    private long lastBookStatsNs;

    ServiceMetrics(
        final ServiceCounters counters,
        final MatchingEngine engine,
        final Sessions sessions,
        final MarketDataPublisher marketData)
    {
        this.counters = counters;
        this.sessions = sessions;
        this.marketData = marketData;
        this.bookStats = new BookStats(engine);
    }

    /**
     * Before an ingress message is handled: read the clock if this message is one of the sampled ones. One message
     * in {@link #TIMING_SAMPLE} is timed (reading the clock twice per message was 7% of the service thread's time
     * in log replay), and its service time is recorded as standing for all {@link #TIMING_SAMPLE}: the histogram's
     * count and sum are estimates that follow the message rate to within {@link #TIMING_SAMPLE} messages, and its
     * percentiles are those of a systematic sample. Service thread only.
     *
     * @return {@link System#nanoTime()}, or {@link #NOT_TIMED}.
     */
    long startTiming()
    {
        return 0 == (messages++ & (TIMING_SAMPLE - 1)) ? System.nanoTime() : NOT_TIMED;
    }

    /**
     * After an ingress message was handled: count its type and, if it was timed, record its service time since
     * {@code startNs} for {@link #TIMING_SAMPLE} messages. Service thread only.
     *
     * @param buffer  the message.
     * @param offset  where it starts.
     * @param length  its length.
     * @param startNs what {@link #startTiming()} returned for it.
     */
    void onMessage(final DirectBuffer buffer, final int offset, final int length, final long startNs)
    {
        if (NOT_TIMED != startNs)
        {
            recordServiceTime(System.nanoTime() - startNs, TIMING_SAMPLE);
        }
        final int type = commandType(buffer, offset, length);
        if (type >= 0)
        {
            counters.command(type);
        }
    }

    /**
     * Record one service time. Service thread only.
     *
     * @param serviceTimeNs the time in nanoseconds (negative counts as 0; above {@link #HIGHEST_TRACKABLE_NS}, the
     *                      histogram records the highest, the sum the exact value).
     */
    void recordServiceTime(final long serviceTimeNs)
    {
        recordServiceTime(serviceTimeNs, 1);
    }

    private void recordServiceTime(final long serviceTimeNs, final int count)
    {
        final long elapsedNs = Math.max(0, serviceTimeNs);
        matchingRecorder.recordValueWithCount(Math.min(elapsedNs, HIGHEST_TRACKABLE_NS), count);
        sumNs += elapsedNs * count;
        matchingSumNs.setRelease(sumNs);
    }

    private int commandType(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return -1;
        }
        headerDecoder.wrap(buffer, offset);
        final int schemaId = headerDecoder.schemaId();
        if (ADMIN_SCHEMA_ID == schemaId)
        {
            return ServiceCounters.COMMAND_ADMIN;
        }
        if (MessageHeaderDecoder.SCHEMA_ID != schemaId)
        {
            return -1;
        }
        switch (headerDecoder.templateId())
        {
            case NewOrderDecoder.TEMPLATE_ID:
                return ServiceCounters.COMMAND_NEW_ORDER;
            case CancelOrderDecoder.TEMPLATE_ID:
                return ServiceCounters.COMMAND_CANCEL;
            case ReplaceOrderDecoder.TEMPLATE_ID:
                return ServiceCounters.COMMAND_REPLACE;
            case MassCancelDecoder.TEMPLATE_ID:
                return ServiceCounters.COMMAND_MASS_CANCEL;
            case OrderStatusRequestDecoder.TEMPLATE_ID:
                return ServiceCounters.COMMAND_ORDER_STATUS;
            case LogonDecoder.TEMPLATE_ID:
                return ServiceCounters.COMMAND_LOGON;
            default:
                return -1;
        }
    }

    /**
     * Copy what other threads may read out of service-owned state: every call for the cheap values, at most once
     * per {@link #BOOK_STATS_INTERVAL_NS} for the book figures. Service thread only, from doBackgroundWork.
     *
     * @param nowNs   the agent's clock.
     * @param cluster the cluster, or null before the service started.
     * @return work done (always 0: publishing is not work that should keep the agent from idling).
     */
    int doWork(final long nowNs, final Cluster cluster)
    {
        if (null != cluster)
        {
            publish(nowNs, cluster.logPosition());
        }
        return 0;
    }

    /**
     * The service has applied the log up to at least {@code logPosition} (a checkpoint there): publish it now rather
     * than at the next duty cycle. Never moves the published position back. Service thread only.
     *
     * @param logPosition a log position the service has applied.
     */
    void applied(final long logPosition)
    {
        if (logPosition > lastLogPosition)
        {
            lastLogPosition = logPosition;
            counters.appliedLogPosition = logPosition;
        }
    }

    /**
     * The body of {@link #doWork(long, Cluster)}, with the applied log position given. Service thread only.
     *
     * @param nowNs       the agent's clock.
     * @param logPosition the log position the service has applied.
     */
    void publish(final long nowNs, final long logPosition)
    {
        if (logPosition != lastLogPosition)
        {
            lastLogPosition = logPosition;
            counters.appliedLogPosition = logPosition;
        }
        final int sessionCount = sessions.size();
        if (sessionCount != lastSessions)
        {
            lastSessions = sessionCount;
            counters.sessions = sessionCount;
        }
        final long nextSequence = marketData.nextSequence();
        if (nextSequence != lastNextSequence)
        {
            lastNextSequence = nextSequence;
            counters.marketDataNextSequence = nextSequence;
        }
        final boolean publishing = marketData.isPublishing();
        if (publishing != lastPublishing)
        {
            lastPublishing = publishing;
            counters.marketDataPublishing = publishing;
        }
        if (!bookStatsPublished || nowNs - lastBookStatsNs >= BOOK_STATS_INTERVAL_NS)
        {
            bookStatsPublished = true;
            lastBookStatsNs = nowNs;
            bookStats.publish();
        }
    }

    /**
     * The new leadership term the service applied. Service thread only.
     *
     * @param leadershipTermId the term.
     * @param leaderMemberId   its leader.
     */
    void onNewLeadershipTerm(final long leadershipTermId, final int leaderMemberId)
    {
        counters.leadershipTermId = leadershipTermId;
        counters.leaderMemberId = leaderMemberId;
    }

    /**
     * The service times recorded since the last call. Metrics thread only (one reader).
     *
     * @param reuse a histogram to recycle from the previous call, or null.
     * @return the interval histogram.
     */
    Histogram intervalMatchingHistogram(final Histogram reuse)
    {
        return matchingRecorder.getIntervalHistogram(reuse);
    }

    /**
     * Sum of every service time recorded, exact (not clamped). Any thread.
     *
     * @return nanoseconds.
     */
    long matchingSumNs()
    {
        return matchingSumNs.getAcquire();
    }

    /**
     * The per-instrument book figures.
     *
     * @return the figures, published by {@link #doWork(long, Cluster)}.
     */
    BookStats bookStats()
    {
        return bookStats;
    }
}
