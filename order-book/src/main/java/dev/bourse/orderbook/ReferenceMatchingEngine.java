package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference {@link MatchingEngine}: plain collections and linear scans, written to be read and trusted rather
 * than to be fast. It is the oracle the fast engine is compared against, event for event.
 * <p>
 * Readings of the contract where it leaves room (kept identical in the fast engine):
 * <ul>
 *     <li>An order expires if its time in force is DAY or GTD; a GTC order never expires.</li>
 *     <li>Rejects and best bid and offer: expiries at the start of a command come first, then the reject event,
 *     then the best bid and offer of the instruments the expiries touched.</li>
 *     <li>{@link #addInstrument}: a non-positive id, tick or lot is INVALID_INSTRUMENT_DEFINITION before an
 *     already defined id is INSTRUMENT_ALREADY_DEFINED.</li>
 *     <li>{@link #massCancel}: a null side means both sides, like NULL_VAL, and is reported as NULL_VAL; a null
 *     reason is reported as NULL_VAL.</li>
 *     <li>A replace that loses priority reports onBookOrderDeleted with the price and leaves the order had in the
 *     book before the replace.</li>
 * </ul>
 */
public final class ReferenceMatchingEngine implements MatchingEngine
{
    private static final class Instrument
    {
        final int instrumentId;
        final long tickSize;
        final long lotSize;
        final TreeMap<Long, List<Order>> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, List<Order>> asks = new TreeMap<>();

        Instrument(final int instrumentId, final long tickSize, final long lotSize)
        {
            this.instrumentId = instrumentId;
            this.tickSize = tickSize;
            this.lotSize = lotSize;
        }

        TreeMap<Long, List<Order>> side(final Side side)
        {
            return side == Side.BUY ? bids : asks;
        }

        TreeMap<Long, List<Order>> opposite(final Side side)
        {
            return side == Side.BUY ? asks : bids;
        }
    }

    private static final class Order
    {
        final long orderId;
        final long account;
        long clientOrderId;
        final int instrumentId;
        final Side side;
        final TimeInForce timeInForce;
        final boolean postOnly;
        long price;
        long quantity;
        long filledQuantity;
        final long expireTimeNs;
        final long stpGroup;

        Order(
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
            this.orderId = orderId;
            this.account = account;
            this.clientOrderId = clientOrderId;
            this.instrumentId = instrumentId;
            this.side = side;
            this.timeInForce = timeInForce;
            this.postOnly = postOnly;
            this.price = price;
            this.quantity = quantity;
            this.filledQuantity = filledQuantity;
            this.expireTimeNs = expireTimeNs;
            this.stpGroup = stpGroup;
        }

        long leaves()
        {
            return quantity - filledQuantity;
        }

        boolean expires()
        {
            return timeInForce == TimeInForce.DAY || timeInForce == TimeInForce.GTD;
        }
    }

    private static final class AccountSettings
    {
        final StpMode mode;
        final long stpGroup;

        AccountSettings(final StpMode mode, final long stpGroup)
        {
            this.mode = mode;
            this.stpGroup = stpGroup;
        }
    }

    private enum MatchOutcome
    {
        /** Matching ended for lack of leaves or of a crossing price. */
        DONE,
        /** Stopped by self-trade prevention; the remainder must be cancelled. */
        STOPPED_BY_STP,
        /** The aggressor was cancelled by a self-trade decrement; nothing is left to do. */
        AGGRESSOR_CANCELLED,
        /** A market order reached a level beyond its protection price; the remainder is cancelled. */
        STOPPED_BY_PROTECTION
    }

    private final EngineListener listener;
    private final TreeMap<Integer, Instrument> instruments = new TreeMap<>();
    private final TreeMap<Long, Order> orders = new TreeMap<>();
    private final TreeMap<Long, AccountSettings> accounts = new TreeMap<>();
    /** Instruments touched by the current command, in first-touch order, with their BBO at the first touch. */
    private final LinkedHashMap<Integer, long[]> touched = new LinkedHashMap<>();
    private long nextOrderId = 1;
    private long nextTradeId = 1;
    private long dayEndOffsetNs;

    /**
     * An empty engine.
     *
     * @param listener       receives every event.
     * @param dayEndOffsetNs time of day at which DAY orders expire, in {@code [0, DAY_NS)}.
     */
    public ReferenceMatchingEngine(final EngineListener listener, final long dayEndOffsetNs)
    {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (dayEndOffsetNs < 0 || dayEndOffsetNs >= EngineConstants.DAY_NS)
        {
            throw new IllegalArgumentException("dayEndOffsetNs out of range: " + dayEndOffsetNs);
        }
        this.dayEndOffsetNs = dayEndOffsetNs;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason addInstrument(final int instrumentId, final long tickSize, final long lotSize)
    {
        if (instrumentId <= 0 || tickSize <= 0 || lotSize <= 0)
        {
            return RejectReason.INVALID_INSTRUMENT_DEFINITION;
        }
        if (instruments.containsKey(instrumentId))
        {
            return RejectReason.INSTRUMENT_ALREADY_DEFINED;
        }
        instruments.put(instrumentId, new Instrument(instrumentId, tickSize, lotSize));
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setAccountStp(final long account, final StpMode mode, final long stpGroup)
    {
        if (mode == null || mode == StpMode.NULL_VAL || stpGroup < 0)
        {
            return RejectReason.INVALID_STP_MODE;
        }
        accounts.put(account, new AccountSettings(mode, stpGroup));
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason placeOrder(
        final long nowNs,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        return placeOrder(nowNs, account, clientOrderId, instrumentId, side, orderType, timeInForce, postOnly, price,
            quantity, expireTimeNs, EngineConstants.NULL_PRICE);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason placeOrder(
        final long nowNs,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs,
        final long protectionPrice)
    {
        beginCommand();
        expire(nowNs);
        RejectReason reason = checkOrder(
            nowNs, account, instrumentId, side, orderType, timeInForce, postOnly, price, quantity, expireTimeNs,
            protectionPrice);
        if (reason == RejectReason.NONE)
        {
            reason = validateAgainstBook(instruments.get(instrumentId), side, orderType, postOnly, price);
        }
        if (reason != RejectReason.NONE)
        {
            listener.onOrderRejected(account, clientOrderId, instrumentId, reason);
            endCommand();
            return reason;
        }

        final Instrument instrument = instruments.get(instrumentId);
        touch(instrument);
        final long orderId = nextOrderId++;
        final long orderExpireTimeNs;
        if (timeInForce == TimeInForce.DAY)
        {
            orderExpireTimeNs = EngineConstants.dayEnd(nowNs, dayEndOffsetNs);
        }
        else if (timeInForce == TimeInForce.GTD)
        {
            orderExpireTimeNs = expireTimeNs;
        }
        else
        {
            orderExpireTimeNs = 0;
        }
        final Order order = new Order(
            orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly, price, quantity, 0,
            orderExpireTimeNs, settingsOf(account).stpGroup);
        listener.onOrderAccepted(
            orderId, account, clientOrderId, instrumentId, side, orderType, timeInForce, price, quantity,
            orderExpireTimeNs);

        final boolean isMarket = orderType == OrderType.MARKET;
        // The price the walk may not go beyond: the limit, or a market order's protection price (NULL_PRICE: none).
        final long walkLimit = isMarket ? protectionPrice : price;
        if (timeInForce == TimeInForce.FOK && fillableQuantity(instrument, order, walkLimit) < quantity)
        {
            listener.onOrderCancelled(
                orderId, account, clientOrderId, instrumentId, side, quantity, 0, CancelReason.FOK_UNFILLED);
            endCommand();
            return RejectReason.NONE;
        }

        final MatchOutcome outcome = match(instrument, order, walkLimit);
        final boolean restable = !isMarket && (timeInForce == TimeInForce.GTC ||
            timeInForce == TimeInForce.DAY || timeInForce == TimeInForce.GTD);
        finishAggressor(instrument, order, outcome, restable);
        endCommand();
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason cancelOrder(final long nowNs, final long account, final long orderId)
    {
        beginCommand();
        expire(nowNs);
        final Order order = orders.get(orderId);
        if (order == null || order.account != account)
        {
            listener.onCancelRejected(account, orderId, RejectReason.UNKNOWN_ORDER);
            endCommand();
            return RejectReason.UNKNOWN_ORDER;
        }
        cancelResting(order, CancelReason.CLIENT_REQUEST);
        endCommand();
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason replaceOrder(
        final long nowNs,
        final long account,
        final long orderId,
        final long newClientOrderId,
        final long newPrice,
        final long newQuantity)
    {
        beginCommand();
        expire(nowNs);
        RejectReason reason = checkReplace(account, orderId, newPrice, newQuantity);
        if (reason == RejectReason.NONE && orders.get(orderId).postOnly)
        {
            final Order order = orders.get(orderId);
            reason = validateAgainstBook(
                instruments.get(order.instrumentId), order.side, OrderType.LIMIT, true, newPrice);
        }
        if (reason != RejectReason.NONE)
        {
            listener.onReplaceRejected(account, orderId, newClientOrderId, reason);
            endCommand();
            return reason;
        }

        final Order order = orders.get(orderId);
        final Instrument instrument = instruments.get(order.instrumentId);
        touch(instrument);
        final long origClientOrderId = order.clientOrderId;
        final long oldPrice = order.price;
        final long oldLeaves = order.leaves();
        final boolean priorityKept = newPrice == oldPrice && newQuantity <= order.quantity;
        order.clientOrderId = newClientOrderId;
        order.quantity = newQuantity;
        order.price = newPrice;
        listener.onOrderReplaced(
            orderId, account, newClientOrderId, origClientOrderId, order.instrumentId, order.side, newPrice,
            newQuantity, order.leaves(), order.filledQuantity, priorityKept);
        if (priorityKept)
        {
            if (order.leaves() != oldLeaves)
            {
                listener.onBookOrderModified(order.instrumentId, orderId, order.side, newPrice, order.leaves());
            }
        }
        else
        {
            removeFromBook(instrument, order, oldPrice);
            listener.onBookOrderDeleted(order.instrumentId, orderId, order.side, oldPrice, oldLeaves);
            final MatchOutcome outcome = match(instrument, order, newPrice);
            finishAggressor(instrument, order, outcome, true);
        }
        endCommand();
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason massCancel(
        final long nowNs, final long account, final int instrumentId, final Side side, final CancelReason reason)
    {
        return massCancel(nowNs, account, instrumentId, side, reason, TimeInForce.NULL_VAL);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason massCancel(
        final long nowNs,
        final long account,
        final int instrumentId,
        final Side side,
        final CancelReason reason,
        final TimeInForce timeInForce)
    {
        beginCommand();
        final TimeInForce tifFilter = timeInForce == null ? TimeInForce.NULL_VAL : timeInForce;
        expire(nowNs);
        // A null side is read as NULL_VAL (both sides), and null codes are reported as NULL_VAL.
        final Side sideFilter = side == null ? Side.NULL_VAL : side;
        final CancelReason cancelReason = reason == null ? CancelReason.NULL_VAL : reason;
        if (instrumentId != EngineConstants.ANY_INSTRUMENT && !instruments.containsKey(instrumentId))
        {
            listener.onMassCancelCompleted(account, instrumentId, sideFilter, RejectReason.UNKNOWN_INSTRUMENT, 0);
            endCommand();
            return RejectReason.UNKNOWN_INSTRUMENT;
        }

        final List<Order> matching = new ArrayList<>();
        for (final Order order : orders.values())
        {
            if (order.account == account &&
                (instrumentId == EngineConstants.ANY_INSTRUMENT || order.instrumentId == instrumentId) &&
                (sideFilter == Side.NULL_VAL || order.side == sideFilter) &&
                (tifFilter == TimeInForce.NULL_VAL || order.timeInForce == tifFilter))
            {
                matching.add(order);
            }
        }
        for (final Order order : matching)
        {
            cancelResting(order, cancelReason);
        }
        listener.onMassCancelCompleted(account, instrumentId, sideFilter, RejectReason.NONE, matching.size());
        endCommand();
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public int expireOrders(final long nowNs)
    {
        beginCommand();
        final int count = expire(nowNs);
        endCommand();
        return count;
    }

    /**
     * {@inheritDoc}
     */
    public long nextExpireTimeNs()
    {
        long next = Long.MAX_VALUE;
        for (final Order order : orders.values())
        {
            if (order.expires())
            {
                next = Math.min(next, order.expireTimeNs);
            }
        }
        return next;
    }

    /**
     * {@inheritDoc}
     */
    public long nextOrderId()
    {
        return nextOrderId;
    }

    /**
     * {@inheritDoc}
     */
    public long nextTradeId()
    {
        return nextTradeId;
    }

    /**
     * {@inheritDoc}
     */
    public long dayEndOffsetNs()
    {
        return dayEndOffsetNs;
    }

    /**
     * {@inheritDoc}
     */
    public long orderCount()
    {
        return orders.size();
    }

    /**
     * {@inheritDoc}
     */
    public long bestBid(final int instrumentId)
    {
        final Instrument instrument = instruments.get(instrumentId);
        return instrument == null || instrument.bids.isEmpty() ?
            EngineConstants.NULL_PRICE : instrument.bids.firstKey();
    }

    /**
     * {@inheritDoc}
     */
    public long bestAsk(final int instrumentId)
    {
        final Instrument instrument = instruments.get(instrumentId);
        return instrument == null || instrument.asks.isEmpty() ?
            EngineConstants.NULL_PRICE : instrument.asks.firstKey();
    }

    /**
     * {@inheritDoc}
     */
    public boolean lookupOrder(final long orderId, final OrderVisitor visitor)
    {
        final Order order = orders.get(orderId);
        if (order == null)
        {
            return false;
        }
        visit(order, visitor);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public void forEachInstrument(final InstrumentVisitor visitor)
    {
        for (final Instrument instrument : instruments.values())
        {
            visitor.visit(instrument.instrumentId, instrument.tickSize, instrument.lotSize);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void forEachAccount(final AccountVisitor visitor)
    {
        for (final Map.Entry<Long, AccountSettings> entry : accounts.entrySet())
        {
            visitor.visit(entry.getKey(), entry.getValue().mode, entry.getValue().stpGroup);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void forEachOrder(final int instrumentId, final Side side, final OrderVisitor visitor)
    {
        final Instrument instrument = instruments.get(instrumentId);
        if (instrument == null || !isValid(side))
        {
            return;
        }
        for (final List<Order> level : instrument.side(side).values())
        {
            for (final Order order : level)
            {
                visit(order, visitor);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void forEachLevel(final int instrumentId, final Side side, final LevelVisitor visitor)
    {
        final Instrument instrument = instruments.get(instrumentId);
        if (instrument == null || !isValid(side))
        {
            return;
        }
        for (final Map.Entry<Long, List<Order>> level : instrument.side(side).entrySet())
        {
            visitor.visit(level.getKey(), levelQuantity(level.getValue()), level.getValue().size());
        }
    }

    /**
     * {@inheritDoc}
     */
    public void restoreCounters(final long nextOrderId, final long nextTradeId, final long dayEndOffsetNs)
    {
        if (!instruments.isEmpty() || !accounts.isEmpty() || !orders.isEmpty())
        {
            throw new IllegalStateException("restoreCounters needs an empty engine");
        }
        if (nextOrderId < 1 || nextTradeId < 1 || dayEndOffsetNs < 0 || dayEndOffsetNs >= EngineConstants.DAY_NS)
        {
            throw new IllegalArgumentException("invalid counters: nextOrderId=" + nextOrderId + ", nextTradeId=" +
                nextTradeId + ", dayEndOffsetNs=" + dayEndOffsetNs);
        }
        this.nextOrderId = nextOrderId;
        this.nextTradeId = nextTradeId;
        this.dayEndOffsetNs = dayEndOffsetNs;
    }

    /**
     * {@inheritDoc}
     */
    public void restoreOrder(
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
        final Instrument instrument = instruments.get(instrumentId);
        checkState(instrument != null, "unknown instrument " + instrumentId);
        checkState(isValid(side), "invalid side " + side);
        checkState(timeInForce == TimeInForce.GTC || timeInForce == TimeInForce.DAY || timeInForce == TimeInForce.GTD,
            "invalid time in force " + timeInForce);
        checkState(price > 0, "invalid price " + price);
        checkState(quantity > 0, "invalid quantity " + quantity);
        checkState(filledQuantity >= 0 && filledQuantity < quantity, "invalid filled quantity " + filledQuantity);
        checkState(orderId >= 1 && orderId < nextOrderId, "order id " + orderId + " not below " + nextOrderId);
        checkState(!orders.containsKey(orderId), "order id " + orderId + " already live");

        final Order order = new Order(
            orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly, price, quantity,
            filledQuantity, expireTimeNs, stpGroup);
        addToBook(instrument, order);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason checkOrder(
        final long nowNs,
        final long account,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs,
        final long protectionPrice)
    {
        final Instrument instrument = instruments.get(instrumentId);
        if (instrument == null)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (!isValid(side))
        {
            return RejectReason.INVALID_SIDE;
        }
        if (orderType != OrderType.LIMIT && orderType != OrderType.MARKET)
        {
            return RejectReason.INVALID_ORDER_TYPE;
        }
        if (timeInForce != TimeInForce.GTC && timeInForce != TimeInForce.IOC && timeInForce != TimeInForce.FOK &&
            timeInForce != TimeInForce.DAY && timeInForce != TimeInForce.GTD)
        {
            return RejectReason.INVALID_TIME_IN_FORCE;
        }
        final RejectReason quantityReason = validateQuantity(instrument, quantity);
        if (quantityReason != RejectReason.NONE)
        {
            return quantityReason;
        }
        final boolean isMarket = orderType == OrderType.MARKET;
        if (isMarket)
        {
            if (price != 0)
            {
                return RejectReason.INVALID_PRICE;
            }
            if (timeInForce != TimeInForce.IOC && timeInForce != TimeInForce.FOK)
            {
                return RejectReason.INVALID_TIME_IN_FORCE;
            }
        }
        else
        {
            final RejectReason priceReason = validatePrice(instrument, price);
            if (priceReason != RejectReason.NONE)
            {
                return priceReason;
            }
        }
        if (protectionPrice != EngineConstants.NULL_PRICE &&
            (!isMarket || protectionPrice <= 0 || protectionPrice > EngineConstants.MAX_PRICE))
        {
            return RejectReason.INVALID_PRICE;
        }
        if (postOnly && (isMarket || timeInForce == TimeInForce.IOC || timeInForce == TimeInForce.FOK))
        {
            return RejectReason.POST_ONLY_NOT_ALLOWED;
        }
        if (timeInForce == TimeInForce.GTD)
        {
            if (expireTimeNs <= nowNs)
            {
                return RejectReason.EXPIRE_TIME_IN_PAST;
            }
        }
        else if (expireTimeNs != 0)
        {
            return RejectReason.INVALID_EXPIRE_TIME;
        }
        return RejectReason.NONE;
    }

    /**
     * The checks that depend on the book, after the structural ones: NO_LIQUIDITY, POST_ONLY_WOULD_CROSS.
     */
    private static RejectReason validateAgainstBook(
        final Instrument instrument, final Side side, final OrderType orderType, final boolean postOnly,
        final long price)
    {
        if (orderType == OrderType.MARKET && instrument.opposite(side).isEmpty())
        {
            return RejectReason.NO_LIQUIDITY;
        }
        if (postOnly && wouldCross(instrument, side, price))
        {
            return RejectReason.POST_ONLY_WOULD_CROSS;
        }
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason checkReplace(
        final long account, final long orderId, final long newPrice, final long newQuantity)
    {
        final Order order = orders.get(orderId);
        if (order == null || order.account != account)
        {
            return RejectReason.UNKNOWN_ORDER;
        }
        final Instrument instrument = instruments.get(order.instrumentId);
        final RejectReason quantityReason = validateQuantity(instrument, newQuantity);
        if (quantityReason != RejectReason.NONE)
        {
            return quantityReason;
        }
        final RejectReason priceReason = validatePrice(instrument, newPrice);
        if (priceReason != RejectReason.NONE)
        {
            return priceReason;
        }
        if (newQuantity <= order.filledQuantity)
        {
            return RejectReason.REPLACE_QUANTITY_TOO_LOW;
        }
        return RejectReason.NONE;
    }

    private static RejectReason validateQuantity(final Instrument instrument, final long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity > EngineConstants.MAX_QUANTITY)
        {
            return RejectReason.QUANTITY_TOO_LARGE;
        }
        if (quantity % instrument.lotSize != 0)
        {
            return RejectReason.QUANTITY_NOT_LOT_MULTIPLE;
        }
        return RejectReason.NONE;
    }

    private static RejectReason validatePrice(final Instrument instrument, final long price)
    {
        if (price <= 0 || price > EngineConstants.MAX_PRICE)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (price % instrument.tickSize != 0)
        {
            return RejectReason.PRICE_NOT_TICK_MULTIPLE;
        }
        return RejectReason.NONE;
    }

    private static boolean wouldCross(final Instrument instrument, final Side side, final long price)
    {
        final TreeMap<Long, List<Order>> opposite = instrument.opposite(side);
        return !opposite.isEmpty() && crosses(side, price, opposite.firstKey());
    }

    /**
     * Whether a limit order of this side and price may trade against a resting order at {@code restingPrice}.
     */
    private static boolean crosses(final Side side, final long limitPrice, final long restingPrice)
    {
        return side == Side.BUY ? restingPrice <= limitPrice : restingPrice >= limitPrice;
    }

    /**
     * The FOK availability walk: the quantity the aggressor could match, under its account's STP mode.
     */
    private long fillableQuantity(final Instrument instrument, final Order aggressor, final long walkLimit)
    {
        final StpMode mode = settingsOf(aggressor.account).mode;
        long available = 0;
        for (final Map.Entry<Long, List<Order>> level : instrument.opposite(aggressor.side).entrySet())
        {
            if (walkLimit != EngineConstants.NULL_PRICE && !crosses(aggressor.side, walkLimit, level.getKey()))
            {
                return available;
            }
            for (final Order resting : level.getValue())
            {
                if (mode != StpMode.NONE && isSameParty(aggressor, resting))
                {
                    if (mode != StpMode.CANCEL_RESTING)
                    {
                        return available;
                    }
                }
                else
                {
                    available += resting.leaves();
                }
            }
        }
        return available;
    }

    /**
     * Match while the best opposite price crosses {@code walkLimit} (every price when it is NULL_PRICE).
     */
    private MatchOutcome match(final Instrument instrument, final Order aggressor, final long walkLimit)
    {
        final StpMode mode = settingsOf(aggressor.account).mode;
        final TreeMap<Long, List<Order>> opposite = instrument.opposite(aggressor.side);
        while (aggressor.leaves() > 0 && !opposite.isEmpty())
        {
            final long bestPrice = opposite.firstKey();
            if (walkLimit != EngineConstants.NULL_PRICE && !crosses(aggressor.side, walkLimit, bestPrice))
            {
                // Only a market order (price 0) is stopped by a protection price; a limit order is simply done.
                return aggressor.price == 0 ? MatchOutcome.STOPPED_BY_PROTECTION : MatchOutcome.DONE;
            }
            final Order resting = opposite.firstEntry().getValue().get(0);
            if (mode == StpMode.NONE || !isSameParty(aggressor, resting))
            {
                fill(instrument, aggressor, resting);
                continue;
            }
            switch (mode)
            {
                case CANCEL_RESTING:
                    cancelResting(resting, CancelReason.SELF_TRADE_PREVENTION);
                    break;
                case CANCEL_AGGRESSING:
                    return MatchOutcome.STOPPED_BY_STP;
                case CANCEL_BOTH:
                    cancelResting(resting, CancelReason.SELF_TRADE_PREVENTION);
                    return MatchOutcome.STOPPED_BY_STP;
                case DECREMENT_AND_CANCEL:
                    if (decrementAndCancel(aggressor, resting))
                    {
                        return MatchOutcome.AGGRESSOR_CANCELLED;
                    }
                    break;
                default:
                    throw new IllegalStateException("unexpected STP mode " + mode);
            }
        }
        return MatchOutcome.DONE;
    }

    private void fill(final Instrument instrument, final Order aggressor, final Order resting)
    {
        final long quantity = Math.min(aggressor.leaves(), resting.leaves());
        final long price = resting.price;
        final long tradeId = nextTradeId++;
        resting.filledQuantity += quantity;
        aggressor.filledQuantity += quantity;
        listener.onOrderFilled(
            resting.orderId, resting.account, resting.clientOrderId, resting.instrumentId, resting.side, tradeId,
            price, quantity, resting.leaves(), resting.filledQuantity, Liquidity.MAKER);
        listener.onOrderFilled(
            aggressor.orderId, aggressor.account, aggressor.clientOrderId, aggressor.instrumentId, aggressor.side,
            tradeId, price, quantity, aggressor.leaves(), aggressor.filledQuantity, Liquidity.TAKER);
        listener.onTrade(
            instrument.instrumentId, tradeId, price, quantity, aggressor.side, resting.orderId, aggressor.orderId);
        if (resting.leaves() == 0)
        {
            removeFromBook(instrument, resting, resting.price);
        }
        listener.onBookOrderExecuted(
            instrument.instrumentId, resting.orderId, resting.side, price, quantity, resting.leaves(), tradeId);
    }

    /**
     * DECREMENT_AND_CANCEL against one resting order.
     *
     * @return true if the aggressor was cancelled and matching ends.
     */
    private boolean decrementAndCancel(final Order aggressor, final Order resting)
    {
        final long decrement = Math.min(aggressor.leaves(), resting.leaves());
        if (resting.leaves() == decrement)
        {
            cancelResting(resting, CancelReason.SELF_TRADE_PREVENTION);
        }
        else
        {
            resting.quantity -= decrement;
            listener.onOrderRestated(
                resting.orderId, resting.account, resting.clientOrderId, resting.instrumentId, resting.side,
                decrement, resting.quantity, resting.leaves(), CancelReason.SELF_TRADE_PREVENTION);
            listener.onBookOrderModified(
                resting.instrumentId, resting.orderId, resting.side, resting.price, resting.leaves());
        }
        if (aggressor.leaves() == decrement)
        {
            listener.onOrderCancelled(
                aggressor.orderId, aggressor.account, aggressor.clientOrderId, aggressor.instrumentId, aggressor.side,
                decrement, aggressor.filledQuantity, CancelReason.SELF_TRADE_PREVENTION);
            return true;
        }
        aggressor.quantity -= decrement;
        listener.onOrderRestated(
            aggressor.orderId, aggressor.account, aggressor.clientOrderId, aggressor.instrumentId, aggressor.side,
            decrement, aggressor.quantity, aggressor.leaves(), CancelReason.SELF_TRADE_PREVENTION);
        return false;
    }

    /**
     * After matching: cancel or rest the aggressor's remainder.
     */
    private void finishAggressor(
        final Instrument instrument, final Order aggressor, final MatchOutcome outcome, final boolean restable)
    {
        final long leaves = aggressor.leaves();
        if (outcome == MatchOutcome.AGGRESSOR_CANCELLED || leaves == 0)
        {
            return;
        }
        if (outcome == MatchOutcome.STOPPED_BY_STP || !restable)
        {
            final CancelReason reason;
            if (outcome == MatchOutcome.STOPPED_BY_STP)
            {
                reason = CancelReason.SELF_TRADE_PREVENTION;
            }
            else if (outcome == MatchOutcome.STOPPED_BY_PROTECTION)
            {
                reason = CancelReason.PRICE_BAND;
            }
            else
            {
                reason = CancelReason.IOC_REMAINDER;
            }
            listener.onOrderCancelled(
                aggressor.orderId, aggressor.account, aggressor.clientOrderId, aggressor.instrumentId, aggressor.side,
                leaves, aggressor.filledQuantity, reason);
            return;
        }
        addToBook(instrument, aggressor);
        listener.onBookOrderAdded(instrument.instrumentId, aggressor.orderId, aggressor.side, aggressor.price, leaves);
    }

    /**
     * Cancel a resting order: onOrderCancelled with its leaves, then onBookOrderDeleted.
     */
    private void cancelResting(final Order order, final CancelReason reason)
    {
        final Instrument instrument = instruments.get(order.instrumentId);
        touch(instrument);
        final long leaves = order.leaves();
        removeFromBook(instrument, order, order.price);
        listener.onOrderCancelled(
            order.orderId, order.account, order.clientOrderId, order.instrumentId, order.side, leaves,
            order.filledQuantity, reason);
        listener.onBookOrderDeleted(order.instrumentId, order.orderId, order.side, order.price, leaves);
    }

    private int expire(final long nowNs)
    {
        final List<Order> expired = new ArrayList<>();
        for (final Order order : orders.values())
        {
            if (order.expires() && order.expireTimeNs <= nowNs)
            {
                expired.add(order);
            }
        }
        // orders.values() is in order id order and the sort is stable, so ties stay in order id order.
        expired.sort(Comparator.comparingLong((final Order order) -> order.expireTimeNs));
        for (final Order order : expired)
        {
            cancelResting(order, CancelReason.EXPIRED);
        }
        return expired.size();
    }

    private void addToBook(final Instrument instrument, final Order order)
    {
        instrument.side(order.side).computeIfAbsent(order.price, (price) -> new ArrayList<>()).add(order);
        orders.put(order.orderId, order);
    }

    private void removeFromBook(final Instrument instrument, final Order order, final long bookPrice)
    {
        final TreeMap<Long, List<Order>> side = instrument.side(order.side);
        final List<Order> level = side.get(bookPrice);
        if (level == null || !level.remove(order))
        {
            throw new IllegalStateException("order " + order.orderId + " not in the book at " + bookPrice);
        }
        if (level.isEmpty())
        {
            side.remove(bookPrice);
        }
        orders.remove(order.orderId);
    }

    private AccountSettings settingsOf(final long account)
    {
        final AccountSettings settings = accounts.get(account);
        return settings == null ? new AccountSettings(StpMode.NONE, 0) : settings;
    }

    private static boolean isSameParty(final Order aggressor, final Order resting)
    {
        return aggressor.account == resting.account ||
            (aggressor.stpGroup != 0 && aggressor.stpGroup == resting.stpGroup);
    }

    private static boolean isValid(final Side side)
    {
        return side == Side.BUY || side == Side.SELL;
    }

    private void beginCommand()
    {
        touched.clear();
    }

    /**
     * Record an instrument's best bid and offer before the command first changes it.
     */
    private void touch(final Instrument instrument)
    {
        touched.computeIfAbsent(instrument.instrumentId, (id) -> bestBidOffer(instrument));
    }

    private void endCommand()
    {
        for (final Map.Entry<Integer, long[]> entry : touched.entrySet())
        {
            final long[] now = bestBidOffer(instruments.get(entry.getKey()));
            if (!Arrays.equals(now, entry.getValue()))
            {
                listener.onBestBidOffer(entry.getKey(), now[0], now[1], now[2], now[3]);
            }
        }
        touched.clear();
    }

    private static long[] bestBidOffer(final Instrument instrument)
    {
        final long[] bbo = {EngineConstants.NULL_PRICE, 0, EngineConstants.NULL_PRICE, 0};
        if (!instrument.bids.isEmpty())
        {
            bbo[0] = instrument.bids.firstKey();
            bbo[1] = levelQuantity(instrument.bids.firstEntry().getValue());
        }
        if (!instrument.asks.isEmpty())
        {
            bbo[2] = instrument.asks.firstKey();
            bbo[3] = levelQuantity(instrument.asks.firstEntry().getValue());
        }
        return bbo;
    }

    private static long levelQuantity(final List<Order> level)
    {
        long total = 0;
        for (final Order order : level)
        {
            total += order.leaves();
        }
        return total;
    }

    private static void visit(final Order order, final OrderVisitor visitor)
    {
        visitor.visit(
            order.orderId, order.account, order.clientOrderId, order.instrumentId, order.side, order.timeInForce,
            order.postOnly, order.price, order.quantity, order.filledQuantity, order.expireTimeNs, order.stpGroup);
    }

    private static void checkState(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException("invalid restored order: " + message);
        }
    }
}
