package dev.bourse.client.marketdata;

import java.nio.ByteOrder;

import dev.bourse.schemas.marketdata.BestBidOfferDecoder;
import dev.bourse.schemas.marketdata.HeartbeatDecoder;
import dev.bourse.schemas.marketdata.InstrumentDefinitionDecoder;
import dev.bourse.schemas.marketdata.MatchEventIndicatorDecoder;
import dev.bourse.schemas.marketdata.MessageHeaderDecoder;
import dev.bourse.schemas.marketdata.OrderAddedDecoder;
import dev.bourse.schemas.marketdata.OrderDeletedDecoder;
import dev.bourse.schemas.marketdata.OrderExecutedDecoder;
import dev.bourse.schemas.marketdata.OrderModifiedDecoder;
import dev.bourse.schemas.marketdata.PacketHeaderDecoder;
import dev.bourse.schemas.marketdata.SnapshotBookDecoder;
import dev.bourse.schemas.marketdata.SnapshotLoopBeginDecoder;
import dev.bourse.schemas.marketdata.SnapshotLoopEndDecoder;
import dev.bourse.schemas.marketdata.StreamKind;
import dev.bourse.schemas.marketdata.TradeDecoder;
import dev.bourse.schemas.marketdata.TradingStatusDecoder;
import dev.bourse.schemas.marketdata.TradingStatusReason;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;

/**
 * The market-data protocol without the transport: packet validation, A/B arbitration by sequence, the books,
 * and recovery from the snapshot loop. Fed packets by {@link MarketDataSubscriber} (or directly by tests) and
 * driven by {@link #doWork(long)}; single-threaded, allocation-free in steady state.
 * <p>
 * States: RECOVERING (at start, after a gap, a stale feed, an inconsistent book or a buffer overflow), where live
 * messages are buffered and books are rebuilt from the snapshot stream; LIVE, where each next sequence is applied
 * as it arrives, lower ones are dropped as duplicates and higher ones start a recovery.
 */
final class FeedHandler
{
    static final long UNKNOWN = -1;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int ORDER_ENTRY_MIN_LENGTH = 25;
    private static final short INCREMENTAL = StreamKind.INCREMENTAL.value();
    private static final short SNAPSHOT = StreamKind.SNAPSHOT.value();

    // Every incremental message (10, 11, 20-25) starts with the same five fields; FeedHandlerTest checks it.
    private static final int SEQUENCE_OFFSET = OrderAddedDecoder.sequenceEncodingOffset();
    private static final int TRANSACT_TIME_OFFSET = OrderAddedDecoder.transactTimeNsEncodingOffset();
    private static final int INSTRUMENT_SEQUENCE_OFFSET = OrderAddedDecoder.instrumentSequenceEncodingOffset();
    private static final int INSTRUMENT_ID_OFFSET = OrderAddedDecoder.instrumentIdEncodingOffset();
    private static final int INDICATOR_OFFSET = OrderAddedDecoder.matchEventIndicatorEncodingOffset();

    private enum State
    {
        RECOVERING,
        LIVE
    }

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PacketHeaderDecoder packetHeader = new PacketHeaderDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final InstrumentDefinitionDecoder instrumentDefinition = new InstrumentDefinitionDecoder();
    private final TradingStatusDecoder tradingStatus = new TradingStatusDecoder();
    private final OrderAddedDecoder orderAdded = new OrderAddedDecoder();
    private final OrderModifiedDecoder orderModified = new OrderModifiedDecoder();
    private final OrderDeletedDecoder orderDeleted = new OrderDeletedDecoder();
    private final OrderExecutedDecoder orderExecuted = new OrderExecutedDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final BestBidOfferDecoder bestBidOffer = new BestBidOfferDecoder();
    private final SnapshotLoopBeginDecoder loopBegin = new SnapshotLoopBeginDecoder();
    private final SnapshotBookDecoder snapshotBook = new SnapshotBookDecoder();
    private final SnapshotLoopEndDecoder loopEnd = new SnapshotLoopEndDecoder();
    private final byte[] symbolScratch = new byte[OrderBook.SYMBOL_LENGTH];

    private final MarketDataListener listener;
    private final IntHashSet instrumentFilter;
    private final long staleTimeoutNs;
    private final BookPools pools = new BookPools();
    private final Int2ObjectHashMap<OrderBook> books = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<SnapshotAssembly> images = new Int2ObjectHashMap<>();
    private final RecoveryBuffer recoveryBuffer;

    private State state = State.RECOVERING;
    private boolean isStarted;
    private long nowNs;
    private long lastActivityNs;
    private long expectedSequence = UNKNOWN;
    private long bufferStartSequence = UNKNOWN;
    private long bufferNextSequence = UNKNOWN;
    private int recoveryEpoch;

    private long packetCount;
    private long messageCount;
    private long duplicateCount;
    private long gapCount;
    private long recoveryCount;
    private long malformedCount;
    private long bboMismatchCount;
    private long bookErrorCount;
    private long staleCount;
    private long snapshotBooksApplied;

    FeedHandler(
        final MarketDataListener listener,
        final int[] instrumentIds,
        final long staleTimeoutNs,
        final int recoveryBufferLength)
    {
        this.listener = listener;
        this.staleTimeoutNs = staleTimeoutNs;
        this.recoveryBuffer = new RecoveryBuffer(recoveryBufferLength);
        if (null == instrumentIds || 0 == instrumentIds.length)
        {
            instrumentFilter = null;
        }
        else
        {
            instrumentFilter = new IntHashSet(instrumentIds.length * 2);
            for (final int instrumentId : instrumentIds)
            {
                instrumentFilter.add(instrumentId);
            }
        }
    }

    /**
     * Read the clock once per duty cycle: start the first recovery, and detect a stale feed.
     *
     * @param nowNs the time now.
     * @return the work done.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        if (!isStarted)
        {
            isStarted = true;
            lastActivityNs = nowNs;
            startRecovery(RecoveryReason.LATE_JOIN);
            return 1;
        }

        if (State.LIVE == state && nowNs - lastActivityNs > staleTimeoutNs)
        {
            staleCount++;
            listener.onStale(nowNs - lastActivityNs);
            lastActivityNs = nowNs;
            startRecovery(RecoveryReason.STALE_FEED);
            return 1;
        }

        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Incremental stream
    // ---------------------------------------------------------------------------------------------------------

    void onIncrementalPacket(final DirectBuffer buffer, final int offset, final int length)
    {
        packetCount++;

        final int count = validatePacket(buffer, offset, length, INCREMENTAL);
        if (count < 0)
        {
            malformedCount++;
            return;
        }

        messageCount += count;
        final long firstSequence = packetHeader.firstSequence();
        int limit = offset + HEADER_LENGTH + packetHeader.sbeBlockLength();
        header.wrap(buffer, limit);
        if (HeartbeatDecoder.TEMPLATE_ID == header.templateId())
        {
            onHeartbeat(firstSequence);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            header.wrap(buffer, limit);
            final int messageLength = HEADER_LENGTH + header.blockLength();
            onIncrementalMessage(buffer, limit, messageLength, firstSequence + i);
            limit += messageLength;
        }
    }

    private void onHeartbeat(final long nextSequence)
    {
        if (State.LIVE == state)
        {
            if (nextSequence == expectedSequence)
            {
                lastActivityNs = nowNs;
            }
            else if (nextSequence > expectedSequence)
            {
                lastActivityNs = nowNs;
                gapCount++;
                startRecovery(RecoveryReason.GAP);
                startBuffer(nextSequence);
            }
            return;
        }

        if (UNKNOWN == bufferStartSequence)
        {
            lastActivityNs = nowNs;
            startBuffer(nextSequence);
        }
        else if (nextSequence == bufferNextSequence)
        {
            lastActivityNs = nowNs;
        }
        else if (nextSequence > bufferNextSequence)
        {
            lastActivityNs = nowNs;
            gapCount++;
            startRecovery(RecoveryReason.GAP);
            startBuffer(nextSequence);
        }

        if (1 == bufferStartSequence)
        {
            finishRecovery();
        }
    }

    private void onIncrementalMessage(
        final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        if (State.LIVE == state)
        {
            if (sequence < expectedSequence)
            {
                duplicateCount++;
                return;
            }

            lastActivityNs = nowNs;
            if (sequence == expectedSequence)
            {
                expectedSequence = sequence + 1;
                apply(buffer, offset, sequence);
                return;
            }

            gapCount++;
            startRecovery(RecoveryReason.GAP);
        }

        bufferMessage(buffer, offset, length, sequence);
    }

    private void bufferMessage(final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        if (UNKNOWN == bufferStartSequence)
        {
            startBuffer(sequence);
        }
        else if (sequence < bufferNextSequence)
        {
            duplicateCount++;
            return;
        }
        else if (sequence > bufferNextSequence)
        {
            gapCount++;
            startRecovery(RecoveryReason.GAP);
            startBuffer(sequence);
        }

        lastActivityNs = nowNs;
        if (isWanted(buffer.getInt(offset + HEADER_LENGTH + INSTRUMENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN)) &&
            !recoveryBuffer.append(sequence, buffer, offset, length))
        {
            startRecovery(RecoveryReason.BUFFER_OVERFLOW);
            startBuffer(sequence);
            recoveryBuffer.append(sequence, buffer, offset, length);
        }
        bufferNextSequence = sequence + 1;

        if (1 == bufferStartSequence)
        {
            finishRecovery();
        }
    }

    private void startBuffer(final long sequence)
    {
        bufferStartSequence = sequence;
        bufferNextSequence = sequence;
    }

    /**
     * Apply one incremental message, live or replayed, to its book. The sequence is the next one in order.
     */
    private void apply(final DirectBuffer buffer, final int offset, final long sequence)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int body = offset + HEADER_LENGTH;
        final int instrumentId = buffer.getInt(body + INSTRUMENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (!isWanted(instrumentId))
        {
            return;
        }

        OrderBook book = books.get(instrumentId);
        if (null == book)
        {
            if (InstrumentDefinitionDecoder.TEMPLATE_ID != templateId)
            {
                onBookError();
                return;
            }
            book = newBook(instrumentId);
        }

        if (sequence <= book.lastSequence)
        {
            return;
        }

        final long instrumentSequence = buffer.getLong(body + INSTRUMENT_SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (0 != book.instrumentSequence && instrumentSequence != book.instrumentSequence + 1)
        {
            onBookError();
            return;
        }

        final byte indicator = buffer.getByte(body + INDICATOR_OFFSET);
        final boolean isEndOfEvent = MatchEventIndicatorDecoder.endOfEvent(indicator);
        book.lastSequence = sequence;
        book.instrumentSequence = instrumentSequence;
        book.lastTransactTimeNs = buffer.getLong(body + TRANSACT_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
        book.isEventComplete = isEndOfEvent;

        final boolean isApplied;
        switch (templateId)
        {
            case OrderAddedDecoder.TEMPLATE_ID:
                isApplied = onOrderAdded(book, buffer, body, blockLength, version, sequence);
                break;
            case OrderModifiedDecoder.TEMPLATE_ID:
                isApplied = onOrderModified(book, buffer, body, blockLength, version, sequence);
                break;
            case OrderDeletedDecoder.TEMPLATE_ID:
                isApplied = onOrderDeleted(book, buffer, body, blockLength, version, sequence);
                break;
            case OrderExecutedDecoder.TEMPLATE_ID:
                isApplied = onOrderExecuted(book, buffer, body, blockLength, version, sequence);
                break;
            case TradeDecoder.TEMPLATE_ID:
                isApplied = onTrade(book, buffer, body, blockLength, version, sequence);
                break;
            case BestBidOfferDecoder.TEMPLATE_ID:
                isApplied = onBestBidOffer(book, buffer, body, blockLength, version);
                break;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                isApplied = onInstrumentDefinition(book, buffer, body, blockLength, version);
                break;
            case TradingStatusDecoder.TEMPLATE_ID:
                isApplied = onTradingStatus(book, buffer, body, blockLength, version, sequence);
                break;
            default:
                isApplied = false;
                break;
        }

        if (!isApplied)
        {
            onBookError();
            return;
        }

        if (isEndOfEvent && State.LIVE == state)
        {
            listener.onEndOfEvent(instrumentId, book, sequence);
        }
    }

    private boolean onOrderAdded(
        final OrderBook book,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final long sequence)
    {
        orderAdded.wrap(buffer, body, blockLength, version);
        final long orderId = orderAdded.orderId();
        final int sideCode = orderAdded.sideRaw();
        final long price = orderAdded.price();
        final long quantity = orderAdded.quantity();
        if (!book.add(orderId, sideCode, price, quantity))
        {
            return false;
        }

        listener.onOrderUpdate(
            book, OrderUpdate.ADDED, orderId, OrderBook.sideOf(sideCode), price, quantity, sequence);
        return true;
    }

    private boolean onOrderModified(
        final OrderBook book,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final long sequence)
    {
        orderModified.wrap(buffer, body, blockLength, version);
        final long orderId = orderModified.orderId();
        final int sideCode = orderModified.sideRaw();
        final long price = orderModified.price();
        final long quantity = orderModified.quantity();
        if (!book.modify(orderId, sideCode, price, quantity))
        {
            return false;
        }

        listener.onOrderUpdate(
            book, OrderUpdate.MODIFIED, orderId, OrderBook.sideOf(sideCode), price, quantity, sequence);
        return true;
    }

    private boolean onOrderDeleted(
        final OrderBook book,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final long sequence)
    {
        orderDeleted.wrap(buffer, body, blockLength, version);
        final long orderId = orderDeleted.orderId();
        final int sideCode = orderDeleted.sideRaw();
        final long price = orderDeleted.price();
        if (!book.delete(orderId, sideCode, price))
        {
            return false;
        }

        listener.onOrderUpdate(book, OrderUpdate.DELETED, orderId, OrderBook.sideOf(sideCode), price, 0, sequence);
        return true;
    }

    private boolean onOrderExecuted(
        final OrderBook book,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final long sequence)
    {
        orderExecuted.wrap(buffer, body, blockLength, version);
        final long orderId = orderExecuted.orderId();
        final int sideCode = orderExecuted.sideRaw();
        final long price = orderExecuted.price();
        final long leaves = orderExecuted.leavesQuantity();
        if (!book.execute(orderId, sideCode, price, orderExecuted.executedQuantity(), leaves))
        {
            return false;
        }

        listener.onOrderUpdate(
            book, OrderUpdate.EXECUTED, orderId, OrderBook.sideOf(sideCode), price, leaves, sequence);
        return true;
    }

    private boolean onTrade(
        final OrderBook book,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final long sequence)
    {
        trade.wrap(buffer, body, blockLength, version);
        final long quantity = trade.quantity();
        if (quantity <= 0)
        {
            return false;
        }

        listener.onTrade(
            book,
            trade.tradeId(),
            trade.price(),
            quantity,
            OrderBook.sideOf(trade.aggressorSideRaw()),
            trade.makerOrderId(),
            trade.takerOrderId(),
            trade.transactTimeNs(),
            sequence);
        return true;
    }

    private boolean onBestBidOffer(
        final OrderBook book, final DirectBuffer buffer, final int body, final int blockLength, final int version)
    {
        bestBidOffer.wrap(buffer, body, blockLength, version);
        if (bestBidOffer.bidPrice() != book.bestBidPrice() ||
            bestBidOffer.bidQuantity() != book.bestBidQuantity() ||
            bestBidOffer.askPrice() != book.bestAskPrice() ||
            bestBidOffer.askQuantity() != book.bestAskQuantity())
        {
            bboMismatchCount++;
        }
        return true;
    }

    private boolean onInstrumentDefinition(
        final OrderBook book, final DirectBuffer buffer, final int body, final int blockLength, final int version)
    {
        instrumentDefinition.wrap(buffer, body, blockLength, version);
        instrumentDefinition.getSymbol(symbolScratch, 0);
        book.define(
            instrumentDefinition.tickSize(),
            instrumentDefinition.lotSize(),
            symbolScratch,
            instrumentDefinition.referencePrice(),
            instrumentDefinition.priceBandBps());
        listener.onInstrument(book, false);
        return true;
    }

    private boolean onTradingStatus(
        final OrderBook book,
        final DirectBuffer buffer,
        final int body,
        final int blockLength,
        final int version,
        final long sequence)
    {
        tradingStatus.wrap(buffer, body, blockLength, version);
        final short statusCode = tradingStatus.tradingStatusRaw();
        book.tradingStatusCode(statusCode);
        listener.onTradingStatus(book, book.tradingStatus(), reasonOf(tradingStatus.reasonRaw()), sequence);
        return true;
    }

    private void onBookError()
    {
        bookErrorCount++;
        startRecovery(RecoveryReason.BOOK_INCONSISTENT);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Recovery
    // ---------------------------------------------------------------------------------------------------------

    private void startRecovery(final RecoveryReason reason)
    {
        state = State.RECOVERING;
        recoveryEpoch++;
        recoveryCount++;
        recoveryBuffer.reset();
        bufferStartSequence = UNKNOWN;
        bufferNextSequence = UNKNOWN;
        for (final SnapshotAssembly image : images.values())
        {
            image.desync();
        }
        listener.onRecoveryStarted(reason);
    }

    /**
     * Every book is rebuilt (or the buffer starts at sequence 1): replay the buffered messages and go live.
     */
    private void finishRecovery()
    {
        if (UNKNOWN == bufferStartSequence)
        {
            return;
        }

        final int epoch = recoveryEpoch;
        if (1 == bufferStartSequence)
        {
            for (final OrderBook book : books.values())
            {
                resetBook(book);
            }
        }
        else
        {
            for (final OrderBook book : books.values())
            {
                if (book.recoveryEpoch != epoch)
                {
                    resetBook(book);
                }
            }
        }

        // Replayed messages are delivered as live ones; a book error during the replay starts a new recovery.
        state = State.LIVE;
        final DirectBuffer buffer = recoveryBuffer.buffer();
        final int limit = recoveryBuffer.limit();
        int offset = 0;
        while (offset < limit && epoch == recoveryEpoch)
        {
            final int length = RecoveryBuffer.messageLength(buffer, offset);
            final long sequence = RecoveryBuffer.sequence(buffer, offset);
            apply(buffer, offset + RecoveryBuffer.ENTRY_HEADER_LENGTH, sequence);
            offset += RecoveryBuffer.ENTRY_HEADER_LENGTH + length;
        }

        if (epoch != recoveryEpoch)
        {
            return;
        }

        expectedSequence = bufferNextSequence;
        recoveryBuffer.reset();
        lastActivityNs = nowNs;
        listener.onRecoveryFinished(expectedSequence - 1);
    }

    private void resetBook(final OrderBook book)
    {
        book.clear();
        book.lastSequence = 0;
        book.instrumentSequence = 0;
        book.isEventComplete = true;
        book.recoveryEpoch = recoveryEpoch;
    }

    private OrderBook newBook(final int instrumentId)
    {
        final OrderBook book = new OrderBook(instrumentId, pools);
        book.recoveryEpoch = recoveryEpoch;
        books.put(instrumentId, book);
        return book;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Snapshot stream
    // ---------------------------------------------------------------------------------------------------------

    void onSnapshotPacket(final DirectBuffer buffer, final int offset, final int length, final int sessionId)
    {
        if (State.RECOVERING != state)
        {
            return;
        }

        packetCount++;
        final int count = validatePacket(buffer, offset, length, SNAPSHOT);
        if (count < 0)
        {
            malformedCount++;
            return;
        }

        messageCount += count;
        SnapshotAssembly image = images.get(sessionId);
        if (null == image)
        {
            image = new SnapshotAssembly(sessionId);
            images.put(sessionId, image);
        }

        final long firstSequence = packetHeader.firstSequence();
        if (image.isSynced && firstSequence != image.nextSnapshotSequence)
        {
            image.desync();
        }
        image.isSynced = true;
        image.nextSnapshotSequence = firstSequence + count;

        int limit = offset + HEADER_LENGTH + packetHeader.sbeBlockLength();
        for (int i = 0; i < count && State.RECOVERING == state; i++)
        {
            header.wrap(buffer, limit);
            final int templateId = header.templateId();
            final int blockLength = header.blockLength();
            final int version = header.version();
            final int body = limit + HEADER_LENGTH;
            switch (templateId)
            {
                case SnapshotLoopBeginDecoder.TEMPLATE_ID:
                    loopBegin.wrap(buffer, body, blockLength, version);
                    image.beginLoop(loopBegin.loopId(), loopBegin.instrumentCount(), loopBegin.lastSequence());
                    limit = body + blockLength;
                    break;
                case InstrumentDefinitionDecoder.TEMPLATE_ID:
                    onSnapshotDefinition(image, buffer, body, blockLength, version);
                    limit = body + blockLength;
                    break;
                case SnapshotBookDecoder.TEMPLATE_ID:
                    limit = onSnapshotBook(image, buffer, body, blockLength, version);
                    break;
                case SnapshotLoopEndDecoder.TEMPLATE_ID:
                    loopEnd.wrap(buffer, body, blockLength, version);
                    onLoopEnd(image, loopEnd.loopId(), loopEnd.instrumentCount());
                    limit = body + blockLength;
                    break;
                default:
                    return;
            }
        }
    }

    private void onSnapshotDefinition(
        final SnapshotAssembly image, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        instrumentDefinition.wrap(buffer, body, blockLength, version);
        image.hasDefinition = true;
        image.definitionInstrumentId = instrumentDefinition.instrumentId();
        image.definitionTickSize = instrumentDefinition.tickSize();
        image.definitionLotSize = instrumentDefinition.lotSize();
        instrumentDefinition.getSymbol(image.definitionSymbol, 0);
        image.definitionReferencePrice = instrumentDefinition.referencePrice();
        image.definitionPriceBandBps = instrumentDefinition.priceBandBps();
    }

    private int onSnapshotBook(
        final SnapshotAssembly image, final DirectBuffer buffer, final int body, final int blockLength,
        final int version)
    {
        final SnapshotBookDecoder decoder = snapshotBook.wrap(buffer, body, blockLength, version);
        final long loopId = decoder.loopId();
        final long lastSequence = decoder.lastSequence();
        final int instrumentId = decoder.instrumentId();
        final int chunkIndex = decoder.chunkIndex();
        final int chunkCount = decoder.chunkCount();
        final int totalOrderCount = decoder.totalOrderCount();

        if (0 == chunkIndex)
        {
            image.isAssembling = chunkCount > 0 && totalOrderCount >= 0 && lastSequence >= 0;
            image.instrumentId = instrumentId;
            image.bookLoopId = loopId;
            image.lastSequence = lastSequence;
            image.instrumentSequence = decoder.instrumentSequence();
            image.transactTimeNs = decoder.transactTimeNs();
            image.tradingStatusCode = decoder.tradingStatusRaw();
            image.chunkCount = chunkCount;
            image.nextChunkIndex = 0;
            image.totalOrderCount = totalOrderCount;
            image.orderCount = 0;
        }
        else if (!image.isAssembling || image.instrumentId != instrumentId || image.bookLoopId != loopId ||
            image.lastSequence != lastSequence || image.chunkCount != chunkCount ||
            image.totalOrderCount != totalOrderCount || image.nextChunkIndex != chunkIndex)
        {
            image.isAssembling = false;
        }

        final SnapshotBookDecoder.OrdersDecoder orders = decoder.orders();
        while (orders.hasNext())
        {
            orders.next();
            if (image.isAssembling)
            {
                image.addOrder(orders.orderId(), (byte)orders.sideRaw(), orders.price(), orders.quantity());
            }
        }
        final int limit = decoder.limit();

        if (image.isAssembling && ++image.nextChunkIndex == image.chunkCount)
        {
            image.isAssembling = false;
            if (image.orderCount == image.totalOrderCount)
            {
                onSnapshotBookComplete(image);
            }
        }
        return limit;
    }

    private void onSnapshotBookComplete(final SnapshotAssembly image)
    {
        final int instrumentId = image.instrumentId;
        final boolean isInLoop = image.isInLoop && image.bookLoopId == image.loopId;
        if (isInLoop)
        {
            image.loopBooksSeen++;
        }

        final OrderBook existing = books.get(instrumentId);
        if (!isWanted(instrumentId) || (null != existing && existing.recoveryEpoch == recoveryEpoch))
        {
            if (isInLoop)
            {
                image.loopBooksRecovered++;
            }
            return;
        }

        // The book is the state after its lastSequence, and at least as recent as its loop's start: usable if
        // that covers everything before the buffer's first message.
        final long coveredSequence = isInLoop ?
            Math.max(image.lastSequence, image.loopLastSequence) : image.lastSequence;
        if (UNKNOWN == bufferStartSequence || coveredSequence + 1 < bufferStartSequence)
        {
            return;
        }

        final OrderBook book = null == existing ? newBook(instrumentId) : existing;
        book.clear();
        boolean isValid = true;
        for (int i = 0; i < image.orderCount && isValid; i++)
        {
            isValid = book.add(image.orderIds[i], image.sideCodes[i], image.prices[i], image.quantities[i]);
        }
        if (!isValid)
        {
            bookErrorCount++;
            book.clear();
            book.recoveryEpoch = recoveryEpoch - 1;
            return;
        }

        if (image.hasDefinition && image.definitionInstrumentId == instrumentId)
        {
            book.define(
                image.definitionTickSize,
                image.definitionLotSize,
                image.definitionSymbol,
                image.definitionReferencePrice,
                image.definitionPriceBandBps);
        }
        book.tradingStatusCode(image.tradingStatusCode);
        book.lastSequence = image.lastSequence;
        book.instrumentSequence = image.instrumentSequence;
        book.lastTransactTimeNs = image.transactTimeNs;
        book.isEventComplete = true;
        book.recoveryEpoch = recoveryEpoch;
        snapshotBooksApplied++;
        if (isInLoop)
        {
            image.loopBooksRecovered++;
        }
        listener.onInstrument(book, true);
    }

    private void onLoopEnd(final SnapshotAssembly image, final long loopId, final int instrumentCount)
    {
        final boolean isComplete = image.isInLoop && image.loopId == loopId &&
            image.loopInstrumentCount == instrumentCount && image.loopBooksSeen == instrumentCount &&
            image.loopBooksRecovered == instrumentCount;
        image.isInLoop = false;
        if (isComplete)
        {
            finishRecovery();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Validation
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Walk a whole packet before anything in it is used: schema, templates, lengths, counts and, on the
     * incremental stream, consecutive sequence numbers. Leaves {@link #packetHeader} wrapped.
     *
     * @return the number of messages, or -1 if the packet is malformed or foreign.
     */
    private int validatePacket(final DirectBuffer buffer, final int offset, final int length, final short kind)
    {
        final int end = offset + length;
        if (length < HEADER_LENGTH + PacketHeaderDecoder.BLOCK_LENGTH)
        {
            return -1;
        }

        header.wrap(buffer, offset);
        final int packetBlockLength = header.blockLength();
        if (SCHEMA_ID != header.schemaId() || PacketHeaderDecoder.TEMPLATE_ID != header.templateId() ||
            packetBlockLength < PacketHeaderDecoder.BLOCK_LENGTH ||
            offset + HEADER_LENGTH + packetBlockLength > end)
        {
            return -1;
        }

        packetHeader.wrap(buffer, offset + HEADER_LENGTH, packetBlockLength, header.version());
        final int count = packetHeader.messageCount();
        if (kind != packetHeader.streamKindRaw() || count < 1)
        {
            return -1;
        }

        final long firstSequence = packetHeader.firstSequence();
        int limit = offset + HEADER_LENGTH + packetBlockLength;
        for (int i = 0; i < count; i++)
        {
            if (limit + HEADER_LENGTH > end)
            {
                return -1;
            }
            header.wrap(buffer, limit);
            final int templateId = header.templateId();
            final int blockLength = header.blockLength();
            final int minBlockLength = INCREMENTAL == kind ?
                incrementalBlockLength(templateId) : snapshotBlockLength(templateId);
            if (SCHEMA_ID != header.schemaId() || minBlockLength < 0 || blockLength < minBlockLength)
            {
                return -1;
            }

            final int body = limit + HEADER_LENGTH;
            limit = body + blockLength;
            if (limit > end)
            {
                return -1;
            }

            if (SnapshotBookDecoder.TEMPLATE_ID == templateId)
            {
                if (limit + GROUP_HEADER_LENGTH > end)
                {
                    return -1;
                }
                final int entryLength = buffer.getShort(limit, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                final int entryCount = buffer.getShort(limit + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                limit += GROUP_HEADER_LENGTH + entryLength * entryCount;
                if (entryLength < ORDER_ENTRY_MIN_LENGTH || limit > end)
                {
                    return -1;
                }
            }
            else if (INCREMENTAL == kind)
            {
                if (HeartbeatDecoder.TEMPLATE_ID == templateId)
                {
                    if (1 != count || buffer.getLong(body, ByteOrder.LITTLE_ENDIAN) != firstSequence)
                    {
                        return -1;
                    }
                }
                else if (buffer.getLong(body + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN) != firstSequence + i)
                {
                    return -1;
                }
            }
        }

        return limit == end ? count : -1;
    }

    private static int incrementalBlockLength(final int templateId)
    {
        switch (templateId)
        {
            case HeartbeatDecoder.TEMPLATE_ID:
                return HeartbeatDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                return InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case TradingStatusDecoder.TEMPLATE_ID:
                return TradingStatusDecoder.BLOCK_LENGTH;
            case OrderAddedDecoder.TEMPLATE_ID:
                return OrderAddedDecoder.BLOCK_LENGTH;
            case OrderModifiedDecoder.TEMPLATE_ID:
                return OrderModifiedDecoder.BLOCK_LENGTH;
            case OrderDeletedDecoder.TEMPLATE_ID:
                return OrderDeletedDecoder.BLOCK_LENGTH;
            case OrderExecutedDecoder.TEMPLATE_ID:
                return OrderExecutedDecoder.BLOCK_LENGTH;
            case TradeDecoder.TEMPLATE_ID:
                return TradeDecoder.BLOCK_LENGTH;
            case BestBidOfferDecoder.TEMPLATE_ID:
                return BestBidOfferDecoder.BLOCK_LENGTH;
            default:
                return -1;
        }
    }

    private static int snapshotBlockLength(final int templateId)
    {
        switch (templateId)
        {
            case SnapshotLoopBeginDecoder.TEMPLATE_ID:
                return SnapshotLoopBeginDecoder.BLOCK_LENGTH;
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                return InstrumentDefinitionDecoder.BLOCK_LENGTH;
            case SnapshotBookDecoder.TEMPLATE_ID:
                return SnapshotBookDecoder.BLOCK_LENGTH;
            case SnapshotLoopEndDecoder.TEMPLATE_ID:
                return SnapshotLoopEndDecoder.BLOCK_LENGTH;
            default:
                return -1;
        }
    }

    private static TradingStatusReason reasonOf(final short code)
    {
        switch (code)
        {
            case 1:
                return TradingStatusReason.INSTRUMENT_DEFINED;
            case 2:
                return TradingStatusReason.ADMIN;
            case 3:
                return TradingStatusReason.SCHEDULE;
            default:
                return TradingStatusReason.NULL_VAL;
        }
    }

    private boolean isWanted(final int instrumentId)
    {
        return null == instrumentFilter || instrumentFilter.contains(instrumentId);
    }

    // ---------------------------------------------------------------------------------------------------------
    // State for the subscriber
    // ---------------------------------------------------------------------------------------------------------

    boolean isLive()
    {
        return State.LIVE == state;
    }

    OrderBook book(final int instrumentId)
    {
        return books.get(instrumentId);
    }

    Int2ObjectHashMap<OrderBook> books()
    {
        return books;
    }

    long lastSequence()
    {
        return State.LIVE == state ? expectedSequence - 1 : bufferNextSequence - 1;
    }

    long packetCount()
    {
        return packetCount;
    }

    long messageCount()
    {
        return messageCount;
    }

    long duplicateCount()
    {
        return duplicateCount;
    }

    long gapCount()
    {
        return gapCount;
    }

    long recoveryCount()
    {
        return recoveryCount;
    }

    long malformedCount()
    {
        return malformedCount;
    }

    long bboMismatchCount()
    {
        return bboMismatchCount;
    }

    long bookErrorCount()
    {
        return bookErrorCount;
    }

    long staleCount()
    {
        return staleCount;
    }

    long snapshotBooksApplied()
    {
        return snapshotBooksApplied;
    }

    int bufferedMessageCount()
    {
        return recoveryBuffer.entryCount();
    }
}
