package dev.bourse.perf.recovery;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.orderbook.EngineSnapshots;
import dev.bourse.orderbook.FastMatchingEngine;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.ExpandableArrayBuffer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * The engine snapshot alone, in this process: an engine holding the same resting book as the cluster benchmark
 * (same seed, so the same sides, levels and quantities), written with {@link EngineSnapshots#write} into one
 * buffer and loaded into a fresh engine with {@link EngineSnapshots#read}, several rounds each; every load must
 * restore the same state hash (the loader checks it too).
 */
final class SnapshotLoadBenchmark
{
    private static final EngineListener NO_EVENTS = new EngineListener()
    {
    };

    /**
     * Timings of the rounds.
     *
     * @param orders     resting orders in the engine.
     * @param bytes      snapshot size (length-framed messages).
     * @param writeNs    each round's write time.
     * @param loadNs     each round's load time.
     * @param writeCpuNs each round's write, this thread's CPU time.
     * @param loadCpuNs  each round's load, this thread's CPU time.
     * @param stateHash  the engine's state hash, restored by every load.
     */
    record Result(
        long orders, int bytes, long[] writeNs, long[] loadNs, long[] writeCpuNs, long[] loadCpuNs, long stateHash)
    {
        static long median(final long[] values)
        {
            final long[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[(sorted.length - 1) / 2];
        }

        static long min(final long[] values)
        {
            return Arrays.stream(values).min().orElse(0);
        }
    }

    private SnapshotLoadBenchmark()
    {
    }

    /**
     * Build the book the cluster benchmark builds, through the engine directly.
     *
     * @param orders      resting orders.
     * @param instruments instruments 1..n.
     * @param levels      price levels per side.
     * @param traders     accounts, round robin as the clients are.
     * @param seed        the cluster load's seed.
     * @return the engine.
     */
    static MatchingEngine restingBook(
        final long orders, final int instruments, final int levels, final int traders, final long seed)
    {
        final MatchingEngine engine = new FastMatchingEngine(NO_EVENTS, 0);
        for (int id = 1; id <= instruments; id++)
        {
            engine.addInstrument(id, 1, 1);
        }
        final Random random = new Random(seed);
        for (long i = 0; i < orders; i++)
        {
            final int instrument = 1 + (int)(i % instruments);
            final boolean buy = random.nextBoolean();
            final long level = 1 + random.nextInt(levels);
            final long price = buy ? OrderLoad.MID_PRICE - level : OrderLoad.MID_PRICE + level;
            final long quantity = 1 + random.nextInt(100);
            final long account = AccountsFileWriter.traderAccount(1 + (int)(i % traders));
            final RejectReason reason = engine.placeOrder(1, account, i + 1, instrument, buy ? Side.BUY : Side.SELL,
                OrderType.LIMIT, TimeInForce.GTC, false, price, quantity, 0);
            if (RejectReason.NONE != reason)
            {
                throw new IllegalStateException("order " + i + " rejected: " + reason);
            }
        }
        return engine;
    }

    /**
     * Time writing and loading the snapshot of an engine.
     *
     * @param engine the engine.
     * @param rounds how many writes and loads.
     * @return the timings.
     */
    static Result run(final MatchingEngine engine, final int rounds)
    {
        final long hash = engine.stateHash();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024 * 1024);
        final long[] writeNs = new long[rounds];
        final long[] loadNs = new long[rounds];
        final long[] writeCpuNs = new long[rounds];
        final long[] loadCpuNs = new long[rounds];
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int bytes = 0;
        for (int round = 0; round < rounds; round++)
        {
            final long writeStartCpuNs = threads.getCurrentThreadCpuTime();
            final long writeStartNs = System.nanoTime();
            bytes = EngineSnapshots.write(engine, buffer);
            writeNs[round] = System.nanoTime() - writeStartNs;
            writeCpuNs[round] = threads.getCurrentThreadCpuTime() - writeStartCpuNs;

            final MatchingEngine restored = new FastMatchingEngine(NO_EVENTS, 0);
            final long loadStartCpuNs = threads.getCurrentThreadCpuTime();
            final long loadStartNs = System.nanoTime();
            EngineSnapshots.read(buffer, bytes, restored);
            loadNs[round] = System.nanoTime() - loadStartNs;
            loadCpuNs[round] = threads.getCurrentThreadCpuTime() - loadStartCpuNs;
            if (restored.stateHash() != hash || restored.orderCount() != engine.orderCount())
            {
                throw new IllegalStateException("restored engine differs from the original");
            }
        }
        return new Result(engine.orderCount(), bytes, writeNs, loadNs, writeCpuNs, loadCpuNs, hash);
    }
}
