package dev.bourse.client.marketdata;

import java.nio.charset.StandardCharsets;

import dev.bourse.schemas.marketdata.Side;
import dev.bourse.schemas.marketdata.TradingStatus;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One instrument's order-by-order book and reference data, as the subscriber rebuilt it from the feed.
 * Mutators return false when a change does not fit the book, which makes the book untrustworthy.
 */
final class OrderBook implements BookView
{
    static final int BUY = 1;
    static final int SELL = 2;
    static final int SYMBOL_LENGTH = 16;

    private final int instrumentId;
    private final BookPools pools;
    private final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
    private final BookSide bids = new BookSide(true);
    private final BookSide asks = new BookSide(false);
    private final byte[] symbolBytes = new byte[SYMBOL_LENGTH];
    private String symbol = "";
    private boolean isDefined;
    private long tickSize;
    private long lotSize;
    private long referencePrice = NULL_PRICE;
    private int priceBandBps;
    private short tradingStatusCode = TradingStatus.NULL_VAL.value();

    long lastSequence;
    long instrumentSequence;
    long lastTransactTimeNs;
    boolean isEventComplete = true;
    int recoveryEpoch;

    OrderBook(final int instrumentId, final BookPools pools)
    {
        this.instrumentId = instrumentId;
        this.pools = pools;
    }

    void define(
        final long tickSize,
        final long lotSize,
        final byte[] symbol,
        final long referencePrice,
        final int priceBandBps)
    {
        this.isDefined = true;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.referencePrice = referencePrice;
        this.priceBandBps = priceBandBps;
        boolean changed = false;
        for (int i = 0; i < SYMBOL_LENGTH; i++)
        {
            if (symbolBytes[i] != symbol[i])
            {
                symbolBytes[i] = symbol[i];
                changed = true;
            }
        }
        if (changed)
        {
            int length = 0;
            while (length < SYMBOL_LENGTH && 0 != symbolBytes[length])
            {
                length++;
            }
            this.symbol = new String(symbolBytes, 0, length, StandardCharsets.US_ASCII);
        }
    }

    void tradingStatusCode(final short code)
    {
        tradingStatusCode = code;
    }

    boolean add(final long orderId, final int sideCode, final long price, final long quantity)
    {
        if ((BUY != sideCode && SELL != sideCode) || quantity <= 0 || null != orders.get(orderId))
        {
            return false;
        }

        final Order order = pools.acquireOrder();
        order.orderId = orderId;
        order.sideCode = sideCode;
        order.price = price;
        order.quantity = quantity;
        side(sideCode).getOrCreate(price, pools).append(order);
        orders.put(orderId, order);
        return true;
    }

    boolean modify(final long orderId, final int sideCode, final long price, final long newQuantity)
    {
        final Order order = orders.get(orderId);
        if (null == order || order.sideCode != sideCode || order.price != price ||
            newQuantity <= 0 || newQuantity > order.quantity)
        {
            return false;
        }

        order.level.quantity -= order.quantity - newQuantity;
        order.quantity = newQuantity;
        return true;
    }

    boolean delete(final long orderId, final int sideCode, final long price)
    {
        final Order order = orders.get(orderId);
        if (null == order || order.sideCode != sideCode || order.price != price)
        {
            return false;
        }

        remove(order);
        return true;
    }

    boolean execute(
        final long orderId, final int sideCode, final long price, final long executedQuantity, final long leaves)
    {
        final Order order = orders.get(orderId);
        if (null == order || order.sideCode != sideCode || order.price != price || executedQuantity <= 0 ||
            leaves < 0 || order.quantity - executedQuantity != leaves)
        {
            return false;
        }

        if (0 == leaves)
        {
            remove(order);
        }
        else
        {
            order.level.quantity -= executedQuantity;
            order.quantity = leaves;
        }
        return true;
    }

    void clear()
    {
        bids.clear(pools);
        asks.clear(pools);
        orders.clear();
    }

    private void remove(final Order order)
    {
        final PriceLevel level = order.level;
        final BookSide side = side(order.sideCode);
        orders.remove(order.orderId);
        level.remove(order);
        side.removeIfEmpty(level, pools);
        pools.releaseOrder(order);
    }

    private BookSide side(final int sideCode)
    {
        return BUY == sideCode ? bids : asks;
    }

    private BookSide side(final Side side)
    {
        switch (side)
        {
            case BUY:
                return bids;
            case SELL:
                return asks;
            default:
                throw new IllegalArgumentException("side must be BUY or SELL: " + side);
        }
    }

    static Side sideOf(final int sideCode)
    {
        return BUY == sideCode ? Side.BUY : SELL == sideCode ? Side.SELL : Side.NULL_VAL;
    }

    @Override
    public int instrumentId()
    {
        return instrumentId;
    }

    @Override
    public boolean isDefined()
    {
        return isDefined;
    }

    @Override
    public String symbol()
    {
        return symbol;
    }

    @Override
    public long tickSize()
    {
        return tickSize;
    }

    @Override
    public long lotSize()
    {
        return lotSize;
    }

    @Override
    public long referencePrice()
    {
        return referencePrice;
    }

    @Override
    public int priceBandBps()
    {
        return priceBandBps;
    }

    @Override
    public TradingStatus tradingStatus()
    {
        switch (tradingStatusCode)
        {
            case 1:
                return TradingStatus.PRE_OPEN;
            case 2:
                return TradingStatus.OPEN;
            case 3:
                return TradingStatus.HALTED;
            case 4:
                return TradingStatus.CLOSED;
            default:
                return TradingStatus.NULL_VAL;
        }
    }

    @Override
    public long lastSequence()
    {
        return lastSequence;
    }

    @Override
    public long instrumentSequence()
    {
        return instrumentSequence;
    }

    @Override
    public long lastTransactTimeNs()
    {
        return lastTransactTimeNs;
    }

    @Override
    public boolean isEventComplete()
    {
        return isEventComplete;
    }

    @Override
    public long bestBidPrice()
    {
        final PriceLevel best = bids.best();
        return null == best ? NULL_PRICE : best.price;
    }

    @Override
    public long bestBidQuantity()
    {
        final PriceLevel best = bids.best();
        return null == best ? 0 : best.quantity;
    }

    @Override
    public long bestAskPrice()
    {
        final PriceLevel best = asks.best();
        return null == best ? NULL_PRICE : best.price;
    }

    @Override
    public long bestAskQuantity()
    {
        final PriceLevel best = asks.best();
        return null == best ? 0 : best.quantity;
    }

    @Override
    public int levelCount(final Side side)
    {
        return side(side).count();
    }

    @Override
    public long levelPrice(final Side side, final int level)
    {
        return side(side).level(level).price;
    }

    @Override
    public long levelQuantity(final Side side, final int level)
    {
        return side(side).level(level).quantity;
    }

    @Override
    public int levelOrderCount(final Side side, final int level)
    {
        return side(side).level(level).orderCount;
    }

    @Override
    public int orderCount()
    {
        return orders.size();
    }

    @Override
    public int forEachOrder(final OrderVisitor visitor)
    {
        return visitSide(bids, Side.BUY, visitor) + visitSide(asks, Side.SELL, visitor);
    }

    @Override
    public int forEachOrder(final Side side, final int level, final OrderVisitor visitor)
    {
        return visitLevel(side(side).level(level), side, visitor);
    }

    @Override
    public long bookHash()
    {
        return hashSide(asks, hashSide(bids, BookHash.INITIAL));
    }

    private static int visitSide(final BookSide side, final Side sideEnum, final OrderVisitor visitor)
    {
        final int count = side.count();
        int visited = 0;
        for (int depth = 0; depth < count; depth++)
        {
            visited += visitLevel(side.level(depth), sideEnum, visitor);
        }
        return visited;
    }

    private static int visitLevel(final PriceLevel level, final Side side, final OrderVisitor visitor)
    {
        int visited = 0;
        for (Order order = level.head; null != order; order = order.next)
        {
            visitor.onOrder(order.orderId, side, order.price, order.quantity);
            visited++;
        }
        return visited;
    }

    private static long hashSide(final BookSide side, final long hash)
    {
        final int count = side.count();
        long h = hash;
        for (int depth = 0; depth < count; depth++)
        {
            for (Order order = side.level(depth).head; null != order; order = order.next)
            {
                h = BookHash.update(h, order.orderId, order.sideCode, order.price, order.quantity);
            }
        }
        return h;
    }

    @Override
    public String toString()
    {
        return "OrderBook{instrumentId=" + instrumentId + ", symbol=" + symbol + ", orders=" + orders.size() +
            ", bid=" + bestBidQuantity() + "@" + bestBidPrice() + ", ask=" + bestAskQuantity() + "@" +
            bestAskPrice() + ", lastSequence=" + lastSequence + "}";
    }
}
