package dev.bourse.node;

import dev.bourse.orderbook.EngineConstants;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.orderbook.OrderVisitor;
import dev.bourse.orderbook.risk.InstrumentControlsVisitor;
import dev.bourse.orderbook.risk.RiskControls;
import dev.bourse.schemas.marketdata.BestBidOfferEncoder;
import dev.bourse.schemas.marketdata.HeartbeatEncoder;
import dev.bourse.schemas.marketdata.InstrumentDefinitionEncoder;
import dev.bourse.schemas.marketdata.MatchEventIndicatorEncoder;
import dev.bourse.schemas.marketdata.MessageHeaderEncoder;
import dev.bourse.schemas.marketdata.OrderAddedEncoder;
import dev.bourse.schemas.marketdata.OrderDeletedEncoder;
import dev.bourse.schemas.marketdata.OrderExecutedEncoder;
import dev.bourse.schemas.marketdata.OrderModifiedEncoder;
import dev.bourse.schemas.marketdata.PacketHeaderEncoder;
import dev.bourse.schemas.marketdata.SnapshotBookEncoder;
import dev.bourse.schemas.marketdata.SnapshotLoopBeginEncoder;
import dev.bourse.schemas.marketdata.SnapshotLoopEndEncoder;
import dev.bourse.schemas.marketdata.StreamKind;
import dev.bourse.schemas.marketdata.TradeEncoder;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.marketdata.TradingStatusEncoder;
import dev.bourse.schemas.marketdata.TradingStatusReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.ExclusivePublication;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Market data: turns the engine's book events, and the admin's instrument definitions, band changes and trading
 * status changes, into the market-data schema's incremental messages, numbered with a channel sequence and a
 * per-instrument sequence that are replicated state (identical on every node, saved in snapshots), and publishes
 * them over UDP multicast from {@code doBackgroundWork}, never from the log path. The snapshot loop takes each
 * instrument's trading status, reference price and band from the risk controls.
 * <p>
 * Messages of one command are collected as an event; at the end of the command the last one is marked
 * endOfEvent and the event moves to a bounded outbound queue, but only on a node that publishes (a follower, or
 * the leader of a one-node cluster), and only if the event happened after this process started: a node replaying
 * its log after a restart never publishes that history as live data. Events that wait in the queue longer than the
 * configured age are dropped too. When the queue is full, events are dropped and counted; subscribers see
 * a gap and recover from the snapshot loop, which this class also publishes, one instrument per background call.
 */
final class MarketDataPublisher
{
    private static final int MAX_PACKET_MESSAGES = 64;
    private static final int ORDERS_PER_CHUNK = 40;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PacketHeaderEncoder packetHeaderEncoder = new PacketHeaderEncoder();
    private final OrderAddedEncoder orderAddedEncoder = new OrderAddedEncoder();
    private final OrderModifiedEncoder orderModifiedEncoder = new OrderModifiedEncoder();
    private final OrderDeletedEncoder orderDeletedEncoder = new OrderDeletedEncoder();
    private final OrderExecutedEncoder orderExecutedEncoder = new OrderExecutedEncoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final BestBidOfferEncoder bestBidOfferEncoder = new BestBidOfferEncoder();
    private final InstrumentDefinitionEncoder definitionEncoder = new InstrumentDefinitionEncoder();
    private final TradingStatusEncoder tradingStatusEncoder = new TradingStatusEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final SnapshotLoopBeginEncoder loopBeginEncoder = new SnapshotLoopBeginEncoder();
    private final SnapshotBookEncoder snapshotBookEncoder = new SnapshotBookEncoder();
    private final SnapshotLoopEndEncoder loopEndEncoder = new SnapshotLoopEndEncoder();

    /** Messages of the event being built: offsets into eventBuffer. */
    private final MutableDirectBuffer eventBuffer = new ExpandableDirectByteBuffer(4096);
    private int[] messageOffsets = new int[64];
    private int[] messageLengths = new int[64];
    private int messageCount;
    // Messages of the current event that were not encoded because it will never be published (see unpublished()).
    private int skippedCount;
    private int eventLength;
    private int lastTradeIndex = -1;
    private int lastQuoteIndex = -1;
    private long eventTimestampNs;

    /** Outbound: whole events, each [timestampNs][length][messages...]. */
    private final MutableDirectBuffer queue = new ExpandableDirectByteBuffer(1 << 16);
    private int queueHead;
    private int queueTail;
    private final int queueCapacity;

    // Incremental packet headers and heartbeats only: an event's messages are offered from the queue.
    private final MutableDirectBuffer packet = new UnsafeBuffer(new byte[256]);
    private final MutableDirectBuffer snapshotPacket = new UnsafeBuffer(new byte[64 * 1024]);

    // Replicated state.
    private long nextSequence = 1;
    private final Int2ObjectHashMap<InstrumentState> instruments = new Int2ObjectHashMap<>();
    // The instrument of the last book event: a command's events are all for one instrument, and consecutive commands
    // often are too, so most events skip the map lookup. Not state: a view of the map, reset when the map changes.
    private InstrumentState lastInstrument;

    // Local, not state.
    private final MarketDataConfig config;
    private final int memberId;
    private final ServiceCounters counters;
    private MatchingEngine engine;
    private RiskControls risk;
    private ExclusivePublication incremental;
    private ExclusivePublication snapshots;
    private boolean publishing;
    private long lastSendNs;
    private long lastTransactTimeNs;
    private long nextLoopNs;
    private long loopId;
    private int[] loopInstruments = new int[0];
    private int loopIndex = -1;
    private long snapshotSequence;
    private final long startWallClockNs = System.currentTimeMillis() * 1_000_000L;

    /**
     * One instrument's replicated market-data state.
     */
    static final class InstrumentState
    {
        final int instrumentId;
        final byte[] symbol = new byte[16];
        long instrumentSequence;
        long tickSize;
        long lotSize;

        InstrumentState(final int instrumentId)
        {
            this.instrumentId = instrumentId;
        }
    }

    MarketDataPublisher(final MarketDataConfig config, final int memberId, final ServiceCounters counters)
    {
        this.config = config;
        this.memberId = memberId;
        this.counters = counters;
        this.queueCapacity = config.queueCapacityBytes();
    }

    /**
     * The engine whose books the snapshot loop reads, and its risk controls, whose trading status, reference price
     * and band the snapshot loop repeats.
     */
    void engine(final MatchingEngine engine, final RiskControls risk)
    {
        this.engine = engine;
        this.risk = risk;
    }

    void publications(final ExclusivePublication incremental, final ExclusivePublication snapshots)
    {
        this.incremental = incremental;
        this.snapshots = snapshots;
    }

    void publishing(final boolean publishing)
    {
        if (publishing != this.publishing)
        {
            this.publishing = publishing;
            queueHead = 0;
            queueTail = 0;
            System.out.println("bourse market data publisher " + (publishing ? "on" : "off"));
        }
    }

    boolean isPublishing()
    {
        return publishing;
    }

    // ------------------------------------------------------------------------------------------------ state

    long nextSequence()
    {
        return nextSequence;
    }

    Int2ObjectHashMap<InstrumentState> instruments()
    {
        return instruments;
    }

    int[] sortedInstrumentIds()
    {
        final int[] ids = new int[instruments.size()];
        int i = 0;
        for (final InstrumentState state : instruments.values())
        {
            ids[i++] = state.instrumentId;
        }
        Arrays.sort(ids);
        return ids;
    }

    void restore(final long nextSequence)
    {
        this.nextSequence = nextSequence;
    }

    InstrumentState restoreInstrument(final int instrumentId, final long instrumentSequence)
    {
        final InstrumentState state = new InstrumentState(instrumentId);
        state.instrumentSequence = instrumentSequence;
        instruments.put(instrumentId, state);
        lastInstrument = null;
        return state;
    }

    /**
     * After a snapshot restore: take tick and lot sizes, which the snapshot keeps with the engine, from the engine.
     */
    void restoreDefinitionsFrom(final MatchingEngine restored)
    {
        restored.forEachInstrument((instrumentId, tickSize, lotSize) ->
        {
            final InstrumentState state = instruments.get(instrumentId);
            if (null != state)
            {
                state.tickSize = tickSize;
                state.lotSize = lotSize;
            }
        });
    }

    /**
     * An instrument's symbol as published (16 bytes, NUL padded).
     *
     * @return the symbol bytes (not a copy), or null for an instrument never defined.
     */
    byte[] symbolOf(final int instrumentId)
    {
        final InstrumentState state = instruments.get(instrumentId);
        return null == state ? null : state.symbol;
    }

    private InstrumentState instrument(final int instrumentId)
    {
        final InstrumentState last = lastInstrument;
        if (null != last && last.instrumentId == instrumentId)
        {
            return last;
        }
        InstrumentState state = instruments.get(instrumentId);
        if (null == state)
        {
            state = new InstrumentState(instrumentId);
            instruments.put(instrumentId, state);
        }
        lastInstrument = state;
        return state;
    }

    // ------------------------------------------------------------------------------------------------ events

    void beginEvent(final long timestampNs)
    {
        eventTimestampNs = timestampNs;
    }

    private int nextMessageOffset()
    {
        if (messageCount == messageOffsets.length)
        {
            messageOffsets = Arrays.copyOf(messageOffsets, messageCount * 2);
            messageLengths = Arrays.copyOf(messageLengths, messageCount * 2);
        }
        return eventLength;
    }

    private void addMessage(final int offset, final int encodedLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encodedLength;
        messageOffsets[messageCount] = offset;
        messageLengths[messageCount] = length;
        messageCount++;
        eventLength += length;
    }

    private long sequence()
    {
        return nextSequence++;
    }

    private long instrumentSequence(final int instrumentId)
    {
        return ++instrument(instrumentId).instrumentSequence;
    }

    /**
     * Whether the current command's book messages will never be published: on a node that does not publish (the
     * leader of a cluster of several), and for history a restarted node replays. Then they are not encoded at all
     * (encoding them was about 10% of the leader's service thread at max rate, 12% of a replay); only the
     * replicated sequences move, by {@link #skipMessage}, exactly as encoding would have moved them.
     */
    private boolean unpublished()
    {
        return !publishing || eventTimestampNs < startWallClockNs;
    }

    private void skipMessage(final int instrumentId)
    {
        nextSequence++;
        instrument(instrumentId).instrumentSequence++;
        skippedCount++;
    }

    /**
     * A new instrument: an InstrumentDefinition with its band and reference price.
     *
     * @param referencePrice the admin's reference price, or {@code EngineConstants.NULL_PRICE} for none.
     * @param priceBandBps   the band half-width in basis points, 0 for none.
     */
    void onInstrumentDefined(
        final int instrumentId,
        final long tickSize,
        final long lotSize,
        final byte[] symbol,
        final long referencePrice,
        final int priceBandBps)
    {
        final InstrumentState state = instrument(instrumentId);
        state.tickSize = tickSize;
        state.lotSize = lotSize;
        System.arraycopy(symbol, 0, state.symbol, 0, Math.min(symbol.length, state.symbol.length));
        addDefinition(state, referencePrice, priceBandBps);
    }

    /**
     * An instrument's band or reference price changed: an InstrumentDefinition with the new values (tick, lot and
     * symbol never change).
     */
    void onInstrumentUpdated(final int instrumentId, final long referencePrice, final int priceBandBps)
    {
        addDefinition(instrument(instrumentId), referencePrice, priceBandBps);
    }

    private void addDefinition(final InstrumentState state, final long referencePrice, final int priceBandBps)
    {
        final int offset = nextMessageOffset();
        encodeDefinition(eventBuffer, offset, state, sequence(), eventTimestampNs,
            instrumentSequence(state.instrumentId), referencePrice, priceBandBps, false);
        addMessage(offset, definitionEncoder.encodedLength());
        lastQuoteIndex = messageCount - 1;
    }

    /**
     * An instrument's trading status was set: a TradingStatus message.
     */
    void onTradingStatus(final int instrumentId, final TradingStatus status, final TradingStatusReason reason)
    {
        final int offset = nextMessageOffset();
        tradingStatusEncoder.wrapAndApplyHeader(eventBuffer, offset, headerEncoder)
            .sequence(sequence())
            .transactTimeNs(eventTimestampNs)
            .instrumentSequence(instrumentSequence(instrumentId))
            .instrumentId(instrumentId);
        tradingStatusEncoder.matchEventIndicator().clear();
        tradingStatusEncoder.tradingStatus(status).reason(reason);
        addMessage(offset, tradingStatusEncoder.encodedLength());
    }

    private void encodeDefinition(
        final MutableDirectBuffer buffer,
        final int offset,
        final InstrumentState state,
        final long sequence,
        final long transactTimeNs,
        final long instrumentSequence,
        final long referencePrice,
        final int priceBandBps,
        final boolean recovery)
    {
        definitionEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .sequence(sequence)
            .transactTimeNs(transactTimeNs)
            .instrumentSequence(instrumentSequence)
            .instrumentId(state.instrumentId);
        final MatchEventIndicatorEncoder indicator = definitionEncoder.matchEventIndicator().clear();
        if (recovery)
        {
            indicator.recovery(true).endOfEvent(true);
        }
        definitionEncoder
            .tickSize(state.tickSize)
            .lotSize(state.lotSize)
            .putSymbol(state.symbol, 0)
            .referencePrice(referencePrice)
            .priceBandBps(priceBandBps);
    }

    void onBookOrderAdded(final int instrumentId, final long orderId, final Side side, final long price, final long qty)
    {
        if (unpublished())
        {
            skipMessage(instrumentId);
            return;
        }
        final int offset = nextMessageOffset();
        orderAddedEncoder.wrapAndApplyHeader(eventBuffer, offset, headerEncoder)
            .sequence(sequence())
            .transactTimeNs(eventTimestampNs)
            .instrumentSequence(instrumentSequence(instrumentId))
            .instrumentId(instrumentId);
        orderAddedEncoder.matchEventIndicator().clear();
        orderAddedEncoder.orderId(orderId).side(mdSide(side)).price(price).quantity(qty);
        addMessage(offset, orderAddedEncoder.encodedLength());
        lastQuoteIndex = messageCount - 1;
    }

    void onBookOrderModified(
        final int instrumentId, final long orderId, final Side side, final long price, final long qty)
    {
        if (unpublished())
        {
            skipMessage(instrumentId);
            return;
        }
        final int offset = nextMessageOffset();
        orderModifiedEncoder.wrapAndApplyHeader(eventBuffer, offset, headerEncoder)
            .sequence(sequence())
            .transactTimeNs(eventTimestampNs)
            .instrumentSequence(instrumentSequence(instrumentId))
            .instrumentId(instrumentId);
        orderModifiedEncoder.matchEventIndicator().clear();
        orderModifiedEncoder.orderId(orderId).side(mdSide(side)).price(price).quantity(qty);
        addMessage(offset, orderModifiedEncoder.encodedLength());
        lastQuoteIndex = messageCount - 1;
    }

    void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long qty)
    {
        if (unpublished())
        {
            skipMessage(instrumentId);
            return;
        }
        final int offset = nextMessageOffset();
        orderDeletedEncoder.wrapAndApplyHeader(eventBuffer, offset, headerEncoder)
            .sequence(sequence())
            .transactTimeNs(eventTimestampNs)
            .instrumentSequence(instrumentSequence(instrumentId))
            .instrumentId(instrumentId);
        orderDeletedEncoder.matchEventIndicator().clear();
        orderDeletedEncoder.orderId(orderId).side(mdSide(side)).price(price).quantity(qty);
        addMessage(offset, orderDeletedEncoder.encodedLength());
        lastQuoteIndex = messageCount - 1;
    }

    void onBookOrderExecuted(
        final int instrumentId,
        final long orderId,
        final Side side,
        final long price,
        final long executedQuantity,
        final long leavesQuantity,
        final long tradeId)
    {
        if (unpublished())
        {
            skipMessage(instrumentId);
            return;
        }
        final int offset = nextMessageOffset();
        orderExecutedEncoder.wrapAndApplyHeader(eventBuffer, offset, headerEncoder)
            .sequence(sequence())
            .transactTimeNs(eventTimestampNs)
            .instrumentSequence(instrumentSequence(instrumentId))
            .instrumentId(instrumentId);
        orderExecutedEncoder.matchEventIndicator().clear();
        orderExecutedEncoder.orderId(orderId).side(mdSide(side)).price(price).executedQuantity(executedQuantity)
            .leavesQuantity(leavesQuantity).tradeId(tradeId);
        addMessage(offset, orderExecutedEncoder.encodedLength());
        lastQuoteIndex = messageCount - 1;
    }

    void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId)
    {
        if (unpublished())
        {
            skipMessage(instrumentId);
            return;
        }
        final int offset = nextMessageOffset();
        tradeEncoder.wrapAndApplyHeader(eventBuffer, offset, headerEncoder)
            .sequence(sequence())
            .transactTimeNs(eventTimestampNs)
            .instrumentSequence(instrumentSequence(instrumentId))
            .instrumentId(instrumentId);
        tradeEncoder.matchEventIndicator().clear();
        tradeEncoder.tradeId(tradeId).price(price).quantity(quantity).aggressorSide(mdSide(aggressorSide))
            .makerOrderId(makerOrderId).takerOrderId(takerOrderId);
        addMessage(offset, tradeEncoder.encodedLength());
        lastTradeIndex = messageCount - 1;
    }

    void onBestBidOffer(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        if (unpublished())
        {
            skipMessage(instrumentId);
            return;
        }
        final int offset = nextMessageOffset();
        bestBidOfferEncoder.wrapAndApplyHeader(eventBuffer, offset, headerEncoder)
            .sequence(sequence())
            .transactTimeNs(eventTimestampNs)
            .instrumentSequence(instrumentSequence(instrumentId))
            .instrumentId(instrumentId);
        bestBidOfferEncoder.matchEventIndicator().clear();
        bestBidOfferEncoder
            .bidPrice(EngineConstants.NULL_PRICE == bidPrice ? BestBidOfferEncoder.bidPriceNullValue() : bidPrice)
            .bidQuantity(bidQuantity)
            .askPrice(EngineConstants.NULL_PRICE == askPrice ? BestBidOfferEncoder.askPriceNullValue() : askPrice)
            .askQuantity(askQuantity);
        addMessage(offset, bestBidOfferEncoder.encodedLength());
        lastQuoteIndex = messageCount - 1;
    }

    private static dev.bourse.schemas.marketdata.Side mdSide(final Side side)
    {
        return Side.BUY == side ? dev.bourse.schemas.marketdata.Side.BUY : dev.bourse.schemas.marketdata.Side.SELL;
    }

    /**
     * The command is complete: mark its last message endOfEvent and queue the event for publishing.
     */
    void endEvent()
    {
        if (0 == messageCount)
        {
            if (skippedCount > 0 && publishing)
            {
                counters.marketDataHistory += skippedCount;
            }
            skippedCount = 0;
            return;
        }
        final int indicatorOffset =
            MessageHeaderEncoder.ENCODED_LENGTH + OrderAddedEncoder.matchEventIndicatorEncodingOffset();
        setIndicatorBit(messageOffsets[messageCount - 1] + indicatorOffset, 7);
        if (lastTradeIndex >= 0)
        {
            setIndicatorBit(messageOffsets[lastTradeIndex] + indicatorOffset, 0);
        }
        if (lastQuoteIndex >= 0)
        {
            setIndicatorBit(messageOffsets[lastQuoteIndex] + indicatorOffset, 2);
        }
        if (publishing)
        {
            if (eventTimestampNs < startWallClockNs)
            {
                counters.marketDataHistory += messageCount + skippedCount;
            }
            else
            {
                enqueue();
            }
        }
        messageCount = 0;
        skippedCount = 0;
        eventLength = 0;
        lastTradeIndex = -1;
        lastQuoteIndex = -1;
    }

    private void setIndicatorBit(final int offset, final int bit)
    {
        eventBuffer.putByte(offset, (byte)(eventBuffer.getByte(offset) | (1 << bit)));
    }

    private void enqueue()
    {
        final int needed = 2 * Long.BYTES + Integer.BYTES * (1 + messageCount) + eventLength;
        if (queueTail - queueHead + needed > queueCapacity)
        {
            counters.marketDataDropped += messageCount;
            return;
        }
        if (queueHead == queueTail)
        {
            queueHead = 0;
            queueTail = 0;
        }
        else if (queueTail + needed > queue.capacity() && queueHead > 0)
        {
            queue.putBytes(0, queue, queueHead, queueTail - queueHead);
            queueTail -= queueHead;
            queueHead = 0;
        }
        int position = queueTail;
        queue.putLong(position, eventTimestampNs);
        position += Long.BYTES;
        queue.putLong(position, firstSequenceOfEvent());
        position += Long.BYTES;
        queue.putInt(position, messageCount);
        position += Integer.BYTES;
        for (int i = 0; i < messageCount; i++)
        {
            queue.putInt(position, messageLengths[i]);
            position += Integer.BYTES;
        }
        queue.putBytes(position, eventBuffer, 0, eventLength);
        queueTail = position + eventLength;
    }

    private long firstSequenceOfEvent()
    {
        return eventBuffer.getLong(messageOffsets[0] + MessageHeaderEncoder.ENCODED_LENGTH);
    }

    // ------------------------------------------------------------------------------------------------ publishing

    /**
     * When the last packet was sent, or a heartbeat was due with nobody subscribed (for tests).
     *
     * @return the agent clock's time.
     */
    long lastSendNs()
    {
        return lastSendNs;
    }

    /**
     * Publish queued events, a heartbeat when idle, and the next step of the snapshot loop. Never blocks: a
     * back-pressured publication is retried on the next call.
     *
     * @param nowNs the agent's monotonic clock.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        if (!publishing || null == incremental)
        {
            return 0;
        }
        int work = drainEvents(nowNs);
        if (0 == work && nowNs - lastSendNs > config.heartbeatIntervalNs())
        {
            work += sendHeartbeat(nowNs);
        }
        work += snapshotStep(nowNs);
        return work;
    }

    private int drainEvents(final long nowNs)
    {
        int work = 0;
        if (queueHead < queueTail && !incremental.isConnected())
        {
            // Nobody subscribes: there is no one to send to, so nothing is lost and nothing is back-pressured. A
            // subscriber that joins later sees the sequence jump and recovers from the snapshot stream.
            queueHead = queueTail;
            return 0;
        }
        final long wallClockNs = System.currentTimeMillis() * 1_000_000L;
        while (queueHead < queueTail)
        {
            int position = queueHead;
            final long timestampNs = queue.getLong(position);
            position += Long.BYTES;
            final long firstSequence = queue.getLong(position);
            position += Long.BYTES;
            final int count = queue.getInt(position);
            position += Integer.BYTES;
            final int lengthsOffset = position;
            position += Integer.BYTES * count;
            int bytes = 0;
            for (int i = 0; i < count; i++)
            {
                bytes += queue.getInt(lengthsOffset + Integer.BYTES * i);
            }
            final int eventEnd = position + bytes;
            if (wallClockNs - timestampNs > config.maxAgeNs())
            {
                counters.marketDataStale += count;
                queueHead = eventEnd;
                continue;
            }
            if (!sendEvent(firstSequence, count, lengthsOffset, position, nowNs, timestampNs))
            {
                break;
            }
            queueHead = eventEnd;
            work++;
        }
        return work;
    }

    /**
     * Send one event as one or more packets of whole messages.
     *
     * @return false if back-pressured before anything was sent (the event stays queued).
     */
    private boolean sendEvent(
        final long firstSequence,
        final int count,
        final int lengthsOffset,
        final int messagesOffset,
        final long nowNs,
        final long transactTimeNs)
    {
        final int maxPayload = incremental.maxPayloadLength();
        final int packetHeaderLength = MessageHeaderEncoder.ENCODED_LENGTH + PacketHeaderEncoder.BLOCK_LENGTH;
        int index = 0;
        int offset = messagesOffset;
        long sequence = firstSequence;
        while (index < count)
        {
            int packetMessages = 0;
            int packetBytes = packetHeaderLength;
            final int startOffset = offset;
            while (index + packetMessages < count && packetMessages < MAX_PACKET_MESSAGES)
            {
                final int length = queue.getInt(lengthsOffset + Integer.BYTES * (index + packetMessages));
                if (packetBytes + length > maxPayload)
                {
                    break;
                }
                packetBytes += length;
                offset += length;
                packetMessages++;
            }
            packetHeaderEncoder.wrapAndApplyHeader(packet, 0, headerEncoder)
                .firstSequence(sequence)
                .sendingTimeNs(System.currentTimeMillis() * 1_000_000L)
                .messageCount(packetMessages)
                .streamKind(StreamKind.INCREMENTAL)
                .publisherId((short)memberId);
            // Header and messages as two parts of one message: the messages go from the queue straight into the
            // publication, not through the packet buffer first.
            final long result = incremental.offer(
                packet, 0, packetHeaderLength, queue, startOffset, packetBytes - packetHeaderLength);
            if (result < 0)
            {
                counters.marketDataBackPressure++;
                if (0 == index)
                {
                    return false;
                }
                counters.marketDataDropped += count - index;
                return true;
            }
            counters.marketDataPackets++;
            counters.marketDataMessages += packetMessages;
            if (0 == counters.marketDataFirstSequence)
            {
                counters.marketDataFirstSequence = sequence;
            }
            index += packetMessages;
            sequence += packetMessages;
        }
        lastSendNs = nowNs;
        lastTransactTimeNs = transactTimeNs;
        counters.marketDataLastSequence = sequence - 1;
        return true;
    }

    private int sendHeartbeat(final long nowNs)
    {
        if (!incremental.isConnected())
        {
            // Nobody to send to: count the interval from now rather than encode and offer a heartbeat on every call
            // of an idle service thread (a subscriber that joins gets one within an interval, and the snapshot loop).
            lastSendNs = nowNs;
            return 0;
        }
        final int packetHeaderLength = MessageHeaderEncoder.ENCODED_LENGTH + PacketHeaderEncoder.BLOCK_LENGTH;
        packetHeaderEncoder.wrapAndApplyHeader(packet, 0, headerEncoder)
            .firstSequence(nextSequence)
            .sendingTimeNs(System.currentTimeMillis() * 1_000_000L)
            .messageCount(1)
            .streamKind(StreamKind.INCREMENTAL)
            .publisherId((short)memberId);
        heartbeatEncoder.wrapAndApplyHeader(packet, packetHeaderLength, headerEncoder)
            .nextSequence(nextSequence)
            .lastTransactTimeNs(lastTransactTimeNs);
        final int length = packetHeaderLength + MessageHeaderEncoder.ENCODED_LENGTH + heartbeatEncoder.encodedLength();
        if (incremental.offer(packet, 0, length) > 0)
        {
            lastSendNs = nowNs;
            return 1;
        }
        return 0;
    }

    /**
     * One step of the snapshot loop: begin, one instrument, or end. The book of each instrument is read from the
     * engine on the service thread, so it is consistent with the sequence it is stamped with.
     */
    private int snapshotStep(final long nowNs)
    {
        if (null == snapshots || null == engine)
        {
            return 0;
        }
        if (loopIndex < 0)
        {
            if (nowNs < nextLoopNs)
            {
                return 0;
            }
            if (loopInstruments.length != instruments.size())
            {
                // Instruments are only ever added: a new count means a new set. Re-sorting only then keeps a loop
                // that cannot start (no subscriber yet, back-pressure) from allocating on every duty cycle.
                loopInstruments = sortedInstrumentIds();
            }
            if (!snapshots.isConnected())
            {
                // No subscriber: a loop now would reach no one; start one as soon as somebody listens.
                return 0;
            }
            snapshotSequence = 0;
            final int packetHeaderLength = startSnapshotPacket(1);
            loopBeginEncoder.wrapAndApplyHeader(snapshotPacket, packetHeaderLength, headerEncoder)
                .loopId(loopId + 1)
                .instrumentCount(loopInstruments.length)
                .lastSequence(nextSequence - 1);
            if (!offerSnapshot(packetHeaderLength + MessageHeaderEncoder.ENCODED_LENGTH +
                loopBeginEncoder.encodedLength()))
            {
                return 0;
            }
            loopId++;
            loopIndex = 0;
            return 1;
        }
        if (loopIndex < loopInstruments.length)
        {
            snapshotInstrument(loopInstruments[loopIndex]);
            loopIndex++;
            return 1;
        }
        final int packetHeaderLength = startSnapshotPacket(1);
        loopEndEncoder.wrapAndApplyHeader(snapshotPacket, packetHeaderLength, headerEncoder)
            .loopId(loopId)
            .instrumentCount(loopInstruments.length);
        offerSnapshot(packetHeaderLength + MessageHeaderEncoder.ENCODED_LENGTH + loopEndEncoder.encodedLength());
        loopIndex = -1;
        nextLoopNs = nowNs + config.snapshotIntervalNs();
        counters.marketDataSnapshotLoops++;
        return 1;
    }

    private int startSnapshotPacket(final int messages)
    {
        packetHeaderEncoder.wrapAndApplyHeader(snapshotPacket, 0, headerEncoder)
            .firstSequence(snapshotSequence + 1)
            .sendingTimeNs(System.currentTimeMillis() * 1_000_000L)
            .messageCount(messages)
            .streamKind(StreamKind.SNAPSHOT)
            .publisherId((short)memberId);
        snapshotSequence += messages;
        return MessageHeaderEncoder.ENCODED_LENGTH + PacketHeaderEncoder.BLOCK_LENGTH;
    }

    private boolean offerSnapshot(final int length)
    {
        final long result = snapshots.offer(snapshotPacket, 0, length);
        if (result < 0)
        {
            counters.marketDataBackPressure++;
            return false;
        }
        return true;
    }

    private final long[] chunkOrderIds = new long[ORDERS_PER_CHUNK];
    private final byte[] chunkSides = new byte[ORDERS_PER_CHUNK];
    private final long[] chunkPrices = new long[ORDERS_PER_CHUNK];
    private final long[] chunkQuantities = new long[ORDERS_PER_CHUNK];
    private int chunkFill;
    private int chunkIndex;
    private int chunkCount;
    private int snapshotInstrumentId;
    private long snapshotLastSequence;
    private long snapshotInstrumentSequence;
    private int totalOrders;
    private final OrderVisitor chunkVisitor = this::onSnapshotOrder;
    private final InstrumentControlsVisitor controlsVisitor = this::onSnapshotControls;
    private TradingStatus snapshotStatus = TradingStatus.OPEN;
    private long snapshotReferencePrice;
    private int snapshotPriceBandBps;

    private void onSnapshotControls(
        final int instrumentId,
        final long tickSize,
        final long lotSize,
        final TradingStatus tradingStatus,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional,
        final long lastTradePrice,
        final long bandLow,
        final long bandHigh)
    {
        snapshotStatus = tradingStatus;
        snapshotReferencePrice = referencePrice;
        snapshotPriceBandBps = priceBandBps;
    }

    private void snapshotInstrument(final int instrumentId)
    {
        final InstrumentState state = instruments.get(instrumentId);
        snapshotInstrumentId = instrumentId;
        snapshotLastSequence = nextSequence - 1;
        snapshotInstrumentSequence = state.instrumentSequence;
        final int[] count = {0};
        engine.forEachLevel(instrumentId, Side.BUY, (price, quantity, orders) -> count[0] += orders);
        engine.forEachLevel(instrumentId, Side.SELL, (price, quantity, orders) -> count[0] += orders);
        totalOrders = count[0];
        chunkCount = Math.max(1, (totalOrders + ORDERS_PER_CHUNK - 1) / ORDERS_PER_CHUNK);
        chunkIndex = 0;
        chunkFill = 0;

        snapshotStatus = TradingStatus.OPEN;
        snapshotReferencePrice = InstrumentDefinitionEncoder.referencePriceNullValue();
        snapshotPriceBandBps = 0;
        if (null != risk)
        {
            risk.queryInstrument(instrumentId, controlsVisitor);
        }

        final int packetHeaderLength = startSnapshotPacket(1);
        encodeDefinition(snapshotPacket, packetHeaderLength, state, snapshotLastSequence, lastTransactTimeNs,
            snapshotInstrumentSequence, snapshotReferencePrice, snapshotPriceBandBps, true);
        offerSnapshot(packetHeaderLength + MessageHeaderEncoder.ENCODED_LENGTH + definitionEncoder.encodedLength());

        engine.forEachOrder(instrumentId, Side.BUY, chunkVisitor);
        engine.forEachOrder(instrumentId, Side.SELL, chunkVisitor);
        if (chunkFill > 0 || 0 == chunkIndex)
        {
            flushChunk();
        }
    }

    private void onSnapshotOrder(
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
        chunkOrderIds[chunkFill] = orderId;
        chunkSides[chunkFill] = (byte)side.value();
        chunkPrices[chunkFill] = price;
        chunkQuantities[chunkFill] = quantity - filledQuantity;
        chunkFill++;
        if (ORDERS_PER_CHUNK == chunkFill)
        {
            flushChunk();
        }
    }

    private void flushChunk()
    {
        final int packetHeaderLength = startSnapshotPacket(1);
        snapshotBookEncoder.wrapAndApplyHeader(snapshotPacket, packetHeaderLength, headerEncoder)
            .loopId(loopId)
            .lastSequence(snapshotLastSequence)
            .instrumentSequence(snapshotInstrumentSequence)
            .transactTimeNs(lastTransactTimeNs)
            .instrumentId(snapshotInstrumentId)
            .tradingStatus(snapshotStatus)
            .chunkIndex(chunkIndex)
            .chunkCount(chunkCount)
            .totalOrderCount(totalOrders);
        final SnapshotBookEncoder.OrdersEncoder orders = snapshotBookEncoder.ordersCount(chunkFill);
        for (int i = 0; i < chunkFill; i++)
        {
            orders.next()
                .orderId(chunkOrderIds[i])
                .side(1 == chunkSides[i] ? dev.bourse.schemas.marketdata.Side.BUY :
                    dev.bourse.schemas.marketdata.Side.SELL)
                .price(chunkPrices[i])
                .quantity(chunkQuantities[i]);
        }
        offerSnapshot(packetHeaderLength + MessageHeaderEncoder.ENCODED_LENGTH + snapshotBookEncoder.encodedLength());
        chunkIndex++;
        chunkFill = 0;
    }
}
