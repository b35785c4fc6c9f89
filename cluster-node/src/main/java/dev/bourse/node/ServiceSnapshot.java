package dev.bourse.node;

import dev.bourse.orderbook.EngineSnapshotLoader;
import dev.bourse.orderbook.EngineSnapshotWriter;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.snapshot.DedupEntryRecordDecoder;
import dev.bourse.schemas.snapshot.DedupEntryRecordEncoder;
import dev.bourse.schemas.snapshot.DedupWindowRecordDecoder;
import dev.bourse.schemas.snapshot.DedupWindowRecordEncoder;
import dev.bourse.schemas.snapshot.InstrumentMarketDataRecordDecoder;
import dev.bourse.schemas.snapshot.InstrumentMarketDataRecordEncoder;
import dev.bourse.schemas.snapshot.MarketDataStateRecordDecoder;
import dev.bourse.schemas.snapshot.MarketDataStateRecordEncoder;
import dev.bourse.schemas.snapshot.MessageHeaderDecoder;
import dev.bourse.schemas.snapshot.MessageHeaderEncoder;
import dev.bourse.schemas.snapshot.OrderStatusRecordDecoder;
import dev.bourse.schemas.snapshot.OrderStatusRecordEncoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotBeginDecoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotBeginEncoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotEndDecoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotEndEncoder;
import dev.bourse.schemas.snapshot.SessionRecordDecoder;
import dev.bourse.schemas.snapshot.SessionRecordEncoder;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;

import java.nio.ByteOrder;

/**
 * Writes and restores the service's whole state through the cluster's snapshot publication, in the order the
 * snapshot schema describes: service begin marker, sessions, dedup windows, order records, market-data state, the
 * engine's own records, the risk controls' records (after the engine's, as {@code RiskControls} requires), and an
 * end marker carrying the service state hash. Restoring checks the markers, counts and hash; the engine and risk
 * restores check their own.
 */
final class ServiceSnapshot implements FragmentHandler
{
    /**
     * Version 2 adds the risk records; a version 1 snapshot (without them) is refused. Version 3: the order records'
     * part of the state hash is the sum of a cheaper per-record hash, kept up to date so that checkpoints do not walk
     * the records; an older snapshot's hash could not be checked, so it is refused. Version 4: the messages travel
     * in batches, each behind a framing header (see {@link #FRAMING_HEADER_LENGTH}); a version 3 snapshot, one
     * message per Aeron message, is recognised and refused with its version.
     */
    static final int FORMAT_VERSION = 4;
    /**
     * Each message of a batch is behind a FIX Simple Open Framing Header: its length including the header (uint32)
     * and the encoding type (uint16), both big-endian. A batch holds as many messages as fit in one frame of the
     * snapshot publication: a million resting orders were two million offers and as many fragments to restore.
     */
    static final int FRAMING_HEADER_LENGTH = 6;
    /** The framing header's encoding type for SBE 1.0, little-endian. */
    static final int SBE_LITTLE_ENDIAN = 0xEB50;
    /** values() copies the array on every call; restoring a record per order must not. */
    private static final OrderStatus[] ORDER_STATUSES = OrderStatus.values();

    private final ExchangeService service;
    private final MutableDirectBuffer buffer = new ExpandableDirectByteBuffer(256);
    private final MutableDirectBuffer batch = new ExpandableDirectByteBuffer(4096);
    private int batchLength;
    private int batchLimit;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ServiceSnapshotBeginEncoder beginEncoder = new ServiceSnapshotBeginEncoder();
    private final SessionRecordEncoder sessionEncoder = new SessionRecordEncoder();
    private final DedupWindowRecordEncoder windowEncoder = new DedupWindowRecordEncoder();
    private final DedupEntryRecordEncoder entryEncoder = new DedupEntryRecordEncoder();
    private final OrderStatusRecordEncoder recordEncoder = new OrderStatusRecordEncoder();
    private final ServiceSnapshotEndEncoder endEncoder = new ServiceSnapshotEndEncoder();
    private final MarketDataStateRecordEncoder marketDataEncoder = new MarketDataStateRecordEncoder();
    private final InstrumentMarketDataRecordEncoder instrumentEncoder = new InstrumentMarketDataRecordEncoder();
    private final MarketDataStateRecordDecoder marketDataDecoder = new MarketDataStateRecordDecoder();
    private final InstrumentMarketDataRecordDecoder instrumentDecoder = new InstrumentMarketDataRecordDecoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ServiceSnapshotBeginDecoder beginDecoder = new ServiceSnapshotBeginDecoder();
    private final SessionRecordDecoder sessionDecoder = new SessionRecordDecoder();
    private final DedupWindowRecordDecoder windowDecoder = new DedupWindowRecordDecoder();
    private final DedupEntryRecordDecoder entryDecoder = new DedupEntryRecordDecoder();
    private final OrderStatusRecordDecoder recordDecoder = new OrderStatusRecordDecoder();
    private final ServiceSnapshotEndDecoder endDecoder = new ServiceSnapshotEndDecoder();

    private ExclusivePublication publication;
    private IdleStrategy idleStrategy;

    private EngineSnapshotLoader engineLoader;
    private boolean begun;
    private boolean complete;
    private int expectedSessions;
    private int expectedWindows;
    private long expectedRecords;
    private int sessionCount;
    private int windowCount;
    private long recordCount;
    private DedupWindows.Window currentWindow;
    private int entriesLeft;
    private long currentHighest;
    private long currentForgotten;

    ServiceSnapshot(final ExchangeService service)
    {
        this.service = service;
    }

    // ------------------------------------------------------------------------------------------------ write

    void write(final ExclusivePublication publication, final IdleStrategy idleStrategy)
    {
        this.publication = publication;
        this.idleStrategy = idleStrategy;
        batchLength = 0;
        batchLimit = publication.maxPayloadLength();
        final Sessions sessions = service.sessions();
        final DedupWindows dedup = service.dedup();
        final OrderRecords records = service.records();
        final long[] sessionIds = sessions.sortedIds();
        final long[] accounts = dedup.sortedAccounts();
        final long[] orderIds = records.sortedOrderIds();

        beginEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .formatVersion(FORMAT_VERSION)
            .sessionCount(sessionIds.length)
            .windowCount(accounts.length)
            .statusCount(orderIds.length)
            .expiryTimerDeadlineNs(service.expiryTimerDeadlineNs())
            .checkpointTimerDeadlineNs(service.checkpointTimerDeadlineNs())
            .checkpointCount(service.checkpointCount())
            .sessionSequence(service.sessionSequence());
        add(buffer, beginEncoder.encodedLength());

        for (final long id : sessionIds)
        {
            final Sessions.Session session = sessions.get(id);
            sessionEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .clusterSessionId(id)
                .account(session.account)
                .role((short)session.role.value())
                .sessionToken(session.token);
            add(buffer, sessionEncoder.encodedLength());
        }

        for (final long account : accounts)
        {
            final DedupWindows.Window window = dedup.window(account);
            windowEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .account(account)
                .highestClientOrderId(window.highestClientOrderId)
                .forgottenHighWater(window.forgottenHighWater)
                .entryCount(window.size());
            add(buffer, windowEncoder.encodedLength());
            for (int i = 0; i < window.size(); i++)
            {
                final long sequence = window.sequenceAt(i);
                entryEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .clientOrderId(window.clientOrderIdAt(i))
                    .kind((short)window.kind(sequence))
                    .orderId(window.orderId(sequence))
                    .rejectReason(window.rejectReason(sequence))
                    .extra(window.extra(sequence))
                    .extra2(window.extra2(sequence));
                add(buffer, entryEncoder.encodedLength());
            }
        }

        // The records' hash is kept as a running sum: check it against the records while they are read anyway.
        long recordsSum = 0;
        for (final long orderId : orderIds)
        {
            final OrderRecords.Record record = records.get(orderId);
            recordsSum += OrderRecords.recordHash(record);
            recordEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .orderId(orderId)
                .account(record.account)
                .clientOrderId(record.clientOrderId)
                .origClientOrderId(record.origClientOrderId)
                .instrumentId(record.instrumentId)
                .side(record.side)
                .orderType(record.orderType)
                .timeInForce(record.timeInForce)
                .orderStatus((short)record.status.value())
                .price(record.price)
                .quantity(record.quantity)
                .cumQuantity(record.cumQuantity)
                .leavesQuantity(record.leavesQuantity)
                .live((short)(record.live ? 1 : 0));
            add(buffer, recordEncoder.encodedLength());
        }

        final MarketDataPublisher marketData = service.marketData();
        final int[] instrumentIds = marketData.sortedInstrumentIds();
        marketDataEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .nextSequence(marketData.nextSequence())
            .instrumentCount(instrumentIds.length);
        add(buffer, marketDataEncoder.encodedLength());
        for (final int instrumentId : instrumentIds)
        {
            final MarketDataPublisher.InstrumentState state = marketData.instruments().get(instrumentId);
            instrumentEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentId(instrumentId)
                .instrumentSequence(state.instrumentSequence)
                .putSymbol(state.symbol, 0);
            add(buffer, instrumentEncoder.encodedLength());
        }

        // The engine keeps its price levels' hashes too; its writer checks them against the orders it writes.
        if (!new EngineSnapshotWriter().write(service.engine(), this::append))
        {
            System.err.println("bourse: the engine's kept hash of its price levels disagreed with the book; " +
                "re-hashed the book");
        }
        service.engine().writeRiskSnapshot(this::append);

        if (!records.verifySum(recordsSum))
        {
            System.err.println("bourse: the order records' running hash disagreed with the records; set to theirs");
        }
        endEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionCount(sessionIds.length)
            .windowCount(accounts.length)
            .statusCount(orderIds.length)
            .stateHash(service.stateHash());
        add(buffer, endEncoder.encodedLength());
        flushBatch();
        this.publication = null;
    }

    private void add(final DirectBuffer message, final int encodedLength)
    {
        append(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + encodedLength);
    }

    private void append(final DirectBuffer message, final int offset, final int length)
    {
        final int framedLength = FRAMING_HEADER_LENGTH + length;
        if (framedLength > batchLimit)
        {
            throw new IllegalStateException("snapshot message of " + length + " bytes does not fit in a frame of " +
                batchLimit);
        }
        if (batchLength + framedLength > batchLimit)
        {
            flushBatch();
        }
        batch.putInt(batchLength, framedLength, ByteOrder.BIG_ENDIAN);
        batch.putShort(batchLength + 4, (short)SBE_LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
        batch.putBytes(batchLength + FRAMING_HEADER_LENGTH, message, offset, length);
        batchLength += framedLength;
    }

    private void flushBatch()
    {
        if (0 == batchLength)
        {
            return;
        }
        idleStrategy.reset();
        while (true)
        {
            final long result = publication.offer(batch, 0, batchLength);
            if (result > 0)
            {
                batchLength = 0;
                return;
            }
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result ||
                Publication.NOT_CONNECTED == result)
            {
                throw new IllegalStateException("snapshot publication failed: " + Publication.errorString(result));
            }
            idleStrategy.idle();
        }
    }

    // ------------------------------------------------------------------------------------------------ load

    void load(final Image image, final IdleStrategy idleStrategy)
    {
        engineLoader = new EngineSnapshotLoader(service.engine());
        idleStrategy.reset();
        while (!complete)
        {
            final int fragments = image.poll(this, 64);
            if (0 == fragments)
            {
                if (image.isClosed() || image.isEndOfStream())
                {
                    throw new IllegalStateException("snapshot ended before its end marker");
                }
                idleStrategy.idle();
            }
            else
            {
                idleStrategy.reset();
            }
        }
        engineLoader = null;
    }

    /**
     * {@inheritDoc}
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (!begun)
        {
            refuseUnframed(buffer, offset, length);
        }
        final int end = offset + length;
        int position = offset;
        while (position < end)
        {
            check(end - position >= FRAMING_HEADER_LENGTH, "batch ends inside a framing header");
            final int framedLength = buffer.getInt(position, ByteOrder.BIG_ENDIAN);
            check(SBE_LITTLE_ENDIAN == (buffer.getShort(position + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF),
                "unknown encoding type in a framing header");
            check(framedLength > FRAMING_HEADER_LENGTH && framedLength <= end - position,
                "framed length " + framedLength + " outside its batch");
            onMessage(buffer, position + FRAMING_HEADER_LENGTH, framedLength - FRAMING_HEADER_LENGTH);
            position += framedLength;
        }
    }

    /**
     * A snapshot older than version 4 has one message per fragment, the begin marker first: name its version rather
     * than report a framing error.
     */
    private void refuseUnframed(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH + ServiceSnapshotBeginDecoder.BLOCK_LENGTH)
        {
            headerDecoder.wrap(buffer, offset);
            if (MessageHeaderDecoder.SCHEMA_ID == headerDecoder.schemaId() &&
                ServiceSnapshotBeginDecoder.TEMPLATE_ID == headerDecoder.templateId())
            {
                beginDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                    headerDecoder.version());
                check(false, "unsupported format " + beginDecoder.formatVersion() + " (this node reads " +
                    FORMAT_VERSION + ")");
            }
        }
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        check(length >= MessageHeaderDecoder.ENCODED_LENGTH, "snapshot message shorter than its header");
        headerDecoder.wrap(buffer, offset);
        check(MessageHeaderDecoder.SCHEMA_ID == headerDecoder.schemaId(), "foreign message in snapshot");
        if (engineLoader.onMessage(buffer, offset, length) ||
            service.engine().onRiskSnapshotMessage(buffer, offset, length))
        {
            return;
        }
        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        check(length >= MessageHeaderDecoder.ENCODED_LENGTH + blockLength, "snapshot message truncated");
        switch (templateId)
        {
            case ServiceSnapshotBeginDecoder.TEMPLATE_ID:
                onBegin(beginDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case SessionRecordDecoder.TEMPLATE_ID:
                onSession(sessionDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case DedupWindowRecordDecoder.TEMPLATE_ID:
                onWindow(windowDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case DedupEntryRecordDecoder.TEMPLATE_ID:
                onEntry(entryDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case OrderStatusRecordDecoder.TEMPLATE_ID:
                onRecord(recordDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case MarketDataStateRecordDecoder.TEMPLATE_ID:
                marketDataDecoder.wrap(buffer, bodyOffset, blockLength, version);
                check(begun && !complete, "market data record outside the markers");
                service.marketData().restore(marketDataDecoder.nextSequence());
                break;
            case InstrumentMarketDataRecordDecoder.TEMPLATE_ID:
            {
                instrumentDecoder.wrap(buffer, bodyOffset, blockLength, version);
                check(begun && !complete, "instrument market data record outside the markers");
                final MarketDataPublisher.InstrumentState state = service.marketData()
                    .restoreInstrument(instrumentDecoder.instrumentId(), instrumentDecoder.instrumentSequence());
                instrumentDecoder.getSymbol(state.symbol, 0);
                break;
            }
            case ServiceSnapshotEndDecoder.TEMPLATE_ID:
                onEnd(endDecoder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            default:
                throw new IllegalStateException("unknown snapshot template " + templateId);
        }
    }

    private void onBegin(final ServiceSnapshotBeginDecoder decoder)
    {
        check(!begun, "second begin marker");
        check(FORMAT_VERSION == decoder.formatVersion(), "unsupported format " + decoder.formatVersion());
        expectedSessions = decoder.sessionCount();
        expectedWindows = decoder.windowCount();
        expectedRecords = decoder.statusCount();
        service.restoreTimersAndCounters(decoder.sessionSequence(), decoder.expiryTimerDeadlineNs(),
            decoder.checkpointTimerDeadlineNs(), decoder.checkpointCount());
        begun = true;
    }

    private void onSession(final SessionRecordDecoder decoder)
    {
        check(begun && !complete, "session record outside the markers");
        final Role role = 2 == decoder.role() ? Role.ADMIN : (1 == decoder.role() ? Role.TRADER : null);
        check(null != role, "invalid role in session record");
        service.sessions().add(
            new Sessions.Session(decoder.clusterSessionId(), decoder.account(), role, decoder.sessionToken()));
        sessionCount++;
    }

    private void onWindow(final DedupWindowRecordDecoder decoder)
    {
        check(begun && !complete && 0 == entriesLeft, "window record out of order");
        currentWindow = service.dedup().windowForUpdate(decoder.account());
        currentHighest = decoder.highestClientOrderId();
        currentForgotten = decoder.forgottenHighWater();
        entriesLeft = decoder.entryCount();
        windowCount++;
        finishWindowIfDone();
    }

    private void onEntry(final DedupEntryRecordDecoder decoder)
    {
        check(null != currentWindow && entriesLeft > 0, "dedup entry outside a window");
        currentWindow.record(decoder.clientOrderId(), decoder.kind(), decoder.orderId(), decoder.rejectReason(),
            decoder.extra(), decoder.extra2(), null);
        entriesLeft--;
        finishWindowIfDone();
    }

    private void finishWindowIfDone()
    {
        if (0 == entriesLeft && null != currentWindow)
        {
            currentWindow.highestClientOrderId = currentHighest;
            currentWindow.forgottenHighWater = Math.max(currentWindow.forgottenHighWater, currentForgotten);
            currentWindow = null;
        }
    }

    private void onRecord(final OrderStatusRecordDecoder decoder)
    {
        check(begun && !complete && 0 == entriesLeft, "order record out of order");
        final OrderRecords.Record record = service.records().create(decoder.orderId());
        record.account = decoder.account();
        record.clientOrderId = decoder.clientOrderId();
        record.origClientOrderId = decoder.origClientOrderId();
        record.instrumentId = decoder.instrumentId();
        record.side = decoder.side();
        record.orderType = decoder.orderType();
        record.timeInForce = decoder.timeInForce();
        record.status = orderStatus(decoder.orderStatus());
        record.price = decoder.price();
        record.quantity = decoder.quantity();
        record.cumQuantity = decoder.cumQuantity();
        record.leavesQuantity = decoder.leavesQuantity();
        record.live = 0 != decoder.live();
        service.records().added(record);
        recordCount++;
    }

    private static OrderStatus orderStatus(final short code)
    {
        for (final OrderStatus status : ORDER_STATUSES)
        {
            if (status.value() == code && OrderStatus.NULL_VAL != status)
            {
                return status;
            }
        }
        throw new IllegalStateException("invalid order status in snapshot: " + code);
    }

    private void onEnd(final ServiceSnapshotEndDecoder decoder)
    {
        check(begun && !complete && engineLoader.isComplete(), "end marker before the engine snapshot");
        check(service.engine().isRiskSnapshotComplete(), "end marker before the risk snapshot");
        check(sessionCount == expectedSessions && decoder.sessionCount() == expectedSessions, "session count");
        check(windowCount == expectedWindows && decoder.windowCount() == expectedWindows, "window count");
        check(recordCount == expectedRecords && decoder.statusCount() == expectedRecords, "order record count");
        service.records().rebuildReferences(service.dedup());
        service.marketData().restoreDefinitionsFrom(service.engine());
        final long hash = service.stateHash();
        check(hash == decoder.stateHash(), "state hash mismatch: snapshot " + decoder.stateHash() + ", restored " +
            hash);
        complete = true;
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException("invalid service snapshot: " + message);
        }
    }
}
