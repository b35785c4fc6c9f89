package dev.bourse.client.marketdata;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.bourse.client.EmbeddedMediaDriver;
import dev.bourse.client.TradingStatus;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.SystemUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Subscribes to the Bourse market-data feed (schema id 2, see schemas/src/main/resources/sbe/market-data.xml) and
 * keeps a full-depth, order-by-order book per instrument.
 * <pre>{@code
 * try (MarketDataSubscriber subscriber = MarketDataSubscriber.launch(new MarketDataSubscriber.Context()
 *     .listener(myListener)))                       // embedded media driver, default multicast channel
 * {
 *     while (running)
 *     {
 *         idleStrategy.idle(subscriber.poll());
 *     }
 * }
 * }</pre>
 * <h2>Feeds and arbitration</h2>
 * Every publishing node sends identical packets on the same channel and stream, so the subscriber sees one Aeron
 * image per publisher. Messages are arbitrated by channel sequence: the first copy of a sequence is applied and
 * later copies are dropped ({@link #duplicateCount()}); a sequence above the next expected one on every feed is a
 * gap ({@link #gapCount()}) and starts a recovery.
 * <h2>Recovery</h2>
 * At start, after a gap, after a stale feed ({@link Context#staleTimeoutNs()} without data or heartbeat) or when a
 * message does not fit the book, the subscriber buffers the live incremental messages (up to
 * {@link Context#recoveryBufferLength()} bytes; on overflow it starts again), takes the next complete snapshot of
 * every instrument from the snapshot loop (all chunks of one SnapshotBook from one publisher), rebuilds the books,
 * replays the buffered messages above each book's snapshot sequence, and follows the live stream again. A feed
 * that starts at sequence 1 needs no snapshot. The listener hears {@link MarketDataListener#onRecoveryStarted}
 * and {@link MarketDataListener#onRecoveryFinished}.
 * <h2>Threading and allocation</h2>
 * Not thread-safe and without threads of its own (Aeron's client conductor, and the embedded media driver if one
 * is used, have theirs): one thread calls {@link #poll()}, which dispatches to the listener, and reads the books.
 * Polling allocates nothing in steady state; recoveries and new instruments may. Malformed or foreign packets are
 * counted ({@link #malformedCount()}) and dropped; nothing from the network makes {@link #poll()} throw.
 */
public final class MarketDataSubscriber implements AutoCloseable
{
    private final Context ctx;
    private final FeedHandler handler;
    private final NanoClock clock;
    private final FragmentAssembler incrementalAssembler;
    private final FragmentAssembler snapshotAssembler;
    private MediaDriver mediaDriver;
    private Aeron aeron;
    private Subscription incrementalSubscription;
    private Subscription snapshotSubscription;
    private long errorCount;
    private boolean isClosed;

    private MarketDataSubscriber(final Context ctx)
    {
        this.ctx = ctx;
        this.clock = ctx.nanoClock();
        this.handler = new FeedHandler(
            ctx.listener(), ctx.instrumentIds(), ctx.staleTimeoutNs(), ctx.recoveryBufferLength());
        final FragmentHandler onIncremental = this::onIncrementalFragment;
        final FragmentHandler onSnapshot = this::onSnapshotFragment;
        incrementalAssembler = new FragmentAssembler(onIncremental);
        snapshotAssembler = new FragmentAssembler(onSnapshot);
    }

    /**
     * Start a subscriber: launch the embedded media driver if configured, connect to Aeron and subscribe to the
     * incremental and snapshot streams. The subscriber starts recovering at once; {@link #poll()} it.
     *
     * @param ctx the configuration; concluded here, and not reusable.
     * @return the subscriber.
     * @throws ConfigurationException if the context is not valid.
     */
    public static MarketDataSubscriber launch(final Context ctx)
    {
        ctx.conclude();
        final MarketDataSubscriber subscriber = new MarketDataSubscriber(ctx);
        try
        {
            subscriber.start();
            return subscriber;
        }
        catch (final RuntimeException ex)
        {
            subscriber.close();
            throw ex;
        }
    }

    private void start()
    {
        if (ctx.embeddedMediaDriver())
        {
            mediaDriver = EmbeddedMediaDriver.launch(ctx.aeronDirectoryName(), ctx.errorHandler());
        }

        aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .clientName("bourse-md-subscriber")
            .errorHandler(ctx.errorHandler()));
        incrementalSubscription = aeron.addSubscription(ctx.channel(), ctx.incrementalStreamId());
        snapshotSubscription = aeron.addSubscription(ctx.channel(), ctx.snapshotStreamId());
    }

    /**
     * The duty cycle: read the clock once, detect a stale feed, then read the incremental and snapshot streams,
     * dispatching to the listener. Call it in a loop, with an idle strategy when it returns 0.
     *
     * @return the amount of work done, 0 when there was nothing to do.
     */
    public int poll()
    {
        if (isClosed)
        {
            return 0;
        }

        int workCount = 0;
        try
        {
            workCount += handler.doWork(clock.nanoTime());
        }
        catch (final RuntimeException ex)
        {
            onError(ex);
        }
        workCount += incrementalSubscription.poll(incrementalAssembler, ctx.fragmentLimit());
        workCount += snapshotSubscription.poll(snapshotAssembler, ctx.fragmentLimit());
        return workCount;
    }

    private void onIncrementalFragment(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        try
        {
            handler.onIncrementalPacket(buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            onError(ex);
        }
    }

    private void onSnapshotFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        try
        {
            handler.onSnapshotPacket(buffer, offset, length, header.sessionId());
        }
        catch (final RuntimeException ex)
        {
            onError(ex);
        }
    }

    private void onError(final RuntimeException ex)
    {
        errorCount++;
        ctx.errorHandler().onError(ex);
    }

    /**
     * Poll with the context's idle strategy until the subscriber is live (recovered) or the timeout passes.
     *
     * @param timeoutNs the longest time to wait.
     * @return true if live.
     */
    public boolean awaitLive(final long timeoutNs)
    {
        final IdleStrategy idleStrategy = ctx.idleStrategy();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!isClosed && !handler.isLive())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            idleStrategy.idle(poll());
        }
        return handler.isLive();
    }

    /**
     * Is the subscriber following the live stream, as opposed to recovering?
     *
     * @return true when live: the books are trustworthy at event boundaries.
     */
    public boolean isLive()
    {
        return handler.isLive();
    }

    /**
     * The book of one instrument.
     *
     * @param instrumentId the instrument.
     * @return its view, or null if the instrument is unknown (or filtered out).
     */
    public BookView book(final int instrumentId)
    {
        return handler.book(instrumentId);
    }

    /**
     * The trading status of one instrument as the feed last reported it: from its TradingStatus messages on the
     * incremental stream (sent when the instrument is defined and whenever an admin sets it) or from the snapshot
     * loop. Read it on the polling thread; it does not allocate.
     *
     * @param instrumentId the instrument.
     * @return the status; {@link TradingStatus#UNKNOWN} for an unknown (or filtered out) instrument, before any
     * status has been received, or for a code this client does not know.
     */
    public TradingStatus tradingStatus(final int instrumentId)
    {
        final BookView book = handler.book(instrumentId);
        if (null == book)
        {
            return TradingStatus.UNKNOWN;
        }
        final dev.bourse.schemas.marketdata.TradingStatus status = book.tradingStatus();
        return dev.bourse.schemas.marketdata.TradingStatus.NULL_VAL == status ?
            TradingStatus.UNKNOWN : TradingStatus.fromCode(status.value());
    }

    /**
     * The ids of the instruments with a book, in ascending order. Allocates: not for the hot path.
     *
     * @return the instrument ids.
     */
    public int[] instrumentIds()
    {
        final int[] ids = new int[handler.books().size()];
        int i = 0;
        for (final int instrumentId : handler.books().keySet())
        {
            ids[i++] = instrumentId;
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * The {@link BookHash} of one instrument's book as it is now; see {@link #bookHashSequence(int)} for when it
     * is meaningful.
     *
     * @param instrumentId the instrument.
     * @return the hash, {@link BookHash#INITIAL} for an unknown instrument.
     */
    public long bookHash(final int instrumentId)
    {
        final OrderBook book = handler.book(instrumentId);
        return null == book ? BookHash.INITIAL : book.bookHash();
    }

    /**
     * The channel sequence at which {@link #bookHash(int)} is valid: that of the last message applied to the
     * book, when the subscriber is live and the book is at the end of a match event. The book does not change
     * between that sequence and {@link #lastSequence()}.
     *
     * @param instrumentId the instrument.
     * @return the sequence, or -1 while recovering, half way through an event, or for an unknown instrument.
     */
    public long bookHashSequence(final int instrumentId)
    {
        final OrderBook book = handler.book(instrumentId);
        if (null == book || !handler.isLive() || !book.isEventComplete())
        {
            return -1;
        }
        return book.lastSequence();
    }

    /**
     * The last channel sequence applied (live) or buffered (recovering).
     *
     * @return the sequence, or -1 before any.
     */
    public long lastSequence()
    {
        final long sequence = handler.lastSequence();
        return sequence < 0 ? -1 : sequence;
    }

    /**
     * Packets received: incremental ones, and snapshot ones while recovering.
     *
     * @return the count.
     */
    public long packetCount()
    {
        return handler.packetCount();
    }

    /**
     * Messages in the valid packets counted by {@link #packetCount()}.
     *
     * @return the count.
     */
    public long messageCount()
    {
        return handler.messageCount();
    }

    /**
     * Incremental messages dropped because their sequence had been received already (from another feed).
     *
     * @return the count.
     */
    public long duplicateCount()
    {
        return handler.duplicateCount();
    }

    /**
     * Jumps in the channel sequence (on every feed), each of which started a recovery.
     *
     * @return the count.
     */
    public long gapCount()
    {
        return handler.gapCount();
    }

    /**
     * Recoveries started, including the first one at start and restarts.
     *
     * @return the count.
     */
    public long recoveryCount()
    {
        return handler.recoveryCount();
    }

    /**
     * Packets dropped because they were malformed or foreign (wrong schema, unknown template, truncated, bad
     * counts or sequences).
     *
     * @return the count.
     */
    public long malformedCount()
    {
        return handler.malformedCount();
    }

    /**
     * BestBidOffer messages that did not match the subscriber's own book.
     *
     * @return the count.
     */
    public long bboMismatchCount()
    {
        return handler.bboMismatchCount();
    }

    /**
     * Messages that did not fit the book (unknown order or instrument, quantities that do not add up, instrument
     * sequence out of order) and snapshots that could not be rebuilt; each live one started a recovery.
     *
     * @return the count.
     */
    public long bookErrorCount()
    {
        return handler.bookErrorCount();
    }

    /**
     * Times the feed went stale.
     *
     * @return the count.
     */
    public long staleCount()
    {
        return handler.staleCount();
    }

    /**
     * Exceptions caught in the duty cycle (from the listener) and passed to the error handler.
     *
     * @return the count.
     */
    public long errorCount()
    {
        return errorCount;
    }

    /**
     * The concluded configuration.
     *
     * @return the context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Close the subscriptions, the Aeron client and the embedded media driver, if any. Idempotent.
     */
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            CloseHelper.closeAll(incrementalSubscription, snapshotSubscription, aeron, mediaDriver);
        }
    }

    /**
     * System properties and defaults of {@link Context}.
     */
    public static final class Configuration
    {
        /**
         * Channel of both streams.
         */
        public static final String CHANNEL_PROP_NAME = "bourse.md.channel";

        /**
         * Default channel: multicast on the loopback interface, as the local cluster publishes it.
         */
        public static final String CHANNEL_DEFAULT = "aeron:udp?endpoint=224.0.1.1:40456|interface=127.0.0.1|ttl=0";

        /**
         * Stream id of the incremental stream.
         */
        public static final String INCREMENTAL_STREAM_ID_PROP_NAME = "bourse.md.incremental.stream.id";

        /**
         * Default incremental stream id.
         */
        public static final int INCREMENTAL_STREAM_ID_DEFAULT = 1001;

        /**
         * Stream id of the snapshot stream.
         */
        public static final String SNAPSHOT_STREAM_ID_PROP_NAME = "bourse.md.snapshot.stream.id";

        /**
         * Default snapshot stream id.
         */
        public static final int SNAPSHOT_STREAM_ID_DEFAULT = 1002;

        /**
         * Directory of an external media driver; when set the subscriber does not launch its own.
         */
        public static final String AERON_DIR_PROP_NAME = "bourse.md.aeron.dir";

        /**
         * Longest time without data or heartbeat before the feed is stale and the subscriber recovers.
         */
        public static final String STALE_TIMEOUT_PROP_NAME = "bourse.md.stale.timeout";

        /**
         * Default stale timeout in nanoseconds: 2 s, ten heartbeat intervals.
         */
        public static final long STALE_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(2);

        /**
         * Bytes of live messages that may be buffered during a recovery.
         */
        public static final String RECOVERY_BUFFER_LENGTH_PROP_NAME = "bourse.md.recovery.buffer.length";

        /**
         * Default recovery buffer: 16 MiB, about 200,000 messages.
         */
        public static final int RECOVERY_BUFFER_LENGTH_DEFAULT = 16 * 1024 * 1024;

        /**
         * Most fragments read from each stream per {@link MarketDataSubscriber#poll()}.
         */
        public static final String FRAGMENT_LIMIT_PROP_NAME = "bourse.md.fragment.limit";

        /**
         * Default fragment limit.
         */
        public static final int FRAGMENT_LIMIT_DEFAULT = 64;

        private Configuration()
        {
        }

        static String channel()
        {
            return System.getProperty(CHANNEL_PROP_NAME, CHANNEL_DEFAULT);
        }

        static int incrementalStreamId()
        {
            return Integer.getInteger(INCREMENTAL_STREAM_ID_PROP_NAME, INCREMENTAL_STREAM_ID_DEFAULT);
        }

        static int snapshotStreamId()
        {
            return Integer.getInteger(SNAPSHOT_STREAM_ID_PROP_NAME, SNAPSHOT_STREAM_ID_DEFAULT);
        }

        static long staleTimeoutNs()
        {
            return SystemUtil.getDurationInNanos(STALE_TIMEOUT_PROP_NAME, STALE_TIMEOUT_DEFAULT_NS);
        }

        static int recoveryBufferLength()
        {
            return SystemUtil.getSizeAsInt(RECOVERY_BUFFER_LENGTH_PROP_NAME, RECOVERY_BUFFER_LENGTH_DEFAULT);
        }

        static int fragmentLimit()
        {
            return Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
        }
    }

    /**
     * Configuration of a {@link MarketDataSubscriber}, with the defaults of {@link Configuration}. Fluent
     * accessors; validated once by {@link #conclude()}.
     */
    public static final class Context
    {
        private static final MarketDataListener NO_OP_LISTENER = new MarketDataListener()
        {
        };
        private static final int MIN_RECOVERY_BUFFER_LENGTH = 64 * 1024;

        private boolean isConcluded;
        private String channel = Configuration.channel();
        private int incrementalStreamId = Configuration.incrementalStreamId();
        private int snapshotStreamId = Configuration.snapshotStreamId();
        private String aeronDirectoryName = System.getProperty(Configuration.AERON_DIR_PROP_NAME);
        private Boolean embeddedMediaDriver;
        private MarketDataListener listener = NO_OP_LISTENER;
        private int[] instrumentIds = new int[0];
        private long staleTimeoutNs = Configuration.staleTimeoutNs();
        private int recoveryBufferLength = Configuration.recoveryBufferLength();
        private int fragmentLimit = Configuration.fragmentLimit();
        private IdleStrategy idleStrategy;
        private NanoClock nanoClock;
        private ErrorHandler errorHandler;

        /**
         * A context with the defaults of {@link Configuration}.
         */
        public Context()
        {
        }

        /**
         * Check the configuration and fill in what derives from it. Called by {@link MarketDataSubscriber#launch}.
         *
         * @throws ConfigurationException if a value is missing or out of range.
         * @throws IllegalStateException  if the context was concluded already.
         */
        public void conclude()
        {
            if (isConcluded)
            {
                throw new IllegalStateException("this Context is concluded already: use a new one for each subscriber");
            }
            if (null == channel || channel.isEmpty())
            {
                throw new ConfigurationException("channel must be set");
            }
            if (incrementalStreamId == snapshotStreamId)
            {
                throw new ConfigurationException(
                    "incrementalStreamId and snapshotStreamId must differ: " + incrementalStreamId);
            }
            if (staleTimeoutNs <= 0)
            {
                throw new ConfigurationException("staleTimeoutNs must be positive: " + staleTimeoutNs);
            }
            if (recoveryBufferLength < MIN_RECOVERY_BUFFER_LENGTH)
            {
                throw new ConfigurationException("recoveryBufferLength must be at least " +
                    MIN_RECOVERY_BUFFER_LENGTH + ": " + recoveryBufferLength);
            }
            if (fragmentLimit < 1)
            {
                throw new ConfigurationException("fragmentLimit must be positive: " + fragmentLimit);
            }
            if (null == listener)
            {
                throw new ConfigurationException("listener must not be null");
            }
            if (null == instrumentIds)
            {
                instrumentIds = new int[0];
            }

            if (null == embeddedMediaDriver)
            {
                embeddedMediaDriver = null == aeronDirectoryName;
            }
            if (null == aeronDirectoryName)
            {
                aeronDirectoryName = embeddedMediaDriver ?
                    CommonContext.generateRandomDirName() : CommonContext.getAeronDirectoryName();
            }
            if (null == idleStrategy)
            {
                idleStrategy = new BackoffIdleStrategy(100, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (null == nanoClock)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            if (null == errorHandler)
            {
                errorHandler = Throwable::printStackTrace;
            }

            isConcluded = true;
        }

        /**
         * Has {@link #conclude()} been called?
         *
         * @return true once concluded.
         */
        public boolean isConcluded()
        {
            return isConcluded;
        }

        /**
         * Aeron channel of both streams, e.g. the multicast group of the cluster's publishers.
         *
         * @param channel the channel.
         * @return this for a fluent API.
         */
        public Context channel(final String channel)
        {
            this.channel = channel;
            return this;
        }

        /**
         * Aeron channel of both streams.
         *
         * @return the channel.
         */
        public String channel()
        {
            return channel;
        }

        /**
         * Stream id of the incremental stream.
         *
         * @param incrementalStreamId the stream id.
         * @return this for a fluent API.
         */
        public Context incrementalStreamId(final int incrementalStreamId)
        {
            this.incrementalStreamId = incrementalStreamId;
            return this;
        }

        /**
         * Stream id of the incremental stream.
         *
         * @return the stream id.
         */
        public int incrementalStreamId()
        {
            return incrementalStreamId;
        }

        /**
         * Stream id of the snapshot stream.
         *
         * @param snapshotStreamId the stream id.
         * @return this for a fluent API.
         */
        public Context snapshotStreamId(final int snapshotStreamId)
        {
            this.snapshotStreamId = snapshotStreamId;
            return this;
        }

        /**
         * Stream id of the snapshot stream.
         *
         * @return the stream id.
         */
        public int snapshotStreamId()
        {
            return snapshotStreamId;
        }

        /**
         * Directory of the media driver. When set (and {@link #embeddedMediaDriver(boolean)} is not), an external
         * driver is used; when unset, an embedded driver is launched in a fresh temporary directory.
         *
         * @param aeronDirectoryName the directory.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * Directory of the media driver.
         *
         * @return the directory.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * Launch an embedded media driver (shared threading, backoff idle) for this subscriber, and close it with it.
         *
         * @param embeddedMediaDriver true to launch one.
         * @return this for a fluent API.
         */
        public Context embeddedMediaDriver(final boolean embeddedMediaDriver)
        {
            this.embeddedMediaDriver = embeddedMediaDriver;
            return this;
        }

        /**
         * Is an embedded media driver launched?
         *
         * @return true if so (false until concluded when not set).
         */
        public boolean embeddedMediaDriver()
        {
            return Boolean.TRUE.equals(embeddedMediaDriver);
        }

        /**
         * The listener; a no-op one by default.
         *
         * @param listener the listener.
         * @return this for a fluent API.
         */
        public Context listener(final MarketDataListener listener)
        {
            this.listener = listener;
            return this;
        }

        /**
         * The listener.
         *
         * @return the listener.
         */
        public MarketDataListener listener()
        {
            return listener;
        }

        /**
         * Keep books for these instruments only; none (the default) means all. Messages about other instruments
         * are still sequenced and arbitrated, but neither applied nor buffered.
         *
         * @param instrumentIds the instruments.
         * @return this for a fluent API.
         */
        public Context instrumentIds(final int... instrumentIds)
        {
            this.instrumentIds = null == instrumentIds ? new int[0] : instrumentIds.clone();
            return this;
        }

        /**
         * The instruments kept, empty for all.
         *
         * @return the instrument ids.
         */
        public int[] instrumentIds()
        {
            return instrumentIds.clone();
        }

        /**
         * Longest time without data or heartbeat on the incremental stream before the feed is stale.
         *
         * @param staleTimeoutNs nanoseconds.
         * @return this for a fluent API.
         */
        public Context staleTimeoutNs(final long staleTimeoutNs)
        {
            this.staleTimeoutNs = staleTimeoutNs;
            return this;
        }

        /**
         * Longest time without data or heartbeat before the feed is stale.
         *
         * @return nanoseconds.
         */
        public long staleTimeoutNs()
        {
            return staleTimeoutNs;
        }

        /**
         * Bytes of live messages buffered during a recovery; preallocated. When they do not suffice the recovery
         * starts again.
         *
         * @param recoveryBufferLength bytes, at least 64 KiB.
         * @return this for a fluent API.
         */
        public Context recoveryBufferLength(final int recoveryBufferLength)
        {
            this.recoveryBufferLength = recoveryBufferLength;
            return this;
        }

        /**
         * Bytes of live messages buffered during a recovery.
         *
         * @return bytes.
         */
        public int recoveryBufferLength()
        {
            return recoveryBufferLength;
        }

        /**
         * Most fragments read from each stream per poll.
         *
         * @param fragmentLimit the limit.
         * @return this for a fluent API.
         */
        public Context fragmentLimit(final int fragmentLimit)
        {
            this.fragmentLimit = fragmentLimit;
            return this;
        }

        /**
         * Most fragments read from each stream per poll.
         *
         * @return the limit.
         */
        public int fragmentLimit()
        {
            return fragmentLimit;
        }

        /**
         * Idle strategy of {@link MarketDataSubscriber#awaitLive(long)}, and for callers' own poll loops.
         *
         * @param idleStrategy the strategy.
         * @return this for a fluent API.
         */
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /**
         * Idle strategy for poll loops; a backoff strategy by default.
         *
         * @return the strategy.
         */
        public IdleStrategy idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * Clock of the stale-feed timeout; the system clock by default (tests pass a manual one).
         *
         * @param nanoClock the clock.
         * @return this for a fluent API.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * Clock of the stale-feed timeout.
         *
         * @return the clock.
         */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * Receives exceptions from Aeron and from listener callbacks; printing by default.
         *
         * @param errorHandler the handler.
         * @return this for a fluent API.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Receives exceptions from Aeron and from listener callbacks.
         *
         * @return the handler.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }
    }
}
