package dev.bourse.client.marketdata;

import dev.bourse.schemas.marketdata.Side;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.marketdata.TradingStatusReason;

/**
 * Receives what a {@link MarketDataSubscriber} learns from the feed. Every method has a no-op default: implement
 * the ones you need.
 * <p>
 * Callbacks run on the thread that calls {@link MarketDataSubscriber#poll()} and must not block. Arguments are
 * primitives, enums and the instrument's {@link BookView}, a live view that allocates nothing; the subscriber
 * allocates nothing to deliver messages. An unknown enum code reads as that enum's {@code NULL_VAL}.
 * <p>
 * Per-message callbacks ({@link #onOrderUpdate}, {@link #onTrade}, {@link #onTradingStatus}) see the book with
 * the message applied but possibly half way through its match event; {@link #onEndOfEvent} sees it consistent.
 * While the subscriber recovers, nothing but {@link #onInstrument} is called until the buffered live messages
 * are replayed, which then arrive through the usual callbacks before {@link #onRecoveryFinished}.
 */
public interface MarketDataListener
{
    /**
     * An instrument was defined or its definition changed, live or from the snapshot loop during a recovery.
     *
     * @param book     the instrument's book, with its reference data.
     * @param recovery true when the definition came from the snapshot loop.
     */
    default void onInstrument(final BookView book, final boolean recovery)
    {
    }

    /**
     * The instrument's trading status changed.
     *
     * @param book     the instrument's book.
     * @param status   the new status.
     * @param reason   why it changed.
     * @param sequence the channel sequence of the message.
     */
    default void onTradingStatus(
        final BookView book, final TradingStatus status, final TradingStatusReason reason, final long sequence)
    {
    }

    /**
     * One resting order changed; the book has the change applied.
     *
     * @param book     the instrument's book.
     * @param update   what happened to the order.
     * @param orderId  the order id.
     * @param side     BUY or SELL.
     * @param price    the order's price.
     * @param quantity the order's remaining quantity after the change, zero when it left the book.
     * @param sequence the channel sequence of the message.
     */
    default void onOrderUpdate(
        final BookView book,
        final OrderUpdate update,
        final long orderId,
        final Side side,
        final long price,
        final long quantity,
        final long sequence)
    {
    }

    /**
     * A trade between a resting (maker) and an aggressing (taker) order.
     *
     * @param book           the instrument's book.
     * @param tradeId        the trade id.
     * @param price          the trade price.
     * @param quantity       the traded quantity.
     * @param aggressorSide  the side of the taker.
     * @param makerOrderId   the resting order.
     * @param takerOrderId   the aggressing order.
     * @param transactTimeNs cluster time of the event.
     * @param sequence       the channel sequence of the message.
     */
    default void onTrade(
        final BookView book,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId,
        final long transactTimeNs,
        final long sequence)
    {
    }

    /**
     * The last message of a match event was applied: the book is consistent. Called once per event, live or
     * replayed after a recovery.
     *
     * @param instrumentId the instrument.
     * @param book         the instrument's book, consistent.
     * @param sequence     the channel sequence of the event's last message.
     */
    default void onEndOfEvent(final int instrumentId, final BookView book, final long sequence)
    {
    }

    /**
     * The subscriber started rebuilding its books from the snapshot stream; until {@link #onRecoveryFinished} the
     * books are not to be trusted and live messages are buffered.
     *
     * @param reason why.
     */
    default void onRecoveryStarted(final RecoveryReason reason)
    {
    }

    /**
     * The books are rebuilt and the buffered messages replayed; the subscriber follows the live stream again.
     *
     * @param sequence the last channel sequence applied.
     */
    default void onRecoveryFinished(final long sequence)
    {
    }

    /**
     * Neither data nor a heartbeat arrived within the stale-feed timeout; a recovery follows.
     *
     * @param silentNs how long the feed has been silent.
     */
    default void onStale(final long silentNs)
    {
    }
}
