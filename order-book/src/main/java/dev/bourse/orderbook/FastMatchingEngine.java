package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

import static dev.bourse.orderbook.EngineConstants.ANY_INSTRUMENT;
import static dev.bourse.orderbook.EngineConstants.MAX_PRICE;
import static dev.bourse.orderbook.EngineConstants.MAX_QUANTITY;
import static dev.bourse.orderbook.EngineConstants.NULL_PRICE;

/**
 * The production matching engine: keeps the {@link MatchingEngine} contract and allocates nothing in steady
 * state. Orders and price levels are pooled; each level holds an intrusive FIFO list of its orders; each book
 * side is an array of levels sorted so that the best price is at the end (most activity is near the touch, so
 * inserts and removals shift few elements), with a linear-probing table by price in ticks to find a level; live
 * orders are found through an {@link OrderIndex} (a direct-mapped window over the most recent order ids, a hash
 * map for older ones); orders that expire sit in an intrusive binary heap ordered by (expire time, order id).
 * <p>
 * Not thread safe: one thread drives it, as the cluster's service thread does.
 */
public final class FastMatchingEngine implements MatchingEngine
{
    private static final int INITIAL_LEVELS = 64;
    private static final int INITIAL_HEAP = 256;
    private static final int INITIAL_TABLE = 256;
    private static final int BOOK_CACHE_SIZE = 64;
    private static final int ACCOUNT_CACHE_BITS = 10;

    private final EngineListener listener;
    private final Int2ObjectHashMap<Book> booksById = new Int2ObjectHashMap<>();
    private final OrderIndex ordersById = new OrderIndex(OrderIndex.DEFAULT_WINDOW_BITS);
    private final Long2ObjectHashMap<Account> accountsById = new Long2ObjectHashMap<>();
    private final Book[] bookCache = new Book[BOOK_CACHE_SIZE];
    private final Account[] accountCache = new Account[1 << ACCOUNT_CACHE_BITS];
    private Book[] booksInIdOrder = new Book[8];
    private int bookCount;

    private Order[] expiryHeap = new Order[INITIAL_HEAP];
    private int expiryHeapSize;

    private Order freeOrders;
    private Level freeLevels;

    private Book[] touchedBooks = new Book[8];
    private int touchedCount;
    private long commandEpoch;

    private long[] scratchIds = new long[64];

    private long nextOrderId = 1;
    private long nextTradeId = 1;

    // The state hash's resting-orders part: the sum of the price levels' hashes (StateHash.level). A change to a
    // level only marks it dirty (the hot path does no hashing); the next stateHash() re-hashes the dirty levels, so
    // a checkpoint costs the levels touched since the last one, not the whole book.
    private long levelsSum;
    private Level[] dirtyLevels = new Level[INITIAL_LEVELS];
    private int dirtyCount;
    private long dayEndOffsetNs;

    /**
     * An engine that reports to a listener.
     *
     * @param listener       receives every event.
     * @param dayEndOffsetNs time of day, in nanoseconds after UTC midnight, at which DAY orders expire.
     */
    public FastMatchingEngine(final EngineListener listener, final long dayEndOffsetNs)
    {
        if (null == listener)
        {
            throw new IllegalArgumentException("listener must not be null");
        }
        checkDayEndOffset(dayEndOffsetNs);
        this.listener = listener;
        this.dayEndOffsetNs = dayEndOffsetNs;
    }

    private static void checkDayEndOffset(final long dayEndOffsetNs)
    {
        if (dayEndOffsetNs < 0 || dayEndOffsetNs >= EngineConstants.DAY_NS)
        {
            throw new IllegalArgumentException("dayEndOffsetNs must be in [0, 1 day): " + dayEndOffsetNs);
        }
    }

    // ------------------------------------------------------------------------------------------------ commands

    /**
     * {@inheritDoc}
     */
    public RejectReason addInstrument(final int instrumentId, final long tickSize, final long lotSize)
    {
        if (instrumentId <= 0 || tickSize <= 0 || lotSize <= 0)
        {
            return RejectReason.INVALID_INSTRUMENT_DEFINITION;
        }
        if (booksById.containsKey(instrumentId))
        {
            return RejectReason.INSTRUMENT_ALREADY_DEFINED;
        }

        final Book book = new Book(instrumentId, tickSize, lotSize);
        booksById.put(instrumentId, book);
        if (bookCount == booksInIdOrder.length)
        {
            booksInIdOrder = Arrays.copyOf(booksInIdOrder, bookCount * 2);
        }
        int index = bookCount;
        while (index > 0 && booksInIdOrder[index - 1].instrumentId > instrumentId)
        {
            booksInIdOrder[index] = booksInIdOrder[index - 1];
            index--;
        }
        booksInIdOrder[index] = book;
        bookCount++;
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setAccountStp(final long account, final StpMode mode, final long stpGroup)
    {
        if (null == mode || StpMode.NULL_VAL == mode || stpGroup < 0)
        {
            return RejectReason.INVALID_STP_MODE;
        }
        final Account settings = account(account);
        settings.stpMode = mode;
        settings.stpGroup = stpGroup;
        settings.hasSettings = true;
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
            quantity, expireTimeNs, NULL_PRICE);
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
        beginCommand(nowNs);
        final Book book = book(instrumentId);
        RejectReason reason = validateNewOrder(
            nowNs, book, side, orderType, timeInForce, postOnly, price, quantity, expireTimeNs, protectionPrice);
        if (RejectReason.NONE == reason)
        {
            reason = validateAgainstBook(book, side, orderType, postOnly, price);
        }
        if (RejectReason.NONE != reason)
        {
            listener.onOrderRejected(account, clientOrderId, instrumentId, reason);
            endCommand();
            return reason;
        }

        touch(book);
        final long orderId = nextOrderId++;
        ordersById.assign(orderId);
        final long expiry = TimeInForce.DAY == timeInForce ?
            EngineConstants.dayEnd(nowNs, dayEndOffsetNs) : (TimeInForce.GTD == timeInForce ? expireTimeNs : 0);
        listener.onOrderAccepted(
            orderId, account, clientOrderId, instrumentId, side, orderType, timeInForce, price, quantity, expiry);

        final Account owner = account(account);
        final Order order = acquireOrder();
        order.orderId = orderId;
        order.owner = owner;
        order.clientOrderId = clientOrderId;
        order.book = book;
        order.side = side;
        order.timeInForce = timeInForce;
        order.postOnly = postOnly;
        order.price = price;
        order.quantity = quantity;
        order.filled = 0;
        order.expireTimeNs = expiry;
        order.stpGroup = owner.stpGroup;

        final boolean market = OrderType.MARKET == orderType;
        final boolean unlimited = market && NULL_PRICE == protectionPrice;
        final long limitPrice = market ? protectionPrice : price;
        if (TimeInForce.FOK == timeInForce && !canFill(book, order, unlimited, limitPrice, owner.stpMode))
        {
            listener.onOrderCancelled(
                orderId, account, clientOrderId, instrumentId, side, quantity, 0, CancelReason.FOK_UNFILLED);
            releaseOrder(order);
            endCommand();
            return RejectReason.NONE;
        }

        final boolean stoppedBySelfTrade = match(book, order, unlimited, limitPrice, owner.stpMode);
        final boolean stoppedByBand = market && !unlimited && !stoppedBySelfTrade &&
            (Side.BUY == side ? book.asks : book.bids).count > 0;
        finishAggressor(order, stoppedBySelfTrade, stoppedByBand, market || TimeInForce.IOC == timeInForce ||
            TimeInForce.FOK == timeInForce, false);
        endCommand();
        return RejectReason.NONE;
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
        return validateNewOrder(nowNs, book(instrumentId), side, orderType, timeInForce, postOnly, price, quantity,
            expireTimeNs, protectionPrice);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason checkReplace(
        final long account, final long orderId, final long newPrice, final long newQuantity)
    {
        return validateReplace(ordersById.get(orderId), account, newPrice, newQuantity);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason cancelOrder(final long nowNs, final long account, final long orderId)
    {
        beginCommand(nowNs);
        final Order order = ordersById.get(orderId);
        if (null == order || order.owner.account != account)
        {
            listener.onCancelRejected(account, orderId, RejectReason.UNKNOWN_ORDER);
            endCommand();
            return RejectReason.UNKNOWN_ORDER;
        }
        touch(order.book);
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
        beginCommand(nowNs);
        final Order order = ordersById.get(orderId);
        RejectReason reason = validateReplace(order, account, newPrice, newQuantity);
        if (RejectReason.NONE == reason && order.postOnly)
        {
            reason = validateAgainstBook(order.book, order.side, OrderType.LIMIT, true, newPrice);
        }
        if (RejectReason.NONE != reason)
        {
            listener.onReplaceRejected(account, orderId, newClientOrderId, reason);
            endCommand();
            return reason;
        }

        final Book book = order.book;
        touch(book);
        final long origClientOrderId = order.clientOrderId;
        final long oldLeaves = order.leaves();
        final int instrumentId = book.instrumentId;
        final long newLeaves = newQuantity - order.filled;
        order.clientOrderId = newClientOrderId;

        if (newPrice == order.price && newQuantity <= order.quantity)
        {
            order.quantity = newQuantity;
            order.level.totalQuantity += newLeaves - oldLeaves;
            touchLevel(order.level);
            listener.onOrderReplaced(
                orderId, account, newClientOrderId, origClientOrderId, instrumentId, order.side, newPrice,
                newQuantity, newLeaves, order.filled, true);
            if (newLeaves != oldLeaves)
            {
                listener.onBookOrderModified(instrumentId, orderId, order.side, newPrice, newLeaves);
            }
        }
        else
        {
            final long oldPrice = order.price;
            unlinkBook(order);
            order.price = newPrice;
            order.quantity = newQuantity;
            listener.onOrderReplaced(
                orderId, account, newClientOrderId, origClientOrderId, instrumentId, order.side, newPrice,
                newQuantity, newLeaves, order.filled, false);
            listener.onBookOrderDeleted(instrumentId, orderId, order.side, oldPrice, oldLeaves);
            final boolean stoppedBySelfTrade = match(book, order, false, newPrice, order.owner.stpMode);
            finishAggressor(order, stoppedBySelfTrade, false, false, true);
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
        beginCommand(nowNs);
        final TimeInForce tifFilter = null == timeInForce ? TimeInForce.NULL_VAL : timeInForce;
        final boolean anyTimeInForce = TimeInForce.NULL_VAL == tifFilter;
        final Side sideFilter = null == side ? Side.NULL_VAL : side;
        final CancelReason cancelReason = null == reason ? CancelReason.NULL_VAL : reason;
        if (ANY_INSTRUMENT != instrumentId && !booksById.containsKey(instrumentId))
        {
            listener.onMassCancelCompleted(account, instrumentId, sideFilter, RejectReason.UNKNOWN_INSTRUMENT, 0);
            endCommand();
            return RejectReason.UNKNOWN_INSTRUMENT;
        }

        final Account owner = accountsById.get(account);
        final boolean anySide = Side.NULL_VAL == sideFilter;
        int count = 0;
        if (null != owner)
        {
            for (Order order = owner.head; null != order; order = order.accountNext)
            {
                if ((ANY_INSTRUMENT == instrumentId || order.book.instrumentId == instrumentId) &&
                    (anySide || order.side == sideFilter) && (anyTimeInForce || order.timeInForce == tifFilter))
                {
                    if (count == scratchIds.length)
                    {
                        scratchIds = Arrays.copyOf(scratchIds, count * 2);
                    }
                    scratchIds[count++] = order.orderId;
                }
            }
            Arrays.sort(scratchIds, 0, count);
            for (int i = 0; i < count; i++)
            {
                final Order order = ordersById.get(scratchIds[i]);
                touch(order.book);
                cancelResting(order, cancelReason);
            }
        }
        listener.onMassCancelCompleted(account, instrumentId, sideFilter, RejectReason.NONE, count);
        endCommand();
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public int expireOrders(final long nowNs)
    {
        commandEpoch++;
        touchedCount = 0;
        final int expired = expireDue(nowNs);
        endCommand();
        return expired;
    }

    // ------------------------------------------------------------------------------------------------ queries

    /**
     * {@inheritDoc}
     */
    public long nextExpireTimeNs()
    {
        return expiryHeapSize > 0 ? expiryHeap[0].expireTimeNs : Long.MAX_VALUE;
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
     * <p>
     * Re-hashes only the price levels changed since the last call: the cost follows the levels touched, not the
     * size of the book.
     */
    public long stateHash()
    {
        refreshDirtyLevels();
        return StateHash.of(this, levelsSum);
    }

    /**
     * {@inheritDoc}
     */
    public boolean verifyStateHash()
    {
        refreshDirtyLevels();
        final long kept = levelsSum;
        levelsSum = 0;
        for (int b = 0; b < bookCount; b++)
        {
            rehashAll(booksInIdOrder[b].bids);
            rehashAll(booksInIdOrder[b].asks);
        }
        return kept == levelsSum;
    }

    private void rehashAll(final BookSide side)
    {
        for (int i = 0; i < side.count; i++)
        {
            final Level level = side.levels[i];
            level.hash = hashLevel(level);
            levelsSum += level.hash;
        }
    }

    private void refreshDirtyLevels()
    {
        final Level[] dirty = dirtyLevels;
        for (int i = 0, count = dirtyCount; i < count; i++)
        {
            final Level level = dirty[i];
            dirty[i] = null;
            level.dirty = false;
            levelsSum -= level.hash;
            // A level released since it was marked is empty (and was taken out of the sum when released).
            level.hash = 0 == level.orderCount ? 0 : hashLevel(level);
            levelsSum += level.hash;
        }
        dirtyCount = 0;
    }

    private static long hashLevel(final Level level)
    {
        long hash = StateHash.LEVEL_SEED;
        for (Order order = level.head; null != order; order = order.next)
        {
            hash = StateHash.levelOrder(hash, order.orderId, order.owner.account, order.clientOrderId,
                order.book.instrumentId, order.side.value(), order.timeInForce.value(), order.postOnly, order.price,
                order.quantity, order.filled, order.expireTimeNs, order.stpGroup);
        }
        return StateHash.finish(hash);
    }

    /**
     * Mark a level changed: its hash is brought up to date by the next {@link #stateHash()}.
     */
    private void touchLevel(final Level level)
    {
        if (!level.dirty)
        {
            level.dirty = true;
            if (dirtyCount == dirtyLevels.length)
            {
                dirtyLevels = Arrays.copyOf(dirtyLevels, dirtyCount * 2);
            }
            dirtyLevels[dirtyCount++] = level;
        }
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
        return ordersById.size();
    }

    /**
     * {@inheritDoc}
     */
    public long bestBid(final int instrumentId)
    {
        final Book book = booksById.get(instrumentId);
        return null == book ? NULL_PRICE : book.bids.bestPrice();
    }

    /**
     * {@inheritDoc}
     */
    public long bestAsk(final int instrumentId)
    {
        final Book book = booksById.get(instrumentId);
        return null == book ? NULL_PRICE : book.asks.bestPrice();
    }

    /**
     * {@inheritDoc}
     */
    public boolean lookupOrder(final long orderId, final OrderVisitor visitor)
    {
        final Order order = ordersById.get(orderId);
        if (null == order)
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
        for (int i = 0; i < bookCount; i++)
        {
            final Book book = booksInIdOrder[i];
            visitor.visit(book.instrumentId, book.tickSize, book.lotSize);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void forEachAccount(final AccountVisitor visitor)
    {
        final long[] accounts = new long[accountsById.size()];
        int count = 0;
        for (final Account account : accountsById.values())
        {
            if (account.hasSettings)
            {
                accounts[count++] = account.account;
            }
        }
        Arrays.sort(accounts, 0, count);
        for (int i = 0; i < count; i++)
        {
            final Account account = accountsById.get(accounts[i]);
            visitor.visit(account.account, account.stpMode, account.stpGroup);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void forEachOrder(final int instrumentId, final Side side, final OrderVisitor visitor)
    {
        final BookSide bookSide = bookSide(instrumentId, side);
        if (null != bookSide)
        {
            for (int i = bookSide.count - 1; i >= 0; i--)
            {
                for (Order order = bookSide.levels[i].head; null != order; order = order.next)
                {
                    visit(order, visitor);
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void forEachLevel(final int instrumentId, final Side side, final LevelVisitor visitor)
    {
        final BookSide bookSide = bookSide(instrumentId, side);
        if (null != bookSide)
        {
            for (int i = bookSide.count - 1; i >= 0; i--)
            {
                final Level level = bookSide.levels[i];
                visitor.visit(level.price, level.totalQuantity, level.orderCount);
            }
        }
    }

    private BookSide bookSide(final int instrumentId, final Side side)
    {
        final Book book = booksById.get(instrumentId);
        if (null == book || null == side || Side.NULL_VAL == side)
        {
            return null;
        }
        return Side.BUY == side ? book.bids : book.asks;
    }

    private static void visit(final Order order, final OrderVisitor visitor)
    {
        visitor.visit(
            order.orderId,
            order.owner.account,
            order.clientOrderId,
            order.book.instrumentId,
            order.side,
            order.timeInForce,
            order.postOnly,
            order.price,
            order.quantity,
            order.filled,
            order.expireTimeNs,
            order.stpGroup);
    }

    // ------------------------------------------------------------------------------------------------ restore

    /**
     * {@inheritDoc}
     */
    public void restoreCounters(final long nextOrderId, final long nextTradeId, final long dayEndOffsetNs)
    {
        if (0 != bookCount || 0 != ordersById.size() || !accountsById.isEmpty() || 1 != this.nextOrderId)
        {
            throw new IllegalStateException("counters can only be restored into an empty engine");
        }
        if (nextOrderId < 1 || nextTradeId < 1)
        {
            throw new IllegalStateException("invalid counters: " + nextOrderId + ", " + nextTradeId);
        }
        checkDayEndOffset(dayEndOffsetNs);
        this.nextOrderId = nextOrderId;
        ordersById.restoreLimit(nextOrderId);
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
        final Book book = booksById.get(instrumentId);
        final boolean expiring = TimeInForce.DAY == timeInForce || TimeInForce.GTD == timeInForce;
        if (null == book ||
            (Side.BUY != side && Side.SELL != side) ||
            (TimeInForce.GTC != timeInForce && !expiring) ||
            (expiring ? expireTimeNs <= 0 : expireTimeNs != 0) ||
            orderId < 1 || orderId >= nextOrderId || null != ordersById.get(orderId) ||
            price <= 0 || price > MAX_PRICE || price % book.tickSize != 0 ||
            quantity <= 0 || quantity > MAX_QUANTITY || filledQuantity < 0 || filledQuantity >= quantity ||
            stpGroup < 0)
        {
            throw new IllegalStateException("inconsistent order record: " + orderId);
        }

        final Order order = acquireOrder();
        order.orderId = orderId;
        order.owner = account(account);
        order.clientOrderId = clientOrderId;
        order.book = book;
        order.side = side;
        order.timeInForce = timeInForce;
        order.postOnly = postOnly;
        order.price = price;
        order.quantity = quantity;
        order.filled = filledQuantity;
        order.expireTimeNs = expireTimeNs;
        order.stpGroup = stpGroup;
        link(order);
        refreshBbo(book);
    }

    // ------------------------------------------------------------------------------------------------ matching

    private RejectReason validateNewOrder(
        final long nowNs,
        final Book book,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs,
        final long protectionPrice)
    {
        if (null == book)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (Side.BUY != side && Side.SELL != side)
        {
            return RejectReason.INVALID_SIDE;
        }
        if (OrderType.LIMIT != orderType && OrderType.MARKET != orderType)
        {
            return RejectReason.INVALID_ORDER_TYPE;
        }
        if (null == timeInForce || TimeInForce.NULL_VAL == timeInForce)
        {
            return RejectReason.INVALID_TIME_IN_FORCE;
        }
        final RejectReason quantityReason = validateQuantity(book, quantity);
        if (RejectReason.NONE != quantityReason)
        {
            return quantityReason;
        }
        final boolean market = OrderType.MARKET == orderType;
        if (market)
        {
            if (0 != price)
            {
                return RejectReason.INVALID_PRICE;
            }
            if (TimeInForce.IOC != timeInForce && TimeInForce.FOK != timeInForce)
            {
                return RejectReason.INVALID_TIME_IN_FORCE;
            }
        }
        else
        {
            final RejectReason priceReason = validatePrice(book, price);
            if (RejectReason.NONE != priceReason)
            {
                return priceReason;
            }
        }
        if (NULL_PRICE != protectionPrice && (!market || protectionPrice <= 0 || protectionPrice > MAX_PRICE))
        {
            return RejectReason.INVALID_PRICE;
        }
        if (postOnly && (market || TimeInForce.IOC == timeInForce || TimeInForce.FOK == timeInForce))
        {
            return RejectReason.POST_ONLY_NOT_ALLOWED;
        }
        if (TimeInForce.GTD == timeInForce)
        {
            if (expireTimeNs <= nowNs)
            {
                return RejectReason.EXPIRE_TIME_IN_PAST;
            }
        }
        else if (0 != expireTimeNs)
        {
            return RejectReason.INVALID_EXPIRE_TIME;
        }
        return RejectReason.NONE;
    }

    /**
     * The checks that depend on the book, after the structural ones: NO_LIQUIDITY, POST_ONLY_WOULD_CROSS.
     */
    private static RejectReason validateAgainstBook(
        final Book book, final Side side, final OrderType orderType, final boolean postOnly, final long price)
    {
        final BookSide opposite = Side.BUY == side ? book.asks : book.bids;
        if (OrderType.MARKET == orderType && 0 == opposite.count)
        {
            return RejectReason.NO_LIQUIDITY;
        }
        if (postOnly && opposite.count > 0 && crosses(side, price, opposite.bestPrice()))
        {
            return RejectReason.POST_ONLY_WOULD_CROSS;
        }
        return RejectReason.NONE;
    }

    private RejectReason validateReplace(
        final Order order, final long account, final long newPrice, final long newQuantity)
    {
        if (null == order || order.owner.account != account)
        {
            return RejectReason.UNKNOWN_ORDER;
        }
        final Book book = order.book;
        final RejectReason quantityReason = validateQuantity(book, newQuantity);
        if (RejectReason.NONE != quantityReason)
        {
            return quantityReason;
        }
        final RejectReason priceReason = validatePrice(book, newPrice);
        if (RejectReason.NONE != priceReason)
        {
            return priceReason;
        }
        if (newQuantity <= order.filled)
        {
            return RejectReason.REPLACE_QUANTITY_TOO_LOW;
        }
        return RejectReason.NONE;
    }

    private static RejectReason validateQuantity(final Book book, final long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity > MAX_QUANTITY)
        {
            return RejectReason.QUANTITY_TOO_LARGE;
        }
        if (book.lotMask >= 0 ? 0 != (quantity & book.lotMask) : 0 != quantity % book.lotSize)
        {
            return RejectReason.QUANTITY_NOT_LOT_MULTIPLE;
        }
        return RejectReason.NONE;
    }

    private static RejectReason validatePrice(final Book book, final long price)
    {
        if (price <= 0 || price > MAX_PRICE)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (book.tickMask >= 0 ? 0 != (price & book.tickMask) : 0 != price % book.tickSize)
        {
            return RejectReason.PRICE_NOT_TICK_MULTIPLE;
        }
        return RejectReason.NONE;
    }

    private static boolean crosses(final Side aggressorSide, final long limitPrice, final long oppositePrice)
    {
        return Side.BUY == aggressorSide ? oppositePrice <= limitPrice : oppositePrice >= limitPrice;
    }

    private static boolean sameParty(final Order aggressor, final Order resting)
    {
        return aggressor.owner == resting.owner || (0 != aggressor.stpGroup && aggressor.stpGroup == resting.stpGroup);
    }

    /**
     * The FOK availability walk of the contract: could the whole order fill now?
     */
    private static boolean canFill(
        final Book book, final Order taker, final boolean unlimited, final long limitPrice, final StpMode mode)
    {
        final BookSide opposite = Side.BUY == taker.side ? book.asks : book.bids;
        final long wanted = taker.leaves();
        long available = 0;
        for (int i = opposite.count - 1; i >= 0; i--)
        {
            final Level level = opposite.levels[i];
            if (!unlimited && !crosses(taker.side, limitPrice, level.price))
            {
                return false;
            }
            for (Order resting = level.head; null != resting; resting = resting.next)
            {
                if (StpMode.NONE != mode && sameParty(taker, resting))
                {
                    if (StpMode.CANCEL_RESTING == mode)
                    {
                        continue;
                    }
                    return false;
                }
                available += resting.leaves();
                if (available >= wanted)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Match an aggressor against the opposite side, at prices that cross {@code limitPrice} unless unlimited.
     *
     * @return true if self-trade prevention stopped the aggressor.
     */
    private boolean match(
        final Book book, final Order taker, final boolean unlimited, final long limitPrice, final StpMode mode)
    {
        final BookSide opposite = Side.BUY == taker.side ? book.asks : book.bids;
        while (taker.leaves() > 0 && opposite.count > 0)
        {
            final Level level = opposite.levels[opposite.count - 1];
            if (!unlimited && !crosses(taker.side, limitPrice, level.price))
            {
                break;
            }
            final Order maker = level.head;
            if (StpMode.NONE != mode && sameParty(taker, maker))
            {
                switch (mode)
                {
                    case CANCEL_RESTING:
                        cancelResting(maker, CancelReason.SELF_TRADE_PREVENTION);
                        continue;
                    case CANCEL_AGGRESSING:
                        return true;
                    case CANCEL_BOTH:
                        cancelResting(maker, CancelReason.SELF_TRADE_PREVENTION);
                        return true;
                    case DECREMENT_AND_CANCEL:
                        if (decrement(taker, maker))
                        {
                            return true;
                        }
                        continue;
                    default:
                        break;
                }
            }
            fill(book, taker, maker, level);
        }
        return false;
    }

    /**
     * Decrement-and-cancel between an aggressor and a resting order of the same party.
     *
     * @return true if the aggressor is used up and must be cancelled.
     */
    private boolean decrement(final Order taker, final Order maker)
    {
        final long takerLeaves = taker.leaves();
        final long makerLeaves = maker.leaves();
        final long decrement = Math.min(takerLeaves, makerLeaves);
        if (makerLeaves == decrement)
        {
            cancelResting(maker, CancelReason.SELF_TRADE_PREVENTION);
        }
        else
        {
            maker.quantity -= decrement;
            maker.level.totalQuantity -= decrement;
            touchLevel(maker.level);
            final long leaves = maker.leaves();
            final int instrumentId = maker.book.instrumentId;
            listener.onOrderRestated(
                maker.orderId, maker.owner.account, maker.clientOrderId, instrumentId, maker.side, decrement,
                maker.quantity, leaves, CancelReason.SELF_TRADE_PREVENTION);
            listener.onBookOrderModified(instrumentId, maker.orderId, maker.side, maker.price, leaves);
        }

        if (takerLeaves == decrement)
        {
            return true;
        }
        taker.quantity -= decrement;
        listener.onOrderRestated(
            taker.orderId, taker.owner.account, taker.clientOrderId, taker.book.instrumentId, taker.side, decrement,
            taker.quantity, taker.leaves(), CancelReason.SELF_TRADE_PREVENTION);
        return false;
    }

    private void fill(final Book book, final Order taker, final Order maker, final Level level)
    {
        final long quantity = Math.min(taker.leaves(), maker.leaves());
        final long price = maker.price;
        final long tradeId = nextTradeId++;
        final int instrumentId = book.instrumentId;
        maker.filled += quantity;
        taker.filled += quantity;
        level.totalQuantity -= quantity;
        touchLevel(level);
        final long makerLeaves = maker.leaves();

        listener.onOrderFilled(
            maker.orderId, maker.owner.account, maker.clientOrderId, instrumentId, maker.side, tradeId, price,
            quantity, makerLeaves, maker.filled, Liquidity.MAKER);
        listener.onOrderFilled(
            taker.orderId, taker.owner.account, taker.clientOrderId, instrumentId, taker.side, tradeId, price,
            quantity, taker.leaves(), taker.filled, Liquidity.TAKER);
        listener.onTrade(instrumentId, tradeId, price, quantity, taker.side, maker.orderId, taker.orderId);
        listener.onBookOrderExecuted(instrumentId, maker.orderId, maker.side, price, quantity, makerLeaves, tradeId);

        if (0 == makerLeaves)
        {
            unlink(maker);
            releaseOrder(maker);
        }
    }

    /**
     * After matching: cancel what may not rest, rest the rest, free what is done.
     */
    private void finishAggressor(
        final Order order,
        final boolean stoppedBySelfTrade,
        final boolean stoppedByBand,
        final boolean immediate,
        final boolean indexed)
    {
        final long leaves = order.leaves();
        if (0 == leaves)
        {
            if (indexed)
            {
                unlinkIndexes(order);
            }
            releaseOrder(order);
        }
        else if (stoppedBySelfTrade || immediate)
        {
            listener.onOrderCancelled(
                order.orderId, order.owner.account, order.clientOrderId, order.book.instrumentId, order.side,
                leaves, order.filled,
                stoppedBySelfTrade ? CancelReason.SELF_TRADE_PREVENTION :
                (stoppedByBand ? CancelReason.PRICE_BAND : CancelReason.IOC_REMAINDER));
            if (indexed)
            {
                unlinkIndexes(order);
            }
            releaseOrder(order);
        }
        else
        {
            linkBook(order);
            if (!indexed)
            {
                linkIndexes(order);
            }
            listener.onBookOrderAdded(order.book.instrumentId, order.orderId, order.side, order.price, leaves);
        }
    }

    private void cancelResting(final Order order, final CancelReason reason)
    {
        final long leaves = order.leaves();
        final int instrumentId = order.book.instrumentId;
        unlink(order);
        listener.onOrderCancelled(
            order.orderId, order.owner.account, order.clientOrderId, instrumentId, order.side, leaves, order.filled,
            reason);
        listener.onBookOrderDeleted(instrumentId, order.orderId, order.side, order.price, leaves);
        releaseOrder(order);
    }

    private int expireDue(final long nowNs)
    {
        int expired = 0;
        while (expiryHeapSize > 0 && expiryHeap[0].expireTimeNs <= nowNs)
        {
            final Order order = expiryHeap[0];
            touch(order.book);
            cancelResting(order, CancelReason.EXPIRED);
            expired++;
        }
        return expired;
    }

    // ------------------------------------------------------------------------------------------------ command frame

    private void beginCommand(final long nowNs)
    {
        commandEpoch++;
        touchedCount = 0;
        if (expiryHeapSize > 0 && expiryHeap[0].expireTimeNs <= nowNs)
        {
            expireDue(nowNs);
        }
    }

    /**
     * Note that the current command changes a book. Its best bid and offer at the start of the command need not be
     * read: between commands it always equals the book's last reported value.
     */
    private void touch(final Book book)
    {
        if (book.touchedEpoch != commandEpoch)
        {
            book.touchedEpoch = commandEpoch;
            if (touchedCount == touchedBooks.length)
            {
                touchedBooks = Arrays.copyOf(touchedBooks, touchedCount * 2);
            }
            touchedBooks[touchedCount++] = book;
        }
    }

    private void endCommand()
    {
        for (int i = 0; i < touchedCount; i++)
        {
            final Book book = touchedBooks[i];
            touchedBooks[i] = null;
            final long bidPrice = book.bids.bestPrice();
            final long bidQuantity = book.bids.bestQuantity();
            final long askPrice = book.asks.bestPrice();
            final long askQuantity = book.asks.bestQuantity();
            if (bidPrice != book.bboBidPrice || bidQuantity != book.bboBidQuantity ||
                askPrice != book.bboAskPrice || askQuantity != book.bboAskQuantity)
            {
                book.bboBidPrice = bidPrice;
                book.bboBidQuantity = bidQuantity;
                book.bboAskPrice = askPrice;
                book.bboAskQuantity = askQuantity;
                listener.onBestBidOffer(book.instrumentId, bidPrice, bidQuantity, askPrice, askQuantity);
            }
        }
        touchedCount = 0;
    }

    /**
     * Record a book's current best bid and offer as its last known one, after a change made outside a command.
     */
    private static void refreshBbo(final Book book)
    {
        book.bboBidPrice = book.bids.bestPrice();
        book.bboBidQuantity = book.bids.bestQuantity();
        book.bboAskPrice = book.asks.bestPrice();
        book.bboAskQuantity = book.asks.bestQuantity();
    }

    // ------------------------------------------------------------------------------------------------ structure

    /**
     * The book of an instrument, or null, through a direct-mapped cache in front of the map (books are never
     * removed, so a cached book stays valid).
     */
    private Book book(final int instrumentId)
    {
        final int slot = instrumentId & (BOOK_CACHE_SIZE - 1);
        final Book cached = bookCache[slot];
        if (null != cached && cached.instrumentId == instrumentId)
        {
            return cached;
        }
        final Book book = booksById.get(instrumentId);
        if (null != book)
        {
            bookCache[slot] = book;
        }
        return book;
    }

    /**
     * An account's record, created on first use, through a direct-mapped cache in front of the map (accounts are
     * never removed, so a cached account stays valid).
     */
    private Account account(final long account)
    {
        final int slot = (int)((account * 0x9E3779B97F4A7C15L) >>> (64 - ACCOUNT_CACHE_BITS));
        final Account cached = accountCache[slot];
        if (null != cached && cached.account == account)
        {
            return cached;
        }
        Account settings = accountsById.get(account);
        if (null == settings)
        {
            settings = new Account(account);
            accountsById.put(account, settings);
        }
        accountCache[slot] = settings;
        return settings;
    }

    /**
     * Put an order into its book (back of its level), the id map, its account's list and the expiry heap.
     */
    private void link(final Order order)
    {
        linkBook(order);
        linkIndexes(order);
    }

    /**
     * Put an order at the back of its price level.
     */
    private void linkBook(final Order order)
    {
        final BookSide side = Side.BUY == order.side ? order.book.bids : order.book.asks;
        Level level = side.find(order.price);
        if (null == level)
        {
            level = acquireLevel(order.price);
            side.insert(level);
        }
        order.level = level;
        order.prev = level.tail;
        order.next = null;
        if (null == level.tail)
        {
            level.head = order;
        }
        else
        {
            level.tail.next = order;
        }
        level.tail = order;
        level.orderCount++;
        level.totalQuantity += order.leaves();
        touchLevel(level);
    }

    /**
     * Put a booked order into the id index, its account's list and, if it expires, the expiry heap.
     */
    private void linkIndexes(final Order order)
    {
        ordersById.put(order);

        final Account owner = order.owner;
        order.accountPrev = owner.tail;
        order.accountNext = null;
        if (null == owner.tail)
        {
            owner.head = order;
        }
        else
        {
            owner.tail.accountNext = order;
        }
        owner.tail = order;

        if (TimeInForce.GTC != order.timeInForce)
        {
            heapInsert(order);
        }
    }

    /**
     * Take an order out of everything {@link #link(Order)} put it in.
     */
    private void unlink(final Order order)
    {
        unlinkBook(order);
        unlinkIndexes(order);
    }

    /**
     * Take an order out of its price level (dropping the level if it empties).
     */
    private void unlinkBook(final Order order)
    {
        final Level level = order.level;
        if (null == order.prev)
        {
            level.head = order.next;
        }
        else
        {
            order.prev.next = order.next;
        }
        if (null == order.next)
        {
            level.tail = order.prev;
        }
        else
        {
            order.next.prev = order.prev;
        }
        level.orderCount--;
        level.totalQuantity -= order.leaves();
        touchLevel(level);
        if (0 == level.orderCount)
        {
            (Side.BUY == order.side ? order.book.bids : order.book.asks).remove(level);
            releaseLevel(level);
        }
        order.level = null;
        order.prev = null;
        order.next = null;
    }

    /**
     * Take an order out of what {@link #linkIndexes(Order)} put it in.
     */
    private void unlinkIndexes(final Order order)
    {
        ordersById.remove(order);

        final Account owner = order.owner;
        if (null == order.accountPrev)
        {
            owner.head = order.accountNext;
        }
        else
        {
            order.accountPrev.accountNext = order.accountNext;
        }
        if (null == order.accountNext)
        {
            owner.tail = order.accountPrev;
        }
        else
        {
            order.accountNext.accountPrev = order.accountPrev;
        }
        order.accountPrev = null;
        order.accountNext = null;

        if (order.heapIndex >= 0)
        {
            heapRemove(order);
        }
    }

    private Order acquireOrder()
    {
        final Order order = freeOrders;
        if (null == order)
        {
            return new Order();
        }
        freeOrders = order.next;
        order.next = null;
        return order;
    }

    private void releaseOrder(final Order order)
    {
        order.owner = null;
        order.book = null;
        order.level = null;
        order.prev = null;
        order.heapIndex = -1;
        order.next = freeOrders;
        freeOrders = order;
    }

    private Level acquireLevel(final long price)
    {
        Level level = freeLevels;
        if (null == level)
        {
            level = new Level();
        }
        else
        {
            freeLevels = level.nextFree;
            level.nextFree = null;
        }
        level.price = price;
        level.totalQuantity = 0;
        level.orderCount = 0;
        level.head = null;
        level.tail = null;
        return level;
    }

    private void releaseLevel(final Level level)
    {
        levelsSum -= level.hash;
        level.hash = 0;
        level.head = null;
        level.tail = null;
        level.nextFree = freeLevels;
        freeLevels = level;
    }

    // ------------------------------------------------------------------------------------------------ expiry heap

    private static boolean expiresBefore(final Order a, final Order b)
    {
        return a.expireTimeNs < b.expireTimeNs || (a.expireTimeNs == b.expireTimeNs && a.orderId < b.orderId);
    }

    private void heapInsert(final Order order)
    {
        if (expiryHeapSize == expiryHeap.length)
        {
            expiryHeap = Arrays.copyOf(expiryHeap, expiryHeapSize * 2);
        }
        final int index = expiryHeapSize++;
        expiryHeap[index] = order;
        order.heapIndex = index;
        siftUp(index);
    }

    private void heapRemove(final Order order)
    {
        final int index = order.heapIndex;
        final int last = --expiryHeapSize;
        order.heapIndex = -1;
        if (index == last)
        {
            expiryHeap[last] = null;
            return;
        }
        final Order moved = expiryHeap[last];
        expiryHeap[last] = null;
        expiryHeap[index] = moved;
        moved.heapIndex = index;
        siftDown(index);
        siftUp(moved.heapIndex);
    }

    private void siftUp(final int start)
    {
        int index = start;
        final Order order = expiryHeap[index];
        while (index > 0)
        {
            final int parent = (index - 1) >>> 1;
            final Order parentOrder = expiryHeap[parent];
            if (!expiresBefore(order, parentOrder))
            {
                break;
            }
            expiryHeap[index] = parentOrder;
            parentOrder.heapIndex = index;
            index = parent;
        }
        expiryHeap[index] = order;
        order.heapIndex = index;
    }

    private void siftDown(final int start)
    {
        int index = start;
        final Order order = expiryHeap[index];
        final int half = expiryHeapSize >>> 1;
        while (index < half)
        {
            int child = 2 * index + 1;
            final int right = child + 1;
            if (right < expiryHeapSize && expiresBefore(expiryHeap[right], expiryHeap[child]))
            {
                child = right;
            }
            final Order childOrder = expiryHeap[child];
            if (!expiresBefore(childOrder, order))
            {
                break;
            }
            expiryHeap[index] = childOrder;
            childOrder.heapIndex = index;
            index = child;
        }
        expiryHeap[index] = order;
        order.heapIndex = index;
    }

    // ------------------------------------------------------------------------------------------------ types

    /**
     * A pooled order; {@code next} doubles as the free-list link.
     */
    static final class Order
    {
        long orderId;
        long clientOrderId;
        long price;
        long quantity;
        long filled;
        long expireTimeNs;
        long stpGroup;
        Account owner;
        Book book;
        Side side;
        TimeInForce timeInForce;
        boolean postOnly;
        Level level;
        Order prev;
        Order next;
        Order accountPrev;
        Order accountNext;
        int heapIndex = -1;

        long leaves()
        {
            return quantity - filled;
        }
    }

    /**
     * A price level: an intrusive FIFO of orders with its totals.
     */
    static final class Level
    {
        long price;
        long totalQuantity;
        int orderCount;
        Order head;
        Order tail;
        Level nextFree;
        // This level's hash (its StateHash.levelOrder chain, finished; 0 while empty) and whether it changed since.
        long hash;
        boolean dirty;
    }

    /**
     * An account's STP settings and its live orders.
     */
    static final class Account
    {
        final long account;
        StpMode stpMode = StpMode.NONE;
        long stpGroup;
        boolean hasSettings;
        Order head;
        Order tail;

        Account(final long account)
        {
            this.account = account;
        }
    }

    /**
     * One instrument's book, with its best bid and offer as last reported (kept equal to the current one between
     * commands: every command updates it at its end, a restore refreshes it), which is what a command compares
     * against to decide whether to report a new one.
     */
    static final class Book
    {
        final int instrumentId;
        final long tickSize;
        final long lotSize;
        final long tickMask;
        final long lotMask;
        final BookSide bids;
        final BookSide asks;
        long touchedEpoch;
        long bboBidPrice = NULL_PRICE;
        long bboBidQuantity;
        long bboAskPrice = NULL_PRICE;
        long bboAskQuantity;

        Book(final int instrumentId, final long tickSize, final long lotSize)
        {
            this.instrumentId = instrumentId;
            this.tickSize = tickSize;
            this.lotSize = lotSize;
            this.tickMask = powerOfTwoMask(tickSize);
            this.lotMask = powerOfTwoMask(lotSize);
            this.bids = new BookSide(true, tickSize);
            this.asks = new BookSide(false, tickSize);
        }
    }

    /**
     * {@code value - 1} if the value is a power of two (so a multiple test is a mask test), else -1.
     */
    private static long powerOfTwoMask(final long value)
    {
        return 1 == Long.bitCount(value) ? value - 1 : -1;
    }

    /**
     * Levels of one side sorted by key ascending, best at the end. The key is the price for bids and the negated
     * price for asks, so one binary search serves both sides. A linear-probing table of the same levels, slotted by
     * price in ticks (the price shifted right by the tick size's power-of-two factor, which keeps consecutive ticks
     * in consecutive slots), answers {@link #find(long)}; the sorted array is searched only to add or drop a level.
     */
    static final class BookSide
    {
        private final boolean bids;
        private final long tickSize;
        private final int tickShift;
        private final int priceShift;
        private Level[] table = new Level[INITIAL_TABLE];
        private int displaced;
        private long[] keys = new long[INITIAL_LEVELS];
        Level[] levels = new Level[INITIAL_LEVELS];
        int count;

        BookSide(final boolean bids, final long tickSize)
        {
            this.bids = bids;
            this.tickSize = tickSize;
            this.tickShift = Long.bitCount(tickSize) == 1 ? Long.numberOfTrailingZeros(tickSize) : -1;
            this.priceShift = Long.numberOfTrailingZeros(tickSize);
        }

        long bestPrice()
        {
            return 0 == count ? NULL_PRICE : levels[count - 1].price;
        }

        long bestQuantity()
        {
            return 0 == count ? 0 : levels[count - 1].totalQuantity;
        }

        private long key(final long price)
        {
            return bids ? price : -price;
        }

        /**
         * Index of the key, or {@code -(insertion point) - 1}. Keys are distinct multiples of the tick size, so at
         * most {@code (bestKey - key) / tickSize} levels lie strictly between the key and the best one: the key's
         * index (or, if absent, its insertion point minus one) is at least {@code count - 1} minus that distance,
         * and the key at that guess is never above the key. In a dense book the guess is the answer; otherwise a
         * binary search runs over the part between the guess and the best end only.
         */
        private int indexOf(final long key)
        {
            final int last = count - 1;
            if (last < 0)
            {
                return -1;
            }
            final long[] keys = this.keys;
            final long bestKey = keys[last];
            if (bestKey <= key)
            {
                return bestKey == key ? last : -(count + 1);
            }
            final long gap = bestKey - key;
            final long distance = tickShift >= 0 ? gap >>> tickShift : gap / tickSize;
            int low = 0;
            if (distance < last)
            {
                final int guess = last - (int)distance;
                if (keys[guess] == key)
                {
                    return guess;
                }
                low = guess + 1;
            }
            int high = last - 1;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                final long midKey = keys[mid];
                if (midKey < key)
                {
                    low = mid + 1;
                }
                else if (midKey > key)
                {
                    high = mid - 1;
                }
                else
                {
                    return mid;
                }
            }
            return -(low + 1);
        }

        /**
         * The level at a price, through the open-addressing table: one probe when the live prices span fewer
         * ticks than the table has slots.
         */
        Level find(final long price)
        {
            final Level[] table = this.table;
            final int mask = table.length - 1;
            int slot = (int)(price >>> priceShift) & mask;
            Level level;
            while (null != (level = table[slot]))
            {
                if (level.price == price)
                {
                    return level;
                }
                slot = (slot + 1) & mask;
            }
            return null;
        }

        /**
         * Put a level in a table.
         *
         * @return 1 if it could not sit in its home slot, else 0.
         */
        private int tableInsert(final Level[] table, final Level level)
        {
            final int mask = table.length - 1;
            final int home = (int)(level.price >>> priceShift) & mask;
            int slot = home;
            while (null != table[slot])
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = level;
            return slot == home ? 0 : 1;
        }

        /**
         * Linear-probing deletion with backward shift, so no tombstones are needed. Consecutive ticks fill
         * consecutive slots, so a compact book is one long run of occupied slots: while no level is displaced from
         * its home slot (the usual case), nothing can need shifting and the slot is simply cleared.
         */
        private void tableRemove(final Level level)
        {
            final Level[] table = this.table;
            final int mask = table.length - 1;
            final int levelHome = (int)(level.price >>> priceShift) & mask;
            if (0 == displaced)
            {
                table[levelHome] = null;
                return;
            }
            int hole = levelHome;
            while (table[hole] != level)
            {
                hole = (hole + 1) & mask;
            }
            if (hole != levelHome)
            {
                displaced--;
            }
            table[hole] = null;
            int slot = hole;
            while (true)
            {
                slot = (slot + 1) & mask;
                final Level candidate = table[slot];
                if (null == candidate)
                {
                    return;
                }
                final int home = (int)(candidate.price >>> priceShift) & mask;
                if (((slot - home) & mask) >= ((slot - hole) & mask))
                {
                    table[hole] = candidate;
                    table[slot] = null;
                    if (hole == home)
                    {
                        displaced--;
                    }
                    hole = slot;
                }
            }
        }

        void insert(final Level level)
        {
            final long key = key(level.price);
            final int index = -(indexOf(key) + 1);
            if (count == levels.length)
            {
                levels = Arrays.copyOf(levels, count * 2);
                keys = Arrays.copyOf(keys, count * 2);
            }
            final int moved = count - index;
            if (moved > 0)
            {
                System.arraycopy(levels, index, levels, index + 1, moved);
                System.arraycopy(keys, index, keys, index + 1, moved);
            }
            levels[index] = level;
            keys[index] = key;
            count++;
            if (count * 2 > table.length)
            {
                final Level[] grown = new Level[table.length * 2];
                int grownDisplaced = 0;
                for (int i = 0; i < count; i++)
                {
                    grownDisplaced += tableInsert(grown, levels[i]);
                }
                table = grown;
                displaced = grownDisplaced;
            }
            else
            {
                displaced += tableInsert(table, level);
            }
        }

        void remove(final Level level)
        {
            final int index = indexOf(key(level.price));
            final int moved = count - index - 1;
            if (moved > 0)
            {
                System.arraycopy(levels, index + 1, levels, index, moved);
                System.arraycopy(keys, index + 1, keys, index, moved);
            }
            count--;
            levels[count] = null;
            tableRemove(level);
        }
    }
}
