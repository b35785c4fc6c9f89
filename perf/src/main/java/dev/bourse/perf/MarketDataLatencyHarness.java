package dev.bourse.perf;

import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.marketdata.BookView;
import dev.bourse.client.marketdata.MarketDataListener;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.HighResolutionClock;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Market-data latency and the subscriber's apply rate, against a running cluster (e.g. {@code
 * deploy/local-cluster.sh start}): an order-entry client sends orders open loop at a fixed rate (each a resting
 * buy followed by an IOC sell that trades it), and a {@link MarketDataSubscriber} on the followers' multicast feed
 * records, at each end of event, the time from the event's cluster timestamp (when the leader sequenced the
 * command) to the subscriber's book update, in an HdrHistogram. Nodes and clients share one machine and one clock.
 * The apply rate: half way through, the subscriber is not polled for one second, then the time it takes to apply
 * that backlog is measured (events in the pause are left out of the latency histogram).
 * <p>
 * Usage: {@code MarketDataLatencyHarness [--rate=N] [--orders=N] [--warmup=N] [--out=DIR]
 * [--ingress-endpoints=0=host:port,...] [--md-channel=CHANNEL] [--user=NAME --password=SECRET]
 * [--admin-password=SECRET]}; the end-to-end suite ({@code dev.bourse.perf.e2e.E2eSuite}) calls {@link #run}
 * against the cluster it launched.
 */
public final class MarketDataLatencyHarness implements MarketDataListener
{
    private static final int INSTRUMENT = 900;
    private static final long PRICE = 10_000;

    private final Histogram latencyNs = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private boolean recording;
    private long events;

    private MarketDataLatencyHarness()
    {
    }

    /**
     * Where and how to run.
     *
     * @param aeronDirectoryName an existing media driver's directory, or null for a driver of the harness's own.
     * @param ingressEndpoints   the cluster's ingress endpoints, or null for the SDK's default (local cluster).
     * @param mdChannel          the market-data channel, or null for the SDK's default.
     * @param user               the trading user.
     * @param password           its password.
     * @param adminPassword      the password of user {@code admin} (defines the instrument).
     * @param rate               orders per second.
     * @param orders             measured orders.
     * @param warmup             orders before measuring.
     * @param outDir             where the .hlog goes.
     * @param out                where the report goes.
     */
    public record Settings(
        String aeronDirectoryName,
        String ingressEndpoints,
        String mdChannel,
        String user,
        String password,
        String adminPassword,
        long rate,
        long orders,
        long warmup,
        File outDir,
        PrintStream out)
    {
    }

    /**
     * What was measured.
     *
     * @param rate            orders per second.
     * @param orders          measured orders.
     * @param events          match events seen on the instrument.
     * @param latencyNs       cluster timestamp to subscriber book update, per measured event.
     * @param backlogMessages messages in the backlog applied after the pause.
     * @param backlogNs       time to apply them.
     * @param duplicates      the subscriber's duplicate count (the second publisher's copies).
     * @param gaps            sequence gaps.
     * @param recoveries      recoveries from the snapshot loop.
     * @param hlog            the histogram file.
     */
    public record Result(
        long rate,
        long orders,
        long events,
        Histogram latencyNs,
        long backlogMessages,
        long backlogNs,
        long duplicates,
        long gaps,
        long recoveries,
        File hlog)
    {
        /**
         * @return backlog messages applied per second.
         */
        public double applyRate()
        {
            return backlogMessages * 1e9 / Math.max(1, backlogNs);
        }
    }

    /**
     * Run the harness against a running cluster.
     *
     * @param settings where and how.
     * @return what was measured.
     * @throws FileNotFoundException if the results file cannot be written.
     */
    public static Result run(final Settings settings) throws FileNotFoundException
    {
        return new MarketDataLatencyHarness().measure(settings);
    }

    /**
     * Run the harness.
     *
     * @param args {@code --rate=} orders per second, {@code --orders=} measured orders, {@code --warmup=} orders
     *             before measuring, {@code --out=} results directory.
     * @throws FileNotFoundException if the results file cannot be written.
     */
    public static void main(final String[] args) throws FileNotFoundException
    {
        run(new Settings(
            null,
            stringArg(args, "--ingress-endpoints=", null),
            stringArg(args, "--md-channel=", null),
            stringArg(args, "--user=", "loadgen"),
            stringArg(args, "--password=", "loadgen-pass"),
            stringArg(args, "--admin-password=", "admin-pass"),
            longArg(args, "--rate=", 2_000),
            longArg(args, "--orders=", 20_000),
            longArg(args, "--warmup=", 5_000),
            new File(stringArg(args, "--out=", "perf/results")),
            System.out));
    }

    private ExchangeClient.Context clientContext(final Settings settings, final String aeronDir)
    {
        final ExchangeClient.Context context = new ExchangeClient.Context()
            .aeronDirectoryName(aeronDir).embeddedMediaDriver(false);
        if (null != settings.ingressEndpoints())
        {
            context.ingressEndpoints(settings.ingressEndpoints());
        }
        return context;
    }

    private Result measure(final Settings settings) throws FileNotFoundException
    {
        final long rate = settings.rate();
        final long orders = settings.orders();
        final long warmup = settings.warmup();
        final PrintStream out = settings.out();
        MediaDriver driver = null;
        ExchangeClient client = null;
        MarketDataSubscriber subscriber = null;
        try
        {
            final String aeronDir;
            if (null == settings.aeronDirectoryName())
            {
                driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(CommonContext.generateRandomDirName())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1)))
                    .termBufferSparseFile(true)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
                aeronDir = driver.aeronDirectoryName();
            }
            else
            {
                aeronDir = settings.aeronDirectoryName();
            }
            try (AdminClient admin = AdminClient.connect(clientContext(settings, aeronDir)
                .username("admin").password(settings.adminPassword())))
            {
                admin.defineInstrument(INSTRUMENT, 1, 1, "LATENCY");
            }
            final MarketDataSubscriber.Context subscriberContext = new MarketDataSubscriber.Context()
                .aeronDirectoryName(aeronDir).embeddedMediaDriver(false).listener(this);
            if (null != settings.mdChannel())
            {
                subscriberContext.channel(settings.mdChannel());
            }
            subscriber = MarketDataSubscriber.launch(subscriberContext);
            client = ExchangeClient.connect(clientContext(settings, aeronDir)
                .username(settings.user()).password(settings.password()).maxPendingRequests(4096));

            final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
            final long total = warmup + orders;
            final long pauseAt = warmup + orders / 2;
            long backlogMessages = 0;
            long backlogNs = 0;
            final long startNs = System.nanoTime();
            long nextSendNs = startNs;
            long sent = 0;
            long nextProgressNs = startNs + TimeUnit.SECONDS.toNanos(5);
            long pauseUntilNs = 0;
            while (sent < total)
            {
                final long nowNs = System.nanoTime();
                int work = 0;
                if (nowNs - nextSendNs >= 0)
                {
                    final boolean buy = 0 == (sent & 1);
                    final long id = buy ?
                        client.placeLimitOrder(INSTRUMENT, Side.BUY, 1, PRICE, TimeInForce.GTC) :
                        client.placeLimitOrder(INSTRUMENT, Side.SELL, 1, PRICE, TimeInForce.IOC);
                    if (id > 0)
                    {
                        sent++;
                        work++;
                        nextSendNs += intervalNs;
                        recording = sent > warmup && 0 == pauseUntilNs;
                        if (pauseAt == sent)
                        {
                            pauseUntilNs = nowNs + TimeUnit.SECONDS.toNanos(1);
                            recording = false;
                        }
                    }
                }
                work += client.poll();
                if (0 != pauseUntilNs && nowNs - pauseUntilNs >= 0)
                {
                    // The subscriber was not polled for a second: time how fast it applies the backlog.
                    final long before = subscriber.messageCount();
                    final long drainStartNs = System.nanoTime();
                    while (subscriber.poll() > 0)
                    {
                        client.poll();
                    }
                    backlogNs = System.nanoTime() - drainStartNs;
                    backlogMessages = subscriber.messageCount() - before;
                    pauseUntilNs = 0;
                }
                else if (0 == pauseUntilNs)
                {
                    work += subscriber.poll();
                }
                if (nowNs - nextProgressNs >= 0)
                {
                    nextProgressNs += TimeUnit.SECONDS.toNanos(5);
                    out.printf("sent %,d of %,d orders, %,d events seen, sequence %d%n", sent, total, events,
                        subscriber.lastSequence());
                }
                if (0 == work)
                {
                    LockSupport.parkNanos(Math.min(50_000, Math.max(1_000, nextSendNs - System.nanoTime())));
                }
            }
            final long drainUntilNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() - drainUntilNs < 0)
            {
                if (0 == client.poll() + subscriber.poll())
                {
                    LockSupport.parkNanos(100_000);
                }
            }
            final File hlog = report(rate, orders, backlogMessages, backlogNs, subscriber, settings.outDir(), out);
            return new Result(rate, orders, events, latencyNs, backlogMessages, backlogNs,
                subscriber.duplicateCount(), subscriber.gapCount(), subscriber.recoveryCount(), hlog);
        }
        finally
        {
            CloseHelper.quietCloseAll(client, subscriber, driver);
        }
    }

    private File report(
        final long rate,
        final long orders,
        final long messages,
        final long pollNs,
        final MarketDataSubscriber subscriber,
        final File outDir,
        final PrintStream out) throws FileNotFoundException
    {
        out.printf("%nmarket data, %,d orders at %,d/s (a resting buy then an IOC sell that trades it):%n",
            orders, rate);
        out.printf("  cluster timestamp -> subscriber book update, %,d events: p50 %.1f us  p90 %.1f us  " +
            "p99 %.1f us  p99.9 %.1f us  p99.99 %.1f us  max %.1f us%n", latencyNs.getTotalCount(),
            us(latencyNs.getValueAtPercentile(50)), us(latencyNs.getValueAtPercentile(90)),
            us(latencyNs.getValueAtPercentile(99)), us(latencyNs.getValueAtPercentile(99.9)),
            us(latencyNs.getValueAtPercentile(99.99)), us(latencyNs.getMaxValue()));
        out.printf("  subscriber apply rate: %,.0f messages/s (a 1 s backlog of %,d messages applied in %.1f ms)%n",
            messages * 1e9 / Math.max(1, pollNs), messages, pollNs / 1e6);
        out.printf("  subscriber: duplicates %,d, gaps %,d, recoveries %,d%n", subscriber.duplicateCount(),
            subscriber.gapCount(), subscriber.recoveryCount());
        if (outDir.isDirectory() || outDir.mkdirs())
        {
            final File file = new File(outDir, "md-latency-" + System.currentTimeMillis() + ".hlog");
            try (PrintStream log = new PrintStream(file))
            {
                final HistogramLogWriter writer = new HistogramLogWriter(log);
                writer.outputLogFormatVersion();
                writer.outputIntervalHistogram(latencyNs);
            }
            out.println("  histogram: " + file);
            return file;
        }
        return null;
    }

    private static double us(final long ns)
    {
        return ns / 1_000.0;
    }

    /**
     * {@inheritDoc}
     */
    public void onEndOfEvent(final int instrumentId, final BookView book, final long sequence)
    {
        if (INSTRUMENT == instrumentId)
        {
            events++;
            if (recording)
            {
                final long latency = HighResolutionClock.epochNanos() - book.lastTransactTimeNs();
                latencyNs.recordValue(Math.max(0, Math.min(latency, latencyNs.getHighestTrackableValue())));
            }
        }
    }

    private static long longArg(final String[] args, final String prefix, final long defaultValue)
    {
        for (final String arg : args)
        {
            if (arg.startsWith(prefix))
            {
                return Long.parseLong(arg.substring(prefix.length()));
            }
        }
        return defaultValue;
    }

    private static String stringArg(final String[] args, final String prefix, final String defaultValue)
    {
        for (final String arg : args)
        {
            if (arg.startsWith(prefix))
            {
                return arg.substring(prefix.length());
            }
        }
        return defaultValue;
    }
}
