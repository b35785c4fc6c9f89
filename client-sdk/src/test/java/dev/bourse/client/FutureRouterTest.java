package dev.bourse.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FutureRouterTest
{
    private final RecordingListener userListener = new RecordingListener();
    private final FutureRouter router = new FutureRouter(userListener);
    private final OrderEntrySession session = new OrderEntrySession(router, 16, 0, 1_000, 1_000);
    private final Egress egress = new Egress(session);
    private final List<Throwable> errors = new ArrayList<>();
    private long lastId;

    @BeforeEach
    void establish()
    {
        router.errorHandler(errors::add);
        session.answerHandler(router);
        session.onConnected(new FakeIngress(), 0);
        egress.sessionEstablished(42, 1, 0);
    }

    @Test
    void shouldCompleteWithTheAnsweringExecutionReport() throws Exception
    {
        final CompletableFuture<OrderResult> future = register(newOrder());
        egress.executionReportAnswer(lastId, ExecType.NEW);

        final OrderResult result = future.get();
        assertEquals(OrderResult.Kind.EXECUTION_REPORT, result.kind());
        assertEquals(lastId, result.clientOrderId());
        assertEquals(ExecType.NEW, result.executionReport().execType());
        assertEquals(1000 + lastId, result.orderId());
        assertFalse(result.isRejected());
        assertTrue(userListener.events.contains("report NEW " + lastId), "the user's listener saw it too");
    }

    @Test
    void shouldCompleteWithACancelRejectAsRejected() throws Exception
    {
        final CompletableFuture<OrderResult> future = register(session.cancelOrder(0, 5, 0));
        egress.cancelReject(lastId, RequestType.CANCEL, RejectReason.UNKNOWN_ORDER);

        final OrderResult result = future.get();
        assertEquals(OrderResult.Kind.CANCEL_REJECT, result.kind());
        assertEquals(RequestType.CANCEL, result.requestType());
        assertEquals(RejectReason.UNKNOWN_ORDER, result.rejectReason());
        assertTrue(result.isRejected());
    }

    @Test
    void shouldCompleteWithAMassCancelReport() throws Exception
    {
        final CompletableFuture<OrderResult> future = register(session.massCancel(0, 0, null));
        egress.massCancelReport(lastId, 3);

        final OrderResult result = future.get();
        assertEquals(OrderResult.Kind.MASS_CANCEL_REPORT, result.kind());
        assertEquals(3, result.cancelledCount());
        assertFalse(result.isRejected());
    }

    @Test
    void shouldNotCompleteOnAReportThatAnswersNothing()
    {
        final CompletableFuture<OrderResult> future = register(newOrder());
        egress.executionReportAnswer(lastId + 100, ExecType.TRADE);

        assertFalse(future.isDone());
        assertEquals(1, router.size());
    }

    @Test
    void shouldFailPendingFuturesWhenTheClientCloses()
    {
        final CompletableFuture<OrderResult> future = register(newOrder());
        router.onConnectionEvent(ConnectionEvent.CLOSED, "gone");

        final ExecutionException ex = assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(ExchangeClientException.class, ex.getCause());
        assertEquals("the client closed before the answer arrived: gone", ex.getCause().getMessage());
        assertEquals(0, router.size());
    }

    @Test
    void shouldSendListenerExceptionsToTheErrorHandlerAndStillComplete() throws Exception
    {
        final IllegalStateException failure = new IllegalStateException("listener bug");
        final FutureRouter throwing = new FutureRouter(new ExecutionListener()
        {
            public void onExecutionReport(final ExecutionReport report)
            {
                throw failure;
            }
        });
        throwing.errorHandler(errors::add);
        final OrderEntrySession other = new OrderEntrySession(throwing, 16, 0, 1_000, 1_000);
        other.answerHandler(throwing);
        other.onConnected(new FakeIngress(), 0);
        final Egress otherEgress = new Egress(other);
        otherEgress.sessionEstablished(42, 1, 0);

        final long id = other.newOrder(0, 1, Side.BUY, 1, 1, OrderType.LIMIT, TimeInForce.GTC, false, 0);
        final CompletableFuture<OrderResult> future = new CompletableFuture<>();
        throwing.register(id, future);
        otherEgress.executionReportAnswer(id, ExecType.NEW);

        assertEquals(id, future.get().clientOrderId());
        assertEquals(List.of(failure), errors);
    }

    private CompletableFuture<OrderResult> register(final long clientOrderId)
    {
        lastId = clientOrderId;
        final CompletableFuture<OrderResult> future = new CompletableFuture<>();
        router.register(clientOrderId, future);
        return future;
    }

    private long newOrder()
    {
        return session.newOrder(0, 1, Side.BUY, 10, 100, OrderType.LIMIT, TimeInForce.GTC, false, 0);
    }
}
