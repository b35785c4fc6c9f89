package dev.bourse.client;

import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;

/**
 * The answer to one request of an {@link AsyncExchangeClient}: the first message the cluster sent about it, by
 * its client order id. Immutable.
 * <ul>
 *     <li>{@link Kind#EXECUTION_REPORT}: NEW or REJECTED for a new order, CANCELED for a cancel, REPLACED for a
 *     replace, ORDER_STATUS for a status request or for a command the cluster had applied already (a resend);
 *     see {@link #executionReport()}.</li>
 *     <li>{@link Kind#CANCEL_REJECT}: a cancel, replace or status request that could not be carried out.</li>
 *     <li>{@link Kind#MASS_CANCEL_REPORT}: the answer to a mass cancel, see {@link #cancelledCount()}.</li>
 *     <li>{@link Kind#MESSAGE_REJECT}: the cluster could not process the request at all.</li>
 * </ul>
 */
public final class OrderResult
{
    /**
     * Which message answered the request.
     */
    public enum Kind
    {
        /**
         * An execution report.
         */
        EXECUTION_REPORT,

        /**
         * A cancel reject.
         */
        CANCEL_REJECT,

        /**
         * A mass cancel report.
         */
        MASS_CANCEL_REPORT,

        /**
         * A message reject.
         */
        MESSAGE_REJECT
    }

    private final Kind kind;
    private final long clientOrderId;
    private final long origClientOrderId;
    private final long orderId;
    private final int instrumentId;
    private final Side side;
    private final RequestType requestType;
    private final RejectReason rejectReason;
    private final int cancelledCount;
    private final long transactTimeNs;
    private final ExecutionReport executionReport;

    OrderResult(
        final Kind kind,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final int instrumentId,
        final Side side,
        final RequestType requestType,
        final RejectReason rejectReason,
        final int cancelledCount,
        final long transactTimeNs,
        final ExecutionReport executionReport)
    {
        this.kind = kind;
        this.clientOrderId = clientOrderId;
        this.origClientOrderId = origClientOrderId;
        this.orderId = orderId;
        this.instrumentId = instrumentId;
        this.side = side;
        this.requestType = requestType;
        this.rejectReason = rejectReason;
        this.cancelledCount = cancelledCount;
        this.transactTimeNs = transactTimeNs;
        this.executionReport = executionReport;
    }

    static OrderResult of(final ExecutionReport report)
    {
        final ExecutionReport copy = report.copy();
        return new OrderResult(
            Kind.EXECUTION_REPORT,
            copy.clientOrderId(),
            copy.origClientOrderId(),
            copy.orderId(),
            copy.instrumentId(),
            copy.side(),
            RequestType.NULL_VAL,
            copy.rejectReason(),
            0,
            copy.transactTimeNs(),
            copy);
    }

    /**
     * Which message answered the request.
     *
     * @return the kind of answer.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * The request's client order id (for a replace, the order's new id).
     *
     * @return the client order id.
     */
    public long clientOrderId()
    {
        return clientOrderId;
    }

    /**
     * The client order id the request named, when the answer carries one; otherwise 0.
     *
     * @return the original client order id.
     */
    public long origClientOrderId()
    {
        return origClientOrderId;
    }

    /**
     * The order id, when the answer carries one; otherwise 0.
     *
     * @return the order id.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * The instrument, for execution reports and mass cancel reports; otherwise 0.
     *
     * @return the instrument id.
     */
    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * The side, for execution reports and mass cancel reports; otherwise {@code NULL_VAL}.
     *
     * @return the side.
     */
    public Side side()
    {
        return side;
    }

    /**
     * For a cancel reject, which request was refused; otherwise {@code NULL_VAL}.
     *
     * @return the request type.
     */
    public RequestType requestType()
    {
        return requestType;
    }

    /**
     * Why the request was refused, or {@link RejectReason#NONE}.
     *
     * @return the reject reason.
     */
    public RejectReason rejectReason()
    {
        return rejectReason;
    }

    /**
     * For a mass cancel report, how many orders were cancelled; otherwise 0.
     *
     * @return the cancelled count.
     */
    public int cancelledCount()
    {
        return cancelledCount;
    }

    /**
     * Cluster time of the answer, nanoseconds since the epoch.
     *
     * @return the transaction time.
     */
    public long transactTimeNs()
    {
        return transactTimeNs;
    }

    /**
     * The execution report, for {@link Kind#EXECUTION_REPORT}; otherwise null.
     *
     * @return a copy of the report, or null.
     */
    public ExecutionReport executionReport()
    {
        return executionReport;
    }

    /**
     * Was the request refused? True for cancel and message rejects, and for any answer whose reject reason is not
     * {@link RejectReason#NONE} (including an ORDER_STATUS answer to a resent command that had been rejected).
     *
     * @return true if refused.
     */
    public boolean isRejected()
    {
        return Kind.CANCEL_REJECT == kind || Kind.MESSAGE_REJECT == kind ||
            (RejectReason.NONE != rejectReason && RejectReason.NULL_VAL != rejectReason);
    }

    /**
     * A readable form.
     *
     * @return the fields as text.
     */
    public String toString()
    {
        if (null != executionReport)
        {
            return "OrderResult{" + executionReport + '}';
        }

        return "OrderResult{" +
            "kind=" + kind +
            ", clientOrderId=" + clientOrderId +
            ", origClientOrderId=" + origClientOrderId +
            ", orderId=" + orderId +
            ", instrumentId=" + instrumentId +
            ", side=" + side +
            ", requestType=" + requestType +
            ", rejectReason=" + rejectReason +
            ", cancelledCount=" + cancelledCount +
            ", transactTimeNs=" + transactTimeNs +
            '}';
    }
}
