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
 * The risk state and its bookkeeping: instruments, accounts with their positions, and the live orders' reserve
 * prices. As the inner engine's listener it keeps usage exact from every accept, fill, cancel, restatement and
 * replace, and forwards each event unchanged to the downstream listener, after updating, so that the downstream
 * sees the usage that includes the event.
 */
final class RiskLedger implements EngineListener
{
    private final EngineListener downstream;
    private final Int2ObjectHashMap<InstrumentRisk> instruments = new Int2ObjectHashMap<>();
    private InstrumentRisk[] sortedInstruments = new InstrumentRisk[8];
    private int instrumentCount;
    private final Long2ObjectHashMap<AccountRisk> accounts = new Long2ObjectHashMap<>();
    private AccountRisk[] sortedAccounts = new AccountRisk[16];
    private int accountCount;
    private final Long2ObjectHashMap<OrderRisk> orders = new Long2ObjectHashMap<>();
    private OrderRisk freeOrders;
    private long pendingReservePrice;
    private int lastMassCancelCount;

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
        return instruments.get(instrumentId);
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
        return accounts.get(account);
    }

    AccountRisk accountOrCreate(final long account)
    {
        AccountRisk risk = accounts.get(account);
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

    // ---------------------------------------------------------------------------------------------- orders

    OrderRisk order(final long orderId)
    {
        return orders.get(orderId);
    }

    /**
     * The reserve price of the next order the engine accepts (set just before calling the engine).
     */
    void pendingReservePrice(final long reservePrice)
    {
        pendingReservePrice = reservePrice;
    }

    int lastMassCancelCount()
    {
        return lastMassCancelCount;
    }

    /**
     * Start counting a live order (accepted, or restored from a snapshot).
     */
    void openOrder(
        final long orderId,
        final long account,
        final int instrumentId,
        final Side side,
        final long reservePrice,
        final long quantity,
        final long leaves)
    {
        final AccountRisk owner = accountOrCreate(account);
        final PositionRisk position = owner.positionOrCreate(instrumentId);
        OrderRisk order = freeOrders;
        if (null == order)
        {
            order = new OrderRisk();
        }
        else
        {
            freeOrders = order.nextFree;
            order.nextFree = null;
        }
        order.orderId = orderId;
        order.position = position;
        order.buy = Side.BUY == side;
        order.reservePrice = reservePrice;
        order.quantity = quantity;
        order.leaves = leaves;
        orders.put(orderId, order);
        owner.openOrders++;
        if (order.buy)
        {
            position.openBuy += leaves;
        }
        else
        {
            position.openSell += leaves;
        }
        owner.openNotional += RiskMath.saturatedProduct(reservePrice, leaves);
    }

    /**
     * Remove {@code quantity} of an order's open quantity from usage (fill, cancel, restatement).
     */
    private static void reduceOpen(final OrderRisk order, final long quantity)
    {
        final PositionRisk position = order.position;
        if (order.buy)
        {
            position.openBuy -= quantity;
        }
        else
        {
            position.openSell -= quantity;
        }
        position.account.openNotional -= RiskMath.saturatedProduct(order.reservePrice, quantity);
        order.leaves -= quantity;
    }

    private void closeOrder(final OrderRisk order)
    {
        orders.remove(order.orderId);
        order.position.account.openOrders--;
        order.position = null;
        order.nextFree = freeOrders;
        freeOrders = order;
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
        openOrder(orderId, account, instrumentId, side, pendingReservePrice, quantity, quantity);
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
        final OrderRisk order = orders.get(orderId);
        final PositionRisk position = order.position;
        // The fill moves reservePrice * quantity from the open part of the usage to the net notional.
        final long moved = RiskMath.saturatedProduct(order.reservePrice, quantity);
        reduceOpen(order, quantity);
        if (order.buy)
        {
            position.position += quantity;
            position.account.setNetNotional(position, position.netNotional + moved);
        }
        else
        {
            position.position -= quantity;
            position.account.setNetNotional(position, position.netNotional - moved);
        }
        if (0 == order.leaves)
        {
            closeOrder(order);
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
        final OrderRisk order = orders.get(orderId);
        reduceOpen(order, cancelledQuantity);
        closeOrder(order);
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
        final OrderRisk order = orders.get(orderId);
        reduceOpen(order, reducedBy);
        order.quantity = quantity;
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
        final OrderRisk order = orders.get(orderId);
        final PositionRisk position = order.position;
        final AccountRisk owner = position.account;
        if (order.buy)
        {
            position.openBuy += leavesQuantity - order.leaves;
        }
        else
        {
            position.openSell += leavesQuantity - order.leaves;
        }
        owner.openNotional = owner.openNotional - RiskMath.saturatedProduct(order.reservePrice, order.leaves) +
            RiskMath.saturatedProduct(price, leavesQuantity);
        order.reservePrice = price;
        order.quantity = quantity;
        order.leaves = leavesQuantity;
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
        downstream.onBookOrderModified(instrumentId, orderId, side, price, quantity);
    }

    /**
     * {@inheritDoc}
     */
    public void onBookOrderDeleted(
        final int instrumentId, final long orderId, final Side side, final long price, final long quantity)
    {
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
        instruments.get(instrumentId).onTrade(price);
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
