package dev.bourse.client;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * One execution report from the cluster, as passed to {@link ExecutionListener#onExecutionReport(ExecutionReport)}.
 * <p>
 * <b>The instance is reused</b> for every report and is valid only during the callback: read what you need, or
 * take a {@link #copy()} (which allocates). Enum fields never throw: a code this client does not know, and an
 * absent optional field ({@link #liquidity()} when there is no fill, {@link #cancelReason()} when nothing was
 * cancelled), read as the enum's {@code NULL_VAL}.
 * <p>
 * Prices and quantities are integers in instrument units; times are cluster time in nanoseconds since the epoch.
 */
public final class ExecutionReport
{
    private long account;
    private long clientOrderId;
    private long origClientOrderId;
    private long orderId;
    private long execId;
    private int instrumentId;
    private ExecType execType = ExecType.NULL_VAL;
    private OrderStatus orderStatus = OrderStatus.NULL_VAL;
    private Side side = Side.NULL_VAL;
    private OrderType orderType = OrderType.NULL_VAL;
    private TimeInForce timeInForce = TimeInForce.NULL_VAL;
    private Liquidity liquidity = Liquidity.NULL_VAL;
    private RejectReason rejectReason = RejectReason.NULL_VAL;
    private CancelReason cancelReason = CancelReason.NULL_VAL;
    private long price;
    private long quantity;
    private long lastPrice;
    private long lastQuantity;
    private long leavesQuantity;
    private long cumQuantity;
    private long transactTimeNs;

    /**
     * An empty report; the client fills one instance and reuses it.
     */
    public ExecutionReport()
    {
    }

    ExecutionReport wrap(final ExecutionReportDecoder decoder)
    {
        account = decoder.account();
        clientOrderId = decoder.clientOrderId();
        origClientOrderId = decoder.origClientOrderId();
        orderId = decoder.orderId();
        execId = decoder.execId();
        instrumentId = decoder.instrumentId();
        execType = EnumCodes.EXEC_TYPE.get(decoder.execTypeRaw());
        orderStatus = EnumCodes.ORDER_STATUS.get(decoder.orderStatusRaw());
        side = EnumCodes.SIDE.get(decoder.sideRaw());
        orderType = EnumCodes.ORDER_TYPE.get(decoder.orderTypeRaw());
        timeInForce = EnumCodes.TIME_IN_FORCE.get(decoder.timeInForceRaw());
        liquidity = EnumCodes.LIQUIDITY.get(decoder.liquidityRaw());
        rejectReason = EnumCodes.REJECT_REASON.get(decoder.rejectReasonRaw());
        cancelReason = EnumCodes.CANCEL_REASON.get(decoder.cancelReasonRaw());
        price = decoder.price();
        quantity = decoder.quantity();
        lastPrice = decoder.lastPrice();
        lastQuantity = decoder.lastQuantity();
        leavesQuantity = decoder.leavesQuantity();
        cumQuantity = decoder.cumQuantity();
        transactTimeNs = decoder.transactTimeNs();

        return this;
    }

    /**
     * A copy that stays valid after the callback returns. Allocates.
     *
     * @return a new report with the same fields.
     */
    public ExecutionReport copy()
    {
        final ExecutionReport copy = new ExecutionReport();
        copy.account = account;
        copy.clientOrderId = clientOrderId;
        copy.origClientOrderId = origClientOrderId;
        copy.orderId = orderId;
        copy.execId = execId;
        copy.instrumentId = instrumentId;
        copy.execType = execType;
        copy.orderStatus = orderStatus;
        copy.side = side;
        copy.orderType = orderType;
        copy.timeInForce = timeInForce;
        copy.liquidity = liquidity;
        copy.rejectReason = rejectReason;
        copy.cancelReason = cancelReason;
        copy.price = price;
        copy.quantity = quantity;
        copy.lastPrice = lastPrice;
        copy.lastQuantity = lastQuantity;
        copy.leavesQuantity = leavesQuantity;
        copy.cumQuantity = cumQuantity;
        copy.transactTimeNs = transactTimeNs;

        return copy;
    }

    /**
     * The account the order belongs to.
     *
     * @return the account.
     */
    public long account()
    {
        return account;
    }

    /**
     * The order's current client order id: for NEW and REJECTED the new order's id, for CANCELED in answer to a
     * cancel the cancel request's id, for REPLACED the new id, for ORDER_STATUS the id of the request it answers,
     * and for later reports (fills, expiry) the order's current id.
     *
     * @return the client order id.
     */
    public long clientOrderId()
    {
        return clientOrderId;
    }

    /**
     * The order's previous client order id, for cancels and replaces; otherwise zero.
     *
     * @return the original client order id.
     */
    public long origClientOrderId()
    {
        return origClientOrderId;
    }

    /**
     * The exchange's id of the order; zero when the order was rejected.
     *
     * @return the order id.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * The trade id for {@link ExecType#TRADE}, otherwise zero.
     *
     * @return the execution id.
     */
    public long execId()
    {
        return execId;
    }

    /**
     * The instrument of the order.
     *
     * @return the instrument id.
     */
    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * What happened: NEW, TRADE, CANCELED, REPLACED, REJECTED, EXPIRED, RESTATED or ORDER_STATUS.
     *
     * @return the execution type.
     */
    public ExecType execType()
    {
        return execType;
    }

    /**
     * The order's status after this report.
     *
     * @return the order status.
     */
    public OrderStatus orderStatus()
    {
        return orderStatus;
    }

    /**
     * The order's side.
     *
     * @return BUY or SELL.
     */
    public Side side()
    {
        return side;
    }

    /**
     * The order's type.
     *
     * @return LIMIT or MARKET.
     */
    public OrderType orderType()
    {
        return orderType;
    }

    /**
     * The order's time in force.
     *
     * @return the time in force.
     */
    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    /**
     * MAKER or TAKER for a fill; {@code NULL_VAL} otherwise.
     *
     * @return the liquidity indicator.
     */
    public Liquidity liquidity()
    {
        return liquidity;
    }

    /**
     * Why the order or command was refused; {@link RejectReason#NONE} when it was not.
     *
     * @return the reject reason.
     */
    public RejectReason rejectReason()
    {
        return rejectReason;
    }

    /**
     * Why the order was cancelled; {@code NULL_VAL} when this report is not a cancel.
     *
     * @return the cancel reason.
     */
    public CancelReason cancelReason()
    {
        return cancelReason;
    }

    /**
     * The order's limit price; zero for a market order.
     *
     * @return the price.
     */
    public long price()
    {
        return price;
    }

    /**
     * The order's total quantity.
     *
     * @return the quantity.
     */
    public long quantity()
    {
        return quantity;
    }

    /**
     * The price of this fill; zero when this report is not a fill.
     *
     * @return the last price.
     */
    public long lastPrice()
    {
        return lastPrice;
    }

    /**
     * The quantity of this fill; zero when this report is not a fill.
     *
     * @return the last quantity.
     */
    public long lastQuantity()
    {
        return lastQuantity;
    }

    /**
     * The quantity still open on the book.
     *
     * @return the leaves quantity.
     */
    public long leavesQuantity()
    {
        return leavesQuantity;
    }

    /**
     * The quantity filled so far.
     *
     * @return the cumulative quantity.
     */
    public long cumQuantity()
    {
        return cumQuantity;
    }

    /**
     * Cluster time of the event, nanoseconds since the epoch.
     *
     * @return the transaction time.
     */
    public long transactTimeNs()
    {
        return transactTimeNs;
    }

    /**
     * A readable form, for logs and examples. Allocates.
     *
     * @return the fields as text.
     */
    public String toString()
    {
        return "ExecutionReport{" +
            "execType=" + execType +
            ", orderStatus=" + orderStatus +
            ", clientOrderId=" + clientOrderId +
            ", origClientOrderId=" + origClientOrderId +
            ", orderId=" + orderId +
            ", execId=" + execId +
            ", account=" + account +
            ", instrumentId=" + instrumentId +
            ", side=" + side +
            ", orderType=" + orderType +
            ", timeInForce=" + timeInForce +
            ", price=" + price +
            ", quantity=" + quantity +
            ", lastPrice=" + lastPrice +
            ", lastQuantity=" + lastQuantity +
            ", leavesQuantity=" + leavesQuantity +
            ", cumQuantity=" + cumQuantity +
            ", liquidity=" + liquidity +
            ", rejectReason=" + rejectReason +
            ", cancelReason=" + cancelReason +
            ", transactTimeNs=" + transactTimeNs +
            '}';
    }
}
