package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import dev.bourse.schemas.snapshot.AccountRecordDecoder;
import dev.bourse.schemas.snapshot.MessageHeaderDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Snapshot, restore into a fresh engine (of the same or the other implementation), then run the same command
 * stream on the original and the restored engine: both must produce identical events and reach identical states.
 * Also: malformed snapshots are refused with {@link IllegalStateException}.
 */
class SnapshotContinuationTest
{
    private static final int CONTINUATION_COMMANDS = 10_000;

    /**
     * An engine with its recorder and invariant checker.
     */
    private static final class Subject
    {
        final BookInvariants book = new BookInvariants();
        final RecordingListener events = new RecordingListener(book);
        final MatchingEngine engine;

        Subject(final String implementation, final long dayEndOffsetNs)
        {
            engine = "fast".equals(implementation) ?
                new FastMatchingEngine(events, dayEndOffsetNs) : new ReferenceMatchingEngine(events, dayEndOffsetNs);
        }
    }

    private static byte[] snapshotBytes(final MatchingEngine engine)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final int length = EngineSnapshots.write(engine, buffer);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static void restore(final byte[] bytes, final int length, final MatchingEngine engine)
    {
        EngineSnapshots.read(new UnsafeBuffer(bytes), length, engine);
    }

    @ParameterizedTest
    @CsvSource({
        "reference, reference, 101",
        "reference, fast, 102",
        "fast, reference, 103",
        "fast, fast, 104",
        "reference, fast, 105",
        "fast, reference, 106"})
    void shouldContinueIdenticallyAfterRestore(final String from, final String to, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int prefixCommands = random.nextInt(2_000, 15_000);
        final Subject original = new Subject(from, RandomCommands.DAY_END_OFFSET_NS);
        RandomCommands.defineInstruments(original.engine);
        final RandomCommands generator = new RandomCommands(seed, DifferentialTest.MAX_LIVE_ORDERS);
        for (int i = 0; i < prefixCommands; i++)
        {
            generator.next(original.book, original.engine).apply(original.engine);
            original.book.commandEnded();
        }
        original.book.check(original.engine);
        assertTrue(original.engine.orderCount() > 0, "snapshot of an empty book proves little");

        final byte[] snapshot = snapshotBytes(original.engine);
        final Subject restored = new Subject(to, 0);
        restore(snapshot, snapshot.length, restored.engine);
        assertEquals(original.engine.stateHash(), restored.engine.stateHash());
        assertEquals(RandomCommands.DAY_END_OFFSET_NS, restored.engine.dayEndOffsetNs());
        assertEquals(original.engine.nextExpireTimeNs(), restored.engine.nextExpireTimeNs());
        assertEquals(original.engine.orderCount(), restored.engine.orderCount());
        assertEquals(List.of(), restored.events.events(), "restore emits no events");
        assertArrayEquals(snapshot, snapshotBytes(restored.engine), "a restored engine snapshots to the same bytes");
        restored.book.seed(restored.engine);
        restored.book.check(restored.engine);
        original.events.clear();

        for (int i = 0; i < CONTINUATION_COMMANDS; i++)
        {
            final RandomCommands.Command command = generator.next(original.book, original.engine);
            final String originalResult = command.apply(original.engine);
            final String restoredResult = command.apply(restored.engine);
            if (!original.events.events().equals(restored.events.events()) || !originalResult.equals(restoredResult))
            {
                fail(from + " -> " + to + " seed=" + seed + " continuation command #" + i + " " + command +
                    "\noriginal -> " + originalResult + "\n  " + String.join("\n  ", original.events.events()) +
                    "\nrestored -> " + restoredResult + "\n  " + String.join("\n  ", restored.events.events()));
            }
            original.events.clear();
            restored.events.clear();
            original.book.check(original.engine);
            restored.book.check(restored.engine);
        }
        assertEquals(original.engine.stateHash(), restored.engine.stateHash());
        assertArrayEquals(snapshotBytes(original.engine), snapshotBytes(restored.engine));
    }

    @Test
    void shouldRoundTripEmptyEngine()
    {
        for (final String implementation : List.of("reference", "fast"))
        {
            final Subject original = new Subject(implementation, 3_600_000_000_000L);
            final byte[] snapshot = snapshotBytes(original.engine);
            final Subject restored = new Subject(implementation, 0);
            restore(snapshot, snapshot.length, restored.engine);
            assertEquals(original.engine.stateHash(), restored.engine.stateHash());
            assertEquals(3_600_000_000_000L, restored.engine.dayEndOffsetNs());
            assertEquals(1, restored.engine.nextOrderId());
            assertEquals(1, restored.engine.nextTradeId());
        }
    }

    @Test
    void shouldRestoreCountersAccountsAndExpiry()
    {
        final Subject original = new Subject("reference", RandomCommands.DAY_END_OFFSET_NS);
        RandomCommands.defineInstruments(original.engine);
        original.engine.setAccountStp(4, StpMode.DECREMENT_AND_CANCEL, 9);
        original.engine.setAccountStp(2, StpMode.CANCEL_RESTING, 0);
        final long now = RandomCommands.START_NS;
        original.book.commandEnded();
        original.engine.placeOrder(now, 4, 1, 1, Side.SELL, OrderType.LIMIT,
            TimeInForce.GTD, false, 1_000, 10, now + 5_000);
        original.book.commandEnded();
        original.engine.placeOrder(now, 2, 2, 1, Side.BUY, OrderType.LIMIT,
            TimeInForce.DAY, true, 999, 10, 0);
        original.book.commandEnded();
        original.engine.placeOrder(now, 3, 3, 1, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, false, 1_000, 4, 0);
        final byte[] snapshot = snapshotBytes(original.engine);

        for (final String implementation : List.of("reference", "fast"))
        {
            final Subject restored = new Subject(implementation, 0);
            restore(snapshot, snapshot.length, restored.engine);
            restored.book.seed(restored.engine);
            assertEquals(4, restored.engine.nextOrderId());
            assertEquals(2, restored.engine.nextTradeId());
            assertEquals(now + 5_000, restored.engine.nextExpireTimeNs());
            final List<String> accounts = new ArrayList<>();
            restored.engine.forEachAccount((account, mode, stpGroup) -> accounts.add(account + ":" + mode + ":" +
                stpGroup));
            assertEquals(List.of("2:CANCEL_RESTING:0", "4:DECREMENT_AND_CANCEL:9"), accounts);
            assertEquals(1, restored.engine.expireOrders(now + 5_000));
            assertEquals(List.of(
                "CANCELLED oid=1 acct=4 coid=1 inst=1 SELL qty=6 filled=4 EXPIRED",
                "BOOK_DEL inst=1 oid=1 SELL px=1000 qty=6",
                "BBO inst=1 bid=999x10 ask=-x0"), restored.events.drain());
        }
    }

    private static byte[] sampleSnapshot()
    {
        final Subject original = new Subject("reference", RandomCommands.DAY_END_OFFSET_NS);
        RandomCommands.defineInstruments(original.engine);
        final RandomCommands generator = new RandomCommands(77, 40);
        for (int i = 0; i < 400; i++)
        {
            generator.next(original.book, original.engine).apply(original.engine);
            original.book.commandEnded();
        }
        original.engine.setAccountStp(3, StpMode.CANCEL_BOTH, 2);
        assertTrue(original.engine.orderCount() >= 5);
        return snapshotBytes(original.engine);
    }

    private static List<Integer> frameOffsets(final byte[] snapshot)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(snapshot);
        final List<Integer> offsets = new ArrayList<>();
        int position = 0;
        while (position < snapshot.length)
        {
            offsets.add(position);
            position += Integer.BYTES + buffer.getInt(position);
        }
        return offsets;
    }

    @Test
    void shouldRefuseEveryTruncatedSnapshot()
    {
        final byte[] snapshot = sampleSnapshot();
        for (final String implementation : List.of("reference", "fast"))
        {
            for (int length = 0; length < snapshot.length; length++)
            {
                final int truncatedLength = length;
                final MatchingEngine engine = new Subject(implementation, 0).engine;
                assertThrows(IllegalStateException.class, () -> restore(snapshot, truncatedLength, engine),
                    implementation + " accepted a snapshot truncated to " + length + " of " + snapshot.length);
            }
        }
    }

    @Test
    void shouldRefuseSnapshotWithAnyCorruptedByte()
    {
        final byte[] snapshot = sampleSnapshot();
        final List<Integer> frames = frameOffsets(snapshot);
        final TreeSet<String> problems = new TreeSet<>();
        for (final String implementation : List.of("reference", "fast"))
        {
            for (int position = 0; position < snapshot.length; position++)
            {
                if (isHeaderVersionByte(frames, position))
                {
                    continue;
                }
                for (final int flip : new int[]{0x01, 0x80, 0xFF})
                {
                    final byte[] corrupted = snapshot.clone();
                    corrupted[position] ^= (byte)flip;
                    final MatchingEngine engine = new Subject(implementation, 0).engine;
                    try
                    {
                        restore(corrupted, corrupted.length, engine);
                        problems.add(implementation + " accepted a flip at " + describe(snapshot, frames, position));
                    }
                    catch (final IllegalStateException expected)
                    {
                        // refused as documented
                    }
                    catch (final RuntimeException ex)
                    {
                        problems.add(implementation + " threw " + ex.getClass().getSimpleName() + " for a flip at " +
                            describe(snapshot, frames, position));
                    }
                }
            }
        }
        assertEquals(new TreeSet<String>(), problems, "corrupted snapshots must fail with IllegalStateException");
    }

    private static String describe(final byte[] snapshot, final List<Integer> frames, final int position)
    {
        int frame = 0;
        for (int i = 0; i < frames.size(); i++)
        {
            if (frames.get(i) <= position)
            {
                frame = i;
            }
        }
        final int offsetInMessage = position - frames.get(frame) - Integer.BYTES;
        if (offsetInMessage < 0)
        {
            return "frame length";
        }
        final int templateId = new UnsafeBuffer(snapshot).getShort(
            frames.get(frame) + Integer.BYTES + MessageHeaderDecoder.templateIdEncodingOffset()) & 0xFFFF;
        return "template " + templateId + " message offset " + offsetInMessage;
    }

    /**
     * The SBE header's version field does not change how a version-1 body decodes, so a snapshot whose version
     * bytes are corrupted may still restore the same state; every other byte is covered by a check or the hash.
     */
    private static boolean isHeaderVersionByte(final List<Integer> frames, final int position)
    {
        for (final int frame : frames)
        {
            final int versionOffset = frame + Integer.BYTES + MessageHeaderDecoder.versionEncodingOffset();
            if (position == versionOffset || position == versionOffset + 1)
            {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldRefuseUnknownEnumCodeWithIllegalStateException()
    {
        final Subject original = new Subject("reference", 0);
        original.engine.setAccountStp(1, StpMode.CANCEL_BOTH, 0);
        final byte[] snapshot = snapshotBytes(original.engine);
        final List<Integer> frames = frameOffsets(snapshot);
        final int stpModeOffset = frames.get(1) + Integer.BYTES + MessageHeaderDecoder.ENCODED_LENGTH +
            AccountRecordDecoder.stpModeEncodingOffset();
        snapshot[stpModeOffset] = 77;
        assertThrows(IllegalStateException.class,
            () -> restore(snapshot, snapshot.length, new Subject("reference", 0).engine));
    }

    @Test
    void shouldRefuseRestoreIntoEngineThatIsNotEmpty()
    {
        final byte[] snapshot = sampleSnapshot();
        for (final String implementation : List.of("reference", "fast"))
        {
            final MatchingEngine engine = new Subject(implementation, 0).engine;
            assertEquals(RejectReason.NONE, engine.addInstrument(1, 1, 1));
            engine.placeOrder(RandomCommands.START_NS, 1, 1, 1, Side.BUY,
                OrderType.LIMIT, TimeInForce.GTC,
                false, 100, 1, 0);
            assertThrows(IllegalStateException.class, () -> restore(snapshot, snapshot.length, engine));
        }
    }

    @Test
    void shouldRefuseSnapshotWithoutEndMarker()
    {
        final byte[] snapshot = sampleSnapshot();
        final List<Integer> frames = frameOffsets(snapshot);
        final int withoutEnd = frames.get(frames.size() - 1);
        for (final String implementation : List.of("reference", "fast"))
        {
            final MatchingEngine engine = new Subject(implementation, 0).engine;
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> restore(snapshot, withoutEnd, engine));
            assertTrue(ex.getMessage().contains("end marker"), ex.getMessage());
        }
    }
}
