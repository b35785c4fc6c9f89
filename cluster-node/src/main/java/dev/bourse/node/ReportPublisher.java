package dev.bourse.node;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.schemas.orderentry.CancelOrderDecoder;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.CancelRejectEncoder;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportEncoder;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.MassCancelDecoder;
import dev.bourse.schemas.orderentry.MassCancelReportEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.MessageRejectEncoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.ClientSession;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns engine events into order status updates and execution reports, and sends reports to every open session
 * of the accounts involved (both sides of a trade). Egress back-pressure is retried a bounded number of times and
 * never blocks the log; a report that still cannot be sent is counted as dropped and can be recovered with an
 * order status request. Market-data events are not handled here.
 * <p>
 * An execution report to an account with one open session (the usual case) is encoded straight into space claimed
 * in that session's egress publication; otherwise it is encoded once here and offered to each session.
 */
final class ReportPublisher implements EngineListener
{
    static final int EGRESS_ATTEMPTS = 3;
    /** An execution report has no variable-length fields: its length is known before it is encoded. */
    static final int REPORT_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + ExecutionReportEncoder.BLOCK_LENGTH;

    private final MutableDirectBuffer buffer = new ExpandableDirectByteBuffer(256);
    private final BufferClaim claim = new BufferClaim();
    // The report being encoded is in the claim, to be committed by sendToAccount.
    private boolean claimOpen;
    // The claim was refused (back-pressure after every attempt): the report is counted as dropped, not offered.
    private boolean claimRefused;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder reportEncoder = new ExecutionReportEncoder();
    private final CancelRejectEncoder cancelRejectEncoder = new CancelRejectEncoder();
    private final MassCancelReportEncoder massCancelReportEncoder = new MassCancelReportEncoder();
    private final MessageRejectEncoder messageRejectEncoder = new MessageRejectEncoder();
    private final OrderRecords records;
    private final Sessions sessions;
    private final ServiceCounters counters;

    private long nowNs;
    private int requestTemplateId;
    private long requestClientOrderId;
    private long requestOrigClientOrderId;
    private short requestSide;
    private short requestOrderType;
    private short requestTimeInForce;
    private long requestPrice;
    private long requestQuantity;
    private OrderRecords.Record lastAcceptedRecord;
    private int lastMassCancelCount;
    private boolean egress = true;

    ReportPublisher(final OrderRecords records, final Sessions sessions, final ServiceCounters counters)
    {
        this.records = records;
        this.sessions = sessions;
        this.counters = counters;
    }

    /**
     * Set the context of the command about to be applied: its time, template and client order id.
     */
    void beginRequest(
        final long nowNs, final int templateId, final long clientOrderId, final long origClientOrderId)
    {
        this.nowNs = nowNs;
        this.requestTemplateId = templateId;
        this.requestClientOrderId = clientOrderId;
        this.requestOrigClientOrderId = origClientOrderId;
        this.requestSide = 0;
        this.requestOrderType = 0;
        this.requestTimeInForce = 0;
        this.requestPrice = 0;
        this.requestQuantity = 0;
        this.lastAcceptedRecord = null;
        this.lastMassCancelCount = 0;
    }

    /**
     * The fields of the NewOrder being applied, so that a reject can report what was rejected.
     */
    void newOrderDetails(
        final short side, final short orderType, final short timeInForce, final long price, final long quantity)
    {
        requestSide = side;
        requestOrderType = orderType;
        requestTimeInForce = timeInForce;
        requestPrice = price;
        requestQuantity = quantity;
    }

    /**
     * Whether this node sends egress: only the leader's offers reach clients (Aeron mocks them elsewhere), so the
     * other members skip encoding reports altogether. Set on start and on every role change, from the same role
     * Aeron's {@code ClientSession.offer} consults; the order records are updated either way.
     */
    void egress(final boolean egress)
    {
        this.egress = egress;
    }

    /**
     * @return the record created for the order the current request placed, or null.
     */
    OrderRecords.Record lastAcceptedRecord()
    {
        return lastAcceptedRecord;
    }

    int lastMassCancelCount()
    {
        return lastMassCancelCount;
    }

    // ------------------------------------------------------------------------------------------------ engine events

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
        final OrderRecords.Record record = records.create(orderId);
        lastAcceptedRecord = record;
        record.account = account;
        record.clientOrderId = clientOrderId;
        record.origClientOrderId = 0;
        record.instrumentId = instrumentId;
        record.side = (short)side.value();
        record.orderType = (short)orderType.value();
        record.timeInForce = (short)timeInForce.value();
        record.status = OrderStatus.NEW;
        record.price = price;
        record.quantity = quantity;
        record.cumQuantity = 0;
        record.leavesQuantity = quantity;
        records.added(record);
        if (egress)
        {
            encodeReport(record, ExecType.NEW, clientOrderId, 0, RejectReason.NONE, CancelReason.NULL_VAL);
            sendToAccount(account, REPORT_LENGTH);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        counters.reject(reason);
        if (!egress)
        {
            return;
        }
        headerAndReport(account, clientOrderId, 0, 0, instrumentId, ExecType.REJECTED, OrderStatus.REJECTED)
            .side(Codes.side(requestSide))
            .orderType(Codes.orderType(requestOrderType))
            .timeInForce(Codes.timeInForce(requestTimeInForce))
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(reason)
            .cancelReason(CancelReason.NULL_VAL)
            .price(requestPrice).quantity(requestQuantity).lastPrice(0).lastQuantity(0).leavesQuantity(0)
            .cumQuantity(0)
            .transactTimeNs(nowNs);
        sendToAccount(account, REPORT_LENGTH);
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
        final OrderRecords.Record record = records.get(orderId);
        if (Liquidity.MAKER == liquidity)
        {
            counters.trades++;
        }
        records.changing(record);
        record.cumQuantity = filledQuantity;
        record.leavesQuantity = leavesQuantity;
        record.status = 0 == leavesQuantity ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        if (egress)
        {
            encodeFill(record, orderId, account, clientOrderId, instrumentId, side, tradeId, price, quantity,
                leavesQuantity, filledQuantity, liquidity);
        }
        if (0 == leavesQuantity)
        {
            records.finished(record);
        }
        else
        {
            records.changed(record);
        }
    }

    private void encodeFill(
        final OrderRecords.Record record,
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
        headerAndReport(
            account, clientOrderId, record.origClientOrderId, orderId, instrumentId, ExecType.TRADE, record.status)
            .execId(tradeId);
        reportEncoder
            .side(side)
            .orderType(Codes.orderType(record.orderType))
            .timeInForce(Codes.timeInForce(record.timeInForce))
            .liquidity(liquidity)
            .rejectReason(RejectReason.NONE)
            .cancelReason(CancelReason.NULL_VAL)
            .price(record.price)
            .quantity(record.quantity)
            .lastPrice(price)
            .lastQuantity(quantity)
            .leavesQuantity(leavesQuantity)
            .cumQuantity(filledQuantity)
            .transactTimeNs(nowNs);
        sendToAccount(account, REPORT_LENGTH);
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
        final OrderRecords.Record record = records.get(orderId);
        final boolean expired = CancelReason.EXPIRED == reason;
        records.changing(record);
        record.status = expired ? OrderStatus.EXPIRED : OrderStatus.CANCELED;
        record.leavesQuantity = 0;
        if (egress)
        {
            long reportClientOrderId = clientOrderId;
            long reportOrigClientOrderId = record.origClientOrderId;
            if (CancelReason.CLIENT_REQUEST == reason && isCurrentRequest(CancelOrderDecoder.TEMPLATE_ID))
            {
                reportClientOrderId = requestClientOrderId;
                reportOrigClientOrderId = clientOrderId;
            }
            encodeReport(record, expired ? ExecType.EXPIRED : ExecType.CANCELED, reportClientOrderId,
                reportOrigClientOrderId, RejectReason.NONE, reason);
            sendToAccount(account, REPORT_LENGTH);
        }
        records.finished(record);
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
        final OrderRecords.Record record = records.get(orderId);
        records.changing(record);
        record.quantity = quantity;
        record.leavesQuantity = leavesQuantity;
        records.changed(record);
        if (egress)
        {
            encodeReport(
                record, ExecType.RESTATED, clientOrderId, record.origClientOrderId, RejectReason.NONE, reason);
            sendToAccount(account, REPORT_LENGTH);
        }
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
        final OrderRecords.Record record = records.get(orderId);
        records.changing(record);
        record.clientOrderId = clientOrderId;
        record.origClientOrderId = origClientOrderId;
        record.price = price;
        record.quantity = quantity;
        record.leavesQuantity = leavesQuantity;
        record.cumQuantity = filledQuantity;
        records.changed(record);
        if (egress)
        {
            encodeReport(
                record, ExecType.REPLACED, clientOrderId, origClientOrderId, RejectReason.NONE, CancelReason.NULL_VAL);
            sendToAccount(account, REPORT_LENGTH);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onCancelRejected(final long account, final long orderId, final RejectReason reason)
    {
        sendCancelReject(account, requestClientOrderId, requestOrigClientOrderId, orderId, RequestType.CANCEL, reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onReplaceRejected(
        final long account, final long orderId, final long newClientOrderId, final RejectReason reason)
    {
        sendCancelReject(
            account, newClientOrderId, requestOrigClientOrderId, orderId, RequestType.REPLACE, reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onMassCancelCompleted(
        final long account, final int instrumentId, final Side side, final RejectReason reason,
        final int cancelledCount)
    {
        lastMassCancelCount = cancelledCount;
        // Only a client's MassCancel is answered with a report. The exchange's own mass cancels (kill switch,
        // cancel on disconnect) are reported order by order; the admin gets its AdminAck.
        if (isCurrentRequest(MassCancelDecoder.TEMPLATE_ID))
        {
            sendMassCancelReport(account, requestClientOrderId, instrumentId, side, reason, cancelledCount);
        }
    }

    // ------------------------------------------------------------------------------------------------ answers

    void sendOrderStatus(
        final long account, final long clientOrderId, final OrderRecords.Record record, final RejectReason reason)
    {
        encodeReport(record, ExecType.ORDER_STATUS, clientOrderId, record.clientOrderId, reason,
            CancelReason.NULL_VAL);
        sendToAccount(account, REPORT_LENGTH);
    }

    void sendRejectedOrderStatus(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        counters.reject(reason);
        headerAndReport(account, clientOrderId, 0, 0, instrumentId, ExecType.ORDER_STATUS, OrderStatus.REJECTED)
            .side(Side.NULL_VAL)
            .orderType(OrderType.NULL_VAL)
            .timeInForce(TimeInForce.NULL_VAL)
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(reason)
            .cancelReason(CancelReason.NULL_VAL)
            .price(0).quantity(0).lastPrice(0).lastQuantity(0).leavesQuantity(0).cumQuantity(0)
            .transactTimeNs(nowNs);
        sendToAccount(account, REPORT_LENGTH);
    }

    void sendCancelReject(
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final RequestType requestType,
        final RejectReason reason)
    {
        counters.reject(reason);
        cancelRejectEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .account(account)
            .clientOrderId(clientOrderId)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId)
            .requestType(requestType)
            .rejectReason(reason)
            .transactTimeNs(nowNs);
        sendToAccount(account, MessageHeaderEncoder.ENCODED_LENGTH + cancelRejectEncoder.encodedLength());
    }

    void sendMassCancelReport(
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final RejectReason reason,
        final int count)
    {
        if (RejectReason.NONE != reason)
        {
            counters.reject(reason);
        }
        massCancelReportEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .account(account)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side(null == side ? Side.NULL_VAL : side)
            .rejectReason(reason)
            .cancelledCount(count)
            .transactTimeNs(nowNs);
        sendToAccount(account, MessageHeaderEncoder.ENCODED_LENGTH + massCancelReportEncoder.encodedLength());
    }

    void sendRejectedNewOrder(final Sessions.Session session, final long clientOrderId, final RejectReason reason)
    {
        onOrderRejected(session.account, clientOrderId, 0, reason);
    }

    void sendMessageReject(
        final ClientSession clientSession,
        final int refSchemaId,
        final int refTemplateId,
        final long clientOrderId,
        final RejectReason reason)
    {
        counters.reject(reason);
        messageRejectEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .refSchemaId(refSchemaId)
            .refTemplateId(refTemplateId)
            .clientOrderId(clientOrderId)
            .rejectReason(reason)
            .transactTimeNs(nowNs);
        send(clientSession, buffer, MessageHeaderEncoder.ENCODED_LENGTH + messageRejectEncoder.encodedLength());
    }

    // ------------------------------------------------------------------------------------------------ encoding

    private boolean isCurrentRequest(final int templateId)
    {
        return requestTemplateId == templateId;
    }

    private ExecutionReportEncoder headerAndReport(
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final int instrumentId,
        final ExecType execType,
        final OrderStatus status)
    {
        final boolean claimed = claimReport(account);
        return reportEncoder.wrapAndApplyHeader(claimed ? claim.buffer() : buffer,
            claimed ? claim.offset() + AeronCluster.SESSION_HEADER_LENGTH : 0, headerEncoder)
            .account(account)
            .clientOrderId(clientOrderId)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId)
            .execId(0)
            .instrumentId(instrumentId)
            .execType(execType)
            .orderStatus(status);
    }

    private void encodeReport(
        final OrderRecords.Record record,
        final ExecType execType,
        final long clientOrderId,
        final long origClientOrderId,
        final RejectReason rejectReason,
        final CancelReason cancelReason)
    {
        headerAndReport(record.account, clientOrderId, origClientOrderId, record.orderId, record.instrumentId,
            execType, record.status)
            .side(Codes.side(record.side))
            .orderType(Codes.orderType(record.orderType))
            .timeInForce(Codes.timeInForce(record.timeInForce))
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(rejectReason)
            .cancelReason(cancelReason)
            .price(record.price)
            .quantity(record.quantity)
            .lastPrice(0)
            .lastQuantity(0)
            .leavesQuantity(record.leavesQuantity)
            .cumQuantity(record.cumQuantity)
            .transactTimeNs(nowNs);
    }

    /**
     * Claim space for an execution report in the egress publication of the account's only session, retrying
     * back-pressure like {@link #send}.
     *
     * @return true if the report is to be encoded into {@link #claim}; false to encode it into the buffer (no
     * egress, no session or several, or the claim refused and counted as dropped).
     */
    private boolean claimReport(final long account)
    {
        if (!egress)
        {
            return false;
        }
        final Sessions.Session session = sessions.firstOfAccount(account);
        if (null == session || null != session.nextOfAccount || null == session.clientSession)
        {
            return false;
        }
        counters.egressMessages++;
        for (int attempt = 0; attempt < EGRESS_ATTEMPTS; attempt++)
        {
            final long result = session.clientSession.tryClaim(REPORT_LENGTH, claim);
            if (accepted(result))
            {
                claimOpen = true;
                return true;
            }
            if (!retryable(result))
            {
                break;
            }
            counters.egressBackPressure++;
        }
        counters.egressDropped++;
        claimRefused = true;
        return false;
    }

    /**
     * A bug interrupted the current command between encoding a report and sending it: give claimed space back, so
     * that the session's egress is not left blocked behind an uncommitted message.
     */
    void abandonReport()
    {
        if (claimOpen)
        {
            claimOpen = false;
            claim.abort();
        }
        claimRefused = false;
    }

    private void sendToAccount(final long account, final int length)
    {
        if (claimOpen)
        {
            claimOpen = false;
            claim.commit();
            return;
        }
        if (claimRefused)
        {
            claimRefused = false;
            return;
        }
        if (!egress)
        {
            return;
        }
        for (Sessions.Session session = sessions.firstOfAccount(account); null != session;
            session = session.nextOfAccount)
        {
            send(session.clientSession, buffer, length);
        }
    }

    /**
     * Offer one message to one session, retrying back-pressure a bounded number of times; never blocks the log. A
     * message that still cannot be sent is counted as dropped.
     */
    void send(final ClientSession clientSession, final DirectBuffer message, final int length)
    {
        if (null == clientSession)
        {
            return;
        }
        counters.egressMessages++;
        for (int attempt = 0; attempt < EGRESS_ATTEMPTS; attempt++)
        {
            final long result = clientSession.offer(message, 0, length);
            if (accepted(result))
            {
                return;
            }
            if (!retryable(result))
            {
                break;
            }
            counters.egressBackPressure++;
        }
        counters.egressDropped++;
    }

    /**
     * @return whether an offer or claim went through (a follower's mocked one counts: it was never to be sent).
     */
    private static boolean accepted(final long result)
    {
        return result > 0 || ClientSession.MOCKED_OFFER == result;
    }

    /**
     * @return whether a refused offer or claim is worth another attempt: back-pressure, or the publication busy
     * rotating a term; not a closed or disconnected one.
     */
    private static boolean retryable(final long result)
    {
        return Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result;
    }
}
