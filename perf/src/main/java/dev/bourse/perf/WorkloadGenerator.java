package dev.bourse.perf;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Builds the {@link CommandStream} of a {@link Scenario}, deterministically from a seed.
 * <p>
 * The book is modelled on exchange-core's own order-book benchmark ({@code TestOrdersGenerator}): prices spread
 * around a fixed mid with a squared distribution so that levels near the touch are denser, quantities
 * {@code 1 + r6 * r6 * r6} (1 to 126 lots), many accounts. Bids rest at {@code mid - 1 - d}, asks at
 * {@code mid + 1 + d} for a depth {@code d} in {@code [0, levels)}; passive orders never cross. Each instrument
 * holds {@value #ORDERS_PER_INSTRUMENT} resting orders at the start of every cycle; tick and lot are 1.
 */
public final class WorkloadGenerator
{
    /**
     * Instruments in every scenario, with ids 1 to 4.
     */
    public static final int INSTRUMENTS = 4;

    /**
     * Accounts, with ids 1 to 64; every one has STP mode NONE.
     */
    public static final int ACCOUNTS = 64;

    /**
     * Resting orders per instrument at the start of every cycle.
     */
    public static final int ORDERS_PER_INSTRUMENT = 5_000;

    /**
     * Price levels per side over which orders rest.
     */
    public static final int LEVELS = 500;

    /**
     * The mid price of every instrument, in ticks.
     */
    public static final long MID = 100_000;

    /**
     * Default number of commands per cycle, before the commands that restore the book.
     */
    public static final int DEFAULT_CYCLE_COMMANDS = 1 << 21;

    private static final int PASSIVE_WINDOW = 1_024;
    private static final int PASSIVE_MIN_DEPTH = 5;
    private static final int SWEEP_LEVELS = 3;

    private final Scenario scenario;
    private final SplittableRandom random;
    private final CommandStream.Builder out = new CommandStream.Builder();
    private final BookSimulator sim;
    private final int cycleCommands;

    private WorkloadGenerator(final Scenario scenario, final long seed, final int cycleCommands)
    {
        this.scenario = scenario;
        this.random = new SplittableRandom(seed);
        this.cycleCommands = cycleCommands;
        this.sim = new BookSimulator(out, INSTRUMENTS, INSTRUMENTS * ORDERS_PER_INSTRUMENT * 2 + PASSIVE_WINDOW * 4);
    }

    /**
     * Generate the stream of a scenario with the default seed and cycle length.
     *
     * @param scenario the scenario.
     * @return the stream.
     */
    public static CommandStream generate(final Scenario scenario)
    {
        return generate(scenario, 0x5eed_b0b5eL, DEFAULT_CYCLE_COMMANDS);
    }

    /**
     * Generate the stream of a scenario.
     *
     * @param scenario      the scenario.
     * @param seed          random seed.
     * @param cycleCommands commands per cycle before the restoring tail.
     * @return the stream.
     */
    public static CommandStream generate(final Scenario scenario, final long seed, final int cycleCommands)
    {
        return new WorkloadGenerator(scenario, seed, cycleCommands).build();
    }

    private CommandStream build()
    {
        prefill();
        final int cycleStart = out.size;
        final long resting = sim.liveCount();
        sim.takeSnapshot();
        final ArrayDeque<Integer> window = new ArrayDeque<>();
        while (out.size - cycleStart < cycleCommands)
        {
            switch (scenario)
            {
                case PASSIVE_PLACE:
                    passivePlaceStep(window);
                    break;
                case AGGRESSIVE_SWEEP:
                    aggressiveSweepStep();
                    break;
                case CANCEL:
                    cancelStep();
                    break;
                case REPLACE_KEEP_PRIORITY:
                    replaceKeepStep();
                    break;
                case REPLACE_LOSE_PRIORITY:
                    replaceLoseStep();
                    break;
                case MIX:
                    mixStep();
                    break;
                default:
                    throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
        sim.restoreSnapshot();
        if (sim.liveCount() != resting)
        {
            throw new IllegalStateException("cycle does not restore the book");
        }
        return new CommandStream(out, cycleStart, INSTRUMENTS * ORDERS_PER_INSTRUMENT * 2 + PASSIVE_WINDOW * 4,
            INSTRUMENTS, ACCOUNTS, resting);
    }

    private void prefill()
    {
        final boolean singleOrderTouch = scenario == Scenario.AGGRESSIVE_SWEEP;
        for (int instrument = 1; instrument <= INSTRUMENTS; instrument++)
        {
            int placed = 0;
            if (singleOrderTouch)
            {
                for (int d = 0; d < SWEEP_LEVELS; d++)
                {
                    sim.place(instrument, CommandStream.BUY, MID - 1 - d, size(), account());
                    sim.place(instrument, CommandStream.SELL, MID + 1 + d, size(), account());
                    placed += 2;
                }
            }
            final int minDepth = singleOrderTouch ? SWEEP_LEVELS : 0;
            while (placed < ORDERS_PER_INSTRUMENT)
            {
                final byte side = (placed & 1) == 0 ? CommandStream.BUY : CommandStream.SELL;
                final long quantity = scenario == Scenario.REPLACE_KEEP_PRIORITY ? 500 + random.nextInt(501) : size();
                sim.place(instrument, side, passivePrice(side, minDepth + skewedDepth(LEVELS - minDepth)),
                    quantity, account());
                placed++;
            }
        }
    }

    private void passivePlaceStep(final ArrayDeque<Integer> window)
    {
        if (window.size() >= PASSIVE_WINDOW)
        {
            sim.cancel(window.pollFirst());
        }
        else
        {
            final byte side = side();
            final int depth = PASSIVE_MIN_DEPTH + random.nextInt(LEVELS - PASSIVE_MIN_DEPTH);
            window.addLast(sim.place(instrument(), side, passivePrice(side, depth), size(), account()));
        }
    }

    private void aggressiveSweepStep()
    {
        final int instrument = instrument();
        final byte side = side();
        final byte makerSide = opposite(side);
        final long[] prices = new long[SWEEP_LEVELS];
        final long[] quantities = new long[SWEEP_LEVELS];
        long total = 0;
        for (int n = 0; n < SWEEP_LEVELS; n++)
        {
            prices[n] = sim.levelPrice(instrument, makerSide, n);
            quantities[n] = sim.levelQuantity(instrument, makerSide, prices[n]);
            total += quantities[n];
        }
        sim.aggress(instrument, side, prices[SWEEP_LEVELS - 1], total, account());
        for (int n = 0; n < SWEEP_LEVELS; n++)
        {
            sim.place(instrument, makerSide, prices[n], quantities[n], account());
        }
    }

    private void cancelStep()
    {
        final int slot = randomLiveSlot();
        final int instrument = sim.instrumentOf(slot);
        final byte side = sim.sideOf(slot);
        sim.cancel(slot);
        sim.place(instrument, side, passivePrice(side, skewedDepth(LEVELS)), size(), account());
    }

    private void replaceKeepStep()
    {
        final int slot = randomLiveSlot();
        if (sim.leavesOf(slot) >= 2)
        {
            sim.replaceKeep(slot, sim.quantityOf(slot) - 1);
        }
        else
        {
            final int instrument = sim.instrumentOf(slot);
            final byte side = sim.sideOf(slot);
            final long price = sim.priceOf(slot);
            sim.cancel(slot);
            sim.place(instrument, side, price, 1_000, account());
        }
    }

    private void replaceLoseStep()
    {
        final int slot = randomLiveSlot();
        sim.replaceLose(slot, movedPrice(slot));
    }

    private void mixStep()
    {
        final int roll = random.nextInt(100);
        final int target = ORDERS_PER_INSTRUMENT;
        if (roll < 50)
        {
            final int instrument = instrument();
            if (sim.liveCount(instrument) > target + target / 20)
            {
                sim.cancel(randomLiveSlot(instrument));
            }
            else
            {
                final byte side = side();
                sim.place(instrument, side, passivePrice(side, skewedDepth(LEVELS)), size(), account());
            }
        }
        else if (roll < 85)
        {
            final int slot = randomLiveSlot();
            final int instrument = sim.instrumentOf(slot);
            if (sim.liveCount(instrument) < target - target / 20)
            {
                final byte side = side();
                sim.place(instrument, side, passivePrice(side, skewedDepth(LEVELS)), size(), account());
            }
            else
            {
                sim.cancel(slot);
            }
        }
        else if (roll < 95)
        {
            final int instrument = instrument();
            final byte side = side();
            final long best = sim.bestPrice(instrument, opposite(side));
            if (best == 0)
            {
                sim.place(instrument, side, passivePrice(side, skewedDepth(LEVELS)), size(), account());
            }
            else
            {
                final int through = random.nextInt(SWEEP_LEVELS);
                final long limit = side == CommandStream.BUY ? best + through : best - through;
                final long quantity = 1 + (long)random.nextInt(9) * random.nextInt(9) * random.nextInt(9);
                sim.aggress(instrument, side, limit, quantity, account());
            }
        }
        else
        {
            if (random.nextBoolean())
            {
                int slot = randomLiveSlot();
                for (int tries = 0; tries < 64 && sim.leavesOf(slot) < 2; tries++)
                {
                    slot = randomLiveSlot();
                }
                if (sim.leavesOf(slot) >= 2)
                {
                    sim.replaceKeep(slot, sim.quantityOf(slot) - 1 - random.nextInt((int)sim.leavesOf(slot) - 1));
                }
                else
                {
                    sim.replaceLose(slot, movedPrice(slot));
                }
            }
            else
            {
                final int slot = randomLiveSlot();
                sim.replaceLose(slot, movedPrice(slot));
            }
        }
    }

    private long movedPrice(final int slot)
    {
        final byte side = sim.sideOf(slot);
        final long price = sim.priceOf(slot);
        final int move = 1 + random.nextInt(3);
        final long inner = side == CommandStream.BUY ? MID - 1 : MID + 1 + LEVELS - 1;
        final long outer = side == CommandStream.BUY ? MID - LEVELS : MID + 1;
        final long low = Math.min(inner, outer);
        final long high = Math.max(inner, outer);
        long moved = random.nextBoolean() ? price + move : price - move;
        if (moved < low || moved > high)
        {
            moved = moved < low ? price + move : price - move;
        }
        return moved;
    }

    private int randomLiveSlot()
    {
        return sim.liveSlotAt(random.nextInt(sim.liveCount()));
    }

    private int randomLiveSlot(final int instrument)
    {
        while (true)
        {
            final int slot = randomLiveSlot();
            if (sim.instrumentOf(slot) == instrument)
            {
                return slot;
            }
        }
    }

    private static long passivePrice(final byte side, final int depth)
    {
        return side == CommandStream.BUY ? MID - 1 - depth : MID + 1 + depth;
    }

    private static byte opposite(final byte side)
    {
        return side == CommandStream.BUY ? CommandStream.SELL : CommandStream.BUY;
    }

    private int skewedDepth(final int levels)
    {
        final double u = random.nextDouble();
        return (int)(u * u * levels);
    }

    private long size()
    {
        return 1 + (long)random.nextInt(6) * random.nextInt(6) * random.nextInt(6);
    }

    private int account()
    {
        return 1 + random.nextInt(ACCOUNTS);
    }

    private int instrument()
    {
        return 1 + random.nextInt(INSTRUMENTS);
    }

    private byte side()
    {
        return random.nextBoolean() ? CommandStream.BUY : CommandStream.SELL;
    }
}
