package dev.bourse.perf.e2e;

import dev.bourse.client.ExchangeClient;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One load thread: sends its share of the requests through its accounts' clients and polls them.
 * <p>
 * Open loop ({@code ratePerSecond > 0}): request {@code k} is due at {@code start + k / rate}, its intended send
 * time, whatever happened to earlier ones; when the thread falls behind it sends the overdue requests as fast as
 * it can, and a request that cannot be sent (ingress back-pressure, too many pending) keeps its intended time.
 * Latency is measured from the intended send time to the first report that answers the request, so a stall in
 * the cluster or in this thread is charged to every request that should have gone out during it (no coordinated
 * omission). Closed window ({@code ratePerSecond == 0}, "max"): requests are sent whenever fewer than
 * {@code window} await an answer (each account an equal share), and latency is measured from the actual send
 * time.
 * <p>
 * Requests intended before the warm-up ends are recorded apart and left out of the results; throughput counts the
 * answers that arrive within the measured window. Nothing is allocated per request.
 */
final class LoadWorker implements Runnable
{
    static final int REJECT_NEW_ORDER = 0;
    static final int REJECT_CANCEL = 1;
    static final int REJECT_REPLACE = 2;
    static final int REJECT_MESSAGE = 3;
    static final String[] REJECT_KINDS = {"new order", "cancel", "replace", "message"};
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final int MAX_BURST = 64;
    private static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final AccountSession[] sessions;
    private final Mix mix;
    private final int instruments;
    private final double intervalNs;
    private final int window;
    private final int sessionWindow;
    private final long startNs;
    private final long measureStartNs;
    private final long endNs;
    private final long drainTimeoutNs;
    private final Recorder measured;
    private final Recorder warmup;
    private final SplittableRandom random;

    private int nextSession;
    private int inFlight;
    private long nowNs;
    private volatile long sent;
    private volatile long sentMeasured;
    private volatile long answered;
    private volatile long answeredInWindow;
    private volatile long reports;
    private volatile long fills;
    private volatile long notSent;
    private volatile long unanswered;
    private volatile boolean done;
    private final long[] sentByKind = new long[Mix.KINDS];
    // The measured window's latency by request kind: written by this worker's thread only, read after it is done.
    private final Histogram[] measuredByKind = new Histogram[Mix.KINDS];
    private final long[][] rejects = new long[REJECT_KINDS.length][REASONS.length];
    private Throwable failure;

    LoadWorker(
        final AccountSession[] sessions,
        final Mix mix,
        final int instruments,
        final double ratePerSecond,
        final int window,
        final long startNs,
        final long measureStartNs,
        final long endNs,
        final long drainTimeoutNs,
        final Recorder measured,
        final Recorder warmup,
        final long seed)
    {
        this.sessions = sessions;
        this.mix = mix;
        this.instruments = instruments;
        this.intervalNs = ratePerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / ratePerSecond : 0;
        this.window = window;
        this.sessionWindow = Math.max(1, window / sessions.length);
        this.startNs = startNs;
        this.measureStartNs = measureStartNs;
        this.endNs = endNs;
        this.drainTimeoutNs = drainTimeoutNs;
        this.measured = measured;
        this.warmup = warmup;
        this.random = new SplittableRandom(seed);
        for (int k = 0; k < Mix.KINDS; k++)
        {
            measuredByKind[k] = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        }
        for (final AccountSession session : sessions)
        {
            session.worker(this);
        }
    }

    /**
     * Send and poll until the end of the run, then wait (bounded) for the outstanding answers.
     */
    public void run()
    {
        try
        {
            while (System.nanoTime() - startNs < 0)
            {
                if (0 == pollAll())
                {
                    LockSupport.parkNanos(MAX_PARK_NS);
                }
            }
            load();
            drain();
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
        }
        finally
        {
            done = true;
        }
    }

    private void load()
    {
        long k = 0;
        while (true)
        {
            nowNs = System.nanoTime();
            if (nowNs - endNs >= 0)
            {
                return;
            }
            int work = 0;
            long nextDueNs = Long.MAX_VALUE;
            if (intervalNs > 0)
            {
                while (work < MAX_BURST)
                {
                    final long intendedNs = startNs + (long)(k * intervalNs);
                    if (intendedNs - nowNs > 0 || intendedNs - endNs >= 0)
                    {
                        nextDueNs = intendedNs;
                        break;
                    }
                    if (!sendOne(intendedNs))
                    {
                        break;
                    }
                    k++;
                    work++;
                }
            }
            else
            {
                while (work < MAX_BURST && inFlight < window && sendOne(nowNs))
                {
                    work++;
                }
            }
            work += pollAll();
            if (0 == work)
            {
                final long untilDueNs = Long.MAX_VALUE == nextDueNs ? MAX_PARK_NS : nextDueNs - System.nanoTime();
                if (untilDueNs > 0)
                {
                    LockSupport.parkNanos(Math.min(untilDueNs, MAX_PARK_NS));
                }
            }
        }
    }

    private void drain()
    {
        final long deadlineNs = System.nanoTime() + drainTimeoutNs;
        while (inFlight > 0 && System.nanoTime() - deadlineNs < 0)
        {
            if (0 == pollAll())
            {
                LockSupport.parkNanos(MAX_PARK_NS);
            }
        }
        final long abandonNs = System.nanoTime();
        for (final AccountSession session : sessions)
        {
            session.abandonPending(abandonNs);
        }
    }

    private int pollAll()
    {
        int work = 0;
        for (final AccountSession session : sessions)
        {
            work += session.client.poll();
            if (session.client.isClosed())
            {
                throw new IllegalStateException("the client of " + session.username + " closed");
            }
        }
        return work;
    }

    /**
     * Send one request of the mix through the next account.
     *
     * @return false when the client could not take it (back-pressure or too many pending): try again later.
     */
    private boolean sendOne(final long intendedNs)
    {
        if (0 == intervalNs && !nextSessionWithRoom())
        {
            return false;
        }
        final AccountSession session = sessions[nextSession];
        final int draw = random.nextInt(100);
        int kind;
        if (draw < mix.passivePct())
        {
            kind = Mix.PASSIVE;
        }
        else if (draw < mix.passivePct() + mix.aggressivePct())
        {
            kind = random.nextInt(100) < mix.aggressiveLimitShare() ? Mix.AGGRESSIVE_LIMIT : Mix.AGGRESSIVE_IOC;
        }
        else if (draw < mix.passivePct() + mix.aggressivePct() + mix.cancelPct())
        {
            kind = Mix.CANCEL;
        }
        else
        {
            kind = Mix.REPLACE;
        }

        int slot = -1;
        if (Mix.CANCEL == kind || Mix.REPLACE == kind)
        {
            slot = session.openCount() > 0 ? session.pickOpen(random.nextInt(session.openCount())) : -1;
            if (slot < 0)
            {
                kind = Mix.PASSIVE;
            }
        }
        if (Mix.PASSIVE == kind || Mix.AGGRESSIVE_LIMIT == kind)
        {
            if (!session.canPlaceResting())
            {
                slot = session.openCount() > 0 ? session.pickOpen(random.nextInt(session.openCount())) : -1;
                kind = slot >= 0 ? Mix.CANCEL : Mix.AGGRESSIVE_IOC;
            }
        }

        final ExchangeClient client = session.client;
        final long id;
        switch (kind)
        {
            case Mix.PASSIVE:
            {
                final boolean buy = random.nextBoolean();
                final long offset = 1 + random.nextInt(mix.passiveDepth());
                id = client.placeLimitOrder(instrument(), buy ? Side.BUY : Side.SELL, quantity(),
                    buy ? Mix.MID_PRICE - offset : Mix.MID_PRICE + offset, TimeInForce.GTC);
                break;
            }
            case Mix.AGGRESSIVE_IOC:
            case Mix.AGGRESSIVE_LIMIT:
            {
                final boolean buy = random.nextBoolean();
                final long through = 1 + random.nextInt(3);
                id = client.placeLimitOrder(instrument(), buy ? Side.BUY : Side.SELL, quantity(),
                    buy ? Mix.MID_PRICE + through : Mix.MID_PRICE - through,
                    Mix.AGGRESSIVE_IOC == kind ? TimeInForce.IOC : TimeInForce.GTC);
                break;
            }
            case Mix.CANCEL:
                id = client.cancelOrder(session.openOrderId(slot));
                break;
            default:
            {
                final long leaves = session.openLeaves(slot);
                if (leaves > 1 && random.nextBoolean())
                {
                    id = client.replaceOrder(session.openOrderId(slot), session.openQuantity(slot) - 1,
                        session.openPrice(slot));
                }
                else
                {
                    final long offset = 1 + random.nextInt(mix.passiveDepth());
                    id = client.replaceOrder(session.openOrderId(slot), session.openQuantity(slot),
                        session.openBuy(slot) ? Mix.MID_PRICE - offset : Mix.MID_PRICE + offset);
                }
                break;
            }
        }
        if (id <= 0)
        {
            notSent++;
            return false;
        }
        session.sent(id, kind, intendedNs, Mix.CANCEL == kind || Mix.REPLACE == kind ? slot : -1);
        sentByKind[kind]++;
        inFlight++;
        sent++;
        if (intendedNs - measureStartNs >= 0)
        {
            sentMeasured++;
        }
        nextSession = nextSession + 1 == sessions.length ? 0 : nextSession + 1;
        return true;
    }

    /**
     * In max mode each account has an equal share of the window: move to the next account with room.
     */
    private boolean nextSessionWithRoom()
    {
        for (int i = 0; i < sessions.length; i++)
        {
            if (sessions[nextSession].inFlight() < sessionWindow)
            {
                return true;
            }
            nextSession = nextSession + 1 == sessions.length ? 0 : nextSession + 1;
        }
        return false;
    }

    private int instrument()
    {
        return 1 + random.nextInt(instruments);
    }

    private long quantity()
    {
        return 1 + random.nextInt(mix.maxQuantity());
    }

    // ------------------------------------------------------------------------------------------------ callbacks

    void onAnswer(final long intendedNs, final int kind)
    {
        final long answeredNs = System.nanoTime();
        inFlight--;
        answered++;
        record(answeredNs - intendedNs, intendedNs, kind);
        if (answeredNs - measureStartNs >= 0 && answeredNs - endNs < 0)
        {
            answeredInWindow++;
        }
    }

    void onUnanswered(final long latencyNs, final long intendedNs, final int kind)
    {
        inFlight--;
        unanswered++;
        record(latencyNs, intendedNs, kind);
    }

    private void record(final long latencyNs, final long intendedNs, final int kind)
    {
        final long value = Math.max(1, Math.min(latencyNs, HIGHEST_TRACKABLE_NS));
        if (intendedNs - measureStartNs >= 0)
        {
            measured.recordValue(value);
            measuredByKind[kind].recordValue(value);
        }
        else
        {
            warmup.recordValue(value);
        }
    }

    void onReport()
    {
        reports++;
    }

    void onFill()
    {
        fills++;
    }

    void onReject(final int kind, final RejectReason reason)
    {
        rejects[kind][reason.ordinal()]++;
    }

    // ------------------------------------------------------------------------------------------------ results

    long sent()
    {
        return sent;
    }

    long sentMeasured()
    {
        return sentMeasured;
    }

    long answered()
    {
        return answered;
    }

    long answeredInWindow()
    {
        return answeredInWindow;
    }

    long reports()
    {
        return reports;
    }

    long fills()
    {
        return fills;
    }

    long notSent()
    {
        return notSent;
    }

    long unanswered()
    {
        return unanswered;
    }

    boolean isDone()
    {
        return done;
    }

    Throwable failure()
    {
        return failure;
    }

    long[] sentByKind()
    {
        return sentByKind;
    }

    /**
     * @return the measured window's latency (ns) by request kind ({@link Mix#KIND_NAMES}); read once done.
     */
    Histogram[] measuredByKind()
    {
        return measuredByKind;
    }

    long[][] rejects()
    {
        return rejects;
    }

    static String reasonName(final int ordinal)
    {
        return REASONS[ordinal].name();
    }
}
