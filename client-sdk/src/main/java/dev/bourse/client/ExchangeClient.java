package dev.bourse.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.driver.MediaDriver;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.exceptions.TimeoutException;
import io.aeron.logbuffer.Header;
import io.aeron.security.AuthenticationException;
import io.aeron.security.CredentialsSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.SystemUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Order entry to a Bourse cluster: connect, log on, send commands, and receive their answers and every report
 * about the account's orders through an {@link ExecutionListener}.
 * <pre>{@code
 * try (ExchangeClient client = ExchangeClient.connect(new ExchangeClient.Context()
 *     .username("alice").password("secret").listener(myListener)))
 * {
 *     final long clientOrderId = client.placeLimitOrder(1, Side.BUY, 10, 100_00, TimeInForce.GTC);
 *     while (running)
 *     {
 *         idleStrategy.idle(client.poll());
 *     }
 * }
 * }</pre>
 * <h2>Threading and allocation</h2>
 * Not thread-safe: one thread calls the commands and {@link #poll()}, the duty cycle, which must be called
 * regularly (it reads egress, sends keep-alives and resends, and handles failover). No hidden threads of the
 * client's own (Aeron's client conductor, and the embedded media driver if one is used, have theirs). Commands
 * and polling allocate nothing in steady state; see {@link AsyncExchangeClient} for a thread-safe convenience
 * wrapper with futures.
 * <h2>Results of commands</h2>
 * Every command returns the request's client order id (positive) when the request was sent, or queued during a
 * failover; from then on it is tracked until its answer arrives, and it will be answered. Otherwise it returns
 * a negative code and nothing is tracked: {@link #BACK_PRESSURED} (poll and try again),
 * {@link #TOO_MANY_PENDING} or {@link #CLOSED}. Arguments that can never be right throw
 * {@link IllegalArgumentException} at once.
 * <h2>Failover</h2>
 * The client keeps the encoded bytes of every unanswered request. When the cluster elects a new leader, or an
 * answer is overdue ({@link Context#responseTimeoutNs()}), it resends them in submission order; when the cluster
 * session is lost, it reconnects with backoff to any member, logs on again and resends them all with the new
 * session token. The cluster applies each client order id at most once and answers a resend of an applied one
 * with the order's status ({@code ORDER_STATUS}), so every request takes effect once and is answered.
 */
public final class ExchangeClient implements AutoCloseable
{
    /**
     * The command was not sent because the ingress is back-pressured; nothing is tracked. Poll and try again.
     */
    public static final long BACK_PRESSURED = -1;

    /**
     * The command was not sent because {@link Context#maxPendingRequests()} requests await answers; nothing is
     * tracked. Poll until answers arrive and try again.
     */
    public static final long TOO_MANY_PENDING = -2;

    /**
     * The command was not sent because the client is closed.
     */
    public static final long CLOSED = -3;

    /**
     * Pass as the clientOrderId of a command to have the client generate the next id.
     */
    public static final long NEXT_CLIENT_ORDER_ID = 0;

    private static final long RECONNECT_BACKOFF_MIN_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RECONNECT_BACKOFF_MAX_NS = TimeUnit.SECONDS.toNanos(5);

    private enum LinkState
    {
        CONNECTED,
        AWAITING_RECONNECT,
        RECONNECTING,
        CLOSED
    }

    private final Context ctx;
    private final NanoClock clock;
    private final ExecutionListener listener;
    private final OrderEntrySession session;
    private final ClusterEgress egress = new ClusterEgress();
    private final ClusterIngress ingress = new ClusterIngress();
    private MediaDriver mediaDriver;
    private Aeron aeron;
    private AeronCluster cluster;
    private AeronCluster.AsyncConnect asyncConnect;
    private LinkState linkState = LinkState.RECONNECTING;
    private long reconnectAtNs;
    private long reconnectBackoffNs = RECONNECT_BACKOFF_MIN_NS;
    private long logonDeadlineNs = Long.MAX_VALUE;
    private boolean reconnectPending;
    private String sessionEventDetail;
    private long reconnectCount;
    private long leaderChangeCount;
    private boolean isPolling;
    private String deferredCloseReason;

    private ExchangeClient(final Context ctx)
    {
        this.ctx = ctx;
        this.clock = SystemNanoClock.INSTANCE;
        this.listener = ctx.listener();
        this.session = new OrderEntrySession(
            listener,
            ctx.maxPendingRequests(),
            ctx.firstClientOrderId(),
            ctx.responseTimeoutNs(),
            ctx.keepAliveIntervalNs());
    }

    /**
     * Connect to the cluster, authenticate, log on and wait for the session to be established, all within
     * {@link Context#connectTimeoutNs()}.
     *
     * @param ctx the configuration; concluded here, and not reusable.
     * @return a client with an established session.
     * @throws ExchangeClientException if authentication fails, no leader answers in time, or the cluster does not
     *                                 establish the session in time.
     * @throws ConfigurationException  if the context is not valid.
     */
    public static ExchangeClient connect(final Context ctx)
    {
        return connect(ctx, null);
    }

    static ExchangeClient connect(final Context ctx, final OrderEntrySession.AnswerHandler answerHandler)
    {
        ctx.conclude();
        final ExchangeClient client = new ExchangeClient(ctx);
        client.session.answerHandler(answerHandler);
        try
        {
            client.start();
            client.awaitSession();
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.closeResources();
            throw ex;
        }
    }

    private void start()
    {
        if (ctx.embeddedMediaDriver())
        {
            mediaDriver = EmbeddedMediaDriver.launch(ctx.aeronDirectoryName(), ctx.errorHandler());
        }

        aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .clientName("bourse-client-" + ctx.username())
            .errorHandler(ctx.errorHandler()));
    }

    private void awaitSession()
    {
        final long deadlineNs = clock.nanoTime() + ctx.connectTimeoutNs();
        final AeronCluster connected;
        try
        {
            connected = AeronCluster.connect(clusterContext());
        }
        catch (final AuthenticationException ex)
        {
            throw new ExchangeClientException(authenticationFailed(ex), ex);
        }
        catch (final TimeoutException ex)
        {
            throw new ExchangeClientException("no cluster leader answered at " + ctx.ingressEndpoints() +
                " within " + TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms", ex);
        }
        catch (final RuntimeException ex)
        {
            throw new ExchangeClientException("could not connect to the cluster at " + ctx.ingressEndpoints() +
                ": " + ex.getMessage(), ex);
        }

        cluster = connected;
        linkState = LinkState.CONNECTED;
        session.onConnected(ingress, clock.nanoTime());

        final IdleStrategy idleStrategy = ctx.idleStrategy();
        while (!session.isEstablished())
        {
            final long nowNs = clock.nanoTime();
            int workCount = cluster.pollEgress();
            if (cluster.isClosed())
            {
                throw new ExchangeClientException("the cluster closed the session before it was established" +
                    (null == sessionEventDetail ? "" : ": " + sessionEventDetail));
            }
            if (null != session.fatalError())
            {
                throw new ExchangeClientException(session.fatalError());
            }
            if (nowNs - deadlineNs > 0)
            {
                throw new ExchangeClientException("no SessionEstablished in answer to Logon within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms");
            }
            workCount += session.doWork(nowNs);
            idleStrategy.idle(workCount);
        }

        listener.onConnectionEvent(ConnectionEvent.CONNECTED, "session established for account " +
            session.account() + " with cluster session " + cluster.clusterSessionId() + ", leader member " +
            cluster.leaderMemberId());
    }

    private AeronCluster.Context clusterContext()
    {
        return new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .ingressChannel(ctx.ingressChannel())
            .ingressEndpoints(ctx.ingressEndpoints())
            .ingressStreamId(ctx.ingressStreamId())
            .egressChannel(ctx.egressChannel())
            .egressStreamId(ctx.egressStreamId())
            .messageTimeoutNs(ctx.connectTimeoutNs())
            .credentialsSupplier(new Credentials(ctx.username(), ctx.password()))
            .egressListener(egress)
            .errorHandler(ctx.errorHandler());
    }

    private String authenticationFailed(final AuthenticationException ex)
    {
        return "authentication failed for user " + ctx.username() +
            (null == ex.getMessage() ? "" : ": " + ex.getMessage());
    }

    /**
     * The duty cycle: read egress (dispatching to the listener), send keep-alives, resends and Logon, and follow
     * leader changes and reconnects. Call it in a loop, with an idle strategy when it returns 0.
     *
     * @return the amount of work done, 0 when there was nothing to do.
     */
    public int poll()
    {
        if (LinkState.CLOSED == linkState)
        {
            return 0;
        }

        isPolling = true;
        try
        {
            return doPoll(clock.nanoTime());
        }
        finally
        {
            isPolling = false;
            if (null != deferredCloseReason)
            {
                close(deferredCloseReason);
            }
        }
    }

    private int doPoll(final long nowNs)
    {
        int workCount = 0;

        switch (linkState)
        {
            case CONNECTED:
                workCount += cluster.pollEgress();
                if (null != deferredCloseReason)
                {
                    return workCount;
                }
                if (cluster.isClosed())
                {
                    onSessionLost(nowNs);
                    workCount++;
                }
                else if (reconnectPending && !session.isEstablished() && nowNs - logonDeadlineNs > 0)
                {
                    sessionEventDetail = "no SessionEstablished in answer to Logon";
                    onSessionLost(nowNs);
                    workCount++;
                }
                break;

            case AWAITING_RECONNECT:
                if (nowNs - reconnectAtNs >= 0)
                {
                    startReconnect(nowNs);
                    workCount++;
                }
                break;

            case RECONNECTING:
                workCount += pollReconnect(nowNs);
                break;

            default:
                return 0;
        }

        if (LinkState.CLOSED != linkState && null == deferredCloseReason)
        {
            workCount += session.doWork(nowNs);
            if (reconnectPending && session.isEstablished())
            {
                reconnectPending = false;
                reconnectBackoffNs = RECONNECT_BACKOFF_MIN_NS;
                listener.onConnectionEvent(ConnectionEvent.RECONNECTED, "session re-established on cluster " +
                    "session " + cluster.clusterSessionId() + "; resending " + session.pendingCount() + " requests");
            }
            if (null != session.fatalError())
            {
                close(session.fatalError());
            }
        }

        return workCount;
    }

    private void onSessionLost(final long nowNs)
    {
        session.onDisconnected();
        CloseHelper.quietClose(cluster);
        cluster = null;
        reconnectCount++;
        reconnectPending = true;
        linkState = LinkState.AWAITING_RECONNECT;
        reconnectAtNs = nowNs;
        final String detail = sessionEventDetail;
        sessionEventDetail = null;
        listener.onConnectionEvent(ConnectionEvent.RECONNECTING, "cluster session lost" +
            (null == detail ? "" : " (" + detail + ")") + "; reconnecting with " + session.pendingCount() +
            " requests pending");
    }

    private void startReconnect(final long nowNs)
    {
        try
        {
            asyncConnect = AeronCluster.asyncConnect(clusterContext());
            linkState = LinkState.RECONNECTING;
        }
        catch (final RuntimeException ex)
        {
            retryLater(nowNs, ex);
        }
    }

    private int pollReconnect(final long nowNs)
    {
        try
        {
            final AeronCluster connected = asyncConnect.poll();
            if (null == connected)
            {
                return 0;
            }

            asyncConnect = null;
            cluster = connected;
            linkState = LinkState.CONNECTED;
            logonDeadlineNs = nowNs + ctx.connectTimeoutNs();
            session.onConnected(ingress, nowNs);
            return 1;
        }
        catch (final AuthenticationException ex)
        {
            close(authenticationFailed(ex));
            return 1;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(asyncConnect);
            asyncConnect = null;
            retryLater(nowNs, ex);
            return 1;
        }
    }

    private void retryLater(final long nowNs, final RuntimeException ex)
    {
        ctx.errorHandler().onError(ex);
        linkState = LinkState.AWAITING_RECONNECT;
        reconnectAtNs = nowNs + reconnectBackoffNs;
        reconnectBackoffNs = Math.min(reconnectBackoffNs * 2, RECONNECT_BACKOFF_MAX_NS);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Place a limit order with a generated client order id.
     *
     * @param instrumentId the instrument, positive.
     * @param side         BUY or SELL.
     * @param quantity     total quantity, positive.
     * @param price        limit price, positive.
     * @param timeInForce  GTC, IOC, FOK or DAY (GTD needs an expire time: use the longer overload).
     * @return the client order id, or {@link #BACK_PRESSURED}, {@link #TOO_MANY_PENDING} or {@link #CLOSED}.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long placeLimitOrder(
        final int instrumentId, final Side side, final long quantity, final long price, final TimeInForce timeInForce)
    {
        return session.newOrder(
            NEXT_CLIENT_ORDER_ID, instrumentId, side, quantity, price, OrderType.LIMIT, timeInForce, false, 0);
    }

    /**
     * Place a limit order with a generated client order id, optionally post-only or good till a time.
     *
     * @param instrumentId the instrument, positive.
     * @param side         BUY or SELL.
     * @param quantity     total quantity, positive.
     * @param price        limit price, positive.
     * @param timeInForce  GTC, IOC, FOK, DAY or GTD.
     * @param postOnly     rest only, never take liquidity (not with IOC or FOK).
     * @param expireTimeNs for GTD the cluster time at which the order expires; otherwise 0.
     * @return the client order id, or {@link #BACK_PRESSURED}, {@link #TOO_MANY_PENDING} or {@link #CLOSED}.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long placeLimitOrder(
        final int instrumentId,
        final Side side,
        final long quantity,
        final long price,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long expireTimeNs)
    {
        return session.newOrder(
            NEXT_CLIENT_ORDER_ID, instrumentId, side, quantity, price, OrderType.LIMIT, timeInForce, postOnly,
            expireTimeNs);
    }

    /**
     * Place an immediate-or-cancel market order with a generated client order id.
     *
     * @param instrumentId the instrument, positive.
     * @param side         BUY or SELL.
     * @param quantity     quantity, positive.
     * @return the client order id, or {@link #BACK_PRESSURED}, {@link #TOO_MANY_PENDING} or {@link #CLOSED}.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long placeMarketOrder(final int instrumentId, final Side side, final long quantity)
    {
        return placeMarketOrder(instrumentId, side, quantity, TimeInForce.IOC);
    }

    /**
     * Place a market order with a generated client order id.
     *
     * @param instrumentId the instrument, positive.
     * @param side         BUY or SELL.
     * @param quantity     quantity, positive.
     * @param timeInForce  IOC (the remainder is cancelled) or FOK (all or nothing).
     * @return the client order id, or {@link #BACK_PRESSURED}, {@link #TOO_MANY_PENDING} or {@link #CLOSED}.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long placeMarketOrder(
        final int instrumentId, final Side side, final long quantity, final TimeInForce timeInForce)
    {
        return session.newOrder(
            NEXT_CLIENT_ORDER_ID, instrumentId, side, quantity, 0, OrderType.MARKET, timeInForce, false, 0);
    }

    /**
     * Enter an order, every field given. Answered by an execution report NEW or REJECTED.
     *
     * @param clientOrderId a fresh positive id, or {@link #NEXT_CLIENT_ORDER_ID} to generate one.
     * @param instrumentId  the instrument, positive.
     * @param side          BUY or SELL.
     * @param quantity      total quantity, positive.
     * @param price         limit price, positive for LIMIT; 0 for MARKET.
     * @param orderType     LIMIT or MARKET.
     * @param timeInForce   GTC, IOC, FOK, DAY or GTD (MARKET: IOC or FOK).
     * @param postOnly      rest only, never take liquidity (LIMIT and not IOC or FOK).
     * @param expireTimeNs  for GTD the cluster time at which the order expires; otherwise 0.
     * @return the client order id, or {@link #BACK_PRESSURED}, {@link #TOO_MANY_PENDING} or {@link #CLOSED}.
     * @throws IllegalArgumentException if an argument can never be right, or the id is pending already.
     */
    public long newOrder(
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long quantity,
        final long price,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long expireTimeNs)
    {
        return session.newOrder(
            clientOrderId, instrumentId, side, quantity, price, orderType, timeInForce, postOnly, expireTimeNs);
    }

    /**
     * Cancel an order by its exchange order id. Answered by an execution report CANCELED or a cancel reject.
     *
     * @param orderId the order id from the order's execution reports.
     * @return the cancel request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if the order id is not positive.
     */
    public long cancelOrder(final long orderId)
    {
        return session.cancelOrder(NEXT_CLIENT_ORDER_ID, validOrderId(orderId), 0);
    }

    /**
     * Cancel an order by its current client order id.
     *
     * @param origClientOrderId the order's current client order id.
     * @return the cancel request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if the id is not positive.
     */
    public long cancelOrderByClientOrderId(final long origClientOrderId)
    {
        return session.cancelOrder(NEXT_CLIENT_ORDER_ID, 0, validOrigClientOrderId(origClientOrderId));
    }

    /**
     * Cancel an order, every field given. The order is named by orderId or, when it is 0, by origClientOrderId.
     *
     * @param clientOrderId     a fresh positive id for the request, or {@link #NEXT_CLIENT_ORDER_ID}.
     * @param orderId           the order id, or 0.
     * @param origClientOrderId the order's current client order id, or 0.
     * @return the cancel request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long cancelOrder(final long clientOrderId, final long orderId, final long origClientOrderId)
    {
        return session.cancelOrder(clientOrderId, orderId, origClientOrderId);
    }

    /**
     * Replace an order's price and total quantity; the order takes the returned client order id. Priority is kept
     * only when the price is unchanged and the quantity does not go up. Answered by an execution report REPLACED
     * or a cancel reject.
     *
     * @param orderId  the order id.
     * @param quantity the new total quantity (filled quantity included), positive.
     * @param price    the new limit price, positive.
     * @return the new client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long replaceOrder(final long orderId, final long quantity, final long price)
    {
        return session.replaceOrder(NEXT_CLIENT_ORDER_ID, validOrderId(orderId), 0, quantity, price);
    }

    /**
     * Replace an order, every field given. The order is named by orderId or, when it is 0, by origClientOrderId.
     *
     * @param clientOrderId     the order's new client order id, fresh and positive, or {@link #NEXT_CLIENT_ORDER_ID}.
     * @param orderId           the order id, or 0.
     * @param origClientOrderId the order's current client order id, or 0.
     * @param quantity          the new total quantity (filled quantity included), positive.
     * @param price             the new limit price, positive.
     * @return the new client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long replaceOrder(
        final long clientOrderId, final long orderId, final long origClientOrderId, final long quantity,
        final long price)
    {
        return session.replaceOrder(clientOrderId, orderId, origClientOrderId, quantity, price);
    }

    /**
     * Cancel all of the account's orders. Each cancelled order gets an execution report CANCELED, then the request
     * is answered by a mass cancel report.
     *
     * @return the request's client order id, or a negative code as for every command.
     */
    public long massCancel()
    {
        return session.massCancel(NEXT_CLIENT_ORDER_ID, 0, null);
    }

    /**
     * Cancel all of the account's orders in one instrument.
     *
     * @param instrumentId the instrument, or 0 for all.
     * @return the request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if the instrument id is negative.
     */
    public long massCancel(final int instrumentId)
    {
        return session.massCancel(NEXT_CLIENT_ORDER_ID, instrumentId, null);
    }

    /**
     * Cancel all of the account's orders in one instrument (or all) on one side (or both).
     *
     * @param instrumentId the instrument, or 0 for all.
     * @param side         BUY, SELL, or null for both.
     * @return the request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if the instrument id is negative.
     */
    public long massCancel(final int instrumentId, final Side side)
    {
        return session.massCancel(NEXT_CLIENT_ORDER_ID, instrumentId, side);
    }

    /**
     * Mass cancel, every field given.
     *
     * @param clientOrderId a fresh positive id for the request, or {@link #NEXT_CLIENT_ORDER_ID}.
     * @param instrumentId  the instrument, or 0 for all.
     * @param side          BUY, SELL, or null for both.
     * @return the request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long massCancel(final long clientOrderId, final int instrumentId, final Side side)
    {
        return session.massCancel(clientOrderId, instrumentId, side);
    }

    /**
     * Ask for an order's current status. Answered by an execution report ORDER_STATUS or a cancel reject. Also
     * the way to recover a report lost to egress back-pressure.
     *
     * @param orderId the order id.
     * @return the request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if the order id is not positive.
     */
    public long requestOrderStatus(final long orderId)
    {
        return session.orderStatus(NEXT_CLIENT_ORDER_ID, validOrderId(orderId), 0);
    }

    /**
     * Ask for an order's status, every field given. The order is named by orderId or, when it is 0, by
     * origClientOrderId.
     *
     * @param clientOrderId     a positive id for the request, or {@link #NEXT_CLIENT_ORDER_ID}.
     * @param orderId           the order id, or 0.
     * @param origClientOrderId the order's current client order id, or 0.
     * @return the request's client order id, or a negative code as for every command.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public long requestOrderStatus(final long clientOrderId, final long orderId, final long origClientOrderId)
    {
        return session.orderStatus(clientOrderId, orderId, origClientOrderId);
    }

    static long validOrderId(final long orderId)
    {
        if (orderId <= 0)
        {
            throw new IllegalArgumentException("orderId must be positive: " + orderId);
        }
        return orderId;
    }

    static long validOrigClientOrderId(final long origClientOrderId)
    {
        if (origClientOrderId <= 0)
        {
            throw new IllegalArgumentException("origClientOrderId must be positive: " + origClientOrderId);
        }
        return origClientOrderId;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // State and counters
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The account this session trades for, from SessionEstablished.
     *
     * @return the account.
     */
    public long account()
    {
        return session.account();
    }

    /**
     * The role of the session's principal.
     *
     * @return TRADER or ADMIN.
     */
    public Role role()
    {
        return session.role();
    }

    /**
     * How many recent client order ids the cluster remembers for the account: a request unanswered for longer
     * than that many newer ids can no longer be resent safely (the cluster rejects it as stale).
     *
     * @return the dedup window from SessionEstablished.
     */
    public long dedupWindow()
    {
        return session.dedupWindow();
    }

    /**
     * The client order id the next command without an explicit id will use.
     *
     * @return the next generated client order id.
     */
    public long nextClientOrderId()
    {
        return session.nextClientOrderId();
    }

    /**
     * Is a session established now, so that commands go out at once? During a reconnect commands are queued.
     *
     * @return true when established.
     */
    public boolean isConnected()
    {
        return LinkState.CONNECTED == linkState && session.isEstablished();
    }

    /**
     * Is the client closed?
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return LinkState.CLOSED == linkState;
    }

    /**
     * How many requests await their answer (sent, or queued for sending during a failover).
     *
     * @return the number of pending requests.
     */
    public int pendingCount()
    {
        return session.pendingCount();
    }

    /**
     * Does the request with this client order id still await its answer?
     *
     * @param clientOrderId the id a command returned.
     * @return true while it is pending.
     */
    public boolean isPending(final long clientOrderId)
    {
        return session.isPending(clientOrderId);
    }

    /**
     * How many times a request was sent again (after a leader change, a reconnect or an overdue answer).
     *
     * @return the resend count.
     */
    public long resendCount()
    {
        return session.resendCount();
    }

    /**
     * How many requests were answered with ORDER_STATUS because the cluster had applied them already (a resend
     * whose first copy got through).
     *
     * @return the duplicate answer count.
     */
    public long duplicateAnswerCount()
    {
        return session.duplicateAnswerCount();
    }

    /**
     * How many egress messages were ignored: another schema, an unknown template or a short message.
     *
     * @return the unknown message count.
     */
    public long unknownMessageCount()
    {
        return session.unknownMessageCount();
    }

    /**
     * How many commands were refused with {@link #BACK_PRESSURED} or {@link #TOO_MANY_PENDING}.
     *
     * @return the back-pressure count.
     */
    public long backPressureCount()
    {
        return session.backPressureCount();
    }

    /**
     * How many times the cluster session was lost and a reconnect began.
     *
     * @return the reconnect count.
     */
    public long reconnectCount()
    {
        return reconnectCount;
    }

    /**
     * How many leader changes the session followed.
     *
     * @return the leader change count.
     */
    public long leaderChangeCount()
    {
        return leaderChangeCount;
    }

    /**
     * The configuration this client runs with.
     *
     * @return the concluded context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Close the cluster session and release everything (the embedded media driver and its directory too). Pending
     * requests are abandoned: their outcome can be learned with order status requests from a new client.
     */
    public void close()
    {
        close("closed by the application");
    }

    private void close(final String reason)
    {
        if (LinkState.CLOSED == linkState)
        {
            return;
        }

        if (isPolling)
        {
            // Closed from a callback: Aeron is in the middle of a poll, so finish the close when it returns.
            if (null == deferredCloseReason)
            {
                deferredCloseReason = reason;
            }
            session.close();
            return;
        }

        final int pendingCount = session.pendingCount();
        session.close();
        linkState = LinkState.CLOSED;
        closeResources();
        listener.onConnectionEvent(ConnectionEvent.CLOSED, reason +
            (0 == pendingCount ? "" : "; " + pendingCount + " requests were unanswered"));
    }

    private void closeResources()
    {
        linkState = LinkState.CLOSED;
        session.close();
        CloseHelper.quietClose(asyncConnect);
        asyncConnect = null;
        CloseHelper.quietClose(cluster);
        cluster = null;
        CloseHelper.quietClose(aeron);
        aeron = null;
        CloseHelper.quietClose(mediaDriver);
        mediaDriver = null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Aeron glue
    // ---------------------------------------------------------------------------------------------------------------

    private final class ClusterIngress implements OrderEntrySession.Ingress
    {
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return null == cluster ? Publication.CLOSED : cluster.offer(buffer, offset, length);
        }

        public boolean sendKeepAlive()
        {
            return null != cluster && !cluster.isClosed() && cluster.sendKeepAlive();
        }
    }

    private final class ClusterEgress implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            session.onMessage(buffer, offset, length);
        }

        public void onSessionEvent(
            final long correlationId,
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final EventCode code,
            final String detail)
        {
            if (EventCode.CLOSED == code || EventCode.ERROR == code)
            {
                sessionEventDetail = code + (null == detail || detail.isEmpty() ? "" : ": " + detail);
            }
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            leaderChangeCount++;
            session.onNewLeader(clock.nanoTime());
            listener.onConnectionEvent(ConnectionEvent.LEADER_CHANGED, "new leader member " + leaderMemberId +
                " in term " + leadershipTermId + "; resending " + session.pendingCount() + " requests");
        }
    }

    private static final class Credentials implements CredentialsSupplier
    {
        private final byte[] encoded;

        Credentials(final String username, final String password)
        {
            encoded = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
        }

        public byte[] encodedCredentials()
        {
            return encoded.clone();
        }

        public byte[] onChallenge(final byte[] encodedChallenge)
        {
            return encoded.clone();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Configuration
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Property names and defaults of the client's configuration. Each default can be overridden by the system
     * property of the same concern; {@link Context} setters override both.
     */
    public static final class Configuration
    {
        /**
         * Cluster members' ingress endpoints, "id=host:port" separated by commas.
         */
        public static final String INGRESS_ENDPOINTS_PROP_NAME = "bourse.client.ingress.endpoints";

        /**
         * Default ingress endpoints: the three-member local cluster.
         */
        public static final String INGRESS_ENDPOINTS_DEFAULT = "0=127.0.0.1:20000,1=127.0.0.1:20100,2=127.0.0.1:20200";

        /**
         * Channel of the ingress publication; the endpoint is filled in per member.
         */
        public static final String INGRESS_CHANNEL_PROP_NAME = "bourse.client.ingress.channel";

        /**
         * Default ingress channel. Its 1 MiB terms (the driver default is 16 MiB) keep each session's log buffers at
         * 3 MiB, here and in the leader's image of it, so they stay resident after the first pass instead of
         * page-faulting fresh memory for minutes; the publication window (half a term) still holds thousands of
         * commands.
         */
        public static final String INGRESS_CHANNEL_DEFAULT = "aeron:udp?term-length=1m";

        /**
         * Channel on which the client receives egress.
         */
        public static final String EGRESS_CHANNEL_PROP_NAME = "bourse.client.egress.channel";

        /**
         * Default egress channel: loopback, any free port, 1 MiB terms (the session's egress publication on the
         * leader is made with this channel: 3 MiB of log buffers per session instead of the driver default's 48 MiB,
         * which also stopped the leader's service thread from page-faulting new buffer pages under load).
         */
        public static final String EGRESS_CHANNEL_DEFAULT = "aeron:udp?endpoint=127.0.0.1:0|term-length=1m";

        /**
         * Directory of an external media driver; when set the client does not launch its own.
         */
        public static final String AERON_DIR_PROP_NAME = "bourse.client.aeron.dir";

        /**
         * Time allowed to connect, authenticate and have the session established.
         */
        public static final String CONNECT_TIMEOUT_PROP_NAME = "bourse.client.connect.timeout";

        /**
         * Default connect timeout in nanoseconds: 10 s.
         */
        public static final long CONNECT_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

        /**
         * Time after which an unanswered Logon or request is sent again.
         */
        public static final String RESPONSE_TIMEOUT_PROP_NAME = "bourse.client.response.timeout";

        /**
         * Default response timeout in nanoseconds: 2 s.
         */
        public static final long RESPONSE_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(2);

        /**
         * Longest time without sending before a keep-alive is sent (the cluster closes idle sessions).
         */
        public static final String KEEP_ALIVE_INTERVAL_PROP_NAME = "bourse.client.keep.alive.interval";

        /**
         * Default keep-alive interval in nanoseconds: 1 s.
         */
        public static final long KEEP_ALIVE_INTERVAL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);

        /**
         * Most requests that may await answers at once; each takes a 64-byte slot, preallocated.
         */
        public static final String MAX_PENDING_REQUESTS_PROP_NAME = "bourse.client.max.pending.requests";

        /**
         * Default maximum of pending requests.
         */
        public static final int MAX_PENDING_REQUESTS_DEFAULT = 4096;

        private Configuration()
        {
        }

        static String ingressEndpoints()
        {
            return System.getProperty(INGRESS_ENDPOINTS_PROP_NAME, INGRESS_ENDPOINTS_DEFAULT);
        }

        static String ingressChannel()
        {
            return System.getProperty(INGRESS_CHANNEL_PROP_NAME, INGRESS_CHANNEL_DEFAULT);
        }

        static String egressChannel()
        {
            return System.getProperty(EGRESS_CHANNEL_PROP_NAME, EGRESS_CHANNEL_DEFAULT);
        }

        static long connectTimeoutNs()
        {
            return SystemUtil.getDurationInNanos(CONNECT_TIMEOUT_PROP_NAME, CONNECT_TIMEOUT_DEFAULT_NS);
        }

        static long responseTimeoutNs()
        {
            return SystemUtil.getDurationInNanos(RESPONSE_TIMEOUT_PROP_NAME, RESPONSE_TIMEOUT_DEFAULT_NS);
        }

        static long keepAliveIntervalNs()
        {
            return SystemUtil.getDurationInNanos(
                KEEP_ALIVE_INTERVAL_PROP_NAME, KEEP_ALIVE_INTERVAL_DEFAULT_NS);
        }

        static int maxPendingRequests()
        {
            return Integer.getInteger(MAX_PENDING_REQUESTS_PROP_NAME, MAX_PENDING_REQUESTS_DEFAULT);
        }
    }

    /**
     * Configuration of an {@link ExchangeClient}: fluent accessors, validated once by {@link #conclude()} (which
     * {@link ExchangeClient#connect(Context)} calls). A context configures one client; use a new one for each.
     * Only {@link #username(String)} and {@link #password(String)} are required; by default the client launches
     * an embedded media driver in a fresh temporary directory and connects to the local three-member cluster.
     */
    public static final class Context
    {
        private static final ExecutionListener NO_OP_LISTENER = new ExecutionListener()
        {
        };

        private boolean isConcluded;
        private String ingressEndpoints = Configuration.ingressEndpoints();
        private String ingressChannel = Configuration.ingressChannel();
        private String egressChannel = Configuration.egressChannel();
        private int ingressStreamId = AeronCluster.Configuration.ingressStreamId();
        private int egressStreamId = AeronCluster.Configuration.egressStreamId();
        private String aeronDirectoryName = System.getProperty(Configuration.AERON_DIR_PROP_NAME);
        private Boolean embeddedMediaDriver;
        private String username;
        private String password;
        private ExecutionListener listener = NO_OP_LISTENER;
        private long connectTimeoutNs = Configuration.connectTimeoutNs();
        private long responseTimeoutNs = Configuration.responseTimeoutNs();
        private long keepAliveIntervalNs = Configuration.keepAliveIntervalNs();
        private int maxPendingRequests = Configuration.maxPendingRequests();
        private long firstClientOrderId;
        private IdleStrategy idleStrategy;
        private ErrorHandler errorHandler;

        /**
         * A context with the defaults of {@link Configuration}.
         */
        public Context()
        {
        }

        /**
         * Check the configuration and fill in what derives from it. Called by {@link ExchangeClient#connect}.
         *
         * @throws ConfigurationException if a value is missing or out of range.
         * @throws IllegalStateException  if the context was concluded already.
         */
        public void conclude()
        {
            if (isConcluded)
            {
                throw new IllegalStateException("this Context is concluded already: use a new one for each client");
            }

            if (null == username || username.isEmpty())
            {
                throw new ConfigurationException("username must be set");
            }
            if (username.indexOf(':') >= 0)
            {
                throw new ConfigurationException("username must not contain ':': " + username);
            }
            if (null == password)
            {
                throw new ConfigurationException("password must be set");
            }
            if (null == ingressChannel || ingressChannel.isEmpty())
            {
                throw new ConfigurationException("ingressChannel must be set");
            }
            if (null == egressChannel || egressChannel.isEmpty())
            {
                throw new ConfigurationException("egressChannel must be set");
            }
            validateIngressEndpoints();
            if (connectTimeoutNs <= 0)
            {
                throw new ConfigurationException("connectTimeoutNs must be positive: " + connectTimeoutNs);
            }
            if (responseTimeoutNs <= 0)
            {
                throw new ConfigurationException("responseTimeoutNs must be positive: " + responseTimeoutNs);
            }
            if (keepAliveIntervalNs <= 0)
            {
                throw new ConfigurationException("keepAliveIntervalNs must be positive: " + keepAliveIntervalNs);
            }
            if (maxPendingRequests < 1 || maxPendingRequests > 1 << 20)
            {
                throw new ConfigurationException(
                    "maxPendingRequests must be in [1, " + (1 << 20) + "]: " + maxPendingRequests);
            }
            if (firstClientOrderId < 0)
            {
                throw new ConfigurationException(
                    "firstClientOrderId must be positive, or 0 to continue above the cluster's highest: " +
                    firstClientOrderId);
            }
            if (null == listener)
            {
                throw new ConfigurationException("listener must not be null");
            }

            if (null == embeddedMediaDriver)
            {
                embeddedMediaDriver = null == aeronDirectoryName;
            }
            if (null == aeronDirectoryName)
            {
                aeronDirectoryName = embeddedMediaDriver ?
                    CommonContext.generateRandomDirName() : CommonContext.getAeronDirectoryName();
            }
            if (null == idleStrategy)
            {
                idleStrategy = new BackoffIdleStrategy(100, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (null == errorHandler)
            {
                errorHandler = Throwable::printStackTrace;
            }

            isConcluded = true;
        }

        private void validateIngressEndpoints()
        {
            if (null == ingressEndpoints || ingressEndpoints.isEmpty())
            {
                throw new ConfigurationException("ingressEndpoints must be set, e.g. " +
                    Configuration.INGRESS_ENDPOINTS_DEFAULT);
            }

            for (final String endpoint : ingressEndpoints.split(","))
            {
                final int equals = endpoint.indexOf('=');
                final int colon = endpoint.lastIndexOf(':');
                if (equals <= 0 || colon <= equals + 1 || colon == endpoint.length() - 1)
                {
                    throw new ConfigurationException(
                        "ingressEndpoints must be 'id=host:port' separated by commas: " + ingressEndpoints);
                }
                try
                {
                    Integer.parseInt(endpoint.substring(0, equals).trim());
                    Integer.parseInt(endpoint.substring(colon + 1).trim());
                }
                catch (final NumberFormatException ex)
                {
                    throw new ConfigurationException(
                        "ingressEndpoints must be 'id=host:port' separated by commas: " + ingressEndpoints);
                }
            }
        }

        /**
         * Has {@link #conclude()} been called?
         *
         * @return true once concluded.
         */
        public boolean isConcluded()
        {
            return isConcluded;
        }

        /**
         * Cluster members' ingress endpoints, "id=host:port" separated by commas.
         *
         * @param ingressEndpoints the endpoints.
         * @return this for a fluent API.
         */
        public Context ingressEndpoints(final String ingressEndpoints)
        {
            this.ingressEndpoints = ingressEndpoints;
            return this;
        }

        /**
         * Cluster members' ingress endpoints.
         *
         * @return the endpoints.
         */
        public String ingressEndpoints()
        {
            return ingressEndpoints;
        }

        /**
         * Channel of the ingress publication, e.g. "aeron:udp"; the endpoint is filled in per member.
         *
         * @param ingressChannel the channel.
         * @return this for a fluent API.
         */
        public Context ingressChannel(final String ingressChannel)
        {
            this.ingressChannel = ingressChannel;
            return this;
        }

        /**
         * Channel of the ingress publication.
         *
         * @return the channel.
         */
        public String ingressChannel()
        {
            return ingressChannel;
        }

        /**
         * Channel on which egress is received, e.g. "aeron:udp?endpoint=127.0.0.1:0".
         *
         * @param egressChannel the channel.
         * @return this for a fluent API.
         */
        public Context egressChannel(final String egressChannel)
        {
            this.egressChannel = egressChannel;
            return this;
        }

        /**
         * Channel on which egress is received.
         *
         * @return the channel.
         */
        public String egressChannel()
        {
            return egressChannel;
        }

        /**
         * Stream id of the cluster's ingress (Aeron's default unless the cluster changed it).
         *
         * @param ingressStreamId the stream id.
         * @return this for a fluent API.
         */
        public Context ingressStreamId(final int ingressStreamId)
        {
            this.ingressStreamId = ingressStreamId;
            return this;
        }

        /**
         * Stream id of the cluster's ingress.
         *
         * @return the stream id.
         */
        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        /**
         * Stream id on which egress is received.
         *
         * @param egressStreamId the stream id.
         * @return this for a fluent API.
         */
        public Context egressStreamId(final int egressStreamId)
        {
            this.egressStreamId = egressStreamId;
            return this;
        }

        /**
         * Stream id on which egress is received.
         *
         * @return the stream id.
         */
        public int egressStreamId()
        {
            return egressStreamId;
        }

        /**
         * Directory of the media driver to use. Setting it, without {@link #embeddedMediaDriver(boolean)}, means an
         * external driver already runs there. Left unset, an embedded driver gets a fresh temporary directory.
         *
         * @param aeronDirectoryName the directory.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * Directory of the media driver.
         *
         * @return the directory, or null before {@link #conclude()} if none was set.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * Launch a media driver inside the client (shared threading mode, backoff idle, its directory deleted on
         * close). The default when no {@link #aeronDirectoryName(String)} is set. A production deployment usually
         * runs one external driver per host instead.
         *
         * @param embeddedMediaDriver true to launch one.
         * @return this for a fluent API.
         */
        public Context embeddedMediaDriver(final boolean embeddedMediaDriver)
        {
            this.embeddedMediaDriver = embeddedMediaDriver;
            return this;
        }

        /**
         * Does the client launch its own media driver?
         *
         * @return true if it does (after {@link #conclude()}; before, only if set explicitly).
         */
        public boolean embeddedMediaDriver()
        {
            return Boolean.TRUE.equals(embeddedMediaDriver);
        }

        /**
         * The user to authenticate as. Required.
         *
         * @param username the user name, without ':'.
         * @return this for a fluent API.
         */
        public Context username(final String username)
        {
            this.username = username;
            return this;
        }

        /**
         * The user to authenticate as.
         *
         * @return the user name.
         */
        public String username()
        {
            return username;
        }

        /**
         * The user's password. Required.
         *
         * @param password the password.
         * @return this for a fluent API.
         */
        public Context password(final String password)
        {
            this.password = password;
            return this;
        }

        String password()
        {
            return password;
        }

        /**
         * The listener for reports and connection events. Default: none (every message ignored).
         *
         * @param listener the listener.
         * @return this for a fluent API.
         */
        public Context listener(final ExecutionListener listener)
        {
            this.listener = listener;
            return this;
        }

        /**
         * The listener for reports and connection events.
         *
         * @return the listener.
         */
        public ExecutionListener listener()
        {
            return listener;
        }

        /**
         * Time allowed to connect, authenticate and have the session established; also the time allowed for each
         * reconnect attempt.
         *
         * @param connectTimeoutNs the timeout in nanoseconds.
         * @return this for a fluent API.
         */
        public Context connectTimeoutNs(final long connectTimeoutNs)
        {
            this.connectTimeoutNs = connectTimeoutNs;
            return this;
        }

        /**
         * Time allowed to connect and have the session established.
         *
         * @return the timeout in nanoseconds.
         */
        public long connectTimeoutNs()
        {
            return connectTimeoutNs;
        }

        /**
         * Time after which an unanswered Logon or request is sent again (the cluster's de-duplication makes that
         * safe).
         *
         * @param responseTimeoutNs the timeout in nanoseconds.
         * @return this for a fluent API.
         */
        public Context responseTimeoutNs(final long responseTimeoutNs)
        {
            this.responseTimeoutNs = responseTimeoutNs;
            return this;
        }

        /**
         * Time after which an unanswered Logon or request is sent again.
         *
         * @return the timeout in nanoseconds.
         */
        public long responseTimeoutNs()
        {
            return responseTimeoutNs;
        }

        /**
         * Longest time without sending before a keep-alive is sent. Keep it well below the cluster's session
         * timeout (10 s by default).
         *
         * @param keepAliveIntervalNs the interval in nanoseconds.
         * @return this for a fluent API.
         */
        public Context keepAliveIntervalNs(final long keepAliveIntervalNs)
        {
            this.keepAliveIntervalNs = keepAliveIntervalNs;
            return this;
        }

        /**
         * Longest time without sending before a keep-alive is sent.
         *
         * @return the interval in nanoseconds.
         */
        public long keepAliveIntervalNs()
        {
            return keepAliveIntervalNs;
        }

        /**
         * Most requests that may await answers at once; beyond it commands return
         * {@link ExchangeClient#TOO_MANY_PENDING}. Preallocated, 64 bytes each.
         *
         * @param maxPendingRequests the maximum.
         * @return this for a fluent API.
         */
        public Context maxPendingRequests(final int maxPendingRequests)
        {
            this.maxPendingRequests = maxPendingRequests;
            return this;
        }

        /**
         * Most requests that may await answers at once.
         *
         * @return the maximum.
         */
        public int maxPendingRequests()
        {
            return maxPendingRequests;
        }

        /**
         * The first generated client order id. Default 0: one above the highest id the cluster has seen for the
         * account (SessionEstablished.highestClientOrderId), which is right for one session per account. Set it
         * to give concurrent sessions of one account disjoint ranges; the client then never jumps ahead on its own.
         *
         * @param firstClientOrderId the first id, or 0.
         * @return this for a fluent API.
         */
        public Context firstClientOrderId(final long firstClientOrderId)
        {
            this.firstClientOrderId = firstClientOrderId;
            return this;
        }

        /**
         * The first generated client order id, or 0 to continue above the cluster's highest.
         *
         * @return the first id.
         */
        public long firstClientOrderId()
        {
            return firstClientOrderId;
        }

        /**
         * How to wait while connecting and, in {@link AsyncExchangeClient}, between idle duty cycles. Default: a
         * backoff strategy that spins, yields, then parks up to 1 ms.
         *
         * @param idleStrategy the idle strategy.
         * @return this for a fluent API.
         */
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /**
         * How to wait while connecting and between idle duty cycles.
         *
         * @return the idle strategy.
         */
        public IdleStrategy idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * Where infrastructure errors go (failed reconnect attempts, Aeron client and driver errors). Default:
         * print the stack trace.
         *
         * @param errorHandler the handler.
         * @return this for a fluent API.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Where infrastructure errors go.
         *
         * @return the handler.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * The configuration as text, without the password.
         *
         * @return the fields.
         */
        public String toString()
        {
            return "ExchangeClient.Context{" +
                "ingressEndpoints='" + ingressEndpoints + '\'' +
                ", ingressChannel='" + ingressChannel + '\'' +
                ", egressChannel='" + egressChannel + '\'' +
                ", ingressStreamId=" + ingressStreamId +
                ", egressStreamId=" + egressStreamId +
                ", aeronDirectoryName='" + aeronDirectoryName + '\'' +
                ", embeddedMediaDriver=" + embeddedMediaDriver +
                ", username='" + username + '\'' +
                ", connectTimeoutNs=" + connectTimeoutNs +
                ", responseTimeoutNs=" + responseTimeoutNs +
                ", keepAliveIntervalNs=" + keepAliveIntervalNs +
                ", maxPendingRequests=" + maxPendingRequests +
                ", firstClientOrderId=" + firstClientOrderId +
                '}';
        }
    }
}
