package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineSnapshotLoader;
import dev.bourse.orderbook.EngineSnapshotWriter;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import dev.bourse.schemas.snapshot.MessageHeaderDecoder;
import dev.bourse.schemas.snapshot.RiskSnapshotEndDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.bourse.orderbook.EngineConstants.NULL_PRICE;
import static dev.bourse.orderbook.risk.RiskControls.NO_LIMIT;
import static dev.bourse.orderbook.risk.RiskControls.NO_LIMIT_32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The risk records in a snapshot: every risk field survives, the restored hashes equal the original ones on either
 * inner engine, continuing gives the same events, and a corrupted or incomplete snapshot is refused.
 */
class RiskSnapshotTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;

    private static RiskCheckedEngine populated(final Inner inner, final EventLog events)
    {
        final RiskCheckedEngine engine = inner.wrap(events);
        assertEquals(RejectReason.NONE, engine.defineInstrument(
            1, 1, 1, 1_000, 500, 500, 1_000_000, TradingStatus.OPEN));
        assertEquals(RejectReason.NONE, engine.defineInstrument(
            3, 5, 10, NULL_PRICE, 0, NO_LIMIT, NO_LIMIT, TradingStatus.PRE_OPEN));
        assertEquals(RejectReason.NONE, engine.setAccountLimits(
            7, 10, 300, 200, 500_000, 5, 8, true, StpMode.CANCEL_RESTING, 2));
        assertEquals(RejectReason.NONE, engine.setAccountLimits(
            8, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, 3, NO_LIMIT_32, false, StpMode.NONE, 0));
        for (int i = 0; i < 4; i++)
        {
            engine.checkThrottle(T0 + i * 1_000L, 7);
            engine.checkThrottle(T0 + i * 1_000L, 8);
        }
        place(engine, 7, 1, Side.BUY, 990, 50, TimeInForce.GTC);
        place(engine, 8, 1, Side.SELL, 1_000, 30, TimeInForce.DAY);
        place(engine, 7, 1, Side.BUY, 1_000, 20, TimeInForce.GTC);
        place(engine, 8, 3, Side.SELL, 5_000, 40, TimeInForce.GTC);
        place(engine, 9, 1, Side.SELL, 995, 5, TimeInForce.GTC);
        assertEquals(RejectReason.NONE, engine.killSwitch(T0, 9, true));
        assertEquals(RejectReason.NONE, engine.setTradingStatus(1, TradingStatus.HALTED));
        return engine;
    }

    private static void place(
        final RiskCheckedEngine engine, final long account, final int instrumentId, final Side side,
        final long price, final long quantity, final TimeInForce timeInForce)
    {
        assertEquals(RejectReason.NONE, engine.placeOrder(T0 + 10_000, account, account * 1_000 + price,
            instrumentId, side, OrderType.LIMIT, timeInForce, false, price, quantity, 0));
    }

    private static List<byte[]> snapshot(final RiskCheckedEngine engine)
    {
        final List<byte[]> messages = new ArrayList<>();
        final EngineSnapshotWriter.MessageSink sink = (buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            messages.add(bytes);
        };
        new EngineSnapshotWriter().write(engine, sink);
        engine.writeRiskSnapshot(sink);
        return messages;
    }

    private static RiskCheckedEngine restore(final List<byte[]> messages, final Inner inner, final EventLog events)
    {
        final RiskCheckedEngine engine = inner.wrap(events);
        final EngineSnapshotLoader loader = new EngineSnapshotLoader(engine);
        for (final byte[] message : messages)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(message);
            if (!loader.onMessage(buffer, 0, message.length))
            {
                assertTrue(engine.onRiskSnapshotMessage(buffer, 0, message.length));
            }
        }
        assertTrue(loader.isComplete());
        return engine;
    }

    @ParameterizedTest
    @CsvSource({"REFERENCE, REFERENCE", "REFERENCE, FAST", "FAST, REFERENCE", "FAST, FAST"})
    void shouldRestoreEveryRiskFieldAndContinueIdentically(final Inner from, final Inner to)
    {
        final EventLog originalEvents = new EventLog();
        final RiskCheckedEngine original = populated(from, originalEvents);
        final EventLog restoredEvents = new EventLog();
        final RiskCheckedEngine restored = restore(snapshot(original), to, restoredEvents);
        assertTrue(restored.isRiskSnapshotComplete());
        assertEquals(original.stateHash(), restored.stateHash());
        assertEquals(original.riskStateHash(), restored.riskStateHash());
        assertTrue(restored.isKillSwitchEngaged(9));
        assertTrue(restored.isCancelOnDisconnect(7));
        assertEquals(TradingStatus.HALTED, restored.tradingStatus(1));
        assertEquals(TradingStatus.PRE_OPEN, restored.tradingStatus(3));
        final RiskScenario.AccountReport before = new RiskScenario.AccountReport();
        final RiskScenario.AccountReport after = new RiskScenario.AccountReport();
        original.queryAccount(7, 0, before);
        restored.queryAccount(7, 0, after);
        assertEquals(before.creditUsed, after.creditUsed);
        assertEquals(before.openOrders, after.openOrders);
        assertEquals(List.copyOf(before.positions.values()), List.copyOf(after.positions.values()));

        originalEvents.clear();
        for (final RiskCheckedEngine engine : new RiskCheckedEngine[]{original, restored})
        {
            engine.setTradingStatus(1, TradingStatus.OPEN);
            engine.checkThrottle(T0 + 5_000, 7);
            engine.placeOrder(T0 + 20_000, 7, 1, 1, Side.BUY, OrderType.MARKET, TimeInForce.IOC, false, 0, 40, 0);
            engine.placeOrder(T0 + 20_000, 8, 2, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 1_100, 10, 0);
            engine.killSwitch(T0 + 30_000, 9, false);
            engine.placeOrder(T0 + 30_000, 9, 3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, false, 1_000, 1, 0);
            engine.cancelDayOrders(T0 + 40_000, 8);
        }
        assertEquals(originalEvents.events(), restoredEvents.events());
        assertFalse(originalEvents.startingWith("FILL").isEmpty());
        assertEquals(original.stateHash(), restored.stateHash());
        assertEquals(original.riskStateHash(), restored.riskStateHash());
        assertEquals(original.checkThrottle(T0 + 6_000, 8), restored.checkThrottle(T0 + 6_000, 8));
    }

    @ParameterizedTest
    @CsvSource({"FAST", "REFERENCE"})
    void shouldRefuseSnapshotWhoseRiskHashDoesNotVerify(final Inner inner)
    {
        final List<byte[]> messages = snapshot(populated(inner, new EventLog()));
        final byte[] end = messages.get(messages.size() - 1);
        final UnsafeBuffer endBuffer = new UnsafeBuffer(end);
        final RiskSnapshotEndDecoder decoder = new RiskSnapshotEndDecoder();
        decoder.wrap(endBuffer, MessageHeaderDecoder.ENCODED_LENGTH, RiskSnapshotEndDecoder.BLOCK_LENGTH,
            RiskSnapshotEndDecoder.SCHEMA_VERSION);
        endBuffer.putLong(MessageHeaderDecoder.ENCODED_LENGTH + RiskSnapshotEndDecoder.stateHashEncodingOffset(),
            decoder.stateHash() ^ 1);
        final IllegalStateException failure =
            assertThrows(IllegalStateException.class, () -> restore(messages, inner, new EventLog()));
        assertTrue(failure.getMessage().contains("risk state hash mismatch"), failure.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"FAST"})
    void shouldRefuseMissingOrMisplacedRiskRecords(final Inner inner)
    {
        final List<byte[]> messages = snapshot(populated(inner, new EventLog()));
        // Drop the last position record: the end marker's counts no longer match.
        final List<byte[]> missing = new ArrayList<>(messages);
        missing.remove(missing.size() - 2);
        assertThrows(IllegalStateException.class, () -> restore(missing, inner, new EventLog()));
        // A risk record before the begin marker.
        final List<byte[]> early = new ArrayList<>(messages);
        int riskBegin = 0;
        while (!isRiskBegin(early.get(riskBegin)))
        {
            riskBegin++;
        }
        early.remove(riskBegin);
        assertThrows(IllegalStateException.class, () -> restore(early, inner, new EventLog()));
    }

    private static boolean isRiskBegin(final byte[] message)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0);
        return 20 == header.templateId();
    }
}
