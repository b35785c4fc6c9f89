package dev.bourse.client;

import java.util.concurrent.CompletableFuture;

import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Completes the futures of an {@link AsyncExchangeClient}: it sits between the session and the user's listener,
 * remembers the message being dispatched, and when the session says that message answered a request, completes
 * that request's future with it. Confined to the poller thread; exceptions from the user's listener go to the
 * error handler so that they cannot stop the poller.
 */
final class FutureRouter implements ExecutionListener, OrderEntrySession.AnswerHandler
{
    private final ExecutionListener delegate;
    private ErrorHandler errorHandler = Throwable::printStackTrace;
    private final Long2ObjectHashMap<CompletableFuture<OrderResult>> futureByClientOrderId =
        new Long2ObjectHashMap<>();
    private ExecutionReport lastReport;
    private OrderResult lastResult;

    FutureRouter(final ExecutionListener delegate)
    {
        this.delegate = delegate;
    }

    void errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
    }

    void register(final long clientOrderId, final CompletableFuture<OrderResult> future)
    {
        futureByClientOrderId.put(clientOrderId, future);
    }

    int size()
    {
        return futureByClientOrderId.size();
    }

    void failAll(final Throwable cause)
    {
        for (final CompletableFuture<OrderResult> future : futureByClientOrderId.values())
        {
            future.completeExceptionally(cause);
        }
        futureByClientOrderId.clear();
    }

    public void onAnswer(final long clientOrderId)
    {
        final CompletableFuture<OrderResult> future = futureByClientOrderId.remove(clientOrderId);
        if (null != future)
        {
            final OrderResult result = null != lastReport ? OrderResult.of(lastReport) : lastResult;
            future.complete(result);
        }
        lastReport = null;
        lastResult = null;
    }

    public void onSessionEstablished(
        final long account,
        final Role role,
        final long clusterSessionId,
        final long leadershipTermId,
        final long dedupWindow,
        final StpMode stpMode,
        final long highestClientOrderId)
    {
        try
        {
            delegate.onSessionEstablished(
                account, role, clusterSessionId, leadershipTermId, dedupWindow, stpMode, highestClientOrderId);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }

    public void onExecutionReport(final ExecutionReport report)
    {
        lastReport = report;
        lastResult = null;
        try
        {
            delegate.onExecutionReport(report);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
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
        lastReport = null;
        lastResult = futureByClientOrderId.containsKey(clientOrderId) ? new OrderResult(
            OrderResult.Kind.CANCEL_REJECT, clientOrderId, origClientOrderId, orderId, 0, Side.NULL_VAL,
            requestType, rejectReason, 0, transactTimeNs, null) : null;
        try
        {
            delegate.onCancelReject(
                account, clientOrderId, origClientOrderId, orderId, requestType, rejectReason, transactTimeNs);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
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
        lastReport = null;
        lastResult = futureByClientOrderId.containsKey(clientOrderId) ? new OrderResult(
            OrderResult.Kind.MASS_CANCEL_REPORT, clientOrderId, 0, 0, instrumentId, side, RequestType.NULL_VAL,
            rejectReason, cancelledCount, transactTimeNs, null) : null;
        try
        {
            delegate.onMassCancelReport(
                account, clientOrderId, instrumentId, side, rejectReason, cancelledCount, transactTimeNs);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }

    public void onMessageReject(
        final int refSchemaId,
        final int refTemplateId,
        final long clientOrderId,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
        lastReport = null;
        lastResult = futureByClientOrderId.containsKey(clientOrderId) ? new OrderResult(
            OrderResult.Kind.MESSAGE_REJECT, clientOrderId, 0, 0, 0, Side.NULL_VAL, RequestType.NULL_VAL,
            rejectReason, 0, transactTimeNs, null) : null;
        try
        {
            delegate.onMessageReject(refSchemaId, refTemplateId, clientOrderId, rejectReason, transactTimeNs);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }

    public void onConnectionEvent(final ConnectionEvent event, final String message)
    {
        try
        {
            delegate.onConnectionEvent(event, message);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }

        if (ConnectionEvent.CLOSED == event)
        {
            failAll(new ExchangeClientException("the client closed before the answer arrived: " + message));
        }
    }
}
