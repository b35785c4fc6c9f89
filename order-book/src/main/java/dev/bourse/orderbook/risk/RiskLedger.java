package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The risk state and its bookkeeping: instruments and accounts with their positions. As the inner engine's listener
 * it keeps usage exact from every accept, fill, cancel, restatement and replace, and forwards each event unchanged
 * to the downstream listener, after updating, so that the downstream sees the usage that includes the event.
 * <p>
 * It keeps no per-order records. A resting order's reserve price is its price, which the events carry: a maker
 * fill's price, and the market-data event the engine emits right after a resting order's cancel
 * ({@code onBookOrderDeleted}) or restatement ({@code onBookOrderModified}); the open notional of those waits for
 * that event. The aggressor of the current command (a new order, or a replaced order re-entering the book) is
 * announced by {@link RiskCheckedEngine} with its reserve price before it calls the engine, and a replace with
 * the replaced order's price and leaves.
 */
final class RiskLedger implements EngineListener
{
    private static final int ACCOUNT_SLOTS = 1024;
    private static final int INSTRUMENT_SLOTS = 256;

    private final EngineListener downstream;
    /** Direct-mapped cache in front of the instrument map. */
    private final InstrumentRisk[] instrumentSlots = new InstrumentRisk[INSTRUMENT_SLOTS];
    private final Int2ObjectHashMap<InstrumentRisk> instruments = new Int2ObjectHashMap<>();
    private InstrumentRisk[] sortedInstruments = new InstrumentRisk[8];
    private int instrumentCount;
    private final Long2ObjectHashMap<AccountRisk> accounts = new Long2ObjectHashMap<>();
    /** Direct-mapped cache in front of the account map. */
    private final AccountRisk[] accountSlots = new AccountRisk[ACCOUNT_SLOTS];
    private AccountRisk[] sortedAccounts = new AccountRisk[16];
    private int accountCount;
    private int lastMassCancelCount;

    private boolean expectingAggressor;
    private long aggressorId;
    private long aggressorReserve;
    private long replacedOrderId;
    private long replacedPrice;
    private long replacedLeaves;

    private static final int PENDING_NONE = 0;
    private static final int PENDING_CANCEL = 1;
    private static final int PENDING_RESTATE = 2;
    private int pendingKind = PENDING_NONE;
    private long pendingOrderId;
    private long pendingQuantity;
    private AccountRisk pendingAccount;

    private long cachedAccountId;
    private int cachedInstrumentId;
    private PositionRisk cachedPosition;

    RiskLedger(final EngineListener downstream)
    {
        this.downstream = downstream;
    }

    EngineListener downstream()
    {
        return downstream;
    }

    // ---------------------------------------------------------------------------------------------- instruments

    InstrumentRisk instrument(final int instrumentId)
    {
        final int slot = instrumentId & (INSTRUMENT_SLOTS - 1);
        final InstrumentRisk cached = instrumentSlots[slot];
        if (null != cached && cached.instrumentId == instrumentId)
        {
            return cached;
        }
        final InstrumentRisk instrument = instruments.get(instrumentId);
        if (null != instrument)
        {
            instrumentSlots[slot] = instrument;
        }
        return instrument;
    }

    InstrumentRisk addInstrument(final int instrumentId, final long tickSize, final long lotSize)
    {
        final InstrumentRisk instrument = new InstrumentRisk(instrumentId, tickSize, lotSize);
        instruments.put(instrumentId, instrument);
        int index = instrumentCount;
        if (index == sortedInstruments.length)
        {
            sortedInstruments = Arrays.copyOf(sortedInstruments, index * 2);
        }
        while (index > 0 && sortedInstruments[index - 1].instrumentId > instrumentId)
        {
            sortedInstruments[index] = sortedInstruments[index - 1];
            index--;
        }
        sortedInstruments[index] = instrument;
        instrumentCount++;
        return instrument;
    }

    int instrumentCount()
    {
        return instrumentCount;
    }

    InstrumentRisk instrumentAt(final int i)
    {
        return sortedInstruments[i];
    }

    // ---------------------------------------------------------------------------------------------- accounts

    AccountRisk account(final long account)
    {
        final int slot = accountSlot(account);
        final AccountRisk cached = accountSlots[slot];
        if (null != cached && cached.account == account)
        {
            return cached;
        }
        final AccountRisk risk = accounts.get(account);
        if (null != risk)
        {
            accountSlots[slot] = risk;
        }
        return risk;
    }

    private static int accountSlot(final long account)
    {
        return (int)(account ^ (account >>> 32)) & (ACCOUNT_SLOTS - 1);
    }

    AccountRisk accountOrCreate(final long account)
    {
        AccountRisk risk = account(account);
        if (null == risk)
        {
            risk = new AccountRisk(account);
            accounts.put(account, risk);
            int index = accountCount;
            if (index == sortedAccounts.length)
            {
                sortedAccounts = Arrays.copyOf(sortedAccounts, index * 2);
            }
            while (index > 0 && sortedAccounts[index - 1].account > account)
            {
                sortedAccounts[index] = sortedAccounts[index - 1];
                index--;
            }
            sortedAccounts[index] = risk;
            accountCount++;
        }
        return risk;
    }

    int accountCount()
    {
        return accountCount;
    }

    AccountRisk accountAt(final int i)
    {
        return sortedAccounts[i];
    }

    // ---------------------------------------------------------------------------------------------- commands

    /**
     * The next command places a new order with this reserve price (its accept event names it).
     */
    void beginNewOrder(final long reservePrice)
    {
        expectingAggressor = true;
        aggressorId = 0;
        aggressorReserve = reservePrice;
    }

    /**
     * The next command replaces this order: its open usage is {@code leaves} at {@code price} until the replace
     * event, and if it re-enters the book it trades as the aggressor at {@code newPrice}.
     */
    void beginReplace(final long orderId, final long price, final long leaves, final long newPrice)
    {
        replacedOrderId = orderId;
        replacedPrice = price;
        replacedLeaves = leaves;
        aggressorId = orderId;
        aggressorReserve = newPrice;
    }

    /**
     * The command is over: no aggressor any more.
     */
    void endCommand()
    {
        expectingAggressor = false;
        aggressorId = 0;
        replacedOrderId = 0;
        pendingKind = PENDING_NONE;
    }

    int lastMassCancelCount()
    {
        return lastMassCancelCount;
    }

    /**
     * Start counting a live order (accepted, or restored from a snapshot).
     */
    void openOrder(final long account, final int instrumentId, final Side side, final long reservePrice,
        final long leaves)
    {
        final PositionRisk position = position(account, instrumentId);
        position.account.openOrders++;
        if (Side.BUY == side)
        {
            position.openBuy += leaves;
        }
        else
        {
            position.openSell += leaves;
        }
        position.account.openNotional += RiskMath.saturatedProduct(reservePrice, leaves);
    }

    private PositionRisk position(final long account, final int instrumentId)
    {
        PositionRisk position = cachedPosition;
        if (null == position || account != cachedAccountId || instrumentId != cachedInstrumentId)
        {
            position = accountOrCreate(account).positionOrCreate(instrumentId);
            cachedPosition = position;
            cachedAccountId = account;
            cachedInstrumentId = instrumentId;
        }
        return position;
    }

    /**
     * Remove open quantity from usage; the open notional is {@code reservePrice * quantity}.
     */
    private static void reduceOpen(
        final PositionRisk position, final Side side, final long quantity, final long reservePrice)
    {
        reduceOpenQuantity(position, side, quantity);
        position.account.openNotional -= RiskMath.saturatedProduct(reservePrice, quantity);
    }

    private static void reduceOpenQuantity(final PositionRisk position, final Side side, final long quantity)
    {
        if (Side.BUY == side)
        {
            position.openBuy -= quantity;
        }
        else
        {
            position.openSell -= quantity;
        }
    }

    private void awaitBookPrice(final int kind, final long orderId, final long quantity, final AccountRisk account)
    {
        pendingKind = kind;
        pendingOrderId = orderId;
        pendingQuantity = quantity;
        pendingAccount = account;
    }

    private void applyBookPrice(final long orderId, final long price)
    {
        if (PENDING_NONE != pendingKind && orderId == pendingOrderId)
        {
            pendingAccount.openNotional -= RiskMath.saturatedProduct(price, pendingQuantity);
            pendingKind = PENDING_NONE;
            pendingAccount = null;
        }
    }

    // ---------------------------------------------------------------------------------------------- events

    /**
     * {@inheritDoc}
     */
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
        if (expectingAggressor)
        {
            aggressorId = orderId;
            expectingAggressor = false;
        }
        openOrder(account, instrumentId, side, aggressorReserve, quantity);
        downstream.onOrderAccepted(
            orderId, account, clientOrderId, instrumentId, side, orderType, timeInForce, price, quantity,
            expireTimeNs);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        downstream.onOrderRejected(account, clientOrderId, instrumentId, reason);
    }

    /**
     * {@inheritDoc}
     */
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
        final PositionRisk position = position(account, instrumentId);
        // A maker trades at its own price, its reserve price; the taker is the command's aggressor.
        final long reservePrice = Liquidity.TAKER == liquidity ? aggressorReserve : price;
        // The fill moves reservePrice * quantity from the open part of the usage to the net notional.
        final long moved = RiskMath.saturatedProduct(reservePrice, quantity);
        reduceOpen(position, side, quantity, reservePrice);
        final AccountRisk owner = position.account;
        if (Side.BUY == side)
        {
            position.position += quantity;
            owner.setNetNotional(position, position.netNotional + moved);
        }
        else
        {
            position.position -= quantity;
            owner.setNetNotional(position, position.netNotional - moved);
        }
        if (0 == leavesQuantity)
        {
            owner.openOrders--;
        }
        downstream.onOrderFilled(
            orderId, account, clientOrderId, instrumentId, side, tradeId, price, quantity, leavesQuantity,
            filledQuantity, liquidity);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderCancelled(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long cancelledQuantity,
        final long filledQuantity,
        final CancelReason reason)
    {
        final PositionRisk position = position(account, instrumentId);
        position.account.openOrders--;
        if (orderId == aggressorId)
        {
            reduceOpen(position, side, cancelledQuantity, aggressorReserve);
        }
        else
        {
            // A resting order: its price comes with the onBookOrderDeleted that follows.
            reduceOpenQuantity(position, side, cancelledQuantity);
            awaitBookPrice(PENDING_CANCEL, orderId, cancelledQuantity, position.account);
        }
        downstream.onOrderCancelled(
            orderId, account, clientOrderId, instrumentId, side, cancelledQuantity, filledQuantity, reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderRestated(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long reducedBy,
        final long quantity,
        final long leavesQuantity,
        final CancelReason reason)
    {
        final PositionRisk position = position(account, instrumentId);
        if (orderId == aggressorId)
        {
            reduceOpen(position, side, reducedBy, aggressorReserve);
        }
        else
        {
            // A resting order: its price comes with the onBookOrderModified that follows.
            reduceOpenQuantity(position, side, reducedBy);
            awaitBookPrice(PENDING_RESTATE, orderId, reducedBy, position.account);
        }
        downstream.onOrderRestated(
            orderId, account, clientOrderId, instrumentId, side, reducedBy, quantity, leavesQuantity, reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderReplaced(
        final long orderId,
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final long leavesQuantity,
        final long filledQuantity,
        final boolean priorityKept)
    {
        if (orderId != replacedOrderId)
        {
            throw new IllegalStateException("replace of order " + orderId + " not announced to the risk ledger");
        }
        final PositionRisk position = position(account, instrumentId);
        final AccountRisk owner = position.account;
        if (Side.BUY == side)
        {
            position.openBuy += leavesQuantity - replacedLeaves;
        }
        else
        {
            position.openSell += leavesQuantity - replacedLeaves;
        }
        owner.openNotional = owner.openNotional - RiskMath.saturatedProduct(replacedPrice, replacedLeaves) +
            RiskMath.saturatedProduct(price, leavesQuantity);
        replacedOrderId = 0;
        downstream.onOrderReplaced(
            orderId, account, clientOrderId, origClientOrderId, instrumentId, side, price, quantity, leavesQuantity,
            filledQuantity, priorityKept);
    }

    /**
     * {@inheritDoc}
     */
    public void onCancelRejected(final long account, final long orderId, final RejectReason reason)
    {
        downstream.onCancelRejected(account, orderId, reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onReplaceRejected(
        final long account, final long orderId, final long newClientOrderId, final RejectReason reason)
    {
        downstream.onReplaceRejected(account, orderId, newClientOrderId, reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onMassCancelCompleted(
        final long account, final int instrumentId, final Side side, final RejectReason reason,
        final int cancelledCount)
    {
        lastMassCancelCount = cancelledCount;
        downstream.onMassCancelCompleted(account, instrumentId, side, reason, cancelledCount);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookOrderAdded(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        downstream.onBookOrderAdded(instrumentId, orderId, side, price, quantity);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookOrderModified(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        applyBookPrice(orderId, price);
        downstream.onBookOrderModified(instrumentId, orderId, side, price, quantity);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
        applyBookPrice(orderId, price);
        downstream.onBookOrderDeleted(instrumentId, orderId, side, price, quantity);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookOrderExecuted(
        final int instrumentId,
        final long orderId,
        final Side side,
        final long price,
        final long executedQuantity,
        final long leavesQuantity,
        final long tradeId)
    {
        downstream.onBookOrderExecuted(instrumentId, orderId, side, price, executedQuantity, leavesQuantity, tradeId);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId)
    {
        instrument(instrumentId).onTrade(price);
        downstream.onTrade(instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, takerOrderId);
    }

    /**
     * {@inheritDoc}
     */
    public void onBestBidOffer(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        downstream.onBestBidOffer(instrumentId, bidPrice, bidQuantity, askPrice, askQuantity);
    }
}
