package dev.bourse.client;

import java.util.ArrayList;
import java.util.List;

import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;

/**
 * Records every callback as a line of text, and keeps copies of the execution reports.
 */
final class RecordingListener implements ExecutionListener
{
    final List<String> events = new ArrayList<>();
    final List<ExecutionReport> reports = new ArrayList<>();

    public void onSessionEstablished(
        final long account,
        final Role role,
        final long clusterSessionId,
        final long leadershipTermId,
        final long dedupWindow,
        final StpMode stpMode,
        final long highestClientOrderId)
    {
        events.add("established account=" + account + " role=" + role + " clusterSessionId=" + clusterSessionId +
            " term=" + leadershipTermId + " dedupWindow=" + dedupWindow + " stp=" + stpMode + " highest=" +
            highestClientOrderId);
    }

    public void onExecutionReport(final ExecutionReport report)
    {
        reports.add(report.copy());
        events.add("report " + report.execType() + " " + report.clientOrderId());
    }

    public void onCancelReject(
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final RequestType requestType,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
        events.add("cancelReject " + clientOrderId + " " + origClientOrderId + " " + requestType + " " +
            rejectReason + " " + transactTimeNs);
    }

    public void onMassCancelReport(
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final RejectReason rejectReason,
        final int cancelledCount,
        final long transactTimeNs)
    {
        events.add("massCancelReport " + clientOrderId + " " + instrumentId + " " + side + " " + rejectReason +
            " " + cancelledCount);
    }

    public void onMessageReject(
        final int refSchemaId,
        final int refTemplateId,
        final long clientOrderId,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
        events.add("messageReject " + refSchemaId + "/" + refTemplateId + " " + clientOrderId + " " + rejectReason);
    }

    public void onConnectionEvent(final ConnectionEvent event, final String message)
    {
        events.add("connection " + event);
    }
}
