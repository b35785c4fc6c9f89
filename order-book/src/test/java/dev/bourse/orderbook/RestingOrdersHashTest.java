package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import dev.bourse.schemas.snapshot.EngineSnapshotEndDecoder;
import dev.bourse.schemas.snapshot.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resting orders' part of the state hash: {@link FastMatchingEngine} keeps each price level's hash and re-hashes
 * only the levels changed since the last call, and the result must always equal a walk of the book
 * ({@link StateHash#of(MatchingEngine)}, as the reference engine computes it); and it holds each level's time
 * priority, not only its orders.
 */
class RestingOrdersHashTest
{
    private static final int INSTRUMENT = 7;
    private static final long NOW = 1_000;
    private static final long ALICE = 11;
    private static final long BOB = 12;
    private static final long CAROL = 13;

    @Test
    void shouldTellTheSameOrdersInAnotherTimePriorityApart()
    {
        for (final boolean fast : new boolean[]{true, false})
        {
            final MatchingEngine aliceFirst = restoredLevel(fast, 1, 2);
            final MatchingEngine bobFirst = restoredLevel(fast, 2, 1);

            assertNotEquals(aliceFirst.stateHash(), bobFirst.stateHash(), "fast engine: " + fast);
            assertEquals(StateHash.of(aliceFirst), aliceFirst.stateHash());
            assertEquals(StateHash.of(bobFirst), bobFirst.stateHash());
        }
        assertEquals(restoredLevel(false, 2, 1).stateHash(), restoredLevel(true, 2, 1).stateHash());
    }

    @Test
    void shouldKeepTheRunningSumEqualToAWalkOfTheBookThroughEveryKindOfChange()
    {
        final MatchingEngine fast = new FastMatchingEngine(new EngineListener()
        {
        }, 0);
        final MatchingEngine reference = new ReferenceMatchingEngine(new EngineListener()
        {
        }, 0);
        final List<Step> steps = List.of(
            new Step("define", (e) -> e.addInstrument(INSTRUMENT, 1, 1)),
            new Step("rest three at 100", (e) ->
            {
                limit(e, ALICE, 1, Side.BUY, 100, 10);
                limit(e, BOB, 2, Side.BUY, 100, 20);
                limit(e, CAROL, 3, Side.BUY, 100, 30);
            }),
            new Step("rest two at 99 and one GTD at 98", (e) ->
            {
                limit(e, ALICE, 4, Side.BUY, 99, 5);
                limit(e, BOB, 5, Side.BUY, 99, 5);
                e.placeOrder(NOW, CAROL, 6, INSTRUMENT, Side.BUY, OrderType.LIMIT, TimeInForce.GTD, false, 98, 5,
                    NOW + 500);
            }),
            new Step("partial fill of the head", (e) -> limit(e, CAROL, 7, Side.SELL, 100, 4)),
            new Step("the head fills, the next order becomes head", (e) -> limit(e, CAROL, 8, Side.SELL, 100, 6)),
            new Step("cancel the middle of a level", (e) -> e.cancelOrder(NOW, BOB, 2)),
            new Step("replace keeping priority (quantity down)", (e) -> e.replaceOrder(NOW, CAROL, 3, 9, 100, 25)),
            new Step("replace losing priority (price moves)", (e) -> e.replaceOrder(NOW, ALICE, 4, 10, 100, 5)),
            new Step("cancel the head of a level", (e) -> e.cancelOrder(NOW, BOB, 5)),
            new Step("self-trade decrement of a resting order", (e) ->
            {
                e.setAccountStp(CAROL, StpMode.DECREMENT_AND_CANCEL, 0);
                limit(e, CAROL, 11, Side.SELL, 100, 5);
            }),
            new Step("sweep two levels", (e) -> e.placeOrder(NOW, BOB, 12, INSTRUMENT, Side.SELL, OrderType.LIMIT,
                TimeInForce.IOC, false, 98, 40, 0)),
            new Step("rest on the other side", (e) ->
            {
                limit(e, BOB, 13, Side.SELL, 105, 7);
                limit(e, ALICE, 14, Side.SELL, 105, 8);
            }),
            new Step("expiry", (e) -> limit(e, ALICE, 15, Side.BUY, 90, 1, NOW + 1_000)),
            new Step("mass cancel", (e) -> e.massCancel(NOW + 1_000, BOB, INSTRUMENT, Side.SELL,
                CancelReason.MASS_CANCEL)));

        for (final Step step : steps)
        {
            step.action.accept(fast);
            step.action.accept(reference);
            assertEquals(StateHash.of(fast), fast.stateHash(), "running sum after: " + step.name);
            assertEquals(reference.stateHash(), fast.stateHash(), "against the reference after: " + step.name);
            assertTrue(fast.verifyStateHash(), "a walk agrees after: " + step.name);
        }
        assertEquals(StateHash.of(new FastMatchingEngine(new EngineListener()
        {
        }, 0)), new FastMatchingEngine(new EngineListener()
        {
        }, 0).stateHash(), "empty engine");
    }

    @Test
    void shouldWriteTheHashOfTheOrdersWrittenAndRepairAKeptHashThatDisagrees()
    {
        final MatchingEngine engine = new FastMatchingEngine(new EngineListener()
        {
        }, 0);
        engine.addInstrument(INSTRUMENT, 1, 1);
        limit(engine, ALICE, 1, Side.BUY, 100, 10);
        limit(engine, BOB, 2, Side.BUY, 100, 20);
        limit(engine, CAROL, 3, Side.SELL, 102, 5);
        final long walked = StateHash.of(engine);

        final long[] endHash = new long[1];
        assertTrue(new EngineSnapshotWriter().write(engine, (buffer, offset, length) -> endHash[0] = lastHash(
            buffer, offset)), "an engine whose kept hash is right");
        assertEquals(walked, endHash[0], "the end record carries the hash of the orders written");

        // An engine whose kept hash missed a change: the writer must notice, write the walk's hash and repair it.
        final boolean[] repaired = new boolean[1];
        final MatchingEngine stale = (MatchingEngine)Proxy.newProxyInstance(MatchingEngine.class.getClassLoader(),
            new Class<?>[]{MatchingEngine.class}, (proxy, method, args) ->
            {
                if ("stateHash".equals(method.getName()) && !repaired[0])
                {
                    return walked + 1;
                }
                if ("verifyStateHash".equals(method.getName()))
                {
                    repaired[0] = true;
                }
                return method.invoke(engine, args);
            });
        endHash[0] = 0;
        assertFalse(new EngineSnapshotWriter().write(stale, (buffer, offset, length) -> endHash[0] = lastHash(
            buffer, offset)), "a kept hash that disagrees with the orders written");
        assertEquals(walked, endHash[0], "the end record carries the walk's hash, not the kept one");
        assertTrue(repaired[0], "the engine was told to re-hash its book");
    }

    // The state hash an EngineSnapshotEnd message carries, 0 for any other message (the end record comes last).
    private static long lastHash(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        if (EngineSnapshotEndDecoder.TEMPLATE_ID != header.templateId())
        {
            return 0;
        }
        return new EngineSnapshotEndDecoder().wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version()).stateHash();
    }

    private static MatchingEngine restoredLevel(final boolean fast, final long firstId, final long secondId)
    {
        final EngineListener listener = new EngineListener()
        {
        };
        final MatchingEngine engine = fast ? new FastMatchingEngine(listener, 0) : new ReferenceMatchingEngine(
            listener, 0);
        engine.restoreCounters(3, 1, 0);
        engine.addInstrument(INSTRUMENT, 1, 1);
        for (final long orderId : new long[]{firstId, secondId})
        {
            engine.restoreOrder(orderId, 1 == orderId ? ALICE : BOB, 100 + orderId, INSTRUMENT, Side.BUY,
                TimeInForce.GTC, false, 100, 10, 0, 0, 0);
        }
        return engine;
    }

    private static void limit(
        final MatchingEngine engine,
        final long account,
        final long clientOrderId,
        final Side side,
        final long price,
        final long quantity)
    {
        limit(engine, account, clientOrderId, side, price, quantity, NOW);
    }

    private static void limit(
        final MatchingEngine engine,
        final long account,
        final long clientOrderId,
        final Side side,
        final long price,
        final long quantity,
        final long nowNs)
    {
        engine.placeOrder(nowNs, account, clientOrderId, INSTRUMENT, side, OrderType.LIMIT, TimeInForce.GTC, false,
            price, quantity, 0);
    }

    private record Step(String name, Consumer<MatchingEngine> action)
    {
    }
}
