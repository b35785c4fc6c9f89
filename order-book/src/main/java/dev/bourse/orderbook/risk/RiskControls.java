package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineConstants;
import dev.bourse.orderbook.EngineSnapshotWriter;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.StpMode;
import org.agrona.DirectBuffer;

/**
 * Pre-trade risk and trading controls: what the cluster service calls besides {@link MatchingEngine}. The
 * implementation, {@link RiskCheckedEngine}, wraps a matching engine, checks every new order and replace before the
 * engine sees it, and follows every engine event to keep usage (open orders, positions, credit) exact. Everything
 * is deterministic (cluster time only, primitive maps, id-ordered iteration where order reaches output, hash or
 * snapshot) and allocation-free in steady state.
 *
 * <h2>Limits</h2>
 * A limit argument equal to {@link #NO_LIMIT} (int64 limits) or {@link #NO_LIMIT_32} (int32 limits) means "no
 * limit"; these are the SBE null values of the admin schema's {@code Limit64} and {@code Limit32}, so decoded
 * fields can be passed through unchanged. Any other value is a ceiling and must be {@code >= 0}: 0 allows nothing.
 * Products (price x quantity) saturate at {@link Long#MAX_VALUE} instead of overflowing; a saturated product
 * exceeds any limit.
 *
 * <h2>Trading status (market-data {@link TradingStatus} codes: PRE_OPEN 1, OPEN 2, HALTED 3, CLOSED 4)</h2>
 * <ul>
 *     <li>OPEN: everything is allowed.</li>
 *     <li>PRE_OPEN: only passive LIMIT orders (GTC, DAY, GTD; not MARKET, IOC or FOK) whose price does not cross
 *     the opposite best (buy: price {@code <} best ask; sell: price {@code >} best bid; an empty opposite side never
 *     crosses), and replaces to a price that does not cross; cancels and mass cancels are allowed; anything else
 *     is {@code INSTRUMENT_PRE_OPEN}. Nothing can match during PRE_OPEN.</li>
 *     <li>HALTED: cancels and mass cancels only; new orders and replaces are {@code INSTRUMENT_HALTED}.</li>
 *     <li>CLOSED: as HALTED, with {@code INSTRUMENT_CLOSED}.</li>
 * </ul>
 * Any status may change to any other. An instrument defined through {@link MatchingEngine#addInstrument} is OPEN
 * with no controls.
 *
 * <h2>Price band</h2>
 * The band has the half-width {@code priceBandBps} (0 = no band) around the reference price: the price of the
 * last trade on the instrument, or the reference price set by {@link #defineInstrument}/{@link #updateInstrument}
 * while the instrument has never traded (no reference price and no trade = no band). Once the instrument has
 * traded, the last trade price is the reference, whatever reference price is set later. With {@code ref} the
 * reference and {@code tick} the tick size:
 * {@code low = ceilToTick(ref * (10000 - bps) / 10000)} (at least one tick) and
 * {@code high = floorToTick(ref * (10000 + bps) / 10000)}, computed exactly without overflow. A LIMIT order or a
 * replace priced outside {@code [low, high]} is {@code PRICE_OUTSIDE_BAND}. A MARKET order gets the protection
 * price {@code high} (buy) or {@code low} (sell) and never trades beyond it: see the protection-price overload of
 * {@link MatchingEngine#placeOrder(long, long, long, int, dev.bourse.schemas.orderentry.Side,
 * dev.bourse.schemas.orderentry.OrderType, dev.bourse.schemas.orderentry.TimeInForce, boolean, long, long, long,
 * long)} (remainder cancelled with {@code PRICE_BAND}).
 *
 * <h2>Order limits (per instrument)</h2>
 * Max order quantity: {@code quantity > maxOrderQuantity} is {@code MAX_ORDER_QUANTITY_EXCEEDED}. Max order
 * notional: {@code reservePrice * quantity > maxOrderNotional} is {@code MAX_ORDER_NOTIONAL_EXCEEDED}. For a replace
 * both use the new total quantity and the new price.
 *
 * <h2>Reserve price</h2>
 * The price at which an order is counted against credit and notional limits: the limit price of a LIMIT order;
 * for a MARKET order its protection price when the instrument has a band, otherwise the price of the deepest
 * opposite level the order would reach walking the book in price order by quantity (the last level when the side
 * holds less than the quantity; none when the side is empty, and then the notional and credit checks pass and the
 * engine rejects the order with {@code NO_LIQUIDITY}). A resting order's reserve price is always its price.
 *
 * <h2>Account limits and usage</h2>
 * Usage is tracked for every account that has ever had an order, whether or not it has limits, so that limits set
 * later apply to the true usage:
 * <ul>
 *     <li>open orders: the account's live orders (an aggressor counts while its command runs).</li>
 *     <li>per instrument: {@code position} (signed, fills: buy +, sell -), {@code openBuy} and {@code openSell}
 *     (sums of the leaves quantity of the account's live orders on each side), and {@code netNotional} (signed:
 *     each fill of quantity {@code q} of an order with reserve price {@code r} adds {@code r*q} for a buy and
 *     subtracts it for a sell).</li>
 *     <li>{@code creditUsed = sum over live orders of reservePrice * leaves + sum over instruments of
 *     |netNotional|}. A fill moves {@code r*q} from the open part to the net notional, so usage never rises on a
 *     fill; cancels, expiries and restatements lower it.</li>
 * </ul>
 * Checks of a new order of quantity {@code qty}:
 * <ul>
 *     <li>max open orders: {@code openOrders + 1 > maxOpenOrders} is {@code MAX_OPEN_ORDERS_EXCEEDED}.</li>
 *     <li>buy: {@code position + openBuy + qty > maxLongPosition} is {@code MAX_LONG_POSITION_EXCEEDED};
 *     sell: {@code openSell + qty - position > maxShortPosition} is {@code MAX_SHORT_POSITION_EXCEEDED}.</li>
 *     <li>{@code creditUsed + reservePrice * qty > creditLimit} is {@code CREDIT_LIMIT_EXCEEDED}. Whatever the
 *     limit, usage must stay representable: an entry that would take {@code creditUsed} above
 *     {@link Long#MAX_VALUE} is {@code CREDIT_LIMIT_EXCEEDED} even for an account without a credit limit.</li>
 * </ul>
 * A replace is checked with the replaced order's contribution removed and the replacement's added: position and
 * credit use its new leaves ({@code newQuantity - filled}) and new price; max open orders does not apply (a replace
 * does not add an order). Lowering a limit below current usage cancels nothing; it only refuses what would add to
 * usage beyond it.
 *
 * <h2>Kill switch</h2>
 * {@link #killSwitch} engage mass-cancels all the account's live orders with {@code CancelReason.KILL_SWITCH} in
 * order id order (one engine mass cancel, ending with onMassCancelCompleted) and, until released, refuses new
 * orders and replaces with {@code KILL_SWITCH_ACTIVE}; cancels and mass cancels still pass. Engaging an engaged
 * switch cancels again (normally nothing); releasing a released one does nothing.
 *
 * <h2>Throttle</h2>
 * The service calls {@link #checkThrottle} once for every order-entry message an account sends (new order, cancel,
 * replace, mass cancel, status request), before anything else, including messages that are then rejected. The
 * window is the last second of cluster time, {@code (nowNs - 1s, nowNs]}, and counts the message being checked.
 * More than {@code throttleRejectPerSecond} messages in the window: {@link ThrottleDecision#REJECT} (the service
 * answers {@code THROTTLE_EXCEEDED} and does not apply the message); more than
 * {@code throttleDisconnectPerSecond}: {@link ThrottleDecision#DISCONNECT} (rejected as well, and the service closes
 * the session). Each account with a throttle keeps a ring of the last {@code max(thresholds) + 1} message times,
 * sized when the limits are set, so a check is exact, O(1) and allocation-free. Thresholds above
 * {@link #MAX_THROTTLE_PER_SECOND} are refused. An account without a throttle records nothing; when its throttle
 * is set the window keeps the most recent message times that fit the new ring.
 *
 * <h2>Cancel on disconnect and self-trade prevention</h2>
 * {@link #setAccountLimits} stores the cancel-on-disconnect flag (read by the service with
 * {@link #isCancelOnDisconnect}; it then calls {@link #cancelDayOrders}) and passes the STP mode and group to
 * {@link MatchingEngine#setAccountStp}.
 *
 * <h2>Reject precedence of a new order (the first failing check wins)</h2>
 * <ol>
 *     <li>the engine's structural validation ({@link MatchingEngine#checkOrder})</li>
 *     <li>{@code KILL_SWITCH_ACTIVE}</li>
 *     <li>trading status: {@code INSTRUMENT_HALTED}, {@code INSTRUMENT_CLOSED}, {@code INSTRUMENT_PRE_OPEN}</li>
 *     <li>{@code MAX_ORDER_QUANTITY_EXCEEDED}</li>
 *     <li>{@code PRICE_OUTSIDE_BAND}</li>
 *     <li>{@code MAX_ORDER_NOTIONAL_EXCEEDED}</li>
 *     <li>{@code MAX_OPEN_ORDERS_EXCEEDED}</li>
 *     <li>{@code MAX_LONG_POSITION_EXCEEDED} / {@code MAX_SHORT_POSITION_EXCEEDED}</li>
 *     <li>{@code CREDIT_LIMIT_EXCEEDED}</li>
 *     <li>the engine's book-dependent checks ({@code NO_LIQUIDITY}, {@code POST_ONLY_WOULD_CROSS})</li>
 * </ol>
 * A replace follows the same order: the engine's structural checks ({@link MatchingEngine#checkReplace}), kill
 * switch, status, max quantity, band, max notional, position, credit, then {@code POST_ONLY_WOULD_CROSS}. A risk
 * reject is reported to the downstream listener's {@code onOrderRejected} / {@code onReplaceRejected} exactly as an
 * engine reject is, and changes no state. As in the engine, a command first expires the orders that are due (as
 * its own engine command, so a best bid/offer change may be reported before the order's events).
 *
 * <h2>Admin rejects</h2>
 * Instrument commands: {@code UNKNOWN_INSTRUMENT} for an undefined instrument (update, status); an argument out of
 * range (reference price neither {@link EngineConstants#NULL_PRICE} nor a multiple of the tick size in
 * {@code (0, MAX_PRICE]}, so that the reference always lies inside its band; band outside
 * {@code [0, MAX_PRICE_BAND_BPS]}, a negative limit that is not {@link #NO_LIMIT}, a null or NULL_VAL status) is
 * {@code INVALID_INSTRUMENT_DEFINITION}, as are the engine's own definition checks. Account limits: a value out of
 * range (negative and not the null value, a throttle above {@link #MAX_THROTTLE_PER_SECOND}) is
 * {@code MALFORMED_MESSAGE}; a null or NULL_VAL STP mode or a negative STP group is {@code INVALID_STP_MODE}. A
 * rejected admin command changes nothing.
 *
 * <h2>Hash and snapshot</h2>
 * {@link #riskStateHash()} covers every risk field: instrument controls, status, reference and last trade prices,
 * account limits, flags and kill switch, usage, positions and the throttle rings' contents; the engine's own state
 * is {@link MatchingEngine#stateHash()}. The snapshot is written after the engine's records
 * ({@link dev.bourse.orderbook.EngineSnapshotWriter} on this engine) and loaded after them: restore the engine
 * records through this object ({@code new EngineSnapshotLoader(riskCheckedEngine)}), which also rebuilds the
 * per-order usage, then feed every later message to {@link #onRiskSnapshotMessage}. Continuing after a restore
 * behaves exactly as continuing from the original.
 */
public interface RiskControls
{
    /**
     * "No limit" for an int64 limit: the SBE int64 null value.
     */
    long NO_LIMIT = Long.MIN_VALUE;

    /**
     * "No limit" for an int32 limit: the SBE int32 null value.
     */
    int NO_LIMIT_32 = Integer.MIN_VALUE;

    /**
     * Largest accepted throttle threshold, in messages per second.
     */
    int MAX_THROTTLE_PER_SECOND = 100_000;

    /**
     * Largest accepted price band half-width, in basis points (10000%).
     */
    int MAX_PRICE_BAND_BPS = 1_000_000;

    /**
     * Length of the throttle window in nanoseconds of cluster time.
     */
    long THROTTLE_WINDOW_NS = 1_000_000_000L;

    /**
     * Define an instrument with its controls: the engine's {@link MatchingEngine#addInstrument} plus the risk
     * controls, all or nothing.
     *
     * @param instrumentId     positive id, not yet defined.
     * @param tickSize         positive price increment.
     * @param lotSize          positive quantity increment.
     * @param referencePrice   centre of the band before the first trade, or {@link EngineConstants#NULL_PRICE}.
     * @param priceBandBps     band half-width in basis points, 0 for no band.
     * @param maxOrderQuantity ceiling on an order's quantity, or {@link #NO_LIMIT}.
     * @param maxOrderNotional ceiling on an order's reserve price x quantity, or {@link #NO_LIMIT}.
     * @param tradingStatus    initial status.
     * @return NONE, INSTRUMENT_ALREADY_DEFINED or INVALID_INSTRUMENT_DEFINITION.
     */
    RejectReason defineInstrument(
        int instrumentId,
        long tickSize,
        long lotSize,
        long referencePrice,
        int priceBandBps,
        long maxOrderQuantity,
        long maxOrderNotional,
        TradingStatus tradingStatus);

    /**
     * Replace an instrument's band and order limits (the status and the last trade price are kept).
     *
     * @param instrumentId     a defined instrument.
     * @param referencePrice   centre of the band before the first trade, or {@link EngineConstants#NULL_PRICE}.
     * @param priceBandBps     band half-width in basis points, 0 for no band.
     * @param maxOrderQuantity ceiling on an order's quantity, or {@link #NO_LIMIT}.
     * @param maxOrderNotional ceiling on an order's reserve price x quantity, or {@link #NO_LIMIT}.
     * @return NONE, UNKNOWN_INSTRUMENT or INVALID_INSTRUMENT_DEFINITION.
     */
    RejectReason updateInstrument(
        int instrumentId, long referencePrice, int priceBandBps, long maxOrderQuantity, long maxOrderNotional);

    /**
     * Set an instrument's trading status; any status may follow any other, and setting the current one is
     * accepted.
     *
     * @param instrumentId  a defined instrument.
     * @param tradingStatus PRE_OPEN, OPEN, HALTED or CLOSED.
     * @return NONE, UNKNOWN_INSTRUMENT or INVALID_INSTRUMENT_DEFINITION (null or NULL_VAL status).
     */
    RejectReason setTradingStatus(int instrumentId, TradingStatus tradingStatus);

    /**
     * An instrument's trading status.
     *
     * @param instrumentId instrument.
     * @return the status, or NULL_VAL when the instrument is not defined.
     */
    TradingStatus tradingStatus(int instrumentId);

    /**
     * Replace all of an account's limits and settings. Current usage is kept; nothing is cancelled.
     *
     * @param account                     the account.
     * @param maxOpenOrders               ceiling on live orders, or {@link #NO_LIMIT_32}.
     * @param maxLongPosition             per instrument ceiling on position + open buys, or {@link #NO_LIMIT}.
     * @param maxShortPosition            per instrument ceiling on open sells - position, or {@link #NO_LIMIT}.
     * @param creditLimit                 ceiling on creditUsed, or {@link #NO_LIMIT}.
     * @param throttleRejectPerSecond     messages per second above which messages are rejected, or
     *                                    {@link #NO_LIMIT_32}.
     * @param throttleDisconnectPerSecond messages per second above which the session is closed, or
     *                                    {@link #NO_LIMIT_32}.
     * @param cancelOnDisconnect          cancel the account's DAY orders when a session of it closes.
     * @param stpMode                     self-trade prevention mode, passed to {@link MatchingEngine#setAccountStp}.
     * @param stpGroup                    STP group, 0 for the account alone.
     * @return NONE, MALFORMED_MESSAGE (a limit out of range) or INVALID_STP_MODE.
     */
    RejectReason setAccountLimits(
        long account,
        int maxOpenOrders,
        long maxLongPosition,
        long maxShortPosition,
        long creditLimit,
        int throttleRejectPerSecond,
        int throttleDisconnectPerSecond,
        boolean cancelOnDisconnect,
        StpMode stpMode,
        long stpGroup);

    /**
     * Engage or release an account's kill switch. Engaging cancels all its live orders (KILL_SWITCH) in this call.
     *
     * @param nowNs   cluster time in nanoseconds.
     * @param account the account.
     * @param engage  true to engage, false to release.
     * @return NONE.
     */
    RejectReason killSwitch(long nowNs, long account, boolean engage);

    /**
     * Whether an account's kill switch is engaged.
     *
     * @param account the account.
     * @return true while engaged.
     */
    boolean isKillSwitchEngaged(long account);

    /**
     * Whether an account has cancel-on-disconnect set.
     *
     * @param account the account.
     * @return the flag, false for an account without limits.
     */
    boolean isCancelOnDisconnect(long account);

    /**
     * Count one order-entry message of an account in its throttle window and decide. See the class documentation.
     *
     * @param nowNs   cluster time of the message in nanoseconds (non-decreasing).
     * @param account the account the message is for.
     * @return ACCEPT, REJECT or DISCONNECT (which also rejects the message).
     */
    ThrottleDecision checkThrottle(long nowNs, long account);

    /**
     * Cancel the account's live DAY orders with {@code CancelReason.DISCONNECT}, in order id order: one engine
     * mass cancel restricted to DAY orders, ending with onMassCancelCompleted. The service calls it when a session
     * of an account with cancel-on-disconnect closes.
     *
     * @param nowNs   cluster time in nanoseconds.
     * @param account the account.
     * @return how many orders were cancelled.
     */
    int cancelDayOrders(long nowNs, long account);

    /**
     * Query an instrument's definition, controls and status.
     *
     * @param instrumentId instrument.
     * @param visitor      called once if the instrument is defined.
     * @return true if the instrument is defined.
     */
    boolean queryInstrument(int instrumentId, InstrumentControlsVisitor visitor);

    /**
     * Query an account's limits and usage: {@link AccountRiskVisitor#onAccount} once (defaults, no limits and no
     * usage for an account never seen), then {@link AccountRiskVisitor#onPosition} for each instrument the account
     * has a position record for (it has had an order or a fill there), in instrument id order.
     *
     * @param account      the account.
     * @param instrumentId 0 for every instrument, otherwise only that instrument's position (if any).
     * @param visitor      the visitor.
     * @return true if the account has limits, settings or usage, false if it was never seen.
     */
    boolean queryAccount(long account, int instrumentId, AccountRiskVisitor visitor);

    /**
     * The 64-bit hash of the whole risk state, the same on every node for the same state; combine it with the
     * engine's {@link MatchingEngine#stateHash()}.
     *
     * @return the hash.
     */
    long riskStateHash();

    /**
     * Write the risk state as snapshot-schema messages (RiskSnapshotBegin to RiskSnapshotEnd, templates 20 to 29),
     * to follow the engine's records.
     *
     * @param sink receives each message in order.
     */
    void writeRiskSnapshot(EngineSnapshotWriter.MessageSink sink);

    /**
     * Apply one risk snapshot message, after the engine records have been restored through this engine.
     *
     * @param buffer buffer holding the message, header included.
     * @param offset where it starts.
     * @param length its length.
     * @return true if the message was a risk snapshot message, false if it belongs to someone else and was ignored.
     * @throws IllegalStateException on a malformed, out of order or inconsistent snapshot (the end marker checks
     *                               the counts and the risk state hash).
     */
    boolean onRiskSnapshotMessage(DirectBuffer buffer, int offset, int length);

    /**
     * True once the risk end marker has been read and verified.
     *
     * @return true when the risk restore is complete.
     */
    boolean isRiskSnapshotComplete();
}
