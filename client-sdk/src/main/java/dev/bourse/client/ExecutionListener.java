package dev.bourse.client;

import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;

/**
 * Receives what the cluster sends to this client's session, and changes in the connection. Every method has a
 * no-op default: implement the ones you need.
 * <p>
 * Callbacks run on the thread that calls {@link ExchangeClient#poll()} (for {@link AsyncExchangeClient}, its
 * poller thread). They must not block; they may send commands through the same client. Arguments are primitives
 * and enums, except the {@link ExecutionReport}, which is a reused view valid only during the callback; the client
 * allocates nothing to deliver messages (only the rare connection events carry an allocated text). An unknown
 * enum code reads as that enum's {@code NULL_VAL}.
 */
public interface ExecutionListener
{
    /**
     * The session is established: sent once per cluster session, in answer to Logon (again after a reconnect).
     *
     * @param account              the account this session trades for.
     * @param role                 TRADER or ADMIN.
     * @param clusterSessionId     the Aeron Cluster session id.
     * @param leadershipTermId     the leadership term when the session was established.
     * @param dedupWindow          how many recent client order ids the cluster remembers for the account.
     * @param stpMode              the account's self-trade prevention mode.
     * @param highestClientOrderId the highest client order id the cluster has seen for the account, 0 if none.
     */
    default void onSessionEstablished(
        final long account,
        final Role role,
        final long clusterSessionId,
        final long leadershipTermId,
        final long dedupWindow,
        final StpMode stpMode,
        final long highestClientOrderId)
    {
    }

    /**
     * Any change to an order: accepted, rejected, filled, cancelled, replaced, expired, restated, or its status
     * (the answer to a status request or to a resent command).
     *
     * @param report the report, a reused view valid only during this call.
     */
    default void onExecutionReport(final ExecutionReport report)
    {
    }

    /**
     * A cancel, replace, status request or mass cancel that could not be carried out.
     *
     * @param account           the account.
     * @param clientOrderId     the id of the refused request.
     * @param origClientOrderId the client order id the request named, or 0.
     * @param orderId           the order id the request named, or 0.
     * @param requestType       CANCEL, REPLACE, ORDER_STATUS or MASS_CANCEL.
     * @param rejectReason      why, for example UNKNOWN_ORDER.
     * @param transactTimeNs    cluster time of the reject.
     */
    default void onCancelReject(
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final RequestType requestType,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
    }

    /**
     * The answer to a mass cancel. Each cancelled order has already been reported by its own execution report.
     *
     * @param account        the account.
     * @param clientOrderId  the id of the mass cancel request.
     * @param instrumentId   the instrument it applied to, 0 for all.
     * @param side           the side it applied to, {@code NULL_VAL} for both.
     * @param rejectReason   {@link RejectReason#NONE}, or why the request was refused.
     * @param cancelledCount how many orders were cancelled.
     * @param transactTimeNs cluster time of the mass cancel.
     */
    default void onMassCancelReport(
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final RejectReason rejectReason,
        final int cancelledCount,
        final long transactTimeNs)
    {
    }

    /**
     * A message the cluster could not process at all (malformed, unsupported, wrong account, not allowed).
     *
     * @param refSchemaId    the schema id of the refused message.
     * @param refTemplateId  the template id of the refused message.
     * @param clientOrderId  the client order id of the refused message, 0 when it could not be read.
     * @param rejectReason   why.
     * @param transactTimeNs cluster time of the reject.
     */
    default void onMessageReject(
        final int refSchemaId,
        final int refTemplateId,
        final long clientOrderId,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
    }

    /**
     * The connection changed: connected, new leader, reconnecting, reconnected or closed.
     *
     * @param event   what happened.
     * @param message a human-readable detail (allocated; events are rare).
     */
    default void onConnectionEvent(final ConnectionEvent event, final String message)
    {
    }
}
