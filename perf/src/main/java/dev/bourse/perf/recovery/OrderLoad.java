package dev.bourse.perf.recovery;

import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.ExecutionListener;
import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.PrintStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a benchmark cluster through its ingress with the client SDK: one {@link ExchangeClient} per trader
 * account over one local media driver, as fast as the cluster takes commands but with at most {@code window}
 * unanswered commands per client. Two workloads: a deep resting book that never crosses, and a mix of passive
 * orders, aggressive IOC orders that trade, cancels and replaces.
 */
final class OrderLoad implements AutoCloseable
{
    static final long MID_PRICE = 1_000_000;
    private static final long PROGRESS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * What a workload did.
     *
     * @param commands     commands sent (every one answered).
     * @param accepted     orders accepted.
     * @param rejected     orders rejected.
     * @param fills        fills reported (both sides of each trade).
     * @param cancels      orders cancelled (by request or IOC remainder).
     * @param replaces     orders replaced.
     * @param cancelRejects cancels and replaces refused (the order had gone).
     * @param elapsedNs    from the first command to the last answer.
     */
    record Result(
        long commands, long accepted, long rejected, long fills, long cancels, long replaces, long cancelRejects,
        long elapsedNs)
    {
        double commandsPerSecond()
        {
            return commands * 1e9 / Math.max(1, elapsedNs);
        }
    }

    private final MediaDriver driver;
    private final ExchangeClient[] clients;
    private final Tracker[] trackers;
    private final String ingressEndpoints;
    private final PrintStream out;

    private OrderLoad(
        final MediaDriver driver,
        final ExchangeClient[] clients,
        final Tracker[] trackers,
        final String ingressEndpoints,
        final PrintStream out)
    {
        this.driver = driver;
        this.clients = clients;
        this.trackers = trackers;
        this.ingressEndpoints = ingressEndpoints;
        this.out = out;
    }

    /**
     * Start a local media driver and connect one client per trader.
     *
     * @param ingressEndpoints the cluster's ingress endpoints.
     * @param traders          how many trader accounts (see {@link AccountsFileWriter}).
     * @param window           unanswered commands allowed per client.
     * @param out              progress lines.
     * @return the connected load.
     */
    static OrderLoad connect(final String ingressEndpoints, final int traders, final int window, final PrintStream out)
    {
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(CommonContext.generateRandomDirName())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, TimeUnit.MILLISECONDS.toNanos(1)))
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final ExchangeClient[] clients = new ExchangeClient[traders];
        final Tracker[] trackers = new Tracker[traders];
        try
        {
            for (int i = 0; i < traders; i++)
            {
                trackers[i] = new Tracker();
                final String user = AccountsFileWriter.traderName(i + 1);
                clients[i] = ExchangeClient.connect(context(driver, ingressEndpoints)
                    .username(user).password(user + "-pass").listener(trackers[i]).maxPendingRequests(window)
                    .responseTimeoutNs(TimeUnit.SECONDS.toNanos(30)));
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(clients);
            CloseHelper.quietClose(driver);
            throw ex;
        }
        return new OrderLoad(driver, clients, trackers, ingressEndpoints, out);
    }

    private static ExchangeClient.Context context(final MediaDriver driver, final String ingressEndpoints)
    {
        return new ExchangeClient.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .embeddedMediaDriver(false)
            .ingressEndpoints(ingressEndpoints)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30));
    }

    /**
     * Define instruments 1..count (tick 1, lot 1) as the admin.
     *
     * @param count how many.
     */
    void defineInstruments(final int count)
    {
        try (AdminClient admin = AdminClient.connect(context(driver, ingressEndpoints)
            .username("admin").password("admin-pass")))
        {
            for (int id = 1; id <= count; id++)
            {
                final AdminClient.Ack ack = admin.defineInstrument(id, 1, 1, "RCV" + id);
                if (!ack.isAccepted())
                {
                    throw new IllegalStateException("instrument " + id + " rejected: " + ack.rejectReason());
                }
            }
        }
    }

    /**
     * Place {@code orders} GTC limit orders that all rest: bids below and offers above {@link #MID_PRICE}, spread
     * uniformly over {@code levels} price levels per side, round robin over the instruments and accounts.
     *
     * @param orders      how many.
     * @param instruments over instruments 1..instruments.
     * @param levels      price levels per side.
     * @param seed        for sides, levels and quantities.
     * @return what happened; every order must have been accepted.
     */
    Result placeResting(final long orders, final int instruments, final int levels, final long seed)
    {
        final Random random = new Random(seed);
        final long startNs = System.nanoTime();
        long nextProgressNs = startNs + PROGRESS_INTERVAL_NS;
        for (long i = 0; i < orders; i++)
        {
            final ExchangeClient client = clients[(int)(i % clients.length)];
            final int instrument = 1 + (int)(i % instruments);
            final boolean buy = random.nextBoolean();
            final long level = 1 + random.nextInt(levels);
            final long price = buy ? MID_PRICE - level : MID_PRICE + level;
            final long quantity = 1 + random.nextInt(100);
            while (client.placeLimitOrder(instrument, buy ? Side.BUY : Side.SELL, quantity, price, TimeInForce.GTC) < 0)
            {
                idle(pollAll());
            }
            pollAll();
            nextProgressNs = progress("resting orders", i + 1, orders, startNs, nextProgressNs);
        }
        awaitAllAnswered();
        final Result result = result(orders, startNs);
        if (result.accepted() != orders)
        {
            throw new IllegalStateException("expected " + orders + " accepted orders: " + result);
        }
        return result;
    }

    /**
     * A realistic mix: about 40% passive GTC orders near the touch, 15% aggressive IOC orders crossing by up to
     * three ticks (they trade), 30% cancels and 15% replaces of the client's own live orders (some of which have
     * been filled meanwhile: those are answered with a cancel reject). Each client keeps at most
     * {@code maxLivePerClient} live orders, so the book stays bounded.
     *
     * @param commands         how many commands.
     * @param instruments      over instruments 1..instruments.
     * @param maxLivePerClient live orders per client before it only cancels.
     * @param seed             for the choices.
     * @return what happened.
     */
    Result mix(final long commands, final int instruments, final int maxLivePerClient, final long seed)
    {
        final Random random = new Random(seed);
        final long startNs = System.nanoTime();
        long nextProgressNs = startNs + PROGRESS_INTERVAL_NS;
        for (long i = 0; i < commands; i++)
        {
            final int index = (int)(i % clients.length);
            while (sendMixed(clients[index], trackers[index], random, instruments, maxLivePerClient) < 0)
            {
                idle(pollAll());
            }
            pollAll();
            nextProgressNs = progress("mixed commands", i + 1, commands, startNs, nextProgressNs);
        }
        awaitAllAnswered();
        return result(commands, startNs);
    }

    private static long sendMixed(
        final ExchangeClient client,
        final Tracker tracker,
        final Random random,
        final int instruments,
        final int maxLivePerClient)
    {
        final int instrument = 1 + random.nextInt(instruments);
        final boolean buy = random.nextBoolean();
        final Side side = buy ? Side.BUY : Side.SELL;
        final int kind = random.nextInt(100);
        final int live = tracker.liveIds.size();
        if ((kind < 40 || live < 16) && live < maxLivePerClient)
        {
            final long offset = 1 + random.nextInt(20);
            return client.placeLimitOrder(instrument, side, 1 + random.nextInt(50),
                buy ? MID_PRICE - offset : MID_PRICE + offset, TimeInForce.GTC);
        }
        if (kind < 55 && live < maxLivePerClient)
        {
            final long through = random.nextInt(4);
            return client.placeLimitOrder(instrument, side, 1 + random.nextInt(100),
                buy ? MID_PRICE + through : MID_PRICE - through, TimeInForce.IOC);
        }
        final long orderId = tracker.takeRandomLive(random);
        if (0 == orderId)
        {
            return client.placeLimitOrder(instrument, side, 1 + random.nextInt(50),
                buy ? MID_PRICE - 1 : MID_PRICE + 1, TimeInForce.GTC);
        }
        if (kind < 85 || live >= maxLivePerClient)
        {
            return client.cancelOrder(orderId);
        }
        final long oldPrice = tracker.livePrices.get(orderId);
        final long offset = 1 + random.nextInt(20);
        final long price = oldPrice < MID_PRICE ? MID_PRICE - offset : MID_PRICE + offset;
        tracker.livePrices.remove(orderId);
        return client.replaceOrder(orderId, 1 + random.nextInt(50), price);
    }

    private long progress(
        final String what, final long done, final long total, final long startNs, final long nextProgressNs)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - nextProgressNs < 0)
        {
            return nextProgressNs;
        }
        out.printf("  %s: %,d of %,d sent, %,.0f/s%n", what, done, total, done * 1e9 / (nowNs - startNs));
        return nowNs + PROGRESS_INTERVAL_NS;
    }

    private int pollAll()
    {
        int work = 0;
        for (final ExchangeClient client : clients)
        {
            work += client.poll();
        }
        return work;
    }

    private static void idle(final int work)
    {
        if (0 == work)
        {
            LockSupport.parkNanos(20_000);
        }
    }

    private void awaitAllAnswered()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true)
        {
            int pending = 0;
            for (final ExchangeClient client : clients)
            {
                pending += client.pendingCount();
            }
            if (0 == pending)
            {
                return;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException(pending + " commands still unanswered after 120 s");
            }
            idle(pollAll());
        }
    }

    private Result result(final long commands, final long startNs)
    {
        final long elapsedNs = System.nanoTime() - startNs;
        long accepted = 0;
        long rejected = 0;
        long fills = 0;
        long cancels = 0;
        long replaces = 0;
        long cancelRejects = 0;
        for (final Tracker tracker : trackers)
        {
            accepted += tracker.accepted;
            rejected += tracker.rejected;
            fills += tracker.fills;
            cancels += tracker.cancels;
            replaces += tracker.replaces;
            cancelRejects += tracker.cancelRejects;
            tracker.reset();
        }
        return new Result(commands, accepted, rejected, fills, cancels, replaces, cancelRejects, elapsedNs);
    }

    /**
     * Close every client (their sessions close in the cluster) and the driver.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(clients);
        CloseHelper.quietClose(driver);
    }

    /**
     * Counts one client's answers and keeps its live GTC orders (id and price) for cancels and replaces.
     */
    static final class Tracker implements ExecutionListener
    {
        final LongArrayList liveIds = new LongArrayList();
        final Long2LongHashMap livePrices = new Long2LongHashMap(0);
        long accepted;
        long rejected;
        long fills;
        long cancels;
        long replaces;
        long cancelRejects;

        /**
         * {@inheritDoc}
         */
        public void onExecutionReport(final ExecutionReport report)
        {
            final ExecType type = report.execType();
            final long orderId = report.orderId();
            switch (type)
            {
                case NEW:
                    accepted++;
                    if (TimeInForce.GTC == report.timeInForce())
                    {
                        liveIds.addLong(orderId);
                        livePrices.put(orderId, report.price());
                    }
                    break;
                case REJECTED:
                    rejected++;
                    break;
                case TRADE:
                    fills++;
                    if (0 == report.leavesQuantity())
                    {
                        livePrices.remove(orderId);
                    }
                    break;
                case CANCELED:
                case EXPIRED:
                    cancels++;
                    livePrices.remove(orderId);
                    break;
                case REPLACED:
                    replaces++;
                    if (report.leavesQuantity() > 0 && !livePrices.containsKey(orderId))
                    {
                        liveIds.addLong(orderId);
                        livePrices.put(orderId, report.price());
                    }
                    break;
                default:
                    break;
            }
        }

        /**
         * {@inheritDoc}
         */
        public void onCancelReject(
            final long account,
            final long clientOrderId,
            final long origClientOrderId,
            final long orderId,
            final RequestType requestType,
            final RejectReason rejectReason,
            final long transactTimeNs)
        {
            cancelRejects++;
        }

        /**
         * A random live order, removed from the list (a cancel or replace is about to be sent for it), or 0.
         */
        long takeRandomLive(final Random random)
        {
            while (!liveIds.isEmpty())
            {
                final int index = random.nextInt(liveIds.size());
                final long orderId = liveIds.fastUnorderedRemove(index);
                if (livePrices.containsKey(orderId))
                {
                    return orderId;
                }
            }
            return 0;
        }

        void reset()
        {
            accepted = 0;
            rejected = 0;
            fills = 0;
            cancels = 0;
            replaces = 0;
            cancelRejects = 0;
        }
    }
}
