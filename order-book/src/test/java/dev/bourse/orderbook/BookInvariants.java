package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.util.Arrays;

/**
 * Structural invariants of an engine, checked through its public visitors against a shadow book that is kept
 * from the engine's own market-data events (the book a market-data subscriber would build).
 * <p>
 * Install it as the engine's listener (directly or as a {@link RecordingListener} delegate) and call
 * {@link #check(MatchingEngine)} after every command. It verifies:
 * <ul>
 *     <li>the book is never crossed at rest, levels are strictly ordered best first and best bid/ask agree;</li>
 *     <li>level totals equal the sum of their orders' leaves and level counts their number of orders;</li>
 *     <li>every resting order has {@code 0 <= filled < quantity}, tick and lot multiples, a resting time in
 *     force and a consistent expire time;</li>
 *     <li>the resting orders are exactly the shadow book built from onBookOrderAdded/Modified/Deleted/Executed,
 *     with the same leaves, and within a level they are visited in arrival order (a sequence number assigned
 *     on onBookOrderAdded, kept by in-place modifications), i.e. FIFO;</li>
 *     <li>{@code orderCount()} equals the number of visited orders, {@code lookupOrder} agrees with the walk,
 *     {@code nextExpireTimeNs()} is the earliest expire time;</li>
 *     <li>each fill is MAKER fill, TAKER fill, trade, book execution for the same trade id, price and quantity;
 *     trade ids and order ids are consecutive; maker, taker and trade quantities sum to the same total;</li>
 *     <li>best bid and offer events happen at most once per instrument per command, only on a change, and the
 *     last one reported always equals the engine's current best bid and offer.</li>
 * </ul>
 */
final class BookInvariants implements EngineListener
{
    static final class ShadowOrder
    {
        final long orderId;
        final int instrumentId;
        final Side side;
        final long price;
        long leaves;
        final long sequence;
        int index;

        ShadowOrder(
            final long orderId, final int instrumentId, final Side side, final long price, final long leaves,
            final long sequence)
        {
            this.orderId = orderId;
            this.instrumentId = instrumentId;
            this.side = side;
            this.price = price;
            this.leaves = leaves;
            this.sequence = sequence;
        }
    }

    private static final int NO_FILL = 0;
    private static final int MAKER_SEEN = 1;
    private static final int TAKER_SEEN = 2;
    private static final int TRADE_SEEN = 3;

    private final Long2ObjectHashMap<ShadowOrder> shadow = new Long2ObjectHashMap<>();
    private final LongArrayList liveIds = new LongArrayList();
    private final Int2ObjectHashMap<long[]> lastBbo = new Int2ObjectHashMap<>();
    private final IntHashSet bboThisCommand = new IntHashSet();
    private final Walker walker = new Walker();
    private long nextSequence = 1;

    private int fillStage = NO_FILL;
    private long fillTradeId;
    private long fillPrice;
    private long fillQuantity;
    private long fillMakerOrderId;
    private long lastTradeId;
    private long lastOrderId;
    private long makerTotal;
    private long takerTotal;
    private long tradeTotal;
    private long tradeCount;

    /**
     * Number of live orders in the shadow book.
     *
     * @return the count.
     */
    int liveCount()
    {
        return liveIds.size();
    }

    /**
     * A live order id by index, for picking random live orders in generated command streams.
     *
     * @param index in {@code [0, liveCount())}.
     * @return the order id.
     */
    long liveOrderId(final int index)
    {
        return liveIds.getLong(index);
    }

    long tradeCount()
    {
        return tradeCount;
    }

    long tradedQuantity()
    {
        return tradeTotal;
    }

    /**
     * Adopt the current state of an engine that was built without events (a restored snapshot): every resting
     * order gets an arrival sequence in its visit order, and the current best bid and offer become the last
     * reported ones.
     *
     * @param engine the engine.
     */
    void seed(final MatchingEngine engine)
    {
        shadow.clear();
        liveIds.clear();
        lastBbo.clear();
        bboThisCommand.clear();
        fillStage = NO_FILL;
        lastTradeId = engine.nextTradeId() - 1;
        lastOrderId = engine.nextOrderId() - 1;
        engine.forEachInstrument((instrumentId, tickSize, lotSize) ->
        {
            final OrderVisitor adder = (orderId, account, clientOrderId, instrument, side, timeInForce, postOnly,
                price, quantity, filledQuantity, expireTimeNs, stpGroup) ->
                addShadow(instrument, orderId, side, price, quantity - filledQuantity);
            engine.forEachOrder(instrumentId, Side.BUY, adder);
            engine.forEachOrder(instrumentId, Side.SELL, adder);
            final long[] bbo = currentBbo(engine, instrumentId);
            lastBbo.put(instrumentId, bbo);
        });
    }

    /**
     * Check only what the event stream itself must satisfy at the end of a command (fills complete, quantities
     * conserved, one best bid/offer event per instrument); for the commands between two full {@link #check}s.
     */
    void commandEnded()
    {
        if (fillStage != NO_FILL)
        {
            throw violation("fill sequence incomplete at the end of a command");
        }
        if (!(makerTotal == takerTotal && takerTotal == tradeTotal))
        {
            throw violation("maker/taker/trade quantity totals differ: " + makerTotal + "/" + takerTotal + "/" +
                tradeTotal);
        }
        bboThisCommand.clear();
    }

    /**
     * Check every invariant against the engine's current state; call at the end of each command.
     *
     * @param engine the engine this object listens to.
     * @throws AssertionError on the first violation.
     */
    void check(final MatchingEngine engine)
    {
        if (fillStage != NO_FILL)
        {
            throw violation("fill sequence incomplete at the end of a command");
        }
        if (!(makerTotal == takerTotal && takerTotal == tradeTotal))
        {
            throw violation("maker/taker/trade quantity totals differ: " + makerTotal + "/" + takerTotal + "/" +
                tradeTotal);
        }
        if (engine.nextTradeId() != lastTradeId + 1)
        {
            throw violation("nextTradeId " + engine.nextTradeId() + " after trade " + lastTradeId);
        }
        if (engine.nextOrderId() != lastOrderId + 1)
        {
            throw violation("nextOrderId " + engine.nextOrderId() + " after order " + lastOrderId);
        }
        walker.reset(engine);
        engine.forEachInstrument(walker);
        if (walker.orderCount != shadow.size())
        {
            throw violation("engine rests " + walker.orderCount + " orders, market data built " + shadow.size());
        }
        if (walker.orderCount != engine.orderCount())
        {
            throw violation("orderCount() " + engine.orderCount() + " but visited " + walker.orderCount);
        }
        if (walker.minExpireTimeNs != engine.nextExpireTimeNs())
        {
            throw violation("nextExpireTimeNs() " + engine.nextExpireTimeNs() + " but earliest is " +
                walker.minExpireTimeNs);
        }
        walker.verifyLookups();
        bboThisCommand.clear();
    }

    private static AssertionError violation(final String message)
    {
        return new AssertionError("invariant violated: " + message);
    }

    static long[] currentBbo(final MatchingEngine engine, final int instrumentId)
    {
        final long[] bbo = {EngineConstants.NULL_PRICE, 0, EngineConstants.NULL_PRICE, 0};
        final boolean[] first = {true};
        engine.forEachLevel(instrumentId, Side.BUY, (price, totalQuantity, orderCount) ->
        {
            if (first[0])
            {
                bbo[0] = price;
                bbo[1] = totalQuantity;
                first[0] = false;
            }
        });
        first[0] = true;
        engine.forEachLevel(instrumentId, Side.SELL, (price, totalQuantity, orderCount) ->
        {
            if (first[0])
            {
                bbo[2] = price;
                bbo[3] = totalQuantity;
                first[0] = false;
            }
        });
        return bbo;
    }

    private void addShadow(
        final int instrumentId, final long orderId, final Side side, final long price, final long leaves)
    {
        if (shadow.containsKey(orderId))
        {
            throw violation("order " + orderId + " added to the book twice");
        }
        if (leaves <= 0)
        {
            throw violation("order " + orderId + " added with leaves " + leaves);
        }
        final ShadowOrder order = new ShadowOrder(orderId, instrumentId, side, price, leaves, nextSequence++);
        order.index = liveIds.size();
        liveIds.addLong(orderId);
        shadow.put(orderId, order);
    }

    private ShadowOrder shadowOf(final long orderId, final int instrumentId, final Side side, final long price)
    {
        final ShadowOrder order = shadow.get(orderId);
        if (null == order)
        {
            throw violation("book event for order " + orderId + " that is not in the book");
        }
        if (!(order.instrumentId == instrumentId && order.side == side && order.price == price))
        {
            throw violation("book event for order " + orderId + " with a different instrument, side or price");
        }
        return order;
    }

    private void removeShadow(final ShadowOrder order)
    {
        shadow.remove(order.orderId);
        final int lastIndex = liveIds.size() - 1;
        final long lastId = liveIds.getLong(lastIndex);
        liveIds.setLong(order.index, lastId);
        if (lastId != order.orderId)
        {
            shadow.get(lastId).index = order.index;
        }
        liveIds.removeAt(lastIndex);
    }

    private void noFillInProgress(final String event)
    {
        if (fillStage != NO_FILL)
        {
            throw violation(event + " in the middle of a fill (stage " + fillStage + ")");
        }
    }

    public void onOrderAccepted(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        noFillInProgress("onOrderAccepted");
        if (orderId != lastOrderId + 1)
        {
            throw violation("order id " + orderId + " does not follow " + lastOrderId);
        }
        lastOrderId = orderId;
    }

    public void onOrderFilled(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long tradeId,
        final long price,
        final long quantity,
        final long leavesQuantity,
        final long filledQuantity,
        final Liquidity liquidity)
    {
        if (!(quantity > 0 && leavesQuantity >= 0 && filledQuantity >= quantity))
        {
            throw violation("bad fill quantities on order " + orderId);
        }
        if (liquidity == Liquidity.MAKER)
        {
            noFillInProgress("maker fill");
            if (tradeId != lastTradeId + 1)
            {
                throw violation("trade id " + tradeId + " does not follow " + lastTradeId);
            }
            fillStage = MAKER_SEEN;
            fillTradeId = tradeId;
            fillPrice = price;
            fillQuantity = quantity;
            fillMakerOrderId = orderId;
            makerTotal += quantity;
            final ShadowOrder maker = shadow.get(orderId);
            if (null == maker)
            {
                throw violation("maker " + orderId + " is not in the book");
            }
            if (maker.price != price)
            {
                throw violation("maker " + orderId + " filled away from its price");
            }
            if (maker.leaves - quantity != leavesQuantity)
            {
                throw violation("maker " + orderId + " leaves inconsistent");
            }
        }
        else
        {
            if (fillStage != MAKER_SEEN)
            {
                throw violation("taker fill without a maker fill before it");
            }
            if (!(tradeId == fillTradeId && price == fillPrice && quantity == fillQuantity))
            {
                throw violation("taker fill differs from maker fill in trade " + tradeId);
            }
            if (orderId == fillMakerOrderId)
            {
                throw violation("order " + orderId + " traded with itself");
            }
            fillStage = TAKER_SEEN;
            takerTotal += quantity;
        }
    }

    public void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId)
    {
        if (fillStage != TAKER_SEEN)
        {
            throw violation("trade " + tradeId + " without maker and taker fills before it");
        }
        if (!(tradeId == fillTradeId && price == fillPrice && quantity == fillQuantity &&
            makerOrderId == fillMakerOrderId))
        {
            throw violation("trade " + tradeId + " differs from its fills");
        }
        fillStage = TRADE_SEEN;
        tradeTotal += quantity;
        tradeCount++;
        lastTradeId = tradeId;
    }

    public void onBookOrderExecuted(
        final int instrumentId,
        final long orderId,
        final Side side,
        final long price,
        final long executedQuantity,
        final long leavesQuantity,
        final long tradeId)
    {
        if (fillStage != TRADE_SEEN)
        {
            throw violation("book execution of " + orderId + " without a trade before it");
        }
        if (!(tradeId == fillTradeId && orderId == fillMakerOrderId && executedQuantity == fillQuantity &&
            price == fillPrice))
        {
            throw violation("book execution differs from trade " + tradeId);
        }
        fillStage = NO_FILL;
        final ShadowOrder order = shadowOf(orderId, instrumentId, side, price);
        if (order.leaves - executedQuantity != leavesQuantity)
        {
            throw violation("book execution leaves of " + orderId);
        }
        order.leaves = leavesQuantity;
        if (leavesQuantity == 0)
        {
            removeShadow(order);
        }
    }

    public void onBookOrderAdded(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        noFillInProgress("onBookOrderAdded");
        addShadow(instrumentId, orderId, side, price, quantity);
    }

    public void onBookOrderModified(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        noFillInProgress("onBookOrderModified");
        final ShadowOrder order = shadowOf(orderId, instrumentId, side, price);
        if (quantity <= 0)
        {
            throw violation("order " + orderId + " modified to " + quantity);
        }
        if (quantity == order.leaves)
        {
            throw violation("order " + orderId + " modified without a change");
        }
        order.leaves = quantity;
    }

    public void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        noFillInProgress("onBookOrderDeleted");
        final ShadowOrder order = shadowOf(orderId, instrumentId, side, price);
        if (order.leaves != quantity)
        {
            throw violation("order " + orderId + " deleted with " + quantity + " but had " + order.leaves);
        }
        removeShadow(order);
    }

    public void onBestBidOffer(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        noFillInProgress("onBestBidOffer");
        if (!bboThisCommand.add(instrumentId))
        {
            throw violation("two best bid/offer events for " + instrumentId + " in a command");
        }
        final long[] previous = lastBbo.get(instrumentId);
        final long[] now = {bidPrice, bidQuantity, askPrice, askQuantity};
        if (null != previous)
        {
            if (Arrays.equals(previous, now))
            {
                throw violation("best bid/offer event without a change");
            }
        }
        else
        {
            if (Arrays.equals(new long[]{EngineConstants.NULL_PRICE, 0, EngineConstants.NULL_PRICE, 0}, now))
            {
                throw violation("best bid/offer event without a change from the empty book");
            }
        }
        if ((bidPrice == EngineConstants.NULL_PRICE) != (bidQuantity == 0))
        {
            throw violation("bid price and quantity disagree");
        }
        if ((askPrice == EngineConstants.NULL_PRICE) != (askQuantity == 0))
        {
            throw violation("ask price and quantity disagree");
        }
        lastBbo.put(instrumentId, now);
    }

    /**
     * Walks every instrument, level and order once, checking as it goes without allocating per order.
     */
    private final class Walker implements InstrumentVisitor, LevelVisitor, OrderVisitor
    {
        private MatchingEngine engine;
        private final LongArrayList levelPrices = new LongArrayList();
        private final LongArrayList levelTotals = new LongArrayList();
        private final LongArrayList levelCounts = new LongArrayList();
        private final LongArrayList visitedIds = new LongArrayList();
        private final LongArrayList visitedHashes = new LongArrayList();
        private int lastInstrumentId;
        private int instrumentId;
        private long tickSize;
        private long lotSize;
        private Side side;
        private int levelIndex;
        private long levelLeaves;
        private long levelOrders;
        private long lastSequence;
        private long bestBidQuantity;
        private long bestAskQuantity;
        private long orderCount;
        private long minExpireTimeNs;
        private long lookupHash;
        private int lookupCalls;

        void reset(final MatchingEngine engine)
        {
            this.engine = engine;
            lastInstrumentId = Integer.MIN_VALUE;
            orderCount = 0;
            minExpireTimeNs = Long.MAX_VALUE;
            visitedIds.clear();
            visitedHashes.clear();
        }

        public void visit(final int instrumentId, final long tickSize, final long lotSize)
        {
            if (instrumentId <= lastInstrumentId)
            {
                throw violation("instruments not visited in ascending order");
            }
            if (tickSize <= 0 || lotSize <= 0)
            {
                throw violation("instrument " + instrumentId + " has a bad definition");
            }
            lastInstrumentId = instrumentId;
            this.instrumentId = instrumentId;
            this.tickSize = tickSize;
            this.lotSize = lotSize;
            final long bestBid = walkSide(Side.BUY);
            final long bestAsk = walkSide(Side.SELL);
            if (bestBid != engine.bestBid(instrumentId))
            {
                throw violation("bestBid() disagrees with the levels of " + instrumentId);
            }
            if (bestAsk != engine.bestAsk(instrumentId))
            {
                throw violation("bestAsk() disagrees with the levels of " + instrumentId);
            }
            if (bestBid != EngineConstants.NULL_PRICE && bestAsk != EngineConstants.NULL_PRICE && bestBid >= bestAsk)
            {
                throw violation("crossed book at rest on " + instrumentId + ": " + bestBid + " / " + bestAsk);
            }
            final long[] reported = lastBbo.get(instrumentId);
            final long[] current = {
                bestBid,
                levelQuantityOrZero(Side.BUY),
                bestAsk,
                levelQuantityOrZero(Side.SELL)};
            final long[] expected = null == reported ?
                new long[]{EngineConstants.NULL_PRICE, 0, EngineConstants.NULL_PRICE, 0} : reported;
            if (!Arrays.equals(expected, current))
            {
                throw violation("last best bid/offer reported for " + instrumentId + " " + Arrays.toString(expected) +
                    " but the book has " + Arrays.toString(current));
            }
        }

        private long levelQuantityOrZero(final Side side)
        {
            return side == Side.BUY ? bestBidQuantity : bestAskQuantity;
        }

        private long walkSide(final Side side)
        {
            this.side = side;
            levelPrices.clear();
            levelTotals.clear();
            levelCounts.clear();
            engine.forEachLevel(instrumentId, side, this);
            for (int i = 1; i < levelPrices.size(); i++)
            {
                final long previous = levelPrices.getLong(i - 1);
                final long price = levelPrices.getLong(i);
                if (!(side == Side.BUY ? price < previous : price > previous))
                {
                    throw violation("levels out of order on " + instrumentId + " " + side);
                }
            }
            levelIndex = -1;
            levelLeaves = 0;
            levelOrders = 0;
            engine.forEachOrder(instrumentId, side, this);
            closeLevel();
            if (levelIndex != levelPrices.size() - 1)
            {
                throw violation("orders cover " + (levelIndex + 1) + " levels of " + levelPrices.size() + " on " +
                    instrumentId);
            }
            final boolean empty = levelPrices.isEmpty();
            final long bestQuantity = empty ? 0 : levelTotals.getLong(0);
            if (side == Side.BUY)
            {
                bestBidQuantity = bestQuantity;
            }
            else
            {
                bestAskQuantity = bestQuantity;
            }
            return empty ? EngineConstants.NULL_PRICE : levelPrices.getLong(0);
        }

        private void closeLevel()
        {
            if (levelIndex >= 0)
            {
                if (levelLeaves != levelTotals.getLong(levelIndex))
                {
                    throw violation("level " + levelPrices.getLong(levelIndex) + " total " +
                        levelTotals.getLong(levelIndex) + " but its orders hold " + levelLeaves);
                }
                if (levelOrders != levelCounts.getLong(levelIndex))
                {
                    throw violation("level " + levelPrices.getLong(levelIndex) + " count " +
                        levelCounts.getLong(levelIndex) + " but it has " + levelOrders + " orders");
                }
            }
        }

        public void visit(final long price, final long totalQuantity, final int orderCount)
        {
            if (price <= 0 || price % tickSize != 0)
            {
                throw violation("level price " + price + " on " + instrumentId);
            }
            if (totalQuantity <= 0 || orderCount <= 0)
            {
                throw violation("empty level " + price + " on " + instrumentId);
            }
            levelPrices.addLong(price);
            levelTotals.addLong(totalQuantity);
            levelCounts.addLong(orderCount);
        }

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
            if (instrumentId != this.instrumentId || side != this.side)
            {
                throw violation("order " + orderId + " visited in the wrong book");
            }
            if (levelIndex < 0 || price != levelPrices.getLong(levelIndex))
            {
                closeLevel();
                levelIndex++;
                if (levelIndex >= levelPrices.size() || price != levelPrices.getLong(levelIndex))
                {
                    throw violation("order " + orderId + " at " + price + " is not at the next level");
                }
                levelLeaves = 0;
                levelOrders = 0;
                lastSequence = 0;
            }
            final long leaves = quantity - filledQuantity;
            if (filledQuantity < 0 || leaves <= 0)
            {
                throw violation("order " + orderId + " rests with leaves " + leaves);
            }
            if (quantity > EngineConstants.MAX_QUANTITY)
            {
                throw violation("order " + orderId + " quantity too large");
            }
            if (quantity % lotSize != 0 || filledQuantity % lotSize != 0)
            {
                throw violation("order " + orderId + " off lot");
            }
            if (timeInForce != TimeInForce.GTC && timeInForce != TimeInForce.DAY && timeInForce != TimeInForce.GTD)
            {
                throw violation("order " + orderId + " rests with " + timeInForce);
            }
            if ((timeInForce == TimeInForce.GTC) != (expireTimeNs == 0))
            {
                throw violation("order " + orderId + " " + timeInForce + " with expire time " + expireTimeNs);
            }
            if (stpGroup < 0)
            {
                throw violation("order " + orderId + " has STP group " + stpGroup);
            }
            if (expireTimeNs != 0)
            {
                minExpireTimeNs = Math.min(minExpireTimeNs, expireTimeNs);
            }
            final ShadowOrder shadowOrder = shadow.get(orderId);
            if (null == shadowOrder)
            {
                throw violation("order " + orderId + " rests but market data never added it");
            }
            if (!(shadowOrder.leaves == leaves && shadowOrder.price == price && shadowOrder.side == side &&
                shadowOrder.instrumentId == instrumentId))
            {
                throw violation("order " + orderId + " differs from market data: leaves " + leaves + " vs " +
                    shadowOrder.leaves);
            }
            if (shadowOrder.sequence <= lastSequence)
            {
                throw violation("level " + price + " on " + instrumentId + " " + side +
                    " is not in arrival order at order " + orderId);
            }
            lastSequence = shadowOrder.sequence;
            levelLeaves += leaves;
            levelOrders++;
            orderCount++;
            visitedIds.addLong(orderId);
            visitedHashes.addLong(hash(orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly,
                price, quantity, filledQuantity, expireTimeNs, stpGroup));
        }

        void verifyLookups()
        {
            final OrderVisitor lookup = (orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly,
                price, quantity, filledQuantity, expireTimeNs, stpGroup) ->
            {
                lookupCalls++;
                lookupHash = hash(orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly,
                    price, quantity, filledQuantity, expireTimeNs, stpGroup);
            };
            for (int i = 0; i < visitedIds.size(); i++)
            {
                final long orderId = visitedIds.getLong(i);
                lookupCalls = 0;
                if (!engine.lookupOrder(orderId, lookup))
                {
                    throw violation("lookupOrder(" + orderId + ") false for a live order");
                }
                if (lookupCalls != 1)
                {
                    throw violation("lookupOrder(" + orderId + ") visited " + lookupCalls + " times");
                }
                if (lookupHash != visitedHashes.getLong(i))
                {
                    throw violation("lookupOrder(" + orderId + ") differs from the book");
                }
            }
        }
    }

    private static long hash(
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
        long h = StateHash.combine(0, orderId);
        h = StateHash.combine(h, account);
        h = StateHash.combine(h, clientOrderId);
        h = StateHash.combine(h, instrumentId);
        h = StateHash.combine(h, side.value());
        h = StateHash.combine(h, timeInForce.value());
        h = StateHash.combine(h, postOnly ? 1 : 0);
        h = StateHash.combine(h, price);
        h = StateHash.combine(h, quantity);
        h = StateHash.combine(h, filledQuantity);
        h = StateHash.combine(h, expireTimeNs);
        return StateHash.finish(StateHash.combine(h, stpGroup));
    }
}
