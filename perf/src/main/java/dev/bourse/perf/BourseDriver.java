package dev.bourse.perf;

import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Replays a {@link CommandStream} into a Bourse {@link MatchingEngine}, one engine command per {@link #execute}.
 * Slots map to engine order ids, read from {@link MatchingEngine#nextOrderId()} as each order is placed; the map
 * is a preallocated array, so replaying allocates nothing.
 */
public final class BourseDriver
{
    /**
     * Cluster time passed with every command; all orders are GTC or IOC, so nothing ever expires.
     */
    public static final long NOW_NS = 1_767_225_600_000_000_000L;

    private static final Side[] SIDES = {Side.BUY, Side.SELL};

    private final MatchingEngine engine;
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
        this.listener = new CountingListener();
        this.engine = EngineFactory.create(engineName, listener, 0);
        this.stream = stream;
        this.orderIdBySlot = new long[stream.slotCapacity];
        this.type = stream.type;
        this.side = stream.side;
        this.instrument = stream.instrument;
        this.slot = stream.slot;
        this.account = stream.account;
        this.price = stream.price;
        this.quantity = stream.quantity;
        for (int i = 1; i <= stream.instrumentCount; i++)
        {
            require(engine.addInstrument(i, 1, 1), "addInstrument");
        }
        for (int a = 1; a <= stream.accountCount; a++)
        {
            require(engine.setAccountStp(a, StpMode.NONE, 0), "setAccountStp");
        }
        for (int i = 0; i < stream.cycleStart; i++)
        {
            require(execute(i), "prefill");
        }
        checkCycleBoundary();
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
        switch (type[i])
        {
            case CommandStream.PLACE:
                orderIdBySlot[s] = engine.nextOrderId();
                return engine.placeOrder(NOW_NS, account[i], i, instrument[i], SIDES[side[i]], OrderType.LIMIT,
                    TimeInForce.GTC, false, price[i], quantity[i], 0);
            case CommandStream.AGGRESS:
                return engine.placeOrder(NOW_NS, account[i], i, instrument[i], SIDES[side[i]], OrderType.LIMIT,
                    TimeInForce.IOC, false, price[i], quantity[i], 0);
            case CommandStream.CANCEL:
                return engine.cancelOrder(NOW_NS, account[i], orderIdBySlot[s]);
            case CommandStream.REPLACE_KEEP:
            case CommandStream.REPLACE_LOSE:
                return engine.replaceOrder(NOW_NS, account[i], orderIdBySlot[s], i, price[i], quantity[i]);
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
