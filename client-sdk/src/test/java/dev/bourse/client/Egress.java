package dev.bourse.client;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.CancelRejectEncoder;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportEncoder;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.MassCancelReportEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.MessageRejectEncoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedEncoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Hand-encoded cluster answers, fed straight into {@link OrderEntrySession#onMessage}. Each message is written at
 * a non-zero offset, as Aeron delivers it after the cluster's session header.
 */
final class Egress
{
    static final int OFFSET = 32;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SessionEstablishedEncoder sessionEstablished = new SessionEstablishedEncoder();
    private final ExecutionReportEncoder executionReport = new ExecutionReportEncoder();
    private final CancelRejectEncoder cancelReject = new CancelRejectEncoder();
    private final MassCancelReportEncoder massCancelReport = new MassCancelReportEncoder();
    private final MessageRejectEncoder messageReject = new MessageRejectEncoder();
    private final OrderEntrySession session;

    Egress(final OrderEntrySession session)
    {
        this.session = session;
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    void sessionEstablished(final long account, final long sessionToken, final long highestClientOrderId)
    {
        sessionEstablished.wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(account)
            .role(Role.TRADER)
            .sessionToken(sessionToken)
            .clusterSessionId(7)
            .leadershipTermId(3)
            .dedupWindow(10_000)
            .stpMode(StpMode.CANCEL_RESTING)
            .highestClientOrderId(highestClientOrderId);
        deliver(sessionEstablished.encodedLength());
    }

    ExecutionReportEncoder executionReport(final long clientOrderId, final ExecType execType)
    {
        return executionReport.wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(42)
            .clientOrderId(clientOrderId)
            .origClientOrderId(0)
            .orderId(1000 + clientOrderId)
            .execId(0)
            .instrumentId(1)
            .execType(execType)
            .orderStatus(ExecType.REJECTED == execType ? OrderStatus.REJECTED : OrderStatus.NEW)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(RejectReason.NONE)
            .cancelReason(CancelReason.NULL_VAL)
            .price(100)
            .quantity(10)
            .lastPrice(0)
            .lastQuantity(0)
            .leavesQuantity(10)
            .cumQuantity(0)
            .transactTimeNs(123);
    }

    void deliverExecutionReport()
    {
        deliver(executionReport.encodedLength());
    }

    void executionReportAnswer(final long clientOrderId, final ExecType execType)
    {
        executionReport(clientOrderId, execType);
        deliverExecutionReport();
    }

    void cancelReject(final long clientOrderId, final RequestType requestType, final RejectReason rejectReason)
    {
        cancelReject.wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(42)
            .clientOrderId(clientOrderId)
            .origClientOrderId(5)
            .orderId(0)
            .requestType(requestType)
            .rejectReason(rejectReason)
            .transactTimeNs(456);
        deliver(cancelReject.encodedLength());
    }

    void massCancelReport(final long clientOrderId, final int cancelledCount)
    {
        massCancelReport.wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .account(42)
            .clientOrderId(clientOrderId)
            .instrumentId(0)
            .side(Side.NULL_VAL)
            .rejectReason(RejectReason.NONE)
            .cancelledCount(cancelledCount)
            .transactTimeNs(789);
        deliver(massCancelReport.encodedLength());
    }

    void messageReject(final long clientOrderId, final RejectReason rejectReason)
    {
        messageReject.wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .refSchemaId(1)
            .refTemplateId(1)
            .clientOrderId(clientOrderId)
            .rejectReason(rejectReason)
            .transactTimeNs(999);
        deliver(messageReject.encodedLength());
    }

    void deliver(final int blockLength)
    {
        session.onMessage(buffer, OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + blockLength);
    }
}
