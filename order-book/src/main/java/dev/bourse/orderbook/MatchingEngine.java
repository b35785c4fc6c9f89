package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * A multi-instrument, price-time-priority matching engine: single-threaded, deterministic, with time passed in.
 * <p>
 * Two implementations keep this contract event for event: {@link ReferenceMatchingEngine}, simple and obviously
 * right, and {@link FastMatchingEngine}, which allocates nothing in steady state. Everything an implementation
 * does is observable through its {@link EngineListener}, the return codes and the read-only visitors, and both
 * must produce the same calls in the same order for the same commands.
 *
 * <h2>Commands</h2>
 * Every command that carries {@code nowNs} first expires the orders whose expire time is {@code <= nowNs}
 * (exactly as {@link #expireOrders(long)} does, with the same events), so an expired order never trades; only
 * then does it validate its arguments. Validation happens before any other change: a rejected command emits
 * exactly one reject event and changes nothing else. Accepted commands return {@link RejectReason#NONE}.
 *
 * <h2>Validation order of {@link #placeOrder} (the first failing check wins)</h2>
 * <ol>
 *     <li>unknown instrument: {@code UNKNOWN_INSTRUMENT}</li>
 *     <li>side not BUY or SELL: {@code INVALID_SIDE}</li>
 *     <li>order type not LIMIT or MARKET: {@code INVALID_ORDER_TYPE}</li>
 *     <li>time in force not one of GTC, IOC, FOK, DAY, GTD: {@code INVALID_TIME_IN_FORCE}</li>
 *     <li>quantity {@code <= 0}: {@code INVALID_QUANTITY}; above {@link EngineConstants#MAX_QUANTITY}:
 *     {@code QUANTITY_TOO_LARGE}; not a multiple of the lot size: {@code QUANTITY_NOT_LOT_MULTIPLE}</li>
 *     <li>LIMIT: price {@code <= 0} or above {@link EngineConstants#MAX_PRICE}: {@code INVALID_PRICE}; not a
 *     multiple of the tick size: {@code PRICE_NOT_TICK_MULTIPLE}.
 *     MARKET: price not 0: {@code INVALID_PRICE}; time in force not IOC or FOK: {@code INVALID_TIME_IN_FORCE}</li>
 *     <li>a protection price (see the protection-price overload of placeOrder) other than
 *     {@link EngineConstants#NULL_PRICE} on a LIMIT order, or {@code <= 0}, or above {@link EngineConstants#MAX_PRICE}:
 *     {@code INVALID_PRICE}</li>
 *     <li>post-only on a MARKET order or with IOC or FOK: {@code POST_ONLY_NOT_ALLOWED}</li>
 *     <li>GTD with {@code expireTimeNs <= nowNs}: {@code EXPIRE_TIME_IN_PAST}; any other time in force with
 *     {@code expireTimeNs != 0}: {@code INVALID_EXPIRE_TIME}</li>
 *     <li>MARKET with an empty opposite side: {@code NO_LIQUIDITY}</li>
 *     <li>post-only that would cross (buy price {@code >=} best ask, sell price {@code <=} best bid):
 *     {@code POST_ONLY_WOULD_CROSS}</li>
 * </ol>
 * All but the last two are structural: {@link #checkOrder} runs exactly those, without side effects, so that a layer
 * in front of the engine (pre-trade risk) can put its own checks between them and the book-dependent ones.
 *
 * <h2>Placing an order (events in this order)</h2>
 * <ol>
 *     <li>{@link EngineListener#onOrderAccepted}: the order id is the next value of the order id counter
 *     (starting at 1; rejected orders consume no id). DAY orders get the expire time
 *     {@link EngineConstants#dayEnd(long, long)} of {@code nowNs}; GTD orders keep theirs; others 0.</li>
 *     <li>FOK: if the quantity that could match (see below) is less than the order quantity,
 *     {@link EngineListener#onOrderCancelled} with {@code FOK_UNFILLED} and the whole quantity; nothing else
 *     happens. The quantity that could match walks the opposite side in priority order while the level price
 *     crosses the limit (for a market order every level, or with a protection price the levels that cross it):
 *     an order of the same STP party (see below) is
 *     skipped when the aggressor's account mode is CANCEL_RESTING, ends the walk under the other modes, and
 *     counts normally under NONE.</li>
 *     <li>Matching against the opposite side in priority order (best price, then time) while the aggressor has
 *     leaves quantity and the best opposite price crosses (buy: ask {@code <=} limit; sell: bid {@code >=} limit;
 *     market: always, or with a protection price as if it were the limit). Each fill trades at the resting order's
 *     price for {@code min(leaves, resting leaves)}
 *     and emits, in order: {@link EngineListener#onOrderFilled} for the maker (MAKER), then for the taker
 *     (TAKER), then {@link EngineListener#onTrade}, then {@link EngineListener#onBookOrderExecuted} for the
 *     maker (a maker left with 0 leaves is removed from the book; there is no separate delete event).
 *     Trade ids come from a counter starting at 1.</li>
 *     <li>Self-trade prevention, before filling against a resting order of the same STP party (same account,
 *     or both orders carry the same non-zero STP group), under the aggressor account's {@link StpMode}:
 *     <ul>
 *         <li>NONE: trade normally.</li>
 *         <li>CANCEL_RESTING: cancel the resting order (onOrderCancelled SELF_TRADE_PREVENTION with its leaves,
 *         then onBookOrderDeleted) and keep matching.</li>
 *         <li>CANCEL_AGGRESSING: stop matching; the aggressor's remainder is cancelled (below).</li>
 *         <li>CANCEL_BOTH: cancel the resting order as for CANCEL_RESTING, then stop as for CANCEL_AGGRESSING.</li>
 *         <li>DECREMENT_AND_CANCEL: let {@code d = min(aggressor leaves, resting leaves)}. The resting order:
 *         if its leaves equal {@code d}, cancelled as for CANCEL_RESTING; otherwise its quantity and leaves
 *         drop by {@code d}: {@link EngineListener#onOrderRestated} then {@link EngineListener#onBookOrderModified}
 *         (it keeps its place). Then the aggressor: if its leaves equal {@code d}, it is cancelled with
 *         SELF_TRADE_PREVENTION for {@code d} and matching ends; otherwise its quantity and leaves drop by
 *         {@code d} ({@code onOrderRestated}) and matching goes on.</li>
 *     </ul></li>
 *     <li>The remainder: a MARKET or IOC order, or an order stopped by STP, that still has leaves quantity is
 *     cancelled: onOrderCancelled with {@code IOC_REMAINDER} (market, IOC), {@code PRICE_BAND} (a market order
 *     stopped by an opposite level beyond its protection price) or {@code SELF_TRADE_PREVENTION} (stopped by STP;
 *     this reason wins). A GTC, DAY or GTD limit order with leaves rests at the back of its
 *     price level: {@link EngineListener#onBookOrderAdded} with its leaves.</li>
 *     <li>Best bid and offer: see below.</li>
 * </ol>
 *
 * <h2>Cancel, replace, mass cancel, expiry</h2>
 * <ul>
 *     <li>{@link #cancelOrder}: the order must be live and belong to the account, else {@code UNKNOWN_ORDER}
 *     through {@link EngineListener#onCancelRejected}. Emits onOrderCancelled (CLIENT_REQUEST, leaves) then
 *     onBookOrderDeleted.</li>
 *     <li>{@link #replaceOrder}: checks in order (all but the last are structural, see {@link #checkReplace}):
 *     live and owned ({@code UNKNOWN_ORDER}); quantity {@code <= 0}
 *     ({@code INVALID_QUANTITY}), above max ({@code QUANTITY_TOO_LARGE}), off-lot
 *     ({@code QUANTITY_NOT_LOT_MULTIPLE}); price {@code <= 0} or above max ({@code INVALID_PRICE}), off-tick
 *     ({@code PRICE_NOT_TICK_MULTIPLE}); new quantity {@code <=} filled quantity
 *     ({@code REPLACE_QUANTITY_TOO_LOW}); a post-only order whose new price would cross
 *     ({@code POST_ONLY_WOULD_CROSS}). Rejects go to {@link EngineListener#onReplaceRejected}. The new quantity
 *     is the new total; leaves become {@code quantity - filled}. Priority is kept when the price is unchanged
 *     and the quantity does not go up: {@link EngineListener#onOrderReplaced} (priorityKept true), then
 *     onBookOrderModified if the leaves changed. Otherwise the order leaves the book and re-enters as a taker
 *     at the back of the queue: onOrderReplaced (priorityKept false), onBookOrderDeleted, then matching with
 *     STP exactly as for a new order, then onBookOrderAdded for a remainder (a remainder stopped by STP is
 *     cancelled). The order keeps its order id, side, time in force and expire time and takes the new
 *     client order id.</li>
 *     <li>{@link #massCancel}: instrument 0 means every instrument, otherwise it must exist
 *     ({@code UNKNOWN_INSTRUMENT}); side {@code NULL_VAL} means both. Cancels the account's matching live
 *     orders in order id order (onOrderCancelled with the given reason, then onBookOrderDeleted for each),
 *     then {@link EngineListener#onMassCancelCompleted}. An overload restricts it to one time in force (cancel on
 *     disconnect: DAY orders). A reject is reported through onMassCancelCompleted
 *     with the reason and a count of 0.</li>
 *     <li>{@link #expireOrders}: cancels every live DAY or GTD order whose expire time is {@code <= nowNs}, in
 *     order of (expire time, order id): onOrderCancelled (EXPIRED) then onBookOrderDeleted. GTC orders never
 *     expire.</li>
 *     <li>Null arguments: a null enum is treated as its {@code NULL_VAL} (a null side or order type is invalid; a
 *     null mass-cancel side means both and is reported as {@code NULL_VAL}). No command method throws.</li>
 * </ul>
 *
 * <h2>Best bid and offer</h2>
 * At the end of every command, for each instrument whose book the command touched (in the order first
 * touched), if its (best bid price, quantity at best bid, best ask price, quantity at best ask) differs from
 * the value at the start of the command, {@link EngineListener#onBestBidOffer} reports the new value. An empty
 * side is {@link EngineConstants#NULL_PRICE} with quantity 0. Expiries run at the start of a command belong to
 * that command.
 */
public interface MatchingEngine
{
    /**
     * Define an instrument with its own empty book.
     *
     * @param instrumentId positive id, not yet defined ({@code INSTRUMENT_ALREADY_DEFINED}).
     * @param tickSize     positive price increment.
     * @param lotSize      positive quantity increment.
     * @return NONE, INSTRUMENT_ALREADY_DEFINED or INVALID_INSTRUMENT_DEFINITION (id, tick or lot not positive).
     */
    RejectReason addInstrument(int instrumentId, long tickSize, long lotSize);

    /**
     * Set an account's self-trade prevention, which applies to orders it enters from now on (the STP group is
     * stamped on each order at entry; the mode is the aggressor account's at matching time).
     *
     * @param account  the account.
     * @param mode     the mode, never NULL_VAL ({@code INVALID_STP_MODE}).
     * @param stpGroup 0 for none, or a positive group shared by accounts that must not trade with each other.
     * @return NONE or INVALID_STP_MODE (null mode or negative group).
     */
    RejectReason setAccountStp(long account, StpMode mode, long stpGroup);

    /**
     * Enter a new order. See the class documentation for validation and events.
     *
     * @param nowNs         cluster time in nanoseconds.
     * @param account       owning account.
     * @param clientOrderId the client's id, reported back on every event of this order.
     * @param instrumentId  instrument.
     * @param side          BUY or SELL.
     * @param orderType     LIMIT or MARKET.
     * @param timeInForce   GTC, IOC, FOK, DAY or GTD.
     * @param postOnly      reject rather than take liquidity.
     * @param price         limit price; 0 for market orders.
     * @param quantity      quantity.
     * @param expireTimeNs  GTD expire time; 0 otherwise.
     * @return NONE when accepted, otherwise the reject reason (also sent to onOrderRejected).
     */
    RejectReason placeOrder(
        long nowNs,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        OrderType orderType,
        TimeInForce timeInForce,
        boolean postOnly,
        long price,
        long quantity,
        long expireTimeNs);

    /**
     * Enter a new order with a protection price: exactly {@link #placeOrder(long, long, long, int, Side, OrderType,
     * TimeInForce, boolean, long, long, long)} when {@code protectionPrice} is {@link EngineConstants#NULL_PRICE}.
     * Otherwise the order must be a MARKET order (a LIMIT order with a protection price is {@code INVALID_PRICE},
     * checked after the price checks; so is a protection price {@code <= 0} or above
     * {@link EngineConstants#MAX_PRICE}), and it never trades beyond the protection price: matching stops at the
     * first opposite level priced above it (buy) or below it (sell), and the remainder is cancelled with
     * {@code PRICE_BAND} when such a level stopped it ({@code SELF_TRADE_PREVENTION} still wins;
     * {@code IOC_REMAINDER} when the opposite side simply ran out). A FOK order counts only the liquidity within
     * the protection price. {@code NO_LIQUIDITY} still means an empty opposite side: a market order whose whole
     * opposite side lies beyond its protection price is accepted and cancelled with {@code PRICE_BAND}.
     *
     * @param nowNs           cluster time in nanoseconds.
     * @param account         owning account.
     * @param clientOrderId   the client's id, reported back on every event of this order.
     * @param instrumentId    instrument.
     * @param side            BUY or SELL.
     * @param orderType       LIMIT or MARKET.
     * @param timeInForce     GTC, IOC, FOK, DAY or GTD.
     * @param postOnly        reject rather than take liquidity.
     * @param price           limit price; 0 for market orders.
     * @param quantity        quantity.
     * @param expireTimeNs    GTD expire time; 0 otherwise.
     * @param protectionPrice worst price a market order may trade at, or {@link EngineConstants#NULL_PRICE}.
     * @return NONE when accepted, otherwise the reject reason (also sent to onOrderRejected).
     */
    RejectReason placeOrder(
        long nowNs,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        OrderType orderType,
        TimeInForce timeInForce,
        boolean postOnly,
        long price,
        long quantity,
        long expireTimeNs,
        long protectionPrice);

    /**
     * The structural checks of {@link #placeOrder(long, long, long, int, Side, OrderType, TimeInForce, boolean,
     * long, long, long, long)}, side-effect free: every check of the validation order in the class documentation
     * except the two that depend on the book ({@code NO_LIQUIDITY}, {@code POST_ONLY_WOULD_CROSS}), plus the
     * protection price check. {@code placeOrder} runs exactly these checks first. It expires nothing and emits
     * nothing.
     *
     * @param nowNs           cluster time in nanoseconds (for {@code EXPIRE_TIME_IN_PAST}).
     * @param account         owning account (not checked; any account may trade).
     * @param instrumentId    instrument.
     * @param side            BUY or SELL.
     * @param orderType       LIMIT or MARKET.
     * @param timeInForce     GTC, IOC, FOK, DAY or GTD.
     * @param postOnly        post-only flag.
     * @param price           limit price; 0 for market orders.
     * @param quantity        quantity.
     * @param expireTimeNs    GTD expire time; 0 otherwise.
     * @param protectionPrice protection price or {@link EngineConstants#NULL_PRICE}.
     * @return NONE or the first failing structural check.
     */
    RejectReason checkOrder(
        long nowNs,
        long account,
        int instrumentId,
        Side side,
        OrderType orderType,
        TimeInForce timeInForce,
        boolean postOnly,
        long price,
        long quantity,
        long expireTimeNs,
        long protectionPrice);

    /**
     * The structural checks of {@link #replaceOrder}, side-effect free, on the current state (it expires nothing):
     * {@code UNKNOWN_ORDER}, the quantity and price checks and {@code REPLACE_QUANTITY_TOO_LOW}, in the order of
     * the class documentation; not the book-dependent {@code POST_ONLY_WOULD_CROSS}. {@code replaceOrder} runs
     * exactly these checks first.
     *
     * @param account     the account that must own the order.
     * @param orderId     the engine's order id.
     * @param newPrice    new limit price.
     * @param newQuantity new total quantity.
     * @return NONE or the first failing structural check.
     */
    RejectReason checkReplace(long account, long orderId, long newPrice, long newQuantity);

    /**
     * Cancel a live order of the account.
     *
     * @param nowNs   cluster time in nanoseconds.
     * @param account the account that must own the order.
     * @param orderId the engine's order id.
     * @return NONE or UNKNOWN_ORDER.
     */
    RejectReason cancelOrder(long nowNs, long account, long orderId);

    /**
     * Cancel/replace a live order of the account. See the class documentation for the priority rule.
     *
     * @param nowNs            cluster time in nanoseconds.
     * @param account          the account that must own the order.
     * @param orderId          the engine's order id.
     * @param newClientOrderId the order's client order id from now on.
     * @param newPrice         new limit price.
     * @param newQuantity      new total quantity, including what has already filled.
     * @return NONE or the reject reason.
     */
    RejectReason replaceOrder(
        long nowNs, long account, long orderId, long newClientOrderId, long newPrice, long newQuantity);

    /**
     * Cancel all of an account's live orders, optionally for one instrument and one side.
     *
     * @param nowNs        cluster time in nanoseconds.
     * @param account      the account.
     * @param instrumentId {@link EngineConstants#ANY_INSTRUMENT} or an instrument id.
     * @param side         BUY, SELL, or NULL_VAL for both.
     * @param reason       reported on each cancel (MASS_CANCEL, KILL_SWITCH, DISCONNECT, ADMIN, ...).
     * @return NONE or UNKNOWN_INSTRUMENT.
     */
    RejectReason massCancel(long nowNs, long account, int instrumentId, Side side, CancelReason reason);

    /**
     * Cancel all of an account's live orders of one time in force, optionally for one instrument and one side:
     * exactly {@link #massCancel(long, long, int, Side, CancelReason)} restricted to the live orders whose time in
     * force is {@code timeInForce} ({@code NULL_VAL} or null: every order). Used for cancel-on-disconnect
     * (DAY orders, {@code DISCONNECT}). Ends with onMassCancelCompleted like any mass cancel.
     *
     * @param nowNs        cluster time in nanoseconds.
     * @param account      the account.
     * @param instrumentId {@link EngineConstants#ANY_INSTRUMENT} or an instrument id.
     * @param side         BUY, SELL, or NULL_VAL for both.
     * @param reason       reported on each cancel.
     * @param timeInForce  GTC, DAY or GTD to cancel only those orders; NULL_VAL for all.
     * @return NONE or UNKNOWN_INSTRUMENT.
     */
    RejectReason massCancel(
        long nowNs, long account, int instrumentId, Side side, CancelReason reason, TimeInForce timeInForce);

    /**
     * Cancel every live order whose expire time has come.
     *
     * @param nowNs cluster time in nanoseconds.
     * @return how many orders expired.
     */
    int expireOrders(long nowNs);

    /**
     * The earliest expire time among live orders, for scheduling a timer.
     *
     * @return the time in nanoseconds, or {@link Long#MAX_VALUE} when no live order expires.
     */
    long nextExpireTimeNs();

    /**
     * The next order id the engine will assign.
     *
     * @return the counter value.
     */
    long nextOrderId();

    /**
     * The next trade id the engine will assign.
     *
     * @return the counter value.
     */
    long nextTradeId();

    /**
     * Time of day, in nanoseconds after UTC midnight, at which DAY orders expire.
     *
     * @return the offset.
     */
    long dayEndOffsetNs();

    /**
     * Number of live (resting) orders over all instruments.
     *
     * @return the count.
     */
    long orderCount();

    /**
     * Best bid of an instrument.
     *
     * @param instrumentId instrument.
     * @return the price, or {@link EngineConstants#NULL_PRICE} when there is none or the instrument is unknown.
     */
    long bestBid(int instrumentId);

    /**
     * Best ask of an instrument.
     *
     * @param instrumentId instrument.
     * @return the price, or {@link EngineConstants#NULL_PRICE} when there is none or the instrument is unknown.
     */
    long bestAsk(int instrumentId);

    /**
     * Look up a live order.
     *
     * @param orderId the order id.
     * @param visitor called once if the order is live.
     * @return true if the order is live.
     */
    boolean lookupOrder(long orderId, OrderVisitor visitor);

    /**
     * Visit every instrument in ascending id order.
     *
     * @param visitor the visitor.
     */
    void forEachInstrument(InstrumentVisitor visitor);

    /**
     * Visit every account with STP settings in ascending account order.
     *
     * @param visitor the visitor.
     */
    void forEachAccount(AccountVisitor visitor);

    /**
     * Visit the resting orders of one side of a book in priority order: best price first, then time.
     *
     * @param instrumentId instrument.
     * @param side         BUY for bids, SELL for asks.
     * @param visitor      the visitor.
     */
    void forEachOrder(int instrumentId, Side side, OrderVisitor visitor);

    /**
     * Visit the price levels of one side of a book, best first.
     *
     * @param instrumentId instrument.
     * @param side         BUY for bids, SELL for asks.
     * @param visitor      the visitor.
     */
    void forEachLevel(int instrumentId, Side side, LevelVisitor visitor);

    /**
     * The 64-bit hash of the whole state, the same on every implementation for the same state.
     *
     * @return the hash, as {@link StateHash#of(MatchingEngine)} computes it.
     */
    default long stateHash()
    {
        return StateHash.of(this);
    }

    /**
     * Check any part of the state hash an implementation keeps as a running sum against a walk of the state, and
     * set it to the walk's value if a change missed it. The snapshot writer hashes the orders it writes and calls
     * this only when that disagrees with {@link #stateHash()}; a checkpoint never walks the state.
     *
     * @return whether the running parts were right (true when there are none).
     */
    default boolean verifyStateHash()
    {
        return true;
    }

    /**
     * Restore: set the counters and the DAY expiry offset. Only on an empty engine, before any order is restored.
     *
     * @param nextOrderId    next order id.
     * @param nextTradeId    next trade id.
     * @param dayEndOffsetNs DAY expiry offset.
     */
    void restoreCounters(long nextOrderId, long nextTradeId, long dayEndOffsetNs);

    /**
     * Restore: append a resting order at the back of its price level, emitting no events. Orders must be
     * restored in priority order per side (as {@link #forEachOrder} visits them).
     *
     * @param orderId        order id.
     * @param account        account.
     * @param clientOrderId  client order id.
     * @param instrumentId   a defined instrument.
     * @param side           side.
     * @param timeInForce    GTC, DAY or GTD.
     * @param postOnly       post-only flag.
     * @param price          price.
     * @param quantity       total quantity.
     * @param filledQuantity filled quantity, below the quantity.
     * @param expireTimeNs   expire time or 0.
     * @param stpGroup       STP group stamped at entry.
     * @throws IllegalStateException if the record is inconsistent or the order id is already live.
     */
    void restoreOrder(
        long orderId,
        long account,
        long clientOrderId,
        int instrumentId,
        Side side,
        TimeInForce timeInForce,
        boolean postOnly,
        long price,
        long quantity,
        long filledQuantity,
        long expireTimeNs,
        long stpGroup);
}
