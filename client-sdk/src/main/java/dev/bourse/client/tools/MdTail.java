package dev.bourse.client.tools;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.bourse.client.marketdata.BookView;
import dev.bourse.client.marketdata.MarketDataListener;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.client.marketdata.RecoveryReason;
import dev.bourse.schemas.marketdata.Side;
import org.agrona.SystemUtil;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code md-tail}: subscribes to the market-data feed and shows, refreshing in place, the top levels of the
 * chosen instruments' books, their last trades, and the feed's sequence, gaps, duplicates and recoveries.
 * {@code --count} or {@code --duration} make it stop by itself (for scripts); Ctrl-C stops it cleanly.
 */
@Command(
    name = "md-tail",
    mixinStandardHelpOptions = true,
    version = "md-tail 0.1",
    description = "Show the Bourse market-data feed: books, trades, sequence, gaps, duplicates and recoveries.")
public final class MdTail implements Callable<Integer>
{
    private static final String CLEAR_HOME = "\u001b[H\u001b[2J";

    @Option(names = "--channel", description = "Aeron channel of both streams (default: ${DEFAULT-VALUE}).")
    String channel = MarketDataSubscriber.Configuration.CHANNEL_DEFAULT;

    @Option(names = "--incremental-stream", description = "Incremental stream id (default: ${DEFAULT-VALUE}).")
    int incrementalStreamId = MarketDataSubscriber.Configuration.INCREMENTAL_STREAM_ID_DEFAULT;

    @Option(names = "--snapshot-stream", description = "Snapshot stream id (default: ${DEFAULT-VALUE}).")
    int snapshotStreamId = MarketDataSubscriber.Configuration.SNAPSHOT_STREAM_ID_DEFAULT;

    @Option(names = "--aeron-dir", description = "Directory of an external media driver; default: embedded driver.")
    String aeronDirectoryName;

    @Option(names = {"-i", "--instrument"}, split = ",",
        description = "Instrument ids to show (and keep), comma separated; default: all.")
    int[] instrumentIds = new int[0];

    @Option(names = {"-d", "--depth"}, description = "Price levels shown per side (default: ${DEFAULT-VALUE}).")
    int depth = 5;

    @Option(names = "--trades", description = "Last trades shown per instrument (default: ${DEFAULT-VALUE}).")
    int tradeCount = 5;

    @Option(names = "--refresh", description = "Refresh interval, e.g. 250ms or 1s (default: ${DEFAULT-VALUE}).")
    String refresh = "250ms";

    @Option(names = "--count", description = "Stop after this many match events (0: no limit).")
    long count;

    @Option(names = "--duration", description = "Stop after this long, e.g. 10s or 500ms; a bare number is seconds " +
        "(default: no limit).")
    String duration;

    @Option(names = "--plain", description = "No ANSI screen control: print only the final screen (for scripts).")
    boolean plain;

    @Option(names = "--stale-timeout", description = "Feed stale after this long without data (default: 2s).")
    String staleTimeout = "2s";

    private final PrintStream out;
    private volatile boolean isRunning = true;
    private final Int2ObjectHashMap<Trades> trades = new Int2ObjectHashMap<>();
    private long eventCount;
    private String recoveryState = "starting";

    /**
     * A tail printing to standard output.
     */
    public MdTail()
    {
        this(System.out);
    }

    /**
     * A tail printing to the given stream.
     *
     * @param out where the screens go.
     */
    public MdTail(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Run md-tail; see {@code --help}.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new MdTail()).execute(args));
    }

    /**
     * Subscribe and show the feed until stopped.
     *
     * @return the exit code: 0 when stopped by Ctrl-C, --count or --duration.
     */
    @Override
    public Integer call()
    {
        final long refreshNs = SystemUtil.parseDuration("refresh", refresh);
        final long deadlineNs = null == duration ?
            Long.MAX_VALUE : System.nanoTime() + SystemUtil.parseDuration("duration",
            duration.chars().allMatch(Character::isDigit) ? duration + "s" : duration);
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            isRunning = false;
            try
            {
                stopped.await(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }, "md-tail-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        final MarketDataSubscriber.Context ctx = new MarketDataSubscriber.Context()
            .channel(channel)
            .incrementalStreamId(incrementalStreamId)
            .snapshotStreamId(snapshotStreamId)
            .instrumentIds(instrumentIds)
            .staleTimeoutNs(SystemUtil.parseDuration("stale-timeout", staleTimeout))
            .listener(new Listener());
        if (null != aeronDirectoryName)
        {
            ctx.aeronDirectoryName(aeronDirectoryName);
        }

        try (MarketDataSubscriber subscriber = MarketDataSubscriber.launch(ctx))
        {
            final IdleStrategy idleStrategy = subscriber.context().idleStrategy();
            long nextRefreshNs = System.nanoTime();
            while (isRunning)
            {
                idleStrategy.idle(subscriber.poll());
                final long nowNs = System.nanoTime();
                if ((count > 0 && eventCount >= count) || nowNs - deadlineNs >= 0)
                {
                    break;
                }
                if (!plain && nowNs - nextRefreshNs >= 0)
                {
                    nextRefreshNs = nowNs + refreshNs;
                    out.print(CLEAR_HOME);
                    out.print(render(subscriber));
                    out.flush();
                }
            }
            out.print(render(subscriber));
            out.flush();
        }
        finally
        {
            stopped.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // Already shutting down: the hook is running and waits for the latch counted down above.
            }
        }
        return 0;
    }

    String render(final MarketDataSubscriber subscriber)
    {
        final StringBuilder sb = new StringBuilder(4096);
        sb.append("md-tail  ").append(channel).append("  streams ").append(incrementalStreamId).append('/')
            .append(snapshotStreamId).append('\n');
        sb.append(subscriber.isLive() ? "LIVE" : "RECOVERING (" + recoveryState + ")")
            .append("  seq ").append(subscriber.lastSequence())
            .append("  events ").append(eventCount)
            .append("  packets ").append(subscriber.packetCount())
            .append("  dups ").append(subscriber.duplicateCount())
            .append("  gaps ").append(subscriber.gapCount())
            .append("  recoveries ").append(subscriber.recoveryCount())
            .append("  malformed ").append(subscriber.malformedCount())
            .append("  bbo-mismatch ").append(subscriber.bboMismatchCount())
            .append('\n');

        final int[] shown = 0 == instrumentIds.length ? subscriber.instrumentIds() : instrumentIds;
        for (final int instrumentId : shown)
        {
            final BookView book = subscriber.book(instrumentId);
            sb.append('\n');
            if (null == book)
            {
                sb.append('[').append(instrumentId).append("] unknown\n");
                continue;
            }
            renderBook(sb, book);
            final Trades last = trades.get(instrumentId);
            if (null != last)
            {
                last.render(sb);
            }
        }
        return sb.toString();
    }

    private void renderBook(final StringBuilder sb, final BookView book)
    {
        sb.append('[').append(book.instrumentId()).append("] ").append(book.symbol())
            .append("  ").append(book.tradingStatus())
            .append("  orders ").append(book.orderCount())
            .append("  seq ").append(book.lastSequence()).append('\n');
        sb.append(String.format("%8s %6s %12s | %-12s %6s %8s%n", "bid qty", "orders", "bid", "ask", "orders",
            "ask qty"));
        final int bids = book.levelCount(Side.BUY);
        final int asks = book.levelCount(Side.SELL);
        for (int level = 0; level < depth && (level < bids || level < asks); level++)
        {
            if (level < bids)
            {
                sb.append(String.format("%8d %6d %12d", book.levelQuantity(Side.BUY, level),
                    book.levelOrderCount(Side.BUY, level), book.levelPrice(Side.BUY, level)));
            }
            else
            {
                sb.append(String.format("%8s %6s %12s", "", "", ""));
            }
            sb.append(" | ");
            if (level < asks)
            {
                sb.append(String.format("%-12d %6d %8d", book.levelPrice(Side.SELL, level),
                    book.levelOrderCount(Side.SELL, level), book.levelQuantity(Side.SELL, level)));
            }
            sb.append('\n');
        }
    }

    /**
     * The last trades of one instrument, a ring.
     */
    private final class Trades
    {
        private final long[] prices = new long[Math.max(1, tradeCount)];
        private final long[] quantities = new long[prices.length];
        private final long[] tradeIds = new long[prices.length];
        private final Side[] sides = new Side[prices.length];
        private long total;

        void add(final long tradeId, final long price, final long quantity, final Side side)
        {
            final int index = (int)(total++ % prices.length);
            tradeIds[index] = tradeId;
            prices[index] = price;
            quantities[index] = quantity;
            sides[index] = side;
        }

        void render(final StringBuilder sb)
        {
            if (0 == tradeCount || 0 == total)
            {
                return;
            }
            sb.append("last trades (").append(total).append(" in all):");
            for (long i = total - 1; i >= Math.max(0, total - prices.length); i--)
            {
                final int index = (int)(i % prices.length);
                sb.append("  #").append(tradeIds[index]).append(' ').append(quantities[index]).append('@')
                    .append(prices[index]).append(Side.BUY == sides[index] ? " buy" : " sell");
            }
            sb.append('\n');
        }
    }

    private final class Listener implements MarketDataListener
    {
        @Override
        public void onTrade(
            final BookView book,
            final long tradeId,
            final long price,
            final long quantity,
            final Side aggressorSide,
            final long makerOrderId,
            final long takerOrderId,
            final long transactTimeNs,
            final long sequence)
        {
            Trades last = trades.get(book.instrumentId());
            if (null == last)
            {
                last = new Trades();
                trades.put(book.instrumentId(), last);
            }
            last.add(tradeId, price, quantity, aggressorSide);
        }

        @Override
        public void onEndOfEvent(final int instrumentId, final BookView book, final long sequence)
        {
            eventCount++;
        }

        @Override
        public void onRecoveryStarted(final RecoveryReason reason)
        {
            recoveryState = reason.name();
        }

        @Override
        public void onRecoveryFinished(final long sequence)
        {
            recoveryState = "recovered at " + sequence;
        }
    }
}
