package dev.bourse.orderbook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Long seeded random command streams through {@link ReferenceMatchingEngine} and {@link FastMatchingEngine} side
 * by side. After every command both must have produced the same event lines and the same result, both must pass
 * {@link BookInvariants} (a full walk of each book: the generator keeps books to a few hundred orders), and the
 * counters, best prices and next expire times must agree; the state hashes are compared every
 * {@value #HASH_INTERVAL} commands and at the end. Four seeds of {@value #COMMANDS} commands each make 1,000,000
 * commands per run.
 * <p>
 * A failure names the seed, the command index and the last commands, so that it can be replayed with
 * {@code -Dbourse.differential.seed=<seed>}; {@code -Dbourse.differential.commands=<n>} changes the stream length
 * (e.g. for a long soak run).
 */
class DifferentialTest
{
    static final int COMMANDS = 250_000;
    static final int HASH_INTERVAL = 1_000;
    static final int MAX_LIVE_ORDERS = 300;
    private static final int HISTORY = 25;

    @ParameterizedTest
    @ValueSource(longs = {0x5EED_0001L, 0x5EED_0002L, 0x5EED_0003L, 0x5EED_0004L})
    void shouldProduceIdenticalEventsAndStateOnBothEngines(final long seed)
    {
        final long effectiveSeed = Long.getLong("bourse.differential.seed", seed);
        run(effectiveSeed, Integer.getInteger("bourse.differential.commands", COMMANDS));
    }

    static void run(final long seed, final int commands)
    {
        final BookInvariants referenceBook = new BookInvariants();
        final RecordingListener referenceEvents = new RecordingListener(referenceBook);
        final MatchingEngine reference = new ReferenceMatchingEngine(referenceEvents, RandomCommands.DAY_END_OFFSET_NS);
        final BookInvariants fastBook = new BookInvariants();
        final RecordingListener fastEvents = new RecordingListener(fastBook);
        final MatchingEngine fast = new FastMatchingEngine(fastEvents, RandomCommands.DAY_END_OFFSET_NS);
        RandomCommands.defineInstruments(reference);
        RandomCommands.defineInstruments(fast);

        final RandomCommands generator = new RandomCommands(seed, MAX_LIVE_ORDERS);
        final ArrayDeque<String> history = new ArrayDeque<>();
        long maxLive = 0;
        for (int i = 0; i < commands; i++)
        {
            final RandomCommands.Command command = generator.next(referenceBook, reference);
            history.addLast(command.toString());
            if (history.size() > HISTORY)
            {
                history.removeFirst();
            }
            try
            {
                final String referenceCheck = command.check(reference);
                assertEquals(referenceCheck, command.check(fast), "structural check");
                // The check sees the state before the command's expiries, which can only make a replace UNKNOWN_ORDER.
                final boolean nothingExpires = reference.nextExpireTimeNs() > command.nowNs;
                final String referenceResult = command.apply(reference);
                final String fastResult = command.apply(fast);
                if (!referenceCheck.isEmpty() && !"NONE".equals(referenceCheck) && nothingExpires)
                {
                    assertEquals(referenceCheck, referenceResult, "a failing structural check is the reject");
                }
                final List<String> expected = referenceEvents.events();
                final List<String> actual = fastEvents.events();
                if (!expected.equals(actual) || !referenceResult.equals(fastResult))
                {
                    fail("engines differ\nreference -> " + referenceResult + "\n  " + String.join("\n  ", expected) +
                        "\nfast -> " + fastResult + "\n  " + String.join("\n  ", actual));
                }
                referenceEvents.clear();
                fastEvents.clear();
                referenceBook.check(reference);
                fastBook.check(fast);
                assertEquals(reference.nextOrderId(), fast.nextOrderId(), "nextOrderId");
                assertEquals(reference.nextTradeId(), fast.nextTradeId(), "nextTradeId");
                assertEquals(reference.orderCount(), fast.orderCount(), "orderCount");
                assertEquals(reference.nextExpireTimeNs(), fast.nextExpireTimeNs(), "nextExpireTimeNs");
                for (final int instrumentId : RandomCommands.INSTRUMENT_IDS)
                {
                    assertEquals(reference.bestBid(instrumentId), fast.bestBid(instrumentId), "bestBid");
                    assertEquals(reference.bestAsk(instrumentId), fast.bestAsk(instrumentId), "bestAsk");
                }
                if (i % HASH_INTERVAL == 0 || i == commands - 1)
                {
                    assertEquals(reference.stateHash(), fast.stateHash(), "stateHash");
                }
                maxLive = Math.max(maxLive, reference.orderCount());
            }
            catch (final AssertionError | RuntimeException ex)
            {
                throw new AssertionError("seed=" + seed + " (0x" + Long.toHexString(seed) + ") command #" + i +
                    " failed; last commands:\n  " + String.join("\n  ", history) + "\n" + ex.getMessage(), ex);
            }
        }
        assertTrue(referenceBook.tradeCount() > commands / 20, "too few trades: " + referenceBook.tradeCount());
        assertTrue(maxLive > 20, "books stayed nearly empty");
    }
}
