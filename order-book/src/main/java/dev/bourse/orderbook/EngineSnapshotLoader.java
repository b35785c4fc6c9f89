package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import dev.bourse.schemas.snapshot.AccountRecordDecoder;
import dev.bourse.schemas.snapshot.EngineSnapshotBeginDecoder;
import dev.bourse.schemas.snapshot.EngineSnapshotEndDecoder;
import dev.bourse.schemas.snapshot.InstrumentRecordDecoder;
import dev.bourse.schemas.snapshot.MessageHeaderDecoder;
import dev.bourse.schemas.snapshot.OrderRecordDecoder;
import org.agrona.DirectBuffer;

/**
 * Restores an engine from the messages {@link EngineSnapshotWriter} wrote, fed one at a time in order. The
 * target must be empty. The loader checks the schema, the begin and end markers, the record counts and, at the
 * end, that the restored engine's state hash equals the one recorded; any mismatch throws
 * {@link IllegalStateException}, because a node must never run on a state it cannot trust.
 */
public final class EngineSnapshotLoader
{
    private static final StpMode[] STP_MODES = StpMode.values();

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final EngineSnapshotBeginDecoder beginDecoder = new EngineSnapshotBeginDecoder();
    private final InstrumentRecordDecoder instrumentDecoder = new InstrumentRecordDecoder();
    private final AccountRecordDecoder accountDecoder = new AccountRecordDecoder();
    private final OrderRecordDecoder orderDecoder = new OrderRecordDecoder();
    private final EngineSnapshotEndDecoder endDecoder = new EngineSnapshotEndDecoder();
    private final MatchingEngine engine;
    private boolean begun;
    private boolean complete;
    private int instrumentCount;
    private int accountCount;
    private long orderCount;
    private int expectedInstruments;
    private int expectedAccounts;
    private long expectedOrders;

    /**
     * A loader for one empty engine.
     *
     * @param engine the engine to restore into; it must hold no instruments, accounts or orders.
     */
    public EngineSnapshotLoader(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    /**
     * True once the end marker has been read and verified.
     *
     * @return true when the restore is complete.
     */
    public boolean isComplete()
    {
        return complete;
    }

    /**
     * Apply one snapshot message.
     *
     * @param buffer buffer holding the message, header included.
     * @param offset where it starts.
     * @param length its length.
     * @return true if the message was an engine snapshot message (schema 3, templates 1 to 5), false if it
     * belongs to someone else and was ignored.
     * @throws IllegalStateException on a malformed, out of order or inconsistent snapshot.
     */
    public boolean onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        check(length >= MessageHeaderDecoder.ENCODED_LENGTH, "snapshot message shorter than its header");
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return false;
        }
        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        check(length >= MessageHeaderDecoder.ENCODED_LENGTH + blockLength, "snapshot message truncated");
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case EngineSnapshotBeginDecoder.TEMPLATE_ID:
                checkBlock(blockLength, EngineSnapshotBeginDecoder.BLOCK_LENGTH);
                onBegin(beginDecoder.wrap(buffer, bodyOffset, blockLength, version));
                return true;
            case InstrumentRecordDecoder.TEMPLATE_ID:
                checkBlock(blockLength, InstrumentRecordDecoder.BLOCK_LENGTH);
                onInstrument(instrumentDecoder.wrap(buffer, bodyOffset, blockLength, version));
                return true;
            case AccountRecordDecoder.TEMPLATE_ID:
                checkBlock(blockLength, AccountRecordDecoder.BLOCK_LENGTH);
                onAccount(accountDecoder.wrap(buffer, bodyOffset, blockLength, version));
                return true;
            case OrderRecordDecoder.TEMPLATE_ID:
                checkBlock(blockLength, OrderRecordDecoder.BLOCK_LENGTH);
                onOrder(orderDecoder.wrap(buffer, bodyOffset, blockLength, version));
                return true;
            case EngineSnapshotEndDecoder.TEMPLATE_ID:
                checkBlock(blockLength, EngineSnapshotEndDecoder.BLOCK_LENGTH);
                onEnd(endDecoder.wrap(buffer, bodyOffset, blockLength, version));
                return true;
            default:
                return false;
        }
    }

    private void onBegin(final EngineSnapshotBeginDecoder decoder)
    {
        check(!begun, "second snapshot begin marker");
        check(engine.orderCount() == 0 && engine.nextOrderId() == 1, "restore target is not empty");
        check(decoder.formatVersion() == EngineSnapshotWriter.FORMAT_VERSION,
            "unsupported snapshot format " + decoder.formatVersion());
        check(decoder.nextOrderId() >= 1 && decoder.nextTradeId() >= 1, "invalid counters");
        final long dayEndOffsetNs = decoder.dayEndOffsetNs();
        check(dayEndOffsetNs >= 0 && dayEndOffsetNs < EngineConstants.DAY_NS, "invalid day end offset");
        expectedInstruments = decoder.instrumentCount();
        expectedAccounts = decoder.accountCount();
        expectedOrders = decoder.orderCount();
        engine.restoreCounters(decoder.nextOrderId(), decoder.nextTradeId(), dayEndOffsetNs);
        begun = true;
    }

    private void onInstrument(final InstrumentRecordDecoder decoder)
    {
        checkOpen();
        check(accountCount == 0 && orderCount == 0, "instrument record out of order");
        final RejectReason result = engine.addInstrument(decoder.instrumentId(), decoder.tickSize(), decoder.lotSize());
        check(result == RejectReason.NONE, "instrument " + decoder.instrumentId() + " rejected: " + result);
        instrumentCount++;
    }

    private void onAccount(final AccountRecordDecoder decoder)
    {
        checkOpen();
        check(orderCount == 0, "account record out of order");
        final StpMode mode = stpMode(decoder.stpMode());
        check(StpMode.NULL_VAL != mode, "invalid STP mode in account " + decoder.account());
        final RejectReason result = engine.setAccountStp(decoder.account(), mode, decoder.stpGroup());
        check(result == RejectReason.NONE, "account " + decoder.account() + " rejected: " + result);
        accountCount++;
    }

    private void onOrder(final OrderRecordDecoder decoder)
    {
        checkOpen();
        final Side side = 1 == decoder.side() ? Side.BUY : (2 == decoder.side() ? Side.SELL : Side.NULL_VAL);
        final TimeInForce timeInForce = restingTimeInForce(decoder.timeInForce());
        final short postOnly = decoder.postOnly();
        checkOrder(side != Side.NULL_VAL, "invalid side in order ", decoder.orderId());
        checkOrder(postOnly <= 1, "invalid post-only flag in order ", decoder.orderId());
        checkOrder(timeInForce == TimeInForce.GTC || timeInForce == TimeInForce.DAY || timeInForce == TimeInForce.GTD,
            "invalid time in force in order ", decoder.orderId());
        engine.restoreOrder(
            decoder.orderId(),
            decoder.account(),
            decoder.clientOrderId(),
            decoder.instrumentId(),
            side,
            timeInForce,
            1 == postOnly,
            decoder.price(),
            decoder.quantity(),
            decoder.filledQuantity(),
            decoder.expireTimeNs(),
            decoder.stpGroup());
        orderCount++;
    }

    private static StpMode stpMode(final short code)
    {
        for (final StpMode mode : STP_MODES)
        {
            if (StpMode.NULL_VAL != mode && mode.value() == code)
            {
                return mode;
            }
        }
        return StpMode.NULL_VAL;
    }

    private static TimeInForce restingTimeInForce(final short code)
    {
        if (TimeInForce.GTC.value() == code)
        {
            return TimeInForce.GTC;
        }
        if (TimeInForce.DAY.value() == code)
        {
            return TimeInForce.DAY;
        }
        return TimeInForce.GTD.value() == code ? TimeInForce.GTD : TimeInForce.NULL_VAL;
    }

    private void onEnd(final EngineSnapshotEndDecoder decoder)
    {
        checkOpen();
        check(instrumentCount == expectedInstruments && decoder.instrumentCount() == expectedInstruments,
            "instrument count mismatch");
        check(accountCount == expectedAccounts && decoder.accountCount() == expectedAccounts,
            "account count mismatch");
        check(orderCount == expectedOrders && decoder.orderCount() == expectedOrders, "order count mismatch");
        final long restoredHash = engine.stateHash();
        check(restoredHash == decoder.stateHash(),
            "state hash mismatch: snapshot " + decoder.stateHash() + ", restored " + restoredHash);
        complete = true;
    }

    private void checkOpen()
    {
        check(begun, "snapshot record before the begin marker");
        check(!complete, "snapshot record after the end marker");
    }

    private static void checkBlock(final int actual, final int expected)
    {
        if (actual < expected)
        {
            check(false, "snapshot block length " + actual + " below " + expected);
        }
    }

    /**
     * A check on every order record: the message is built only when it fails (restoring a million orders must not
     * build a million strings).
     */
    private static void checkOrder(final boolean condition, final String message, final long orderId)
    {
        if (!condition)
        {
            check(false, message + orderId);
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException("invalid engine snapshot: " + message);
        }
    }
}
