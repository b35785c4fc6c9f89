package dev.bourse.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The client against a real (one-member, loopback) Aeron Cluster running a stand-in service: the Aeron glue of
 * connect, authentication, Logon, egress, and reconnect after the cluster closes the session.
 */
@Timeout(60)
class ExchangeClientClusterTest
{
    private static FakeExchangeCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception
    {
        cluster = new FakeExchangeCluster();
    }

    @AfterAll
    static void stopCluster()
    {
        if (null != cluster)
        {
            cluster.close();
        }
    }

    @Test
    void shouldConnectLogOnAndGetTheAnswerToAnOrder()
    {
        final RecordingListener listener = new RecordingListener();
        try (ExchangeClient client = ExchangeClient.connect(context("secret").listener(listener)))
        {
            assertTrue(client.isConnected());
            assertEquals(FakeExchangeCluster.ACCOUNT, client.account());
            assertEquals(Role.TRADER, client.role());
            assertTrue(listener.events.contains("connection CONNECTED"));

            final long id = client.placeLimitOrder(1, Side.BUY, 10, 100, TimeInForce.GTC);
            assertTrue(id > 0);
            await(client, () -> 0 == client.pendingCount());

            assertTrue(listener.events.contains("report NEW " + id), listener.events.toString());
        }
        assertTrue(listener.events.contains("connection CLOSED"));
    }

    @Test
    void shouldFailWithAClearErrorOnWrongCredentials()
    {
        final ExchangeClientException ex =
            assertThrows(ExchangeClientException.class, () -> ExchangeClient.connect(context("wrong")));

        assertTrue(ex.getMessage().startsWith("authentication failed for user alice"), ex.getMessage());
    }

    @Test
    void shouldReconnectAndResendWithTheNewTokenWhenTheClusterClosesTheSession()
    {
        final RecordingListener listener = new RecordingListener();
        try (ExchangeClient client = ExchangeClient.connect(context("secret").listener(listener)))
        {
            final long lost = client.placeLimitOrder(
                1, Side.SELL, FakeExchangeCluster.CLOSE_SESSION_QUANTITY, 100, TimeInForce.GTC);
            await(client, () -> listener.events.contains("connection RECONNECTING"));

            final long queued = client.placeLimitOrder(1, Side.SELL, 5, 100, TimeInForce.GTC);
            assertTrue(queued > 0, "queued while reconnecting");
            await(client, () -> 0 == client.pendingCount());

            assertTrue(listener.events.contains("connection RECONNECTED"), listener.events.toString());
            assertTrue(listener.events.contains("report ORDER_STATUS " + lost), listener.events.toString());
            assertTrue(listener.events.contains("report NEW " + queued), listener.events.toString());
            assertEquals(1, client.reconnectCount());
            assertTrue(client.resendCount() >= 1);
            assertEquals(1, client.duplicateAnswerCount());
        }
    }

    @Test
    void shouldCompleteFuturesOfTheAsyncClient() throws Exception
    {
        final List<String> events = new ArrayList<>();
        try (AsyncExchangeClient client = AsyncExchangeClient.connect(context("secret").listener(
            new ExecutionListener()
            {
                public void onConnectionEvent(final ConnectionEvent event, final String message)
                {
                    synchronized (events)
                    {
                        events.add(event.name());
                    }
                }
            })))
        {
            final CompletableFuture<OrderResult> future = client.placeLimitOrder(1, Side.BUY, 3, 90, TimeInForce.DAY);
            final OrderResult result = future.get(10, TimeUnit.SECONDS);

            assertEquals(ExecType.NEW, result.executionReport().execType());
            assertEquals(3, result.executionReport().quantity());
            assertFalse(result.isRejected());
            assertThrows(IllegalArgumentException.class, () -> client.placeLimitOrder(1, Side.BUY, 0, 90,
                TimeInForce.DAY));
        }
        synchronized (events)
        {
            assertEquals(List.of("CONNECTED", "CLOSED"), events);
        }
    }

    private static ExchangeClient.Context context(final String password)
    {
        return new ExchangeClient.Context()
            .username("alice")
            .password(password)
            .ingressEndpoints(FakeExchangeCluster.INGRESS_ENDPOINTS)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(10))
            .responseTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500));
    }

    private static void await(final ExchangeClient client, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("condition not met in time");
            }
            if (0 == client.poll())
            {
                Thread.onSpinWait();
            }
        }
    }
}
