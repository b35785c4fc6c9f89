package dev.bourse.perf;

import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.orderbook.risk.RiskCheckedEngine;
import dev.bourse.orderbook.risk.ThrottleDecision;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Replays a {@link CommandStream} into a Bourse {@link MatchingEngine}, one engine command per {@link #execute}.
 * Slots map to engine order ids, read from {@link MatchingEngine#nextOrderId()} as each order is placed; the map
 * is a preallocated array, so replaying allocates nothing.
 * <p>
 * With risk on, the engine is wrapped in a {@link RiskCheckedEngine} with every control active (price band, max
 * order quantity and notional per instrument; max open orders, long and short position, credit and a throttle per
 * account) at values derived from the stream so that none of its commands is refused, and every command first goes
 * through {@link RiskCheckedEngine#checkThrottle}, as the cluster service does. Cluster time then advances by
 * {@value #RISK_NS_PER_COMMAND} ns per command (100,000 commands per second over 64 accounts) so that the throttle
 * window slides.
 */
public final class BourseDriver
{
    /**
     * Cluster time passed with every command; all orders are GTC or IOC, so nothing ever expires.
     */
    public static final long NOW_NS = 1_767_225_600_000_000_000L;

    /**
     * Cluster time per command with risk on.
     */
    public static final long RISK_NS_PER_COMMAND = 10_000;

    private static final Side[] SIDES = {Side.BUY, Side.SELL};

    private final MatchingEngine engine;
    private final RiskCheckedEngine risk;
    private long nowNs = NOW_NS;
    private final CountingListener listener;
    private final CommandStream stream;
    private final long[] orderIdBySlot;
    private final byte[] type;
    private final byte[] side;
    private final int[] instrument;
    private final int[] slot;
    private final int[] account;
    private final long[] price;
    private final long[] quantity;

    /**
     * Create the engine, define the instruments and accounts, and build the initial book.
     *
     * @param engineName engine name for {@link EngineFactory#create}.
     * @param stream     the stream to replay.
     */
    public BourseDriver(final String engineName, final CommandStream stream)
    {
        this(engineName, stream, false);
    }

    /**
     * Create the engine, with or without the risk layer, define the instruments and accounts, and build the
     * initial book.
     *
     * @param engineName engine name for {@link EngineFactory#create}.
     * @param stream     the stream to replay.
     * @param withRisk   wrap the engine in the risk layer with every control active.
     */
    public BourseDriver(final String engineName, final CommandStream stream, final boolean withRisk)
    {
        this.listener = new CountingListener();
        this.risk = withRisk ? EngineFactory.createRiskChecked(engineName, listener, 0) : null;
        this.engine = withRisk ? risk : EngineFactory.create(engineName, listener, 0);
        this.stream = stream;
        this.orderIdBySlot = new long[stream.slotCapacity];
        this.type = stream.type;
        this.side = stream.side;
        this.instrument = stream.instrument;
        this.slot = stream.slot;
        this.account = stream.account;
        this.price = stream.price;
        this.quantity = stream.quantity;
        if (withRisk)
        {
            configureRisk();
        }
        else
        {
            for (int i = 1; i <= stream.instrumentCount; i++)
            {
                require(engine.addInstrument(i, 1, 1), "addInstrument");
            }
            for (int a = 1; a <= stream.accountCount; a++)
            {
                require(engine.setAccountStp(a, StpMode.NONE, 0), "setAccountStp");
            }
        }
        for (int i = 0; i < stream.cycleStart; i++)
        {
            require(execute(i), "prefill");
        }
        checkCycleBoundary();
    }

    /**
     * Every control active, at values the stream never reaches: the band is 1% around the mid (the book spans
     * about 0.5% on each side), order limits at twice the stream's largest order, open orders at the whole book,
     * positions and credit at values that random-walk positions cannot reach in a benchmark run, and a throttle of
     * 2,000 (reject) and 4,000 (disconnect) messages per second, against about 1,560 per account.
     */
    private void configureRisk()
    {
        long maxQuantity = 0;
        long maxNotional = 0;
        for (int i = 0; i < stream.length; i++)
        {
            maxQuantity = Math.max(maxQuantity, quantity[i]);
            maxNotional = Math.max(maxNotional, price[i] * quantity[i]);
        }
        for (int i = 1; i <= stream.instrumentCount; i++)
        {
            require(risk.defineInstrument(i, 1, 1, WorkloadGenerator.MID, 100, 2 * maxQuantity, 2 * maxNotional,
                TradingStatus.OPEN), "defineInstrument");
        }
        final int maxOpenOrders = (int)Math.min(Integer.MAX_VALUE, 2 * stream.restingOrdersAtCycleStart);
        for (int a = 1; a <= stream.accountCount; a++)
        {
            require(risk.setAccountLimits(a, maxOpenOrders, 1_000_000_000_000L, 1_000_000_000_000L,
                4_000_000_000_000_000_000L, 2_000, 4_000, false, StpMode.NONE, 0), "setAccountLimits");
        }
    }

    /**
     * Replay one whole cycle, checking every command is accepted and the book is back to its start.
     */
    public void verifyCycle()
    {
        for (int i = stream.cycleStart; i < stream.length; i++)
        {
            require(execute(i), "cycle");
        }
        checkCycleBoundary();
    }

    /**
     * Check, at a cycle boundary, that nothing was rejected and the book holds the expected number of orders.
     */
    public void checkCycleBoundary()
    {
        if (listener.rejects() != 0 || engine.orderCount() != stream.restingOrdersAtCycleStart)
        {
            throw new IllegalStateException("stream out of step with the engine: rejects=" + listener.rejects() +
                " orders=" + engine.orderCount() + " expected=" + stream.restingOrdersAtCycleStart);
        }
    }

    /**
     * Execute one command.
     *
     * @param i command index.
     * @return the engine's answer.
     */
    public RejectReason execute(final int i)
    {
        final int s = slot[i];
        long now = NOW_NS;
        if (null != risk)
        {
            now = nowNs += RISK_NS_PER_COMMAND;
            final ThrottleDecision decision = risk.checkThrottle(now, account[i]);
            if (ThrottleDecision.ACCEPT != decision)
            {
                listener.onOrderRejected(account[i], i, instrument[i], decision.rejectReason());
                return decision.rejectReason();
            }
        }
        switch (type[i])
        {
            case CommandStream.PLACE:
                orderIdBySlot[s] = engine.nextOrderId();
                return engine.placeOrder(now, account[i], i, instrument[i], SIDES[side[i]], OrderType.LIMIT,
                    TimeInForce.GTC, false, price[i], quantity[i], 0);
            case CommandStream.AGGRESS:
                return engine.placeOrder(now, account[i], i, instrument[i], SIDES[side[i]], OrderType.LIMIT,
                    TimeInForce.IOC, false, price[i], quantity[i], 0);
            case CommandStream.CANCEL:
                return engine.cancelOrder(now, account[i], orderIdBySlot[s]);
            case CommandStream.REPLACE_KEEP:
            case CommandStream.REPLACE_LOSE:
                return engine.replaceOrder(now, account[i], orderIdBySlot[s], i, price[i], quantity[i]);
            default:
                throw new IllegalStateException("unknown command type " + type[i]);
        }
    }

    /**
     * The engine.
     *
     * @return the engine.
     */
    public MatchingEngine engine()
    {
        return engine;
    }

    /**
     * The listener.
     *
     * @return the listener.
     */
    public CountingListener listener()
    {
        return listener;
    }

    private static void require(final RejectReason reason, final String what)
    {
        if (reason != RejectReason.NONE)
        {
            throw new IllegalStateException(what + " rejected: " + reason);
        }
    }
}
