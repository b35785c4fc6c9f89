package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.AccountVisitor;
import dev.bourse.orderbook.EngineConstants;
import dev.bourse.orderbook.EngineListener;
import dev.bourse.orderbook.EngineSnapshotWriter;
import dev.bourse.orderbook.InstrumentVisitor;
import dev.bourse.orderbook.LevelVisitor;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.orderbook.OrderVisitor;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.DirectBuffer;

import java.util.Objects;
import java.util.function.Function;

import static dev.bourse.orderbook.EngineConstants.NULL_PRICE;

/**
 * A {@link MatchingEngine} with pre-trade risk controls in front of it ({@link RiskControls} is the specification).
 * It is the listener of the inner engine, so it sees every accept, fill, cancel, expiry, restatement and replace,
 * keeps the risk usage from them, and forwards every event to the downstream listener unchanged and in order.
 * Risk rejects are reported to the downstream listener as engine rejects are. Not thread safe.
 * <p>
 * Cost when nothing is configured: a new order does two map lookups (instrument, account) and a few branches before
 * the engine; every event of a live order one more lookup (its risk record) to keep usage. Nothing allocates in
 * steady state: risk records are pooled, positions are created once per (account, instrument).
 */
public final class RiskCheckedEngine implements MatchingEngine, RiskControls
{
    private final MatchingEngine inner;
    private final RiskLedger ledger;
    private final EngineListener downstream;
    private RiskSnapshots.Writer snapshotWriter;
    private RiskSnapshots.Loader snapshotLoader;
    private final LevelVisitor reserveWalker = this::walkLevel;
    private final OrderVisitor replacedOrderReader = this::readReplacedOrder;
    private long walkRemaining;
    private long walkPrice;
    private int replacedInstrumentId;
    private boolean replacedBuy;
    private long replacedPrice;
    private long replacedQuantity;
    private long replacedFilled;

    /**
     * Wrap a new inner engine.
     *
     * @param innerFactory creates the inner engine given the listener it must report to (this object's).
     * @param downstream   receives every engine event and every risk reject.
     */
    public RiskCheckedEngine(
        final Function<EngineListener, MatchingEngine> innerFactory, final EngineListener downstream)
    {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.ledger = new RiskLedger(downstream);
        this.inner = Objects.requireNonNull(innerFactory.apply(ledger), "inner engine");
    }

    // ------------------------------------------------------------------------------------------ MatchingEngine

    /**
     * Define an instrument without controls: OPEN, no band, no order limits.
     *
     * @param instrumentId positive id, not yet defined.
     * @param tickSize     positive price increment.
     * @param lotSize      positive quantity increment.
     * @return as {@link MatchingEngine#addInstrument}.
     */
    public RejectReason addInstrument(final int instrumentId, final long tickSize, final long lotSize)
    {
        final RejectReason reason = inner.addInstrument(instrumentId, tickSize, lotSize);
        if (RejectReason.NONE == reason)
        {
            ledger.addInstrument(instrumentId, tickSize, lotSize);
        }
        return reason;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setAccountStp(final long account, final StpMode mode, final long stpGroup)
    {
        final RejectReason reason = inner.setAccountStp(account, mode, stpGroup);
        if (RejectReason.NONE == reason)
        {
            final AccountRisk risk = ledger.accountOrCreate(account);
            risk.stpMode = mode;
            risk.stpGroup = stpGroup;
        }
        return reason;
    }

    /**
     * Enter a new order through the risk checks (see {@link RiskControls} for their order).
     *
     * @return NONE when accepted, otherwise the engine's or the risk layer's reject reason.
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
     * Enter a new order through the risk checks. A market order's protection price is the tighter of the given one
     * and the band's edge.
     *
     * @return NONE when accepted, otherwise the engine's or the risk layer's reject reason.
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
        expireDue(nowNs);
        final InstrumentRisk instrument = ledger.instrument(instrumentId);
        if (null == instrument || (Side.BUY != side && Side.SELL != side) || (NULL_PRICE != protectionPrice &&
            (protectionPrice <= 0 || protectionPrice > EngineConstants.MAX_PRICE)))
        {
            // Structurally invalid whatever the risk checks say: the engine rejects it as it would on its own.
            return inner.placeOrder(nowNs, account, clientOrderId, instrumentId, side, orderType, timeInForce,
                postOnly, price, quantity, expireTimeNs, protectionPrice);
        }

        // The risk checks run first and the engine's structural validation only decides between the two when the
        // risk layer refuses: an accepted order is validated once, by the engine, and the precedence is the same.
        final AccountRisk risk = ledger.account(account);
        final boolean buy = Side.BUY == side;
        final boolean market = OrderType.MARKET == orderType;
        final boolean immediate = market || TimeInForce.IOC == timeInForce || TimeInForce.FOK == timeInForce;
        RejectReason reason = checkCommon(risk, instrument, buy, immediate, price, quantity);
        long effectiveProtection = protectionPrice;
        if (RejectReason.NONE == reason && market && instrument.hasBand())
        {
            final long edge = buy ? instrument.bandHigh() : instrument.bandLow();
            effectiveProtection = NULL_PRICE == protectionPrice ? edge :
                (buy ? Math.min(protectionPrice, edge) : Math.max(protectionPrice, edge));
        }
        long reservePrice = price;
        if (market)
        {
            reservePrice = NULL_PRICE != effectiveProtection ? effectiveProtection : deepestReach(
                instrumentId, buy, quantity);
        }
        if (RejectReason.NONE == reason)
        {
            reason = checkLimits(risk, instrument, buy, reservePrice, quantity, quantity, 0, 0, true);
        }
        if (RejectReason.NONE != reason)
        {
            if (RejectReason.NONE != inner.checkOrder(nowNs, account, instrumentId, side, orderType, timeInForce,
                postOnly, price, quantity, expireTimeNs, protectionPrice))
            {
                return inner.placeOrder(nowNs, account, clientOrderId, instrumentId, side, orderType, timeInForce,
                    postOnly, price, quantity, expireTimeNs, protectionPrice);
            }
            downstream.onOrderRejected(account, clientOrderId, instrumentId, reason);
            return reason;
        }

        ledger.beginNewOrder(NULL_PRICE == reservePrice ? 0 : reservePrice);
        final RejectReason result = inner.placeOrder(nowNs, account, clientOrderId, instrumentId, side, orderType,
            timeInForce, postOnly, price, quantity, expireTimeNs, effectiveProtection);
        ledger.endCommand();
        return result;
    }

    /**
     * The checks shared by new orders and replaces up to the band: kill switch, trading status (in PRE_OPEN only
     * passive orders that do not cross), max order quantity and the band for a limit price ({@code price > 0}).
     */
    private RejectReason checkCommon(
        final AccountRisk risk,
        final InstrumentRisk instrument,
        final boolean buy,
        final boolean immediate,
        final long price,
        final long quantity)
    {
        if (null != risk && risk.killSwitch)
        {
            return RejectReason.KILL_SWITCH_ACTIVE;
        }
        final TradingStatus status = instrument.status;
        if (TradingStatus.OPEN != status)
        {
            if (TradingStatus.HALTED == status)
            {
                return RejectReason.INSTRUMENT_HALTED;
            }
            if (TradingStatus.CLOSED == status)
            {
                return RejectReason.INSTRUMENT_CLOSED;
            }
            if (immediate || crossesOpposite(instrument.instrumentId, buy, price))
            {
                return RejectReason.INSTRUMENT_PRE_OPEN;
            }
        }
        if (NO_LIMIT != instrument.maxOrderQuantity && quantity > instrument.maxOrderQuantity)
        {
            return RejectReason.MAX_ORDER_QUANTITY_EXCEEDED;
        }
        if (price > 0 && instrument.hasBand() && (price < instrument.bandLow() || price > instrument.bandHigh()))
        {
            return RejectReason.PRICE_OUTSIDE_BAND;
        }
        return RejectReason.NONE;
    }

    private boolean crossesOpposite(final int instrumentId, final boolean buy, final long price)
    {
        if (buy)
        {
            final long bestAsk = inner.bestAsk(instrumentId);
            return NULL_PRICE != bestAsk && price >= bestAsk;
        }
        final long bestBid = inner.bestBid(instrumentId);
        return NULL_PRICE != bestBid && price <= bestBid;
    }

    /**
     * Max notional, max open orders (new orders only), position and credit.
     *
     * @param reservePrice   the order's reserve price, NULL_PRICE when unknown (market order on an empty side).
     * @param quantity       the order's total quantity (max notional).
     * @param leaves         the open quantity it adds (position, credit).
     * @param removedLeaves  the open quantity of the replaced order (0 for a new order).
     * @param removedReserve the reserve price of the replaced order.
     * @param newOrder       whether max open orders applies.
     */
    private RejectReason checkLimits(
        final AccountRisk risk,
        final InstrumentRisk instrument,
        final boolean buy,
        final long reservePrice,
        final long quantity,
        final long leaves,
        final long removedLeaves,
        final long removedReserve,
        final boolean newOrder)
    {
        final boolean priced = NULL_PRICE != reservePrice;
        if (priced && NO_LIMIT != instrument.maxOrderNotional &&
            RiskMath.saturatedProduct(reservePrice, quantity) > instrument.maxOrderNotional)
        {
            return RejectReason.MAX_ORDER_NOTIONAL_EXCEEDED;
        }
        final long notional = priced ? RiskMath.saturatedProduct(reservePrice, leaves) : 0;
        if (null == risk)
        {
            // No limits and no usage: only the representability of the usage applies.
            return notional == Long.MAX_VALUE ? RejectReason.CREDIT_LIMIT_EXCEEDED : RejectReason.NONE;
        }
        if (newOrder && NO_LIMIT_32 != risk.maxOpenOrders && risk.openOrders >= risk.maxOpenOrders)
        {
            return RejectReason.MAX_OPEN_ORDERS_EXCEEDED;
        }
        final PositionRisk position = risk.position(instrument.instrumentId);
        final long net = null == position ? 0 : position.position;
        if (buy)
        {
            if (NO_LIMIT != risk.maxLongPosition)
            {
                final long openBuy = (null == position ? 0 : position.openBuy) - removedLeaves;
                if (RiskMath.saturatedSum(RiskMath.saturatedSum(net, openBuy), leaves) > risk.maxLongPosition)
                {
                    return RejectReason.MAX_LONG_POSITION_EXCEEDED;
                }
            }
        }
        else if (NO_LIMIT != risk.maxShortPosition)
        {
            final long openSell = (null == position ? 0 : position.openSell) - removedLeaves;
            if (RiskMath.saturatedSum(RiskMath.saturatedSum(openSell, leaves), -net) > risk.maxShortPosition)
            {
                return RejectReason.MAX_SHORT_POSITION_EXCEEDED;
            }
        }
        final long used = risk.creditUsed() - RiskMath.saturatedProduct(removedReserve, removedLeaves);
        // Usage must stay representable whatever the limit: creditUsed + notional < Long.MAX_VALUE.
        if (notional >= Long.MAX_VALUE - used || (NO_LIMIT != risk.creditLimit && used + notional > risk.creditLimit))
        {
            return RejectReason.CREDIT_LIMIT_EXCEEDED;
        }
        return RejectReason.NONE;
    }

    /**
     * The price of the deepest opposite level an order of this quantity would reach, walking the levels in price
     * order; the last level when the side holds less; NULL_PRICE for an empty side.
     */
    private long deepestReach(final int instrumentId, final boolean buy, final long quantity)
    {
        walkRemaining = quantity;
        walkPrice = NULL_PRICE;
        inner.forEachLevel(instrumentId, buy ? Side.SELL : Side.BUY, reserveWalker);
        return walkPrice;
    }

    private void walkLevel(final long price, final long totalQuantity, final int orderCount)
    {
        if (walkRemaining > 0)
        {
            walkPrice = price;
            walkRemaining -= totalQuantity;
        }
    }

    private void readReplacedOrder(
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
        replacedInstrumentId = instrumentId;
        replacedBuy = Side.BUY == side;
        replacedPrice = price;
        replacedQuantity = quantity;
        replacedFilled = filledQuantity;
    }

    private void expireDue(final long nowNs)
    {
        if (inner.nextExpireTimeNs() <= nowNs)
        {
            inner.expireOrders(nowNs);
        }
    }

    /**
     * The engine's structural checks (risk checks are not side-effect-free queries; they run in placeOrder).
     *
     * @return as {@link MatchingEngine#checkOrder}.
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
        return inner.checkOrder(nowNs, account, instrumentId, side, orderType, timeInForce, postOnly, price, quantity,
            expireTimeNs, protectionPrice);
    }

    /**
     * The engine's structural checks of a replace.
     *
     * @return as {@link MatchingEngine#checkReplace}.
     */
    public RejectReason checkReplace(
        final long account, final long orderId, final long newPrice, final long newQuantity)
    {
        return inner.checkReplace(account, orderId, newPrice, newQuantity);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason cancelOrder(final long nowNs, final long account, final long orderId)
    {
        return inner.cancelOrder(nowNs, account, orderId);
    }

    /**
     * Cancel/replace through the risk checks (see {@link RiskControls}).
     *
     * @return NONE or the engine's or the risk layer's reject reason.
     */
    public RejectReason replaceOrder(
        final long nowNs,
        final long account,
        final long orderId,
        final long newClientOrderId,
        final long newPrice,
        final long newQuantity)
    {
        expireDue(nowNs);
        if (RejectReason.NONE != inner.checkReplace(account, orderId, newPrice, newQuantity))
        {
            return inner.replaceOrder(nowNs, account, orderId, newClientOrderId, newPrice, newQuantity);
        }
        inner.lookupOrder(orderId, replacedOrderReader);
        final AccountRisk risk = ledger.account(account);
        final InstrumentRisk instrument = ledger.instrument(replacedInstrumentId);
        final long leaves = replacedQuantity - replacedFilled;
        RejectReason reason = checkCommon(risk, instrument, replacedBuy, false, newPrice, newQuantity);
        if (RejectReason.NONE == reason)
        {
            reason = checkLimits(risk, instrument, replacedBuy, newPrice, newQuantity, newQuantity - replacedFilled,
                leaves, replacedPrice, false);
        }
        if (RejectReason.NONE != reason)
        {
            downstream.onReplaceRejected(account, orderId, newClientOrderId, reason);
            return reason;
        }
        ledger.beginReplace(orderId, replacedPrice, leaves, newPrice);
        final RejectReason result =
            inner.replaceOrder(nowNs, account, orderId, newClientOrderId, newPrice, newQuantity);
        ledger.endCommand();
        return result;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason massCancel(
        final long nowNs, final long account, final int instrumentId, final Side side, final CancelReason reason)
    {
        return inner.massCancel(nowNs, account, instrumentId, side, reason);
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
        return inner.massCancel(nowNs, account, instrumentId, side, reason, timeInForce);
    }

    /**
     * {@inheritDoc}
     */
    public int expireOrders(final long nowNs)
    {
        return inner.expireOrders(nowNs);
    }

    /**
     * {@inheritDoc}
     */
    public long nextExpireTimeNs()
    {
        return inner.nextExpireTimeNs();
    }

    /**
     * {@inheritDoc}
     */
    public long nextOrderId()
    {
        return inner.nextOrderId();
    }

    /**
     * {@inheritDoc}
     */
    public long nextTradeId()
    {
        return inner.nextTradeId();
    }

    /**
     * {@inheritDoc}
     */
    public long dayEndOffsetNs()
    {
        return inner.dayEndOffsetNs();
    }

    /**
     * {@inheritDoc}
     */
    public long orderCount()
    {
        return inner.orderCount();
    }

    /**
     * {@inheritDoc}
     */
    public long bestBid(final int instrumentId)
    {
        return inner.bestBid(instrumentId);
    }

    /**
     * {@inheritDoc}
     */
    public long bestAsk(final int instrumentId)
    {
        return inner.bestAsk(instrumentId);
    }

    /**
     * {@inheritDoc}
     */
    public boolean lookupOrder(final long orderId, final OrderVisitor visitor)
    {
        return inner.lookupOrder(orderId, visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachInstrument(final InstrumentVisitor visitor)
    {
        inner.forEachInstrument(visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachAccount(final AccountVisitor visitor)
    {
        inner.forEachAccount(visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachOrder(final int instrumentId, final Side side, final OrderVisitor visitor)
    {
        inner.forEachOrder(instrumentId, side, visitor);
    }

    /**
     * {@inheritDoc}
     */
    public void forEachLevel(final int instrumentId, final Side side, final LevelVisitor visitor)
    {
        inner.forEachLevel(instrumentId, side, visitor);
    }

    /**
     * The inner engine's state hash (the engine state only; see {@link #riskStateHash()} for the risk state).
     *
     * @return the hash.
     */
    public long stateHash()
    {
        return inner.stateHash();
    }

    /**
     * {@inheritDoc}
     */
    public boolean verifyStateHash()
    {
        return inner.verifyStateHash();
    }

    /**
     * {@inheritDoc}
     */
    public void restoreCounters(final long nextOrderId, final long nextTradeId, final long dayEndOffsetNs)
    {
        inner.restoreCounters(nextOrderId, nextTradeId, dayEndOffsetNs);
    }

    /**
     * Restore a resting order into the inner engine and count it in the risk usage (reserve price = its price).
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
        inner.restoreOrder(orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly, price,
            quantity, filledQuantity, expireTimeNs, stpGroup);
        ledger.openOrder(account, instrumentId, side, price, quantity - filledQuantity);
    }

    // ------------------------------------------------------------------------------------------- RiskControls

    /**
     * {@inheritDoc}
     */
    public RejectReason defineInstrument(
        final int instrumentId,
        final long tickSize,
        final long lotSize,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional,
        final TradingStatus tradingStatus)
    {
        if (!validStatus(tradingStatus) || !validControls(
            tickSize, referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional))
        {
            return RejectReason.INVALID_INSTRUMENT_DEFINITION;
        }
        final RejectReason reason = inner.addInstrument(instrumentId, tickSize, lotSize);
        if (RejectReason.NONE == reason)
        {
            final InstrumentRisk instrument = ledger.addInstrument(instrumentId, tickSize, lotSize);
            instrument.controls(referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional);
            instrument.status = tradingStatus;
        }
        return reason;
    }

    private static boolean validStatus(final TradingStatus status)
    {
        return TradingStatus.PRE_OPEN == status || TradingStatus.OPEN == status ||
            TradingStatus.HALTED == status || TradingStatus.CLOSED == status;
    }

    /**
     * Controls in range; a reference price must be a multiple of the tick (a positive tick is checked by the
     * engine, so a non-positive one skips the multiple check here).
     */
    static boolean validControls(
        final long tickSize,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional)
    {
        if (NULL_PRICE != referencePrice && (referencePrice <= 0 || referencePrice > EngineConstants.MAX_PRICE ||
            (tickSize > 0 && 0 != referencePrice % tickSize)))
        {
            return false;
        }
        return priceBandBps >= 0 && priceBandBps <= MAX_PRICE_BAND_BPS &&
            (NO_LIMIT == maxOrderQuantity || maxOrderQuantity >= 0) &&
            (NO_LIMIT == maxOrderNotional || maxOrderNotional >= 0);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason updateInstrument(
        final int instrumentId,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional)
    {
        final InstrumentRisk instrument = ledger.instrument(instrumentId);
        if (null == instrument)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (!validControls(instrument.tickSize, referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional))
        {
            return RejectReason.INVALID_INSTRUMENT_DEFINITION;
        }
        instrument.controls(referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional);
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setTradingStatus(final int instrumentId, final TradingStatus tradingStatus)
    {
        final InstrumentRisk instrument = ledger.instrument(instrumentId);
        if (null == instrument)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (!validStatus(tradingStatus))
        {
            return RejectReason.INVALID_INSTRUMENT_DEFINITION;
        }
        instrument.status = tradingStatus;
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public TradingStatus tradingStatus(final int instrumentId)
    {
        final InstrumentRisk instrument = ledger.instrument(instrumentId);
        return null == instrument ? TradingStatus.NULL_VAL : instrument.status;
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason setAccountLimits(
        final long account,
        final int maxOpenOrders,
        final long maxLongPosition,
        final long maxShortPosition,
        final long creditLimit,
        final int throttleRejectPerSecond,
        final int throttleDisconnectPerSecond,
        final boolean cancelOnDisconnect,
        final StpMode stpMode,
        final long stpGroup)
    {
        if (!validLimits(maxOpenOrders, maxLongPosition, maxShortPosition, creditLimit, throttleRejectPerSecond,
            throttleDisconnectPerSecond))
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        if (null == stpMode || StpMode.NULL_VAL == stpMode || stpGroup < 0)
        {
            return RejectReason.INVALID_STP_MODE;
        }
        final RejectReason reason = setAccountStp(account, stpMode, stpGroup);
        if (RejectReason.NONE != reason)
        {
            return reason;
        }
        ledger.accountOrCreate(account).limits(maxOpenOrders, maxLongPosition, maxShortPosition, creditLimit,
            throttleRejectPerSecond, throttleDisconnectPerSecond, cancelOnDisconnect);
        return RejectReason.NONE;
    }

    static boolean validLimits(
        final int maxOpenOrders,
        final long maxLongPosition,
        final long maxShortPosition,
        final long creditLimit,
        final int throttleRejectPerSecond,
        final int throttleDisconnectPerSecond)
    {
        return validLimit32(maxOpenOrders) && validLimit(maxLongPosition) && validLimit(maxShortPosition) &&
            validLimit(creditLimit) && validThrottle(throttleRejectPerSecond) &&
            validThrottle(throttleDisconnectPerSecond);
    }

    private static boolean validLimit(final long limit)
    {
        return NO_LIMIT == limit || limit >= 0;
    }

    private static boolean validLimit32(final int limit)
    {
        return NO_LIMIT_32 == limit || limit >= 0;
    }

    private static boolean validThrottle(final int limit)
    {
        return NO_LIMIT_32 == limit || (limit >= 0 && limit <= MAX_THROTTLE_PER_SECOND);
    }

    /**
     * {@inheritDoc}
     */
    public RejectReason killSwitch(final long nowNs, final long account, final boolean engage)
    {
        if (engage)
        {
            ledger.accountOrCreate(account).killSwitch = true;
            inner.massCancel(nowNs, account, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL, CancelReason.KILL_SWITCH);
        }
        else
        {
            final AccountRisk risk = ledger.account(account);
            if (null != risk)
            {
                risk.killSwitch = false;
            }
        }
        return RejectReason.NONE;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isKillSwitchEngaged(final long account)
    {
        final AccountRisk risk = ledger.account(account);
        return null != risk && risk.killSwitch;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isCancelOnDisconnect(final long account)
    {
        final AccountRisk risk = ledger.account(account);
        return null != risk && risk.cancelOnDisconnect;
    }

    /**
     * {@inheritDoc}
     */
    public ThrottleDecision checkThrottle(final long nowNs, final long account)
    {
        final AccountRisk risk = ledger.account(account);
        if (null == risk || null == risk.throttle)
        {
            return ThrottleDecision.ACCEPT;
        }
        final ThrottleWindow window = risk.throttle;
        window.record(nowNs);
        if (NO_LIMIT_32 != risk.throttleDisconnectPerSecond &&
            window.exceeds(risk.throttleDisconnectPerSecond, nowNs, THROTTLE_WINDOW_NS))
        {
            return ThrottleDecision.DISCONNECT;
        }
        if (NO_LIMIT_32 != risk.throttleRejectPerSecond &&
            window.exceeds(risk.throttleRejectPerSecond, nowNs, THROTTLE_WINDOW_NS))
        {
            return ThrottleDecision.REJECT;
        }
        return ThrottleDecision.ACCEPT;
    }

    /**
     * {@inheritDoc}
     */
    public int cancelDayOrders(final long nowNs, final long account)
    {
        inner.massCancel(nowNs, account, EngineConstants.ANY_INSTRUMENT, Side.NULL_VAL, CancelReason.DISCONNECT,
            TimeInForce.DAY);
        return ledger.lastMassCancelCount();
    }

    /**
     * {@inheritDoc}
     */
    public boolean queryInstrument(final int instrumentId, final InstrumentControlsVisitor visitor)
    {
        final InstrumentRisk instrument = ledger.instrument(instrumentId);
        if (null == instrument)
        {
            return false;
        }
        visitor.visit(
            instrumentId,
            instrument.tickSize,
            instrument.lotSize,
            instrument.status,
            instrument.referencePrice,
            instrument.bandBps,
            instrument.maxOrderQuantity,
            instrument.maxOrderNotional,
            instrument.lastTradePrice,
            instrument.bandLow(),
            instrument.bandHigh());
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean queryAccount(final long account, final int instrumentId, final AccountRiskVisitor visitor)
    {
        final AccountRisk risk = ledger.account(account);
        if (null == risk)
        {
            visitor.onAccount(account, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT, NO_LIMIT_32, NO_LIMIT_32, false,
                StpMode.NONE, 0, false, 0, 0, 0);
            return false;
        }
        final int positionCount;
        if (EngineConstants.ANY_INSTRUMENT == instrumentId)
        {
            positionCount = risk.positionCount();
        }
        else
        {
            positionCount = null == risk.position(instrumentId) ? 0 : 1;
        }
        visitor.onAccount(
            account,
            risk.maxOpenOrders,
            risk.maxLongPosition,
            risk.maxShortPosition,
            risk.creditLimit,
            risk.throttleRejectPerSecond,
            risk.throttleDisconnectPerSecond,
            risk.cancelOnDisconnect,
            risk.stpMode,
            risk.stpGroup,
            risk.killSwitch,
            risk.openOrders,
            risk.creditUsed(),
            positionCount);
        for (int i = 0; i < risk.positionCount(); i++)
        {
            final PositionRisk position = risk.positionAt(i);
            if (EngineConstants.ANY_INSTRUMENT == instrumentId || position.instrumentId == instrumentId)
            {
                visitor.onPosition(account, position.instrumentId, position.position, position.openBuy,
                    position.openSell, position.netNotional);
            }
        }
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public long riskStateHash()
    {
        return RiskSnapshots.stateHash(ledger);
    }

    /**
     * {@inheritDoc}
     */
    public void writeRiskSnapshot(final EngineSnapshotWriter.MessageSink sink)
    {
        // Created on first use: only snapshotting needs a buffer (and Agrona's Unsafe access).
        if (null == snapshotWriter)
        {
            snapshotWriter = new RiskSnapshots.Writer(ledger, this);
        }
        snapshotWriter.write(sink);
    }

    /**
     * {@inheritDoc}
     */
    public boolean onRiskSnapshotMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == snapshotLoader)
        {
            snapshotLoader = new RiskSnapshots.Loader(ledger, this);
        }
        return snapshotLoader.onMessage(buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    public boolean isRiskSnapshotComplete()
    {
        return null != snapshotLoader && snapshotLoader.isComplete();
    }
}
