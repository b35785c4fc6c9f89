package dev.bourse.client;

import java.util.ArrayList;
import java.util.List;

import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResendTest
{
    private static final long RESPONSE_TIMEOUT_NS = 1_000;
    private static final long KEEP_ALIVE_INTERVAL_NS = 500;
    private static final long TOKEN = 111;
    private static final long NEW_TOKEN = 222;

    private final FakeIngress ingress = new FakeIngress();
    private final RecordingListener listener = new RecordingListener();
    private final OrderEntrySession session =
        new OrderEntrySession(listener, 8, 0, RESPONSE_TIMEOUT_NS, KEEP_ALIVE_INTERVAL_NS);
    private final Egress egress = new Egress(session);
    private long nowNs = 1_000_000;

    @BeforeEach
    void establish()
    {
        session.onConnected(ingress, nowNs);
        egress.sessionEstablished(42, TOKEN, 0);
        session.doWork(nowNs);
        ingress.clear();
    }

    @Test
    void shouldResendEveryPendingRequestInSubmissionOrderAfterNewLeader()
    {
        final long first = newOrder();
        final long second = session.cancelOrder(0, 0, first);
        final long third = newOrder();
        egress.executionReportAnswer(second, ExecType.CANCELED);
        ingress.clear();

        session.onNewLeader(nowNs);
        session.doWork(nowNs);

        assertEquals(List.of(first, third), sentClientOrderIds());
        assertEquals(List.of(TOKEN, TOKEN), sentTokens());
        assertEquals(2, session.resendCount());
        assertEquals(2, session.pendingCount());
    }

    @Test
    void shouldKeepResendingAfterBackPressureWhereItStopped()
    {
        final long first = newOrder();
        final long second = newOrder();
        final long third = newOrder();
        ingress.clear();

        session.onNewLeader(nowNs);
        ingress.backPressure();
        session.doWork(nowNs);
        assertTrue(ingress.sent.isEmpty());

        ingress.accept();
        egress.executionReportAnswer(second, ExecType.NEW);
        session.doWork(nowNs);

        assertEquals(List.of(first, third), sentClientOrderIds());
    }

    @Test
    void shouldQueueNewCommandsBehindResendsInProgress()
    {
        final long first = newOrder();
        ingress.clear();
        session.onNewLeader(nowNs);
        ingress.notConnected();
        session.doWork(nowNs);

        final long queued = newOrder();
        assertTrue(queued > 0, "queued during failover, so tracked and answered later");
        assertTrue(ingress.sent.isEmpty());

        ingress.accept();
        session.doWork(nowNs);
        assertEquals(List.of(first, queued), sentClientOrderIds());
    }

    @Test
    void shouldTrackCommandSentWhileIngressNotConnectedAndSendItLater()
    {
        ingress.notConnected();
        final long id = newOrder();

        assertTrue(id > 0);
        assertTrue(session.isPending(id));

        ingress.accept();
        session.onNewLeader(nowNs);
        session.doWork(nowNs);
        assertEquals(List.of(id), sentClientOrderIds());
        assertEquals(0, session.resendCount(), "the first successful send is not a resend");
    }

    @Test
    void shouldReturnBackPressuredAndTrackNothing()
    {
        ingress.backPressure();
        final long nextId = session.nextClientOrderId();

        assertEquals(ExchangeClient.BACK_PRESSURED, newOrder());
        assertEquals(0, session.pendingCount());
        assertEquals(nextId, session.nextClientOrderId(), "the id is not used up");
        assertEquals(1, session.backPressureCount());
    }

    @Test
    void shouldReturnTooManyPendingWhenThePoolIsFull()
    {
        for (int i = 0; i < 8; i++)
        {
            assertTrue(newOrder() > 0);
        }

        assertEquals(ExchangeClient.TOO_MANY_PENDING, newOrder());
        assertEquals(8, session.pendingCount());

        egress.executionReportAnswer(sentClientOrderIds().get(0), ExecType.NEW);
        assertTrue(newOrder() > 0);
    }

    @Test
    void shouldReturnClosedAfterClose()
    {
        session.close();

        assertEquals(ExchangeClient.CLOSED, newOrder());
        assertEquals(ExchangeClient.CLOSED, session.massCancel(0, 0, null));
    }

    @Test
    void shouldResendOnlyOverdueRequests()
    {
        final long first = newOrder();
        nowNs += RESPONSE_TIMEOUT_NS / 2;
        session.doWork(nowNs);
        final long second = newOrder();
        ingress.clear();

        nowNs += RESPONSE_TIMEOUT_NS / 2;
        session.doWork(nowNs);
        assertEquals(List.of(first), sentClientOrderIds());

        nowNs += RESPONSE_TIMEOUT_NS / 2;
        session.doWork(nowNs);
        assertEquals(List.of(first, second), sentClientOrderIds());
        assertEquals(2, session.resendCount());

        egress.executionReportAnswer(first, ExecType.ORDER_STATUS);
        egress.executionReportAnswer(second, ExecType.ORDER_STATUS);
        assertEquals(2, session.duplicateAnswerCount());
        assertEquals(0, session.pendingCount());
    }

    @Test
    void shouldBackOffBetweenResendsOfAnUnansweredRequest()
    {
        final long first = newOrder();
        ingress.clear();
        final List<Long> resendTimes = new ArrayList<>();
        final long startNs = nowNs;
        final long step = RESPONSE_TIMEOUT_NS / 8;
        for (long t = 0; t < 100 * RESPONSE_TIMEOUT_NS; t += step)
        {
            nowNs = startNs + t;
            final int before = ingress.sent.size();
            session.doWork(nowNs);
            if (ingress.sent.size() > before)
            {
                resendTimes.add(t);
            }
        }

        // Sent at 0; resent after 1, then 2, 4, 8, 16 timeouts, and every 16 timeouts from then on.
        final List<Long> expected = new ArrayList<>();
        long at = 0;
        for (int sends = 1; at + (RESPONSE_TIMEOUT_NS << Math.min(sends - 1, 4)) < 100 * RESPONSE_TIMEOUT_NS; sends++)
        {
            at += RESPONSE_TIMEOUT_NS << Math.min(sends - 1, OrderEntrySession.MAX_RESEND_BACKOFF_SHIFT);
            expected.add(at);
        }
        assertEquals(expected, resendTimes);
        assertTrue(sentClientOrderIds().stream().allMatch(id -> id == first));
        assertEquals(expected.size(), session.resendCount());
    }

    @Test
    void shouldResendWithTheNewTokenAfterReconnect()
    {
        final long first = newOrder();
        final long second = session.massCancel(0, 3, Side.SELL);
        session.onNewLeader(nowNs);
        session.doWork(nowNs);
        ingress.clear();

        session.onDisconnected();
        final long queued = newOrder();
        assertTrue(queued > 0);
        assertEquals(3, session.pendingCount());
        session.doWork(nowNs);

        final FakeIngress newIngress = new FakeIngress();
        session.onConnected(newIngress, nowNs);
        assertEquals(1, newIngress.sent.size());
        assertEquals(LogonDecoder.TEMPLATE_ID, newIngress.templateId(0));
        session.doWork(nowNs);
        assertEquals(1, newIngress.sent.size(), "nothing but Logon before SessionEstablished");

        egress.sessionEstablished(42, NEW_TOKEN, queued);
        session.doWork(nowNs);

        assertTrue(ingress.sent.isEmpty(), "nothing goes to the old session");
        final List<UnsafeBuffer> resent = newIngress.sent.subList(1, newIngress.sent.size());
        assertEquals(List.of(first, second, queued), clientOrderIds(resent));
        assertEquals(List.of(NEW_TOKEN, NEW_TOKEN, NEW_TOKEN), tokens(resent));
        assertEquals(queued + 1, session.nextClientOrderId());
        assertEquals(NEW_TOKEN, session.sessionToken());
    }

    @Test
    void shouldResendLogonUntilSessionEstablished()
    {
        final FakeIngress newIngress = new FakeIngress();
        session.onDisconnected();
        newIngress.backPressure();
        session.onConnected(newIngress, nowNs);
        newIngress.accept();
        session.doWork(nowNs);
        assertEquals(1, newIngress.sent.size());

        nowNs += RESPONSE_TIMEOUT_NS - 1;
        session.doWork(nowNs);
        assertEquals(1, newIngress.sent.size());

        nowNs += 1;
        session.doWork(nowNs);
        assertEquals(2, newIngress.sent.size());
        assertEquals(LogonDecoder.TEMPLATE_ID, newIngress.templateId(1));

        egress.sessionEstablished(42, NEW_TOKEN, 0);
        nowNs += RESPONSE_TIMEOUT_NS;
        session.doWork(nowNs);
        assertEquals(2, newIngress.sent.size(), "no Logon once established");
    }

    @Test
    void shouldIgnoreSessionEstablishedForAResentLogonOnceEstablished()
    {
        egress.sessionEstablished(42, 999, 0);

        assertEquals(TOKEN, session.sessionToken());
        assertEquals(1, listener.events.stream().filter((event) -> event.startsWith("established")).count());
    }

    @Test
    void shouldCloseWhenTheClusterMovesTheSessionToAnotherAccount()
    {
        session.onDisconnected();
        session.onConnected(new FakeIngress(), nowNs);
        egress.sessionEstablished(43, NEW_TOKEN, 0);

        assertEquals(OrderEntrySession.State.CLOSED, session.state());
        assertEquals("the cluster moved this session from account 42 to 43", session.fatalError());
    }

    @Test
    void shouldNotJumpAheadWhenFirstClientOrderIdIsGiven()
    {
        final OrderEntrySession partitioned = new OrderEntrySession(listener, 8, 5_000, RESPONSE_TIMEOUT_NS, 500);
        partitioned.onConnected(new FakeIngress(), nowNs);
        new Egress(partitioned).sessionEstablished(42, TOKEN, 9_000);
        assertEquals(5_000, partitioned.nextClientOrderId());

        partitioned.onDisconnected();
        partitioned.onConnected(new FakeIngress(), nowNs);
        new Egress(partitioned).sessionEstablished(42, TOKEN, 9_500);
        assertEquals(5_000, partitioned.nextClientOrderId());
    }

    @Test
    void shouldJumpAboveTheClusterHighestAfterReconnect()
    {
        newOrder();
        session.onDisconnected();
        session.onConnected(new FakeIngress(), nowNs);
        egress.sessionEstablished(42, NEW_TOKEN, 700);

        assertEquals(701, session.nextClientOrderId());
    }

    @Test
    void shouldSendKeepAliveOnlyWhenIdle()
    {
        nowNs += KEEP_ALIVE_INTERVAL_NS - 1;
        session.doWork(nowNs);
        assertEquals(0, ingress.keepAlives);

        newOrder();
        nowNs += KEEP_ALIVE_INTERVAL_NS - 1;
        session.doWork(nowNs);
        assertEquals(0, ingress.keepAlives);

        nowNs += 1;
        session.doWork(nowNs);
        assertEquals(1, ingress.keepAlives);
    }

    @Test
    void shouldNotSendAnythingWhileDisconnected()
    {
        newOrder();
        session.onDisconnected();
        ingress.clear();

        nowNs += RESPONSE_TIMEOUT_NS * 10;
        session.doWork(nowNs);

        assertTrue(ingress.sent.isEmpty());
        assertEquals(0, ingress.keepAlives);
        assertFalse(session.isEstablished());
    }

    private long newOrder()
    {
        return session.newOrder(0, 1, Side.BUY, 10, 100, OrderType.LIMIT, TimeInForce.GTC, false, 0);
    }

    private List<Long> sentClientOrderIds()
    {
        return clientOrderIds(ingress.sent);
    }

    private List<Long> sentTokens()
    {
        return tokens(ingress.sent);
    }

    private static List<Long> clientOrderIds(final List<UnsafeBuffer> messages)
    {
        final List<Long> ids = new ArrayList<>();
        for (final UnsafeBuffer message : messages)
        {
            assertEquals(MessageHeaderDecoder.SCHEMA_ID, new MessageHeaderDecoder().wrap(message, 0).schemaId());
            final int offset = MessageHeaderDecoder.ENCODED_LENGTH + NewOrderDecoder.clientOrderIdEncodingOffset();
            ids.add(message.getLong(offset, NewOrderDecoder.BYTE_ORDER));
        }
        return ids;
    }

    private static List<Long> tokens(final List<UnsafeBuffer> messages)
    {
        final List<Long> tokens = new ArrayList<>();
        for (final UnsafeBuffer message : messages)
        {
            tokens.add(message.getLong(OrderEntrySession.SESSION_TOKEN_OFFSET, NewOrderDecoder.BYTE_ORDER));
        }
        return tokens;
    }
}
