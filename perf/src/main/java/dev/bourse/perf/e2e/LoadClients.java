package dev.bourse.perf.e2e;

import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.schemas.orderentry.RejectReason;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The client side of a benchmark: one media driver (shared threading, backoff idle, as the nodes) and one
 * {@link ExchangeClient} per trading account, connected to a cluster. Instruments {@code 1..instruments} are
 * defined first through the admin account (tick 1, lot 1). Reused across the runs made against one cluster.
 */
public final class LoadClients implements AutoCloseable
{
    private final MediaDriver driver;
    private final String ingressEndpoints;
    private final AccountSession[] sessions;
    private final int instruments;

    private LoadClients(
        final MediaDriver driver,
        final String ingressEndpoints,
        final AccountSession[] sessions,
        final int instruments)
    {
        this.driver = driver;
        this.ingressEndpoints = ingressEndpoints;
        this.sessions = sessions;
        this.instruments = instruments;
    }

    /**
     * Start the client driver, define the instruments and connect one client per account.
     *
     * @param ingressEndpoints the cluster's ingress endpoints.
     * @param accounts         trading accounts (users trader-1 ..).
     * @param instruments      instruments to define and trade.
     * @param maxOpen          bound of each account's resting orders.
     * @param maxPending       each client's bound of requests awaiting an answer.
     * @return the connected clients.
     */
    public static LoadClients connect(
        final String ingressEndpoints,
        final int accounts,
        final int instruments,
        final int maxOpen,
        final int maxPending)
    {
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(CommonContext.generateRandomDirName())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(10),
                TimeUnit.MILLISECONDS.toNanos(1)))
            .asyncExecutorIdleStrategy(new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(10)))
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final AccountSession[] sessions = new AccountSession[accounts];
        try
        {
            try (AdminClient admin = AdminClient.connect(context(driver, ingressEndpoints, BenchAccounts.ADMIN)))
            {
                for (int id = 1; id <= instruments; id++)
                {
                    final AdminClient.Ack ack = admin.defineInstrument(id, 1, 1, "BENCH-" + id);
                    if (!ack.isAccepted() && RejectReason.INSTRUMENT_ALREADY_DEFINED != ack.rejectReason())
                    {
                        throw new IllegalStateException("instrument " + id + " not defined: " + ack);
                    }
                }
            }
            for (int i = 0; i < accounts; i++)
            {
                final String user = BenchAccounts.trader(i + 1);
                final AccountSession session = new AccountSession(i, user, maxOpen);
                session.client = ExchangeClient.connect(context(driver, ingressEndpoints, user)
                    .listener(session)
                    .maxPendingRequests(maxPending));
                sessions[i] = session;
            }
            return new LoadClients(driver, ingressEndpoints, sessions, instruments);
        }
        catch (final RuntimeException ex)
        {
            for (final AccountSession session : sessions)
            {
                if (null != session)
                {
                    CloseHelper.quietClose(session.client);
                }
            }
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    private static ExchangeClient.Context context(
        final MediaDriver driver, final String ingressEndpoints, final String user)
    {
        return new ExchangeClient.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .embeddedMediaDriver(false)
            .ingressEndpoints(ingressEndpoints)
            .username(user)
            .password(BenchAccounts.password(user))
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(30));
    }

    AccountSession[] sessions()
    {
        return sessions;
    }

    /**
     * @return the number of instruments defined.
     */
    public int instruments()
    {
        return instruments;
    }

    /**
     * @return the client driver's Aeron directory (other clients, e.g. a market-data subscriber, may share it).
     */
    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    /**
     * @return the cluster's ingress endpoints.
     */
    public String ingressEndpoints()
    {
        return ingressEndpoints;
    }

    /**
     * @return the sum over the clients of requests resent (after a timeout or leader change).
     */
    public long resendCount()
    {
        long total = 0;
        for (final AccountSession session : sessions)
        {
            total += session.client.resendCount();
        }
        return total;
    }

    /**
     * @return the sum over the clients of answers that were the cluster's answer to a resend (ORDER_STATUS).
     */
    public long duplicateAnswerCount()
    {
        long total = 0;
        for (final AccountSession session : sessions)
        {
            total += session.client.duplicateAnswerCount();
        }
        return total;
    }

    /**
     * Close every client and the driver.
     */
    public void close()
    {
        for (final AccountSession session : sessions)
        {
            CloseHelper.quietClose(session.client);
        }
        CloseHelper.quietClose(driver);
    }
}
