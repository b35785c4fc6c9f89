package dev.bourse.client.marketdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.bourse.schemas.marketdata.BestBidOfferEncoder;
import dev.bourse.schemas.marketdata.InstrumentDefinitionEncoder;
import dev.bourse.schemas.marketdata.MatchEventIndicatorEncoder;
import dev.bourse.schemas.marketdata.MessageHeaderEncoder;
import dev.bourse.schemas.marketdata.OrderAddedEncoder;
import dev.bourse.schemas.marketdata.OrderDeletedEncoder;
import dev.bourse.schemas.marketdata.OrderExecutedEncoder;
import dev.bourse.schemas.marketdata.OrderModifiedEncoder;
import dev.bourse.schemas.marketdata.Side;
import dev.bourse.schemas.marketdata.SnapshotBookEncoder;
import dev.bourse.schemas.marketdata.SnapshotLoopBeginEncoder;
import dev.bourse.schemas.marketdata.SnapshotLoopEndEncoder;
import dev.bourse.schemas.marketdata.TradeEncoder;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.marketdata.TradingStatusEncoder;
import dev.bourse.schemas.marketdata.TradingStatusReason;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A naive reference exchange for tests: price-time books kept as plain sorted lists, a limit order that matches
 * and rests, cancels and reductions, each command one event encoded as the market-data messages the publisher
 * would send (sequence numbers from 1, instrument sequences, match event indicators), and snapshot loops of the
 * current state. Its book hash is computed from its own lists, independently of the subscriber's book.
 */
final class TestFeed
{
    static final int BUY = 1;
    static final int SELL = 2;

    private static final int ADDED = 20;
    private static final int MODIFIED = 21;
    private static final int DELETED = 22;
    private static final int EXECUTED = 23;
    private static final int TRADE = 24;
    private static final int BBO = 25;
    private static final int DEFINITION = 10;
    private static final int STATUS = 11;

    static final class ModelOrder
    {
        final long orderId;
        final int side;
        final long price;
        long quantity;

        ModelOrder(final long orderId, final int side, final long price, final long quantity)
        {
            this.orderId = orderId;
            this.side = side;
            this.price = price;
            this.quantity = quantity;
        }
    }

    static final class Instrument
    {
        final int id;
        final String symbol;
        final List<ModelOrder> bids = new ArrayList<>();
        final List<ModelOrder> asks = new ArrayList<>();
        long instrumentSequence;
        long lastSequence;
        long lastTransactTimeNs;

        Instrument(final int id, final String symbol)
        {
            this.id = id;
            this.symbol = symbol;
        }
    }

    private static final class Spec
    {
        final int template;
        final Instrument instrument;
        final long[] values;

        Spec(final int template, final Instrument instrument, final long... values)
        {
            this.template = template;
            this.instrument = instrument;
            this.values = values;
        }
    }

    private final Map<Integer, Instrument> instruments = new TreeMap<>();
    private final List<byte[]> messages = new ArrayList<>();
    private final List<Spec> event = new ArrayList<>();
    private final List<Integer> eventEnds = new ArrayList<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long nextTradeId = 1;
    private long nextOrderId = 1;
    private long timeNs = 1_000_000;

    void define(final int instrumentId, final String symbol)
    {
        final Instrument instrument = new Instrument(instrumentId, symbol);
        instruments.put(instrumentId, instrument);
        event.add(new Spec(DEFINITION, instrument));
        event.add(new Spec(STATUS, instrument, TradingStatus.OPEN.value()));
        finishEvent();
    }

    /**
     * A limit order: match against the other side, then rest the remainder.
     */
    void limit(final int instrumentId, final long orderId, final int side, final long price, final long quantity)
    {
        nextOrderId = Math.max(nextOrderId, orderId + 1);
        final Instrument instrument = instruments.get(instrumentId);
        final List<ModelOrder> opposite = BUY == side ? instrument.asks : instrument.bids;
        long remaining = quantity;
        while (remaining > 0 && !opposite.isEmpty())
        {
            final ModelOrder maker = opposite.get(0);
            if (BUY == side ? maker.price > price : maker.price < price)
            {
                break;
            }
            final long traded = Math.min(remaining, maker.quantity);
            remaining -= traded;
            maker.quantity -= traded;
            final long tradeId = nextTradeId++;
            event.add(new Spec(EXECUTED, instrument, maker.orderId, maker.side, maker.price, traded, maker.quantity,
                tradeId));
            event.add(new Spec(TRADE, instrument, tradeId, maker.price, traded, side, maker.orderId, orderId));
            if (0 == maker.quantity)
            {
                opposite.remove(0);
            }
        }

        if (remaining > 0)
        {
            final ModelOrder order = new ModelOrder(orderId, side, price, remaining);
            final List<ModelOrder> own = BUY == side ? instrument.bids : instrument.asks;
            int index = 0;
            while (index < own.size() &&
                (BUY == side ? own.get(index).price >= price : own.get(index).price <= price))
            {
                index++;
            }
            own.add(index, order);
            event.add(new Spec(ADDED, instrument, orderId, side, price, remaining));
        }
        addBbo(instrument);
        finishEvent();
    }

    void cancel(final int instrumentId, final long orderId)
    {
        final Instrument instrument = instruments.get(instrumentId);
        final ModelOrder order = find(instrument, orderId);
        (BUY == order.side ? instrument.bids : instrument.asks).remove(order);
        event.add(new Spec(DELETED, instrument, orderId, order.side, order.price, order.quantity));
        addBbo(instrument);
        finishEvent();
    }

    void reduce(final int instrumentId, final long orderId, final long newQuantity)
    {
        final Instrument instrument = instruments.get(instrumentId);
        final ModelOrder order = find(instrument, orderId);
        order.quantity = newQuantity;
        event.add(new Spec(MODIFIED, instrument, orderId, order.side, order.price, newQuantity));
        addBbo(instrument);
        finishEvent();
    }

    /**
     * Random limit orders around a price of 1000 (some crossing, sweeping levels), cancels and reductions.
     */
    void randomEvents(final int instrumentId, final int count, final Random random)
    {
        for (int i = 0; i < count; i++)
        {
            final int choice = random.nextInt(10);
            final List<Long> ids = orderIds(instrumentId);
            if (choice < 2 && !ids.isEmpty())
            {
                cancel(instrumentId, ids.get(random.nextInt(ids.size())));
            }
            else if (choice < 3 && !ids.isEmpty())
            {
                final long orderId = ids.get(random.nextInt(ids.size()));
                final long quantity = quantity(instrumentId, orderId);
                if (quantity > 1)
                {
                    reduce(instrumentId, orderId, quantity - 1);
                }
                else
                {
                    cancel(instrumentId, orderId);
                }
            }
            else
            {
                final int side = random.nextBoolean() ? BUY : SELL;
                final long price = 1000 + (BUY == side ? -random.nextInt(20) + 3 : random.nextInt(20) - 3);
                limit(instrumentId, nextOrderId++, side, price, 1 + random.nextInt(30));
            }
        }
    }

    long nextOrderId()
    {
        return nextOrderId++;
    }

    boolean hasOrder(final int instrumentId, final long orderId)
    {
        final Instrument instrument = instruments.get(instrumentId);
        return null != instrument && null != find(instrument, orderId);
    }

    List<Long> orderIds(final int instrumentId)
    {
        final Instrument instrument = instruments.get(instrumentId);
        final List<Long> ids = new ArrayList<>();
        instrument.bids.forEach((o) -> ids.add(o.orderId));
        instrument.asks.forEach((o) -> ids.add(o.orderId));
        return ids;
    }

    long quantity(final int instrumentId, final long orderId)
    {
        return find(instruments.get(instrumentId), orderId).quantity;
    }

    int orderCount(final int instrumentId)
    {
        final Instrument instrument = instruments.get(instrumentId);
        return instrument.bids.size() + instrument.asks.size();
    }

    private static ModelOrder find(final Instrument instrument, final long orderId)
    {
        for (final ModelOrder order : instrument.bids)
        {
            if (order.orderId == orderId)
            {
                return order;
            }
        }
        for (final ModelOrder order : instrument.asks)
        {
            if (order.orderId == orderId)
            {
                return order;
            }
        }
        return null;
    }

    private void addBbo(final Instrument instrument)
    {
        final long bidPrice = instrument.bids.isEmpty() ? BookView.NULL_PRICE : instrument.bids.get(0).price;
        final long askPrice = instrument.asks.isEmpty() ? BookView.NULL_PRICE : instrument.asks.get(0).price;
        event.add(new Spec(BBO, instrument, bidPrice, levelQuantity(instrument.bids), askPrice,
            levelQuantity(instrument.asks)));
    }

    private static long levelQuantity(final List<ModelOrder> side)
    {
        long quantity = 0;
        for (final ModelOrder order : side)
        {
            if (order.price != side.get(0).price)
            {
                break;
            }
            quantity += order.quantity;
        }
        return quantity;
    }

    private void finishEvent()
    {
        timeNs += 1_000;
        int lastTrade = -1;
        int lastQuote = -1;
        for (int i = 0; i < event.size(); i++)
        {
            final int template = event.get(i).template;
            if (TRADE == template)
            {
                lastTrade = i;
            }
            else if (template != DEFINITION && template != STATUS)
            {
                lastQuote = i;
            }
        }

        for (int i = 0; i < event.size(); i++)
        {
            final Spec spec = event.get(i);
            final long sequence = messages.size() + 1;
            spec.instrument.instrumentSequence++;
            spec.instrument.lastSequence = sequence;
            spec.instrument.lastTransactTimeNs = timeNs;
            messages.add(encode(spec, sequence, i == lastTrade, i == lastQuote, i == event.size() - 1));
        }
        eventEnds.add(messages.size());
        event.clear();
    }

    private byte[] encode(
        final Spec spec, final long sequence, final boolean lastTrade, final boolean lastQuote, final boolean end)
    {
        final Instrument instrument = spec.instrument;
        final long[] v = spec.values;
        final MatchEventIndicatorEncoder indicator;
        final int length;
        switch (spec.template)
        {
            case DEFINITION:
            {
                final InstrumentDefinitionEncoder e = new InstrumentDefinitionEncoder()
                    .wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                indicator = e.matchEventIndicator();
                flags(indicator, lastTrade, lastQuote, end, false);
                e.tickSize(1).lotSize(1).symbol(instrument.symbol).referencePrice(BookView.NULL_PRICE).priceBandBps(0);
                length = e.encodedLength();
                break;
            }
            case STATUS:
            {
                final TradingStatusEncoder e = new TradingStatusEncoder().wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                flags(e.matchEventIndicator(), lastTrade, lastQuote, end, false);
                e.tradingStatus(TradingStatus.get((short)v[0])).reason(TradingStatusReason.INSTRUMENT_DEFINED);
                length = e.encodedLength();
                break;
            }
            case ADDED:
            {
                final OrderAddedEncoder e = new OrderAddedEncoder().wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                flags(e.matchEventIndicator(), lastTrade, lastQuote, end, false);
                e.orderId(v[0]).side(side(v[1])).price(v[2]).quantity(v[3]);
                length = e.encodedLength();
                break;
            }
            case MODIFIED:
            {
                final OrderModifiedEncoder e = new OrderModifiedEncoder().wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                flags(e.matchEventIndicator(), lastTrade, lastQuote, end, false);
                e.orderId(v[0]).side(side(v[1])).price(v[2]).quantity(v[3]);
                length = e.encodedLength();
                break;
            }
            case DELETED:
            {
                final OrderDeletedEncoder e = new OrderDeletedEncoder().wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                flags(e.matchEventIndicator(), lastTrade, lastQuote, end, false);
                e.orderId(v[0]).side(side(v[1])).price(v[2]).quantity(v[3]);
                length = e.encodedLength();
                break;
            }
            case EXECUTED:
            {
                final OrderExecutedEncoder e = new OrderExecutedEncoder().wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                flags(e.matchEventIndicator(), lastTrade, lastQuote, end, false);
                e.orderId(v[0]).side(side(v[1])).price(v[2]).executedQuantity(v[3]).leavesQuantity(v[4])
                    .tradeId(v[5]);
                length = e.encodedLength();
                break;
            }
            case TRADE:
            {
                final TradeEncoder e = new TradeEncoder().wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                flags(e.matchEventIndicator(), lastTrade, lastQuote, end, false);
                e.tradeId(v[0]).price(v[1]).quantity(v[2]).aggressorSide(side(v[3])).makerOrderId(v[4])
                    .takerOrderId(v[5]);
                length = e.encodedLength();
                break;
            }
            case BBO:
            {
                final BestBidOfferEncoder e = new BestBidOfferEncoder().wrapAndApplyHeader(scratch, 0, header);
                e.sequence(sequence).transactTimeNs(timeNs).instrumentSequence(instrument.instrumentSequence)
                    .instrumentId(instrument.id);
                flags(e.matchEventIndicator(), lastTrade, lastQuote, end, false);
                e.bidPrice(v[0]).bidQuantity(v[1]).askPrice(v[2]).askQuantity(v[3]);
                length = e.encodedLength();
                break;
            }
            default:
                throw new IllegalStateException("template " + spec.template);
        }
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + length);
    }

    private static void flags(
        final MatchEventIndicatorEncoder indicator,
        final boolean lastTrade,
        final boolean lastQuote,
        final boolean end,
        final boolean recovery)
    {
        indicator.clear().lastTrade(lastTrade).lastQuote(lastQuote).recovery(recovery).endOfEvent(end);
    }

    private static Side side(final long code)
    {
        return BUY == code ? Side.BUY : Side.SELL;
    }

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        scratch.getBytes(0, bytes);
        return bytes;
    }

    /**
     * One pass of the snapshot loop over the current state, as messages of the snapshot stream.
     */
    List<byte[]> snapshotLoop(final long loopId, final int ordersPerChunk)
    {
        final List<byte[]> loop = new ArrayList<>();
        final long lastSequence = lastSequence();
        final SnapshotLoopBeginEncoder begin = new SnapshotLoopBeginEncoder().wrapAndApplyHeader(scratch, 0, header);
        begin.loopId(loopId).instrumentCount(instruments.size()).lastSequence(lastSequence);
        loop.add(copy(MessageHeaderEncoder.ENCODED_LENGTH + begin.encodedLength()));

        for (final Instrument instrument : instruments.values())
        {
            final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder()
                .wrapAndApplyHeader(scratch, 0, header);
            definition.sequence(instrument.lastSequence).transactTimeNs(instrument.lastTransactTimeNs)
                .instrumentSequence(instrument.instrumentSequence).instrumentId(instrument.id);
            flags(definition.matchEventIndicator(), false, false, true, true);
            definition.tickSize(1).lotSize(1).symbol(instrument.symbol).referencePrice(BookView.NULL_PRICE)
                .priceBandBps(0);
            loop.add(copy(MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength()));

            final List<ModelOrder> all = new ArrayList<>(instrument.bids);
            all.addAll(instrument.asks);
            final int chunkCount = Math.max(1, (all.size() + ordersPerChunk - 1) / ordersPerChunk);
            for (int chunk = 0; chunk < chunkCount; chunk++)
            {
                final int from = chunk * ordersPerChunk;
                final int to = Math.min(all.size(), from + ordersPerChunk);
                final SnapshotBookEncoder book = new SnapshotBookEncoder().wrapAndApplyHeader(scratch, 0, header);
                book.loopId(loopId).lastSequence(instrument.lastSequence)
                    .instrumentSequence(instrument.instrumentSequence).transactTimeNs(instrument.lastTransactTimeNs)
                    .instrumentId(instrument.id).tradingStatus(TradingStatus.OPEN).chunkIndex(chunk)
                    .chunkCount(chunkCount).totalOrderCount(all.size());
                final SnapshotBookEncoder.OrdersEncoder orders = book.ordersCount(Math.max(0, to - from));
                for (int i = from; i < to; i++)
                {
                    final ModelOrder order = all.get(i);
                    orders.next().orderId(order.orderId).side(side(order.side)).price(order.price)
                        .quantity(order.quantity);
                }
                loop.add(copy(MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength()));
            }
        }

        final SnapshotLoopEndEncoder end = new SnapshotLoopEndEncoder().wrapAndApplyHeader(scratch, 0, header);
        end.loopId(loopId).instrumentCount(instruments.size());
        loop.add(copy(MessageHeaderEncoder.ENCODED_LENGTH + end.encodedLength()));
        return loop;
    }

    long lastSequence()
    {
        return messages.size();
    }

    byte[] message(final long sequence)
    {
        return messages.get((int)(sequence - 1));
    }

    /**
     * Sequences at which events end, ascending.
     */
    List<Integer> eventEnds()
    {
        return eventEnds;
    }

    long bookHash(final int instrumentId)
    {
        final Instrument instrument = instruments.get(instrumentId);
        long hash = BookHash.INITIAL;
        for (final ModelOrder order : instrument.bids)
        {
            hash = hashOrder(hash, order);
        }
        for (final ModelOrder order : instrument.asks)
        {
            hash = hashOrder(hash, order);
        }
        return hash;
    }

    private static long hashOrder(final long hash, final ModelOrder order)
    {
        long h = hash;
        for (final long v : new long[]{ order.orderId, order.side, order.price, order.quantity })
        {
            h = BookHash.mix(h ^ (v * 0x9E3779B97F4A7C15L) + 0x632BE59BD9B4E019L);
        }
        return h;
    }

    long instrumentLastSequence(final int instrumentId)
    {
        return instruments.get(instrumentId).lastSequence;
    }
}
