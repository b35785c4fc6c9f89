package dev.bourse.client.marketdata;

import dev.bourse.schemas.marketdata.Side;
import dev.bourse.schemas.marketdata.TradingStatus;

/**
 * A read-only view of one instrument's full-depth book and reference data, kept by a
 * {@link MarketDataSubscriber}. Nothing here allocates. The view is live: it changes as the subscriber polls, so
 * read it on the polling thread; it shows a consistent book in {@link MarketDataListener#onEndOfEvent} and
 * whenever {@link #isEventComplete()} is true and the subscriber is not recovering.
 * <p>
 * Price levels are numbered from 0, the best, on each side. Prices and quantities are integers in instrument
 * units; an empty side's price is {@link #NULL_PRICE} and its quantity zero.
 */
public interface BookView
{
    /**
     * The price of an empty side: the int64 null value of the schema.
     */
    long NULL_PRICE = Long.MIN_VALUE;

    /**
     * Receives the orders of a book, one call per order, from {@link #forEachOrder(OrderVisitor)}.
     */
    @FunctionalInterface
    interface OrderVisitor
    {
        /**
         * One resting order.
         *
         * @param orderId  the order id.
         * @param side     BUY or SELL.
         * @param price    the order's price.
         * @param quantity the order's remaining quantity.
         */
        void onOrder(long orderId, Side side, long price, long quantity);
    }

    /**
     * The instrument id.
     *
     * @return the instrument id.
     */
    int instrumentId();

    /**
     * Has an InstrumentDefinition been received for this instrument?
     *
     * @return true once the reference data below is known.
     */
    boolean isDefined();

    /**
     * The instrument's symbol, without padding.
     *
     * @return the symbol, empty until defined.
     */
    String symbol();

    /**
     * The price increment.
     *
     * @return the tick size, 0 until defined.
     */
    long tickSize();

    /**
     * The quantity increment.
     *
     * @return the lot size, 0 until defined.
     */
    long lotSize();

    /**
     * The reference price of the price band.
     *
     * @return the reference price, or {@link #NULL_PRICE} when there is no band.
     */
    long referencePrice();

    /**
     * Half-width of the price band around {@link #referencePrice()}.
     *
     * @return basis points, zero for no band.
     */
    int priceBandBps();

    /**
     * The trading status.
     *
     * @return the status, or NULL_VAL when unknown (or a code this version does not know).
     */
    TradingStatus tradingStatus();

    /**
     * The channel sequence of the last message applied to this book (from the live stream or a snapshot).
     *
     * @return the sequence, 0 if none.
     */
    long lastSequence();

    /**
     * The instrument sequence of the last message applied to this book.
     *
     * @return the instrument sequence, 0 if none.
     */
    long instrumentSequence();

    /**
     * The cluster time of the last event applied to this book.
     *
     * @return nanoseconds since the epoch, 0 if none.
     */
    long lastTransactTimeNs();

    /**
     * Was the last message applied the end of its match event? If not, the book is half way through an event
     * that continues in a later packet.
     *
     * @return true when the book is at an event boundary.
     */
    boolean isEventComplete();

    /**
     * The best bid price.
     *
     * @return the highest bid price, or {@link #NULL_PRICE} when there are no bids.
     */
    long bestBidPrice();

    /**
     * The total quantity at the best bid.
     *
     * @return the quantity, zero when there are no bids.
     */
    long bestBidQuantity();

    /**
     * The best ask price.
     *
     * @return the lowest ask price, or {@link #NULL_PRICE} when there are no asks.
     */
    long bestAskPrice();

    /**
     * The total quantity at the best ask.
     *
     * @return the quantity, zero when there are no asks.
     */
    long bestAskQuantity();

    /**
     * The number of price levels on one side.
     *
     * @param side BUY for bids, SELL for asks.
     * @return the number of levels.
     */
    int levelCount(Side side);

    /**
     * The price of one level.
     *
     * @param side  BUY for bids, SELL for asks.
     * @param level 0 for the best, up to {@code levelCount(side) - 1}.
     * @return the level's price.
     * @throws IndexOutOfBoundsException if there is no such level.
     */
    long levelPrice(Side side, int level);

    /**
     * The total remaining quantity of the orders at one level.
     *
     * @param side  BUY for bids, SELL for asks.
     * @param level 0 for the best, up to {@code levelCount(side) - 1}.
     * @return the level's quantity.
     * @throws IndexOutOfBoundsException if there is no such level.
     */
    long levelQuantity(Side side, int level);

    /**
     * The number of orders at one level.
     *
     * @param side  BUY for bids, SELL for asks.
     * @param level 0 for the best, up to {@code levelCount(side) - 1}.
     * @return the level's order count.
     * @throws IndexOutOfBoundsException if there is no such level.
     */
    int levelOrderCount(Side side, int level);

    /**
     * The number of resting orders, both sides.
     *
     * @return the order count.
     */
    int orderCount();

    /**
     * Visit every resting order: bids then asks, each side best price first and in time priority within a level.
     *
     * @param visitor receives each order; pass a cached instance to avoid allocation.
     * @return the number of orders visited.
     */
    int forEachOrder(OrderVisitor visitor);

    /**
     * Visit the orders of one level in time priority.
     *
     * @param side    BUY for bids, SELL for asks.
     * @param level   0 for the best, up to {@code levelCount(side) - 1}.
     * @param visitor receives each order.
     * @return the number of orders visited.
     * @throws IndexOutOfBoundsException if there is no such level.
     */
    int forEachOrder(Side side, int level, OrderVisitor visitor);

    /**
     * The {@link BookHash} of the book as it is now.
     *
     * @return the hash.
     */
    long bookHash();
}
