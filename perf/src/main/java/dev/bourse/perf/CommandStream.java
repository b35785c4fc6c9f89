package dev.bourse.perf;

import java.util.Arrays;

/**
 * A pre-generated command stream in primitive arrays, so that generating commands is never measured.
 * <p>
 * Commands {@code [0, cycleStart)} build the initial book; commands {@code [cycleStart, length)} are a cycle that
 * leaves the book exactly as it found it, replayed as many times as a benchmark needs. Orders are named by
 * <em>slot</em>: a small integer reused once its order is dead; drivers map slots to engine order ids.
 */
public final class CommandStream
{
    /**
     * A GTC limit order that rests without trading.
     */
    public static final byte PLACE = 0;

    /**
     * An IOC limit order that trades against resting orders; it never rests.
     */
    public static final byte AGGRESS = 1;

    /**
     * Cancel of a resting order.
     */
    public static final byte CANCEL = 2;

    /**
     * Cancel/replace with the same price and a lower quantity: the order keeps its place in the queue.
     */
    public static final byte REPLACE_KEEP = 3;

    /**
     * Cancel/replace to a new price with the same quantity: the order goes to the back of the new level.
     */
    public static final byte REPLACE_LOSE = 4;

    /**
     * Number of command types.
     */
    public static final int TYPE_COUNT = 5;

    /**
     * Side code of a buy.
     */
    public static final byte BUY = 0;

    /**
     * Side code of a sell.
     */
    public static final byte SELL = 1;

    private static final String[] TYPE_NAMES = {"place", "aggress", "cancel", "replaceKeep", "replaceLose"};

    final byte[] type;
    final byte[] side;
    final int[] instrument;
    final int[] slot;
    final int[] account;
    final long[] price;
    final long[] quantity;
    final long[] reduceBy;
    final int cycleStart;
    final int length;
    final int slotCapacity;
    final int instrumentCount;
    final int accountCount;
    final long restingOrdersAtCycleStart;

    CommandStream(
        final Builder builder,
        final int cycleStart,
        final int slotCapacity,
        final int instrumentCount,
        final int accountCount,
        final long restingOrdersAtCycleStart)
    {
        this.length = builder.size;
        this.type = Arrays.copyOf(builder.type, length);
        this.side = Arrays.copyOf(builder.side, length);
        this.instrument = Arrays.copyOf(builder.instrument, length);
        this.slot = Arrays.copyOf(builder.slot, length);
        this.account = Arrays.copyOf(builder.account, length);
        this.price = Arrays.copyOf(builder.price, length);
        this.quantity = Arrays.copyOf(builder.quantity, length);
        this.reduceBy = Arrays.copyOf(builder.reduceBy, length);
        this.cycleStart = cycleStart;
        this.slotCapacity = slotCapacity;
        this.instrumentCount = instrumentCount;
        this.accountCount = accountCount;
        this.restingOrdersAtCycleStart = restingOrdersAtCycleStart;
    }

    /**
     * Name of a command type.
     *
     * @param type one of the type constants.
     * @return a short name.
     */
    public static String typeName(final int type)
    {
        return TYPE_NAMES[type];
    }

    /**
     * Index of the first command of the cycle.
     *
     * @return the index.
     */
    public int cycleStart()
    {
        return cycleStart;
    }

    /**
     * Total number of commands, prefill included.
     *
     * @return the length.
     */
    public int length()
    {
        return length;
    }

    /**
     * Number of commands in one cycle.
     *
     * @return the cycle length.
     */
    public int cycleLength()
    {
        return length - cycleStart;
    }

    /**
     * Type of a command.
     *
     * @param index command index.
     * @return one of the type constants.
     */
    public int type(final int index)
    {
        return type[index];
    }

    /**
     * Number of instruments, with ids 1 to this number.
     *
     * @return the count.
     */
    public int instrumentCount()
    {
        return instrumentCount;
    }

    /**
     * Number of accounts, with ids 1 to this number.
     *
     * @return the count.
     */
    public int accountCount()
    {
        return accountCount;
    }

    /**
     * Number of resting orders at the start (and so at the end) of every cycle.
     *
     * @return the count.
     */
    public long restingOrdersAtCycleStart()
    {
        return restingOrdersAtCycleStart;
    }

    /**
     * Count of each command type in one cycle.
     *
     * @return counts indexed by type.
     */
    public long[] cycleComposition()
    {
        final long[] counts = new long[TYPE_COUNT];
        for (int i = cycleStart; i < length; i++)
        {
            counts[type[i]]++;
        }
        return counts;
    }

    /**
     * A human-readable composition of the cycle, e.g. {@code place 50.1% cancel 34.9% ...}.
     *
     * @return the description.
     */
    public String describeComposition()
    {
        final long[] counts = cycleComposition();
        final StringBuilder sb = new StringBuilder();
        sb.append(cycleLength()).append(" commands/cycle, ").append(restingOrdersAtCycleStart)
            .append(" resting orders, ").append(instrumentCount).append(" instruments:");
        for (int t = 0; t < TYPE_COUNT; t++)
        {
            sb.append(' ').append(TYPE_NAMES[t]).append(' ')
                .append(String.format("%.1f%%", 100.0 * counts[t] / cycleLength()));
        }
        return sb.toString();
    }

    /**
     * Growable arrays the generator appends to.
     */
    static final class Builder
    {
        int size;
        byte[] type = new byte[1024];
        byte[] side = new byte[1024];
        int[] instrument = new int[1024];
        int[] slot = new int[1024];
        int[] account = new int[1024];
        long[] price = new long[1024];
        long[] quantity = new long[1024];
        long[] reduceBy = new long[1024];

        void add(
            final byte commandType,
            final byte commandSide,
            final int instrumentId,
            final int orderSlot,
            final int accountId,
            final long commandPrice,
            final long commandQuantity,
            final long commandReduceBy)
        {
            if (size == type.length)
            {
                final int capacity = size * 2;
                type = Arrays.copyOf(type, capacity);
                side = Arrays.copyOf(side, capacity);
                instrument = Arrays.copyOf(instrument, capacity);
                slot = Arrays.copyOf(slot, capacity);
                account = Arrays.copyOf(account, capacity);
                price = Arrays.copyOf(price, capacity);
                quantity = Arrays.copyOf(quantity, capacity);
                reduceBy = Arrays.copyOf(reduceBy, capacity);
            }
            type[size] = commandType;
            side[size] = commandSide;
            instrument[size] = instrumentId;
            slot[size] = orderSlot;
            account[size] = accountId;
            price[size] = commandPrice;
            quantity[size] = commandQuantity;
            reduceBy[size] = commandReduceBy;
            size++;
        }
    }
}
