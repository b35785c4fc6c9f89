package dev.bourse.node;

import dev.bourse.orderbook.InstrumentVisitor;
import dev.bourse.orderbook.LevelVisitor;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.Side;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-instrument book figures (open orders, price levels and resting quantity per side) copied out of the engine by
 * the service thread, at most once per publish call, into an array other threads read. An observation, not state:
 * reading the engine changes nothing. Instruments are kept in ascending id order. The service thread allocates
 * only when the number of instruments outgrows the array.
 * <p>
 * Each value is read atomically; a reader may see some values of one publication and some of the next.
 */
final class BookStats implements InstrumentVisitor, LevelVisitor
{
    static final int OPEN_ORDERS = 1;
    static final int BID_LEVELS = 2;
    static final int ASK_LEVELS = 3;
    static final int BID_QUANTITY = 4;
    static final int ASK_QUANTITY = 5;
    private static final int INSTRUMENT_ID = 0;
    private static final int FIELDS = 6;
    private static final int INITIAL_INSTRUMENTS = 16;

    private final MatchingEngine engine;
    private volatile AtomicLongArray slots = new AtomicLongArray(FIELDS * INITIAL_INSTRUMENTS);
    private volatile int count;

    private AtomicLongArray target;
    private boolean counting;
    private int visited;
    private long levels;
    private long quantity;
    private long orders;

    BookStats(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    /**
     * Copy the current figures of every instrument. Service thread only.
     */
    void publish()
    {
        counting = true;
        visited = 0;
        engine.forEachInstrument(this);
        final AtomicLongArray current = slots;
        target = visited * FIELDS > current.length() ?
            new AtomicLongArray(FIELDS * Math.max(visited, 2 * current.length() / FIELDS)) : current;

        counting = false;
        visited = 0;
        engine.forEachInstrument(this);
        if (target != current)
        {
            slots = target;
        }
        count = visited;
    }

    /**
     * {@inheritDoc}
     */
    public void visit(final int instrumentId, final long tickSize, final long lotSize)
    {
        if (counting)
        {
            visited++;
            return;
        }
        final int base = visited * FIELDS;
        if (base + FIELDS > target.length())
        {
            return;
        }
        resetLevelSums();
        engine.forEachLevel(instrumentId, Side.BUY, this);
        final long bidLevels = levels;
        final long bidQuantity = quantity;
        final long bidOrders = orders;
        resetLevelSums();
        engine.forEachLevel(instrumentId, Side.SELL, this);
        target.setRelease(base + INSTRUMENT_ID, instrumentId);
        target.setRelease(base + OPEN_ORDERS, bidOrders + orders);
        target.setRelease(base + BID_LEVELS, bidLevels);
        target.setRelease(base + ASK_LEVELS, levels);
        target.setRelease(base + BID_QUANTITY, bidQuantity);
        target.setRelease(base + ASK_QUANTITY, quantity);
        visited++;
    }

    /**
     * {@inheritDoc}
     */
    public void visit(final long price, final long totalQuantity, final int orderCount)
    {
        levels++;
        quantity += totalQuantity;
        orders += orderCount;
    }

    private void resetLevelSums()
    {
        levels = 0;
        quantity = 0;
        orders = 0;
    }

    /**
     * The instruments of the last publication, ascending. Any thread; allocates.
     *
     * @return the instrument ids.
     */
    int[] instrumentIds()
    {
        final AtomicLongArray published = slots;
        final int n = Math.min(count, published.length() / FIELDS);
        final int[] ids = new int[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = (int)published.get(i * FIELDS + INSTRUMENT_ID);
        }
        return ids;
    }

    /**
     * One figure of one instrument. Any thread.
     *
     * @param instrumentId the instrument.
     * @param field        {@link #OPEN_ORDERS}, {@link #BID_LEVELS}, {@link #ASK_LEVELS}, {@link #BID_QUANTITY} or
     *                     {@link #ASK_QUANTITY}.
     * @return the value, or NaN if the instrument was not in the last publication.
     */
    double value(final int instrumentId, final int field)
    {
        final AtomicLongArray published = slots;
        final int n = Math.min(count, published.length() / FIELDS);
        for (int i = 0; i < n; i++)
        {
            if (published.get(i * FIELDS + INSTRUMENT_ID) == instrumentId)
            {
                return published.get(i * FIELDS + field);
            }
        }
        return Double.NaN;
    }
}
