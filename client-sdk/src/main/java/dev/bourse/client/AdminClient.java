package dev.bourse.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import dev.bourse.schemas.admin.AdminAckDecoder;
import dev.bourse.schemas.admin.BooleanType;
import dev.bourse.schemas.admin.DefineInstrumentEncoder;
import dev.bourse.schemas.admin.InstrumentReportDecoder;
import dev.bourse.schemas.admin.KillSwitchAction;
import dev.bourse.schemas.admin.KillSwitchEncoder;
import dev.bourse.schemas.admin.LimitsReportDecoder;
import dev.bourse.schemas.admin.QueryLimitsEncoder;
import dev.bourse.schemas.admin.QueryType;
import dev.bourse.schemas.admin.SetAccountLimitsEncoder;
import dev.bourse.schemas.admin.SetTradingStatusEncoder;
import dev.bourse.schemas.admin.UpdateInstrumentEncoder;
import dev.bourse.schemas.orderentry.LogonEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.MessageRejectDecoder;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedDecoder;
import dev.bourse.schemas.orderentry.StpMode;
import io.aeron.Aeron;
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
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Administration of a Bourse cluster for operators and scripts: connect as a user with the ADMIN role, then send
 * admin commands (schema {@code admin.xml}) and wait for each answer: define and update instruments, set their
 * trading status, set account limits, engage and release kill switches, and query limits and usage.
 * <pre>{@code
 * try (AdminClient admin = AdminClient.connect(new ExchangeClient.Context()
 *     .username("admin").password("admin-pass")))
 * {
 *     admin.defineInstrument(1, 5, 1, "BTC-USD", TradingStatus.OPEN,
 *         InstrumentControls.builder().referencePrice(30_000).priceBandBps(500).maxOrderQuantity(100).build());
 *     admin.setAccountLimits(AccountLimits.builder(200).maxOpenOrders(50).creditLimit(10_000_000).build());
 *     admin.setTradingStatus(1, TradingStatus.HALTED);
 *     admin.killSwitch(200, true);                                // cancels all of 200's orders, refuses new ones
 *     final AccountReport usage = admin.queryAccount(200);
 * }
 * catch (final AdminException ex)
 * {
 *     System.err.println(ex.getMessage() + ", code " + ex.rejectReasonCode());   // e.g. UNKNOWN_INSTRUMENT (1)
 * }
 * }</pre>
 * Every command checks its arguments before anything is sent ({@link IllegalArgumentException} with the reason),
 * blocks until the cluster answers, returns the {@link Ack} when the command was applied and throws
 * {@link AdminException}, with the reject reason's code and name, when it was refused (the command then changed
 * nothing). The one exception is the original {@link #defineInstrument(int, long, long, String)}, kept as it was:
 * it returns a refusal in its {@link Ack} instead of throwing.
 * It is configured with the same {@link ExchangeClient.Context} as order entry (endpoints, channels, media
 * driver, credentials, timeouts; the listener is not used) and connects the same way: authenticate, send Logon,
 * wait for SessionEstablished, whose session token every admin command carries.
 * <h2>Blocking and timeouts</h2>
 * Each command blocks until the cluster answers, at most {@link ExchangeClient.Context#connectTimeoutNs()}. While
 * waiting it resends the command when the leader changes or the answer is overdue
 * ({@link ExchangeClient.Context#responseTimeoutNs()}). Admin commands are idempotent by design but not
 * de-duplicated: the others set values rather than apply changes, so a resend is harmless, but a resent
 * DefineInstrument whose first copy was applied is answered {@link RejectReason#INSTRUMENT_ALREADY_DEFINED}, which
 * {@link Ack#sendCount()} and {@link AdminException} let the caller recognise.
 * If the cluster session was lost between commands (for instance after the cluster's session timeout, 10 s by
 * default, without a command), the next command connects again first.
 * <h2>Threading</h2>
 * Not thread-safe: use it from one thread. It has no threads of its own (the embedded media driver, if used, and
 * Aeron's client conductor have theirs). It allocates per command; it is not meant for a hot path.
 */
public final class AdminClient implements AutoCloseable
{
    private static final long KEEP_ALIVE_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final ExchangeClient.Context ctx;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final AdminProtocol protocol;
    private final Egress egress = new Egress();
    private MediaDriver mediaDriver;
    private Aeron aeron;
    private AeronCluster cluster;
    private String sessionEventDetail;
    private int leaderMemberId = -1;
    private boolean isClosed;

    private AdminClient(final ExchangeClient.Context ctx)
    {
        this.ctx = ctx;
        this.protocol = new AdminProtocol(ctx.responseTimeoutNs(), Math.min(KEEP_ALIVE_INTERVAL_NS,
            ctx.keepAliveIntervalNs()));
    }

    /**
     * Connect to the cluster, authenticate, log on and wait for the session to be established, all within
     * {@link ExchangeClient.Context#connectTimeoutNs()}. The user must have the ADMIN role.
     *
     * @param ctx the configuration; concluded here, and not reusable.
     * @return a connected admin client.
     * @throws ExchangeClientException if authentication fails, no leader answers in time, the session is not
     *                                 established in time, or the user is not an ADMIN.
     * @throws ConfigurationException  if the context is not valid.
     */
    public static AdminClient connect(final ExchangeClient.Context ctx)
    {
        ctx.conclude();
        final AdminClient client = new AdminClient(ctx);
        try
        {
            client.start();
            client.connectSession();
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
            .clientName("bourse-admin-" + ctx.username())
            .errorHandler(ctx.errorHandler()));
    }

    private void connectSession()
    {
        final long deadlineNs = clock.nanoTime() + ctx.connectTimeoutNs();
        sessionEventDetail = null;
        try
        {
            cluster = AeronCluster.connect(new AeronCluster.Context()
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
                .errorHandler(ctx.errorHandler()));
        }
        catch (final AuthenticationException ex)
        {
            throw new ExchangeClientException("authentication failed for user " + ctx.username() +
                (null == ex.getMessage() ? "" : ": " + ex.getMessage()), ex);
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

        leaderMemberId = cluster.leaderMemberId();
        protocol.onConnected(ingress(), clock.nanoTime());
        awaitUntil(deadlineNs, "no SessionEstablished in answer to Logon", protocol::isEstablished);

        if (Role.ADMIN != protocol.role())
        {
            throw new ExchangeClientException("user " + ctx.username() + " is not an ADMIN (role " +
                protocol.role() + ", account " + protocol.account() + ")");
        }
    }

    private OrderEntrySession.Ingress ingress()
    {
        final AeronCluster current = cluster;
        return new OrderEntrySession.Ingress()
        {
            public long offer(final DirectBuffer buffer, final int offset, final int length)
            {
                return current.isClosed() ? Publication.CLOSED : current.offer(buffer, offset, length);
            }

            public boolean sendKeepAlive()
            {
                return !current.isClosed() && current.sendKeepAlive();
            }
        };
    }

    private void awaitUntil(final long deadlineNs, final String timeoutMessage, final Condition condition)
    {
        final IdleStrategy idleStrategy = ctx.idleStrategy();
        while (!condition.isMet())
        {
            int workCount = cluster.pollEgress();
            if (condition.isMet())
            {
                return;
            }
            if (cluster.isClosed())
            {
                throw new ExchangeClientException("the cluster closed the admin session" +
                    (null == sessionEventDetail ? "" : ": " + sessionEventDetail));
            }
            final long nowNs = clock.nanoTime();
            if (nowNs - deadlineNs > 0)
            {
                throw new ExchangeClientException(timeoutMessage + " within " +
                    TimeUnit.NANOSECONDS.toMillis(ctx.connectTimeoutNs()) + " ms");
            }
            workCount += protocol.doWork(nowNs);
            idleStrategy.idle(workCount);
        }
    }

    /**
     * Create an instrument, open for trading, without price band or order limits. Its id, tick size, lot size and
     * symbol never change. Blocks until the cluster answers. Unlike the other commands this original form returns a
     * refusal in the {@link Ack} instead of throwing {@link AdminException}.
     *
     * @param instrumentId the instrument's id, positive and not yet defined.
     * @param tickSize     price increment, positive: every price must be a multiple of it.
     * @param lotSize      quantity increment, positive: every quantity must be a multiple of it.
     * @param symbol       1 to 16 printable US-ASCII characters, e.g. "BTC-USD".
     * @return the cluster's answer: accepted, or why not (e.g. {@link RejectReason#INSTRUMENT_ALREADY_DEFINED}).
     * @throws IllegalArgumentException if an argument can never be right.
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public Ack defineInstrument(final int instrumentId, final long tickSize, final long lotSize, final String symbol)
    {
        AdminProtocol.validateDefineInstrument(instrumentId, tickSize, lotSize, symbol);
        return execute("DefineInstrument " + instrumentId, false,
            (nowNs) -> protocol.defineInstrument(instrumentId, tickSize, lotSize, symbol, nowNs));
    }

    /**
     * Create an instrument with its initial trading status, price band and order limits. Its id, tick size, lot
     * size and symbol never change; the band and limits can be replaced with {@link #updateInstrument}. Market-data
     * subscribers receive its InstrumentDefinition and TradingStatus.
     *
     * @param instrumentId the instrument's id, positive and not yet defined.
     * @param tickSize     price increment, positive: every price must be a multiple of it.
     * @param lotSize      quantity increment, positive: every quantity must be a multiple of it.
     * @param symbol       1 to 16 printable US-ASCII characters, e.g. "BTC-USD".
     * @param status       the initial trading status.
     * @param controls     price band and order limits ({@link InstrumentControls#none()} for none).
     * @return the acknowledgement.
     * @throws IllegalArgumentException if an argument can never be right.
     * @throws AdminException           if the cluster refuses, e.g. INSTRUMENT_ALREADY_DEFINED (17).
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public Ack defineInstrument(
        final int instrumentId,
        final long tickSize,
        final long lotSize,
        final String symbol,
        final TradingStatus status,
        final InstrumentControls controls)
    {
        AdminProtocol.validateDefineInstrument(instrumentId, tickSize, lotSize, symbol);
        AdminProtocol.validateStatus(status);
        Objects.requireNonNull(controls, "controls");
        return execute("DefineInstrument " + instrumentId, true, (nowNs) ->
            protocol.defineInstrument(instrumentId, tickSize, lotSize, symbol, status, controls, nowNs));
    }

    /**
     * Replace an instrument's price band and order limits (all four values). The trading status and the last trade
     * price are kept; once the instrument has traded, the band centres on the last trade whatever reference price
     * is set. Market-data subscribers receive the new InstrumentDefinition.
     *
     * @param instrumentId a defined instrument.
     * @param controls     the new band and limits.
     * @return the acknowledgement.
     * @throws IllegalArgumentException if an argument can never be right.
     * @throws AdminException           if the cluster refuses, e.g. UNKNOWN_INSTRUMENT (1).
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public Ack updateInstrument(final int instrumentId, final InstrumentControls controls)
    {
        AdminProtocol.validateInstrumentId(instrumentId);
        Objects.requireNonNull(controls, "controls");
        return execute("UpdateInstrument " + instrumentId, true,
            (nowNs) -> protocol.updateInstrument(instrumentId, controls, nowNs));
    }

    /**
     * Set an instrument's trading status: {@link TradingStatus#HALTED} or {@link TradingStatus#CLOSED} stop
     * trading at this command's position in the log on every node (orders sequenced after it are rejected), and
     * {@link TradingStatus#OPEN} resumes it. Resting orders stay. Market-data subscribers receive a TradingStatus.
     *
     * @param instrumentId a defined instrument.
     * @param status       the new status.
     * @return the acknowledgement.
     * @throws IllegalArgumentException if an argument can never be right.
     * @throws AdminException           if the cluster refuses, e.g. UNKNOWN_INSTRUMENT (1).
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public Ack setTradingStatus(final int instrumentId, final TradingStatus status)
    {
        AdminProtocol.validateInstrumentId(instrumentId);
        AdminProtocol.validateStatus(status);
        return execute("SetTradingStatus " + instrumentId + " " + status, true,
            (nowNs) -> protocol.setTradingStatus(instrumentId, status, nowNs));
    }

    /**
     * Replace all of an account's limits and settings. Current usage is kept and nothing is cancelled; the limits
     * refuse what would add to usage beyond them. The account need not have traded or logged in yet.
     *
     * @param limits the new limits, for {@link AccountLimits#account()}.
     * @return the acknowledgement.
     * @throws IllegalArgumentException if an argument can never be right.
     * @throws AdminException           if the cluster refuses.
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public Ack setAccountLimits(final AccountLimits limits)
    {
        Objects.requireNonNull(limits, "limits");
        return execute("SetAccountLimits " + limits.account(), true,
            (nowNs) -> protocol.setAccountLimits(limits, nowNs));
    }

    /**
     * Engage or release an account's kill switch. Engaging cancels every open order of the account in this one
     * command (each reported CANCELED with reason KILL_SWITCH to the account's sessions, before this
     * acknowledgement) and refuses its new orders and replaces with KILL_SWITCH_ACTIVE until released; cancels
     * are still allowed.
     *
     * @param account the account, positive.
     * @param engage  true to engage, false to release.
     * @return the acknowledgement.
     * @throws IllegalArgumentException if the account is not positive.
     * @throws AdminException           if the cluster refuses.
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public Ack killSwitch(final long account, final boolean engage)
    {
        AdminProtocol.validateAccount(account);
        return execute("KillSwitch " + (engage ? "ENGAGE" : "RELEASE") + " " + account, true,
            (nowNs) -> protocol.killSwitch(account, engage, nowNs));
    }

    /**
     * An account's limits and current usage, with its position on every instrument it has traded or ordered.
     *
     * @param account the account, positive.
     * @return the report; an account never seen reports no limits and no usage.
     * @throws IllegalArgumentException if the account is not positive.
     * @throws AdminException           if the cluster refuses.
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public AccountReport queryAccount(final long account)
    {
        return queryAccount(account, 0);
    }

    /**
     * An account's limits and current usage, with its position on one instrument only.
     *
     * @param account      the account, positive.
     * @param instrumentId a defined instrument, or 0 for every instrument.
     * @return the report.
     * @throws IllegalArgumentException if an argument can never be right.
     * @throws AdminException           if the cluster refuses, e.g. UNKNOWN_INSTRUMENT (1).
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public AccountReport queryAccount(final long account, final int instrumentId)
    {
        AdminProtocol.validateAccount(account);
        if (instrumentId < 0)
        {
            throw new IllegalArgumentException("instrumentId must be positive, or 0 for all: " + instrumentId);
        }
        execute("QueryLimits ACCOUNT " + account, true,
            (nowNs) -> protocol.queryAccount(account, instrumentId, nowNs));
        return (AccountReport)protocol.takeReport();
    }

    /**
     * An instrument's definition, price band, order limits and trading status.
     *
     * @param instrumentId a defined instrument.
     * @return the report.
     * @throws IllegalArgumentException if the id is not positive.
     * @throws AdminException           if the cluster refuses, e.g. UNKNOWN_INSTRUMENT (1).
     * @throws ExchangeClientException  if no answer arrives in time or the session cannot be (re-)established.
     * @throws IllegalStateException    if the client is closed.
     */
    public InstrumentReport queryInstrument(final int instrumentId)
    {
        AdminProtocol.validateInstrumentId(instrumentId);
        execute("QueryLimits INSTRUMENT " + instrumentId, true,
            (nowNs) -> protocol.queryInstrument(instrumentId, nowNs));
        return (InstrumentReport)protocol.takeReport();
    }

    private Ack execute(final String command, final boolean throwOnRefusal, final Request request)
    {
        ensureSession();

        final long deadlineNs = clock.nanoTime() + ctx.connectTimeoutNs();
        final long requestId = request.send(clock.nanoTime());
        awaitUntil(deadlineNs, "no answer to " + command + " (request " + requestId + ")", protocol::hasAnswer);

        final Ack ack = protocol.takeAnswer();
        if (throwOnRefusal && !ack.isAccepted())
        {
            protocol.takeReport();
            throw new AdminException(command, ack.requestId(), ack.rejectReasonCode(), ack.isMessageReject());
        }
        return ack;
    }

    private void ensureSession()
    {
        if (isClosed)
        {
            throw new IllegalStateException("the admin client is closed");
        }

        if (null != cluster)
        {
            cluster.pollEgress();
            if (!cluster.isClosed())
            {
                protocol.doWork(clock.nanoTime());
                return;
            }
            CloseHelper.quietClose(cluster);
            cluster = null;
        }
        protocol.onDisconnected();
        connectSession();
    }

    /**
     * Read egress and send a keep-alive when due, so that the session stays open between commands. Optional:
     * a command after a lost session connects again anyway.
     *
     * @return the amount of work done.
     */
    public int poll()
    {
        if (isClosed || null == cluster || cluster.isClosed())
        {
            return 0;
        }
        return cluster.pollEgress() + protocol.doWork(clock.nanoTime());
    }

    /**
     * The account of the admin user, from SessionEstablished.
     *
     * @return the account.
     */
    public long account()
    {
        return protocol.account();
    }

    /**
     * The member that led the cluster when the session was established, or the latest one the session followed.
     *
     * @return the leader's member id, or -1 if unknown.
     */
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    /**
     * Is the client closed?
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Close the cluster session and release everything (the embedded media driver and its directory too).
     */
    public void close()
    {
        if (!isClosed)
        {
            closeResources();
        }
    }

    private void closeResources()
    {
        isClosed = true;
        CloseHelper.quietClose(cluster);
        cluster = null;
        CloseHelper.quietClose(aeron);
        aeron = null;
        CloseHelper.quietClose(mediaDriver);
        mediaDriver = null;
    }

    @FunctionalInterface
    private interface Condition
    {
        boolean isMet();
    }

    @FunctionalInterface
    private interface Request
    {
        long send(long nowNs);
    }

    private final class Egress implements EgressListener
    {
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            protocol.onMessage(buffer, offset, length);
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
            AdminClient.this.leaderMemberId = leaderMemberId;
            protocol.onNewLeader();
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

    /**
     * The cluster's answer to one admin command.
     */
    public static final class Ack
    {
        private final long requestId;
        private final int refTemplateId;
        private final int rejectReasonCode;
        private final long transactTimeNs;
        private final int sendCount;
        private final boolean isMessageReject;

        Ack(
            final long requestId,
            final int refTemplateId,
            final int rejectReasonCode,
            final long transactTimeNs,
            final int sendCount,
            final boolean isMessageReject)
        {
            this.requestId = requestId;
            this.refTemplateId = refTemplateId;
            this.rejectReasonCode = rejectReasonCode;
            this.transactTimeNs = transactTimeNs;
            this.sendCount = sendCount;
            this.isMessageReject = isMessageReject;
        }

        /**
         * Was the command accepted and applied?
         *
         * @return true when the reject reason is NONE.
         */
        public boolean isAccepted()
        {
            return RejectReason.NONE.value() == rejectReasonCode;
        }

        /**
         * The id of the request answered.
         *
         * @return the request id.
         */
        public long requestId()
        {
            return requestId;
        }

        /**
         * Template id (admin schema) of the command answered, e.g. {@link DefineInstrumentEncoder#TEMPLATE_ID}.
         *
         * @return the template id.
         */
        public int refTemplateId()
        {
            return refTemplateId;
        }

        /**
         * Why the command was refused, or {@link RejectReason#NONE} when accepted.
         *
         * @return the reason; {@link RejectReason#NULL_VAL} for a code this client does not know.
         */
        public RejectReason rejectReason()
        {
            return EnumCodes.REJECT_REASON.get(rejectReasonCode);
        }

        /**
         * The reject reason as its wire code, order-entry RejectReason codes.
         *
         * @return the code, 0 when accepted.
         */
        public int rejectReasonCode()
        {
            return rejectReasonCode;
        }

        /**
         * Cluster time of the answer.
         *
         * @return nanoseconds since the epoch.
         */
        public long transactTimeNs()
        {
            return transactTimeNs;
        }

        /**
         * How many times the command was sent before this answer: above 1 after a resend, in which case an
         * INSTRUMENT_ALREADY_DEFINED may mean that the first copy was applied.
         *
         * @return the send count.
         */
        public int sendCount()
        {
            return sendCount;
        }

        /**
         * Was the answer a MessageReject (the cluster could not process the command at all, e.g. an admin
         * template it does not implement) rather than an AdminAck?
         *
         * @return true for a MessageReject.
         */
        public boolean isMessageReject()
        {
            return isMessageReject;
        }

        /**
         * A readable form.
         *
         * @return the fields as text.
         */
        public String toString()
        {
            return "AdminClient.Ack{" +
                "requestId=" + requestId +
                ", refTemplateId=" + refTemplateId +
                ", rejectReason=" + rejectReason() + "(" + rejectReasonCode + ")" +
                ", transactTimeNs=" + transactTimeNs +
                ", sendCount=" + sendCount +
                ", messageReject=" + isMessageReject +
                '}';
        }
    }

    /**
     * The admin conversation of one client, independent of Aeron so that it can be tested without a cluster:
     * Logon and the session token, encoding of one outstanding command at a time, matching of its answer, resends
     * and keep-alives.
     */
    static final class AdminProtocol
    {
        static final int MAX_SYMBOL_LENGTH = DefineInstrumentEncoder.symbolLength();
        /**
         * Every admin command starts with its sessionToken, so a resend after a new session patches it here.
         */
        static final int SESSION_TOKEN_OFFSET = dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH +
            DefineInstrumentEncoder.sessionTokenEncodingOffset();

        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final dev.bourse.schemas.admin.MessageHeaderEncoder adminHeaderEncoder =
            new dev.bourse.schemas.admin.MessageHeaderEncoder();
        private final DefineInstrumentEncoder defineInstrumentEncoder = new DefineInstrumentEncoder();
        private final UpdateInstrumentEncoder updateInstrumentEncoder = new UpdateInstrumentEncoder();
        private final SetTradingStatusEncoder setTradingStatusEncoder = new SetTradingStatusEncoder();
        private final SetAccountLimitsEncoder setAccountLimitsEncoder = new SetAccountLimitsEncoder();
        private final KillSwitchEncoder killSwitchEncoder = new KillSwitchEncoder();
        private final QueryLimitsEncoder queryLimitsEncoder = new QueryLimitsEncoder();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final SessionEstablishedDecoder sessionEstablishedDecoder = new SessionEstablishedDecoder();
        private final MessageRejectDecoder messageRejectDecoder = new MessageRejectDecoder();
        private final AdminAckDecoder adminAckDecoder = new AdminAckDecoder();
        private final LimitsReportDecoder limitsReportDecoder = new LimitsReportDecoder();
        private final InstrumentReportDecoder instrumentReportDecoder = new InstrumentReportDecoder();
        private final UnsafeBuffer logonBuffer = new UnsafeBuffer(new byte[64]);
        private final UnsafeBuffer requestBuffer = new UnsafeBuffer(new byte[128]);
        private final int logonLength;
        private final long responseTimeoutNs;
        private final long keepAliveIntervalNs;

        private OrderEntrySession.Ingress ingress;
        private boolean isEstablished;
        private long logonSentNs;
        private long lastIngressNs;
        private long sessionToken;
        private long account;
        private Role role = Role.NULL_VAL;

        private long nextRequestId = 1;
        private long pendingRequestId;
        private int pendingTemplateId;
        private int pendingLength;
        private int sendCount;
        private long lastSentNs;
        private boolean resendNow;
        private Ack answer;
        private Object report;
        private long unknownMessageCount;

        AdminProtocol(final long responseTimeoutNs, final long keepAliveIntervalNs)
        {
            this.responseTimeoutNs = responseTimeoutNs;
            this.keepAliveIntervalNs = keepAliveIntervalNs;
            final LogonEncoder logonEncoder = new LogonEncoder()
                .wrapAndApplyHeader(logonBuffer, 0, headerEncoder)
                .clientVersion(LogonEncoder.SCHEMA_VERSION);
            logonLength = MessageHeaderEncoder.ENCODED_LENGTH + logonEncoder.encodedLength();
        }

        static void validateDefineInstrument(
            final int instrumentId, final long tickSize, final long lotSize, final String symbol)
        {
            if (instrumentId <= 0)
            {
                throw new IllegalArgumentException("instrumentId must be positive: " + instrumentId);
            }
            if (tickSize <= 0)
            {
                throw new IllegalArgumentException("tickSize must be positive: " + tickSize);
            }
            if (lotSize <= 0)
            {
                throw new IllegalArgumentException("lotSize must be positive: " + lotSize);
            }
            if (null == symbol || symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH)
            {
                throw new IllegalArgumentException("symbol must have 1 to " + MAX_SYMBOL_LENGTH + " characters: " +
                    (null == symbol ? "null" : "'" + symbol + "'"));
            }
            for (int i = 0; i < symbol.length(); i++)
            {
                final char c = symbol.charAt(i);
                if (c < 0x21 || c > 0x7E)
                {
                    throw new IllegalArgumentException(
                        "symbol must be printable US-ASCII without spaces: '" + symbol + "'");
                }
            }
        }

        static void validateInstrumentId(final int instrumentId)
        {
            if (instrumentId <= 0)
            {
                throw new IllegalArgumentException("instrumentId must be positive: " + instrumentId);
            }
        }

        static void validateAccount(final long account)
        {
            if (account <= 0)
            {
                throw new IllegalArgumentException("account must be positive: " + account);
            }
        }

        static void validateStatus(final TradingStatus status)
        {
            if (null == status || TradingStatus.UNKNOWN == status)
            {
                throw new IllegalArgumentException(
                    "status must be one of PRE_OPEN, OPEN, HALTED, CLOSED: " + status);
            }
        }

        void onConnected(final OrderEntrySession.Ingress ingress, final long nowNs)
        {
            this.ingress = ingress;
            isEstablished = false;
            lastIngressNs = nowNs;
            sendLogon(nowNs);
        }

        void onDisconnected()
        {
            ingress = null;
            isEstablished = false;
        }

        void onNewLeader()
        {
            if (isEstablished)
            {
                resendNow = true;
            }
            else
            {
                logonSentNs = Long.MIN_VALUE;
            }
        }

        long defineInstrument(
            final int instrumentId, final long tickSize, final long lotSize, final String symbol, final long nowNs)
        {
            return defineInstrument(instrumentId, tickSize, lotSize, symbol, TradingStatus.OPEN,
                InstrumentControls.none(), nowNs);
        }

        long defineInstrument(
            final int instrumentId,
            final long tickSize,
            final long lotSize,
            final String symbol,
            final TradingStatus status,
            final InstrumentControls controls,
            final long nowNs)
        {
            validateDefineInstrument(instrumentId, tickSize, lotSize, symbol);
            validateStatus(status);
            final long requestId = nextRequest();
            defineInstrumentEncoder.wrapAndApplyHeader(requestBuffer, 0, adminHeaderEncoder)
                .sessionToken(sessionToken)
                .requestId(requestId)
                .instrumentId(instrumentId)
                .tickSize(tickSize)
                .lotSize(lotSize)
                .referencePrice(orNull(controls.referencePrice()))
                .priceBandBps(controls.priceBandBps())
                .maxOrderQuantity(orNull(controls.maxOrderQuantity()))
                .maxOrderNotional(orNull(controls.maxOrderNotional()))
                .tradingStatus(dev.bourse.schemas.admin.TradingStatus.get((short)status.code()))
                .symbol(symbol);
            return begin(requestId, DefineInstrumentEncoder.TEMPLATE_ID, defineInstrumentEncoder.encodedLength(),
                nowNs);
        }

        long updateInstrument(final int instrumentId, final InstrumentControls controls, final long nowNs)
        {
            validateInstrumentId(instrumentId);
            final long requestId = nextRequest();
            updateInstrumentEncoder.wrapAndApplyHeader(requestBuffer, 0, adminHeaderEncoder)
                .sessionToken(sessionToken)
                .requestId(requestId)
                .instrumentId(instrumentId)
                .referencePrice(orNull(controls.referencePrice()))
                .priceBandBps(controls.priceBandBps())
                .maxOrderQuantity(orNull(controls.maxOrderQuantity()))
                .maxOrderNotional(orNull(controls.maxOrderNotional()));
            return begin(requestId, UpdateInstrumentEncoder.TEMPLATE_ID, updateInstrumentEncoder.encodedLength(),
                nowNs);
        }

        long setTradingStatus(final int instrumentId, final TradingStatus status, final long nowNs)
        {
            validateInstrumentId(instrumentId);
            validateStatus(status);
            final long requestId = nextRequest();
            setTradingStatusEncoder.wrapAndApplyHeader(requestBuffer, 0, adminHeaderEncoder)
                .sessionToken(sessionToken)
                .requestId(requestId)
                .instrumentId(instrumentId)
                .tradingStatus(dev.bourse.schemas.admin.TradingStatus.get((short)status.code()));
            return begin(requestId, SetTradingStatusEncoder.TEMPLATE_ID, setTradingStatusEncoder.encodedLength(),
                nowNs);
        }

        long setAccountLimits(final AccountLimits limits, final long nowNs)
        {
            final long requestId = nextRequest();
            setAccountLimitsEncoder.wrapAndApplyHeader(requestBuffer, 0, adminHeaderEncoder)
                .sessionToken(sessionToken)
                .requestId(requestId)
                .account(limits.account())
                .maxOpenOrders(orNull(limits.maxOpenOrders()))
                .maxLongPosition(orNull(limits.maxLongPosition()))
                .maxShortPosition(orNull(limits.maxShortPosition()))
                .creditLimit(orNull(limits.creditLimit()))
                .throttleRejectPerSecond(orNull(limits.throttleRejectPerSecond()))
                .throttleDisconnectPerSecond(orNull(limits.throttleDisconnectPerSecond()))
                .cancelOnDisconnect(limits.cancelOnDisconnect() ? BooleanType.TRUE : BooleanType.FALSE)
                .stpMode(dev.bourse.schemas.admin.StpMode.get(limits.stpMode().value()))
                .stpGroup(limits.stpGroup());
            return begin(requestId, SetAccountLimitsEncoder.TEMPLATE_ID, setAccountLimitsEncoder.encodedLength(),
                nowNs);
        }

        long killSwitch(final long account, final boolean engage, final long nowNs)
        {
            validateAccount(account);
            final long requestId = nextRequest();
            killSwitchEncoder.wrapAndApplyHeader(requestBuffer, 0, adminHeaderEncoder)
                .sessionToken(sessionToken)
                .requestId(requestId)
                .account(account)
                .action(engage ? KillSwitchAction.ENGAGE : KillSwitchAction.RELEASE);
            return begin(requestId, KillSwitchEncoder.TEMPLATE_ID, killSwitchEncoder.encodedLength(), nowNs);
        }

        long queryAccount(final long account, final int instrumentId, final long nowNs)
        {
            validateAccount(account);
            return query(QueryType.ACCOUNT, account, instrumentId, nowNs);
        }

        long queryInstrument(final int instrumentId, final long nowNs)
        {
            validateInstrumentId(instrumentId);
            return query(QueryType.INSTRUMENT, 0, instrumentId, nowNs);
        }

        private long query(final QueryType type, final long account, final int instrumentId, final long nowNs)
        {
            final long requestId = nextRequest();
            queryLimitsEncoder.wrapAndApplyHeader(requestBuffer, 0, adminHeaderEncoder)
                .sessionToken(sessionToken)
                .requestId(requestId)
                .queryType(type)
                .account(account)
                .instrumentId(instrumentId);
            return begin(requestId, QueryLimitsEncoder.TEMPLATE_ID, queryLimitsEncoder.encodedLength(), nowNs);
        }

        private long nextRequest()
        {
            if (!isEstablished)
            {
                throw new IllegalStateException("no admin session established");
            }
            return nextRequestId++;
        }

        private long begin(final long requestId, final int templateId, final int encodedLength, final long nowNs)
        {
            pendingRequestId = requestId;
            pendingTemplateId = templateId;
            pendingLength = dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encodedLength;
            sendCount = 0;
            answer = null;
            report = null;
            sendPending(nowNs);
            return requestId;
        }

        private static long orNull(final OptionalLong value)
        {
            return value.isPresent() ? value.getAsLong() : Long.MIN_VALUE;
        }

        private static int orNull(final OptionalInt value)
        {
            return value.isPresent() ? value.getAsInt() : Integer.MIN_VALUE;
        }

        private static OptionalLong optional(final long value)
        {
            return Long.MIN_VALUE == value ? OptionalLong.empty() : OptionalLong.of(value);
        }

        private static OptionalInt optional(final int value)
        {
            return Integer.MIN_VALUE == value ? OptionalInt.empty() : OptionalInt.of(value);
        }

        int doWork(final long nowNs)
        {
            if (null == ingress)
            {
                return 0;
            }

            int workCount = 0;
            if (!isEstablished)
            {
                if (Long.MIN_VALUE == logonSentNs || nowNs - logonSentNs >= responseTimeoutNs)
                {
                    workCount += sendLogon(nowNs);
                }
            }
            else if (0 != pendingRequestId &&
                (resendNow || 0 == sendCount || nowNs - lastSentNs >= responseTimeoutNs))
            {
                workCount += sendPending(nowNs);
            }

            if (nowNs - lastIngressNs >= keepAliveIntervalNs && ingress.sendKeepAlive())
            {
                lastIngressNs = nowNs;
                workCount++;
            }
            return workCount;
        }

        private int sendLogon(final long nowNs)
        {
            if (ingress.offer(logonBuffer, 0, logonLength) > 0)
            {
                logonSentNs = nowNs;
                lastIngressNs = nowNs;
                return 1;
            }
            logonSentNs = Long.MIN_VALUE;
            return 0;
        }

        private int sendPending(final long nowNs)
        {
            if (null == ingress || !isEstablished)
            {
                return 0;
            }
            requestBuffer.putLong(SESSION_TOKEN_OFFSET, sessionToken, DefineInstrumentEncoder.BYTE_ORDER);
            if (ingress.offer(requestBuffer, 0, pendingLength) > 0)
            {
                sendCount++;
                lastSentNs = nowNs;
                lastIngressNs = nowNs;
                resendNow = false;
                return 1;
            }
            return 0;
        }

        void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length < MessageHeaderDecoder.ENCODED_LENGTH)
            {
                unknownMessageCount++;
                return;
            }

            headerDecoder.wrap(buffer, offset);
            final int schemaId = headerDecoder.schemaId();
            final int templateId = headerDecoder.templateId();
            final int blockLength = headerDecoder.blockLength();
            final int version = headerDecoder.version();
            final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;
            if (version < 1 || blockLength > bodyLength)
            {
                unknownMessageCount++;
                return;
            }

            if (MessageHeaderDecoder.SCHEMA_ID == schemaId &&
                SessionEstablishedDecoder.TEMPLATE_ID == templateId &&
                blockLength >= SessionEstablishedDecoder.BLOCK_LENGTH)
            {
                sessionEstablishedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (!isEstablished)
                {
                    sessionToken = sessionEstablishedDecoder.sessionToken();
                    account = sessionEstablishedDecoder.account();
                    role = EnumCodes.ROLE.get(sessionEstablishedDecoder.roleRaw());
                    isEstablished = true;
                    resendNow = 0 != pendingRequestId;
                }
            }
            else if (MessageHeaderDecoder.SCHEMA_ID == schemaId &&
                MessageRejectDecoder.TEMPLATE_ID == templateId &&
                blockLength >= MessageRejectDecoder.BLOCK_LENGTH)
            {
                messageRejectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (0 != pendingRequestId &&
                    dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == messageRejectDecoder.refSchemaId() &&
                    pendingTemplateId == messageRejectDecoder.refTemplateId())
                {
                    answered(messageRejectDecoder.refTemplateId(), messageRejectDecoder.rejectReasonRaw(),
                        messageRejectDecoder.transactTimeNs(), true);
                }
            }
            else if (dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == schemaId &&
                AdminAckDecoder.TEMPLATE_ID == templateId &&
                blockLength >= AdminAckDecoder.BLOCK_LENGTH)
            {
                adminAckDecoder.wrap(buffer, bodyOffset, blockLength, version);
                if (0 != pendingRequestId && adminAckDecoder.requestId() == pendingRequestId)
                {
                    answered(adminAckDecoder.refTemplateId(), adminAckDecoder.rejectReason(),
                        adminAckDecoder.transactTimeNs(), false);
                }
            }
            else if (dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == schemaId &&
                LimitsReportDecoder.TEMPLATE_ID == templateId &&
                blockLength >= LimitsReportDecoder.BLOCK_LENGTH)
            {
                onLimitsReport(buffer, bodyOffset, blockLength, version, offset + length);
            }
            else if (dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == schemaId &&
                InstrumentReportDecoder.TEMPLATE_ID == templateId &&
                blockLength >= InstrumentReportDecoder.BLOCK_LENGTH)
            {
                onInstrumentReport(buffer, bodyOffset, blockLength, version);
            }
            else
            {
                unknownMessageCount++;
            }
        }

        private void onLimitsReport(
            final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version, final int end)
        {
            final int groupOffset = bodyOffset + blockLength;
            if (groupOffset + LimitsReportDecoder.PositionsDecoder.HEADER_SIZE > end)
            {
                unknownMessageCount++;
                return;
            }
            final int groupBlockLength = buffer.getShort(groupOffset, LimitsReportDecoder.BYTE_ORDER) & 0xFFFF;
            final int count = buffer.getShort(groupOffset + 2, LimitsReportDecoder.BYTE_ORDER) & 0xFFFF;
            if (groupBlockLength < LimitsReportDecoder.PositionsDecoder.sbeBlockLength() ||
                (long)groupOffset + LimitsReportDecoder.PositionsDecoder.HEADER_SIZE +
                (long)groupBlockLength * count > end)
            {
                unknownMessageCount++;
                return;
            }

            final LimitsReportDecoder d = limitsReportDecoder.wrap(buffer, bodyOffset, blockLength, version);
            final long requestId = d.requestId();
            if (0 == pendingRequestId || requestId != pendingRequestId ||
                QueryLimitsEncoder.TEMPLATE_ID != pendingTemplateId)
            {
                return;
            }
            final long account = d.account();
            final OptionalInt maxOpenOrders = optional(d.maxOpenOrders());
            final OptionalLong maxLongPosition = optional(d.maxLongPosition());
            final OptionalLong maxShortPosition = optional(d.maxShortPosition());
            final OptionalLong creditLimit = optional(d.creditLimit());
            final OptionalInt throttleReject = optional(d.throttleRejectPerSecond());
            final OptionalInt throttleDisconnect = optional(d.throttleDisconnectPerSecond());
            final boolean cancelOnDisconnect = 1 == d.cancelOnDisconnectRaw();
            final StpMode stpMode = EnumCodes.STP_MODE.get(d.stpModeRaw());
            final long stpGroup = d.stpGroup();
            final boolean killSwitchEngaged = 1 == d.killSwitchEngagedRaw();
            final int openOrders = d.openOrders();
            final long creditUsed = d.creditUsed();
            final long transactTimeNs = d.transactTimeNs();
            final List<AccountReport.Position> positions = new ArrayList<>(count);
            for (final LimitsReportDecoder.PositionsDecoder position : d.positions())
            {
                positions.add(new AccountReport.Position(position.instrumentId(), position.position(),
                    position.openBuyQuantity(), position.openSellQuantity()));
            }

            final AccountLimits limits = new AccountLimits(account, maxOpenOrders, maxLongPosition, maxShortPosition,
                creditLimit, throttleReject, throttleDisconnect, cancelOnDisconnect, stpMode, stpGroup);
            answered(QueryLimitsEncoder.TEMPLATE_ID, RejectReason.NONE.value(), transactTimeNs, false);
            report = new AccountReport(limits, killSwitchEngaged, openOrders, creditUsed, positions, transactTimeNs);
        }

        private void onInstrumentReport(
            final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version)
        {
            final InstrumentReportDecoder d = instrumentReportDecoder.wrap(buffer, bodyOffset, blockLength, version);
            final long requestId = d.requestId();
            if (0 == pendingRequestId || requestId != pendingRequestId ||
                QueryLimitsEncoder.TEMPLATE_ID != pendingTemplateId)
            {
                return;
            }
            final int instrumentId = d.instrumentId();
            final long tickSize = d.tickSize();
            final long lotSize = d.lotSize();
            final OptionalLong referencePrice = optional(d.referencePrice());
            final int priceBandBps = d.priceBandBps();
            final OptionalLong maxOrderQuantity = optional(d.maxOrderQuantity());
            final OptionalLong maxOrderNotional = optional(d.maxOrderNotional());
            final TradingStatus status = TradingStatus.fromCode(d.tradingStatusRaw());
            final String symbol = d.symbol();
            final long transactTimeNs = d.transactTimeNs();

            answered(QueryLimitsEncoder.TEMPLATE_ID, RejectReason.NONE.value(), transactTimeNs, false);
            report = new InstrumentReport(instrumentId, symbol, tickSize, lotSize, status,
                new InstrumentControls(referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional),
                transactTimeNs);
        }

        private void answered(
            final int refTemplateId, final int rejectReasonCode, final long transactTimeNs,
            final boolean isMessageReject)
        {
            answer = new Ack(pendingRequestId, refTemplateId, rejectReasonCode, transactTimeNs, sendCount,
                isMessageReject);
            pendingRequestId = 0;
            resendNow = false;
        }

        boolean hasAnswer()
        {
            return null != answer;
        }

        Ack takeAnswer()
        {
            final Ack taken = answer;
            answer = null;
            return taken;
        }

        /**
         * The report that answered the last query (AccountReport or InstrumentReport), once.
         */
        Object takeReport()
        {
            final Object taken = report;
            report = null;
            return taken;
        }

        boolean isEstablished()
        {
            return isEstablished;
        }

        boolean isPending()
        {
            return 0 != pendingRequestId;
        }

        long sessionToken()
        {
            return sessionToken;
        }

        long account()
        {
            return account;
        }

        Role role()
        {
            return role;
        }

        int sendCount()
        {
            return sendCount;
        }

        long unknownMessageCount()
        {
            return unknownMessageCount;
        }
    }
}
