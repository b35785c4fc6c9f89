package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import dev.bourse.schemas.snapshot.AccountRecordEncoder;
import dev.bourse.schemas.snapshot.EngineSnapshotBeginEncoder;
import dev.bourse.schemas.snapshot.EngineSnapshotEndEncoder;
import dev.bourse.schemas.snapshot.InstrumentRecordEncoder;
import dev.bourse.schemas.snapshot.MessageHeaderEncoder;
import dev.bourse.schemas.snapshot.OrderRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes an engine's whole state as a sequence of snapshot-schema messages (see snapshot.xml), each handed to
 * a {@link MessageSink}: the cluster node packs them into batches for its snapshot publication, tests and
 * benchmarks into a byte buffer.
 * Not thread safe; reuse one writer per engine.
 */
public final class EngineSnapshotWriter implements InstrumentVisitor, AccountVisitor, OrderVisitor
{
    /**
     * Version of the record layout and of the state hash the end record carries, checked on restore. 2 since the
     * hash sums the price levels' hashes ({@link StateHash}) instead of chaining every order, so that a checkpoint
     * does not walk the book; a version 1 snapshot's hash cannot be checked and is refused.
     */
    public static final int FORMAT_VERSION = 2;

    /**
     * Receives each encoded message.
     */
    @FunctionalInterface
    public interface MessageSink
    {
        /**
         * One complete message, header included; the bytes are only valid during the call.
         *
         * @param buffer buffer holding the message.
         * @param offset where it starts.
         * @param length its length.
         */
        void onMessage(DirectBuffer buffer, int offset, int length);
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final EngineSnapshotBeginEncoder beginEncoder = new EngineSnapshotBeginEncoder();
    private final InstrumentRecordEncoder instrumentEncoder = new InstrumentRecordEncoder();
    private final AccountRecordEncoder accountEncoder = new AccountRecordEncoder();
    private final OrderRecordEncoder orderEncoder = new OrderRecordEncoder();
    private final EngineSnapshotEndEncoder endEncoder = new EngineSnapshotEndEncoder();
    private MatchingEngine engine;
    private MessageSink sink;
    private int instrumentCount;
    private int accountCount;
    private long orderCount;
    private boolean counting;
    private StateHash.LevelsWalk levels;

    /**
     * Write the whole state of an engine. The end record carries the state hash of what was written: the resting
     * orders' level hashes are summed as they are written, and compared with the hash the engine keeps. If they
     * differ (a change the engine's kept level hashes missed), the engine is told to re-hash its book
     * ({@link MatchingEngine#verifyStateHash()}), so that the snapshot and the engine agree again.
     *
     * @param engine the engine to snapshot.
     * @param sink   receives each message in order.
     * @return whether the engine's kept state hash agreed with the orders written.
     */
    public boolean write(final MatchingEngine engine, final MessageSink sink)
    {
        this.engine = engine;
        this.sink = sink;
        try
        {
            levels = new StateHash.LevelsWalk();
            counting = true;
            instrumentCount = 0;
            accountCount = 0;
            orderCount = 0;
            engine.forEachInstrument(this);
            engine.forEachAccount(this);
            counting = false;

            beginEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .formatVersion(FORMAT_VERSION)
                .nextOrderId(engine.nextOrderId())
                .nextTradeId(engine.nextTradeId())
                .instrumentCount(instrumentCount)
                .accountCount(accountCount)
                .orderCount(orderCount)
                .dayEndOffsetNs(engine.dayEndOffsetNs());
            emit(beginEncoder.encodedLength());

            engine.forEachInstrument(this);
            engine.forEachAccount(this);
            engine.forEachInstrument(this::writeOrdersOf);

            final long written = StateHash.of(engine, levels.sum());
            final boolean agreed = written == engine.stateHash();
            if (!agreed)
            {
                engine.verifyStateHash();
            }
            endEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentCount(instrumentCount)
                .accountCount(accountCount)
                .orderCount(orderCount)
                .stateHash(written);
            emit(endEncoder.encodedLength());
            return agreed;
        }
        finally
        {
            this.engine = null;
            this.sink = null;
            this.levels = null;
        }
    }

    private void writeOrdersOf(final int instrumentId, final long tickSize, final long lotSize)
    {
        engine.forEachOrder(instrumentId, Side.BUY, this);
        levels.endSide();
        engine.forEachOrder(instrumentId, Side.SELL, this);
        levels.endSide();
    }

    private void emit(final int encodedLength)
    {
        sink.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encodedLength);
    }

    /**
     * {@inheritDoc}
     */
    public void visit(final int instrumentId, final long tickSize, final long lotSize)
    {
        if (counting)
        {
            instrumentCount++;
            engine.forEachLevel(instrumentId, Side.BUY, this::countLevel);
            engine.forEachLevel(instrumentId, Side.SELL, this::countLevel);
            return;
        }
        instrumentEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instrumentId(instrumentId)
            .tickSize(tickSize)
            .lotSize(lotSize);
        emit(instrumentEncoder.encodedLength());
    }

    private void countLevel(final long price, final long totalQuantity, final int count)
    {
        orderCount += count;
    }

    /**
     * {@inheritDoc}
     */
    public void visit(final long account, final StpMode mode, final long stpGroup)
    {
        if (counting)
        {
            accountCount++;
            return;
        }
        accountEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .account(account)
            .stpMode((short)mode.value())
            .stpGroup(stpGroup);
        emit(accountEncoder.encodedLength());
    }

    /**
     * {@inheritDoc}
     */
    public void visit(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long filledQuantity,
        final long expireTimeNs,
        final long stpGroup)
    {
        levels.visit(orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly, price, quantity,
            filledQuantity, expireTimeNs, stpGroup);
        orderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(orderId)
            .account(account)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side((short)side.value())
            .timeInForce((short)timeInForce.value())
            .postOnly((short)(postOnly ? 1 : 0))
            .price(price)
            .quantity(quantity)
            .filledQuantity(filledQuantity)
            .expireTimeNs(expireTimeNs)
            .stpGroup(stpGroup);
        emit(orderEncoder.encodedLength());
    }
}
