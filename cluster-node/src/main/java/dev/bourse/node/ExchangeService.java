package dev.bourse.node;

import dev.bourse.orderbook.FastMatchingEngine;
import dev.bourse.orderbook.StateHash;
import dev.bourse.orderbook.risk.RiskCheckedEngine;
import dev.bourse.orderbook.risk.ThrottleDecision;
import dev.bourse.schemas.admin.DefineInstrumentDecoder;
import dev.bourse.schemas.admin.KillSwitchDecoder;
import dev.bourse.schemas.admin.QueryLimitsDecoder;
import dev.bourse.schemas.admin.SetAccountLimitsDecoder;
import dev.bourse.schemas.admin.SetTradingStatusDecoder;
import dev.bourse.schemas.admin.UpdateInstrumentDecoder;
import dev.bourse.schemas.orderentry.CancelOrderDecoder;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.MassCancelDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.OrderStatusRequestDecoder;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.ReplaceOrderDecoder;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.SessionEstablishedEncoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * The exchange as an Aeron Cluster service: decodes each ingress message (schema, version, template and length
 * checked before any field is read), authenticates it against its session's token, counts it in the account's
 * message throttle, deduplicates it by (account, clientOrderId), applies it to the risk-checked matching engine
 * ({@link RiskCheckedEngine} around {@link FastMatchingEngine}) and reports the outcome. Admin commands go to
 * {@link AdminHandler}. When the last session of an account with cancel-on-disconnect closes, the account's DAY
 * orders are cancelled. Everything that changes
 * state comes from the log and the cluster clock (nanoseconds), so every node reaches the same state; the state
 * hash is recorded at checkpoints driven by a cluster timer and written into every snapshot.
 * <p>
 * Malformed or unauthorised input is counted and answered (or, for a forged token, dropped); it never throws out
 * of the service and never changes the state.
 */
public final class ExchangeService implements ClusteredService
{
    static final long EXPIRY_TIMER_ID = 1;
    static final long CHECKPOINT_TIMER_ID = 2;
    private static final int KIND_NEW = NewOrderDecoder.TEMPLATE_ID;
    private static final int KIND_CANCEL = CancelOrderDecoder.TEMPLATE_ID;
    private static final int KIND_REPLACE = ReplaceOrderDecoder.TEMPLATE_ID;
    private static final int KIND_MASS_CANCEL = MassCancelDecoder.TEMPLATE_ID;
    private static final RejectReason[] REJECT_REASONS = RejectReason.values();

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelDecoder = new CancelOrderDecoder();
    private final ReplaceOrderDecoder replaceDecoder = new ReplaceOrderDecoder();
    private final MassCancelDecoder massCancelDecoder = new MassCancelDecoder();
    private final OrderStatusRequestDecoder statusDecoder = new OrderStatusRequestDecoder();
    private final LogonDecoder logonDecoder = new LogonDecoder();
    private final MutableDirectBuffer sendBuffer = new ExpandableDirectByteBuffer(128);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SessionEstablishedEncoder sessionEstablishedEncoder = new SessionEstablishedEncoder();

    private final ServiceConfig config;
    private final MarketDataConfig marketDataConfig;
    private final MarketDataPublisher marketData;
    private final ServiceCounters counters = new ServiceCounters();
    private final Sessions sessions = new Sessions();
    private final OrderRecords records = new OrderRecords();
    private final DedupWindows dedup;
    private final ReportPublisher publisher;
    private final RiskCheckedEngine engine;
    private final AdminHandler admin;
    private final SessionTokens tokens;
    private final ServiceSnapshot snapshot;
    private final ServiceMetrics metrics;

    private Cluster cluster;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile Checkpoint lastCheckpoint = new Checkpoint(-1, 0);
    private volatile boolean restoredFromSnapshot;
    private long leadershipTermId;
    private long sessionSequence;
    private long expiryTimerDeadlineNs = Long.MAX_VALUE;
    private long checkpointTimerDeadlineNs = Long.MAX_VALUE;
    private long checkpointCount;

    /**
     * A service with its configuration.
     *
     * @param config           dedup window, checkpoint interval, session token key, DAY expiry offset.
     * @param marketDataConfig where and how this node publishes market data.
     * @param memberId         this node's member id (published in market-data packets).
     */
    public ExchangeService(final ServiceConfig config, final MarketDataConfig marketDataConfig, final int memberId)
    {
        this.config = config;
        this.marketDataConfig = marketDataConfig;
        this.tokens = new SessionTokens(config.sessionTokenKey());
        this.dedup = new DedupWindows(config.dedupWindow(), records::free);
        this.publisher = new ReportPublisher(records, sessions, counters);
        this.marketData = new MarketDataPublisher(marketDataConfig, memberId, counters);
        final long dayEndOffsetNs = config.dayEndOffsetNs();
        this.engine = new RiskCheckedEngine(
            (listener) -> new FastMatchingEngine(listener, dayEndOffsetNs), new EngineEvents(publisher, marketData));
        this.marketData.engine(engine, engine);
        this.admin = new AdminHandler(engine, marketData, publisher, sessions, counters);
        this.snapshot = new ServiceSnapshot(this);
        this.metrics = new ServiceMetrics(counters, engine, sessions, marketData);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.role = cluster.role();
        System.out.println("bourse member " + cluster.memberId() + " starts as " + role);
        if (null != snapshotImage)
        {
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long startNs = System.nanoTime();
            final long startCpuNs = threads.getCurrentThreadCpuTime();
            snapshot.load(snapshotImage, cluster.idleStrategy());
            restoredFromSnapshot = true;
            System.out.println("bourse service restored from snapshot, stateHash=" +
                Long.toHexString(stateHash()) + " (" + records.size() + " order records, read and checked in " +
                (System.nanoTime() - startNs) / 1_000_000 + " ms, CPU " +
                (threads.getCurrentThreadCpuTime() - startCpuNs) / 1_000_000 + " ms)");
        }
        for (final long id : sessions.sortedIds())
        {
            sessions.get(id).clientSession = cluster.getClientSession(id);
        }
        // An offline cluster (the JIT warm-up, an in-process replay) has no Aeron client: market data is sequenced as
        // on a node, and never sent.
        if (marketDataConfig.enabled() && null != cluster.aeron())
        {
            marketData.publications(
                cluster.aeron().addExclusivePublication(marketDataConfig.channel(),
                    marketDataConfig.incrementalStreamId()),
                cluster.aeron().addExclusivePublication(marketDataConfig.channel(),
                    marketDataConfig.snapshotStreamId()));
        }
        updatePublishing();
    }

    private void updatePublishing()
    {
        publisher.egress(Cluster.Role.LEADER == role);
        marketData.publishing(marketDataConfig.enabled() && (Cluster.Role.FOLLOWER == role ||
            (1 == marketDataConfig.memberCount() && Cluster.Role.LEADER == role)));
    }

    /**
     * {@inheritDoc}
     */
    public int doBackgroundWork(final long nowNs)
    {
        return marketData.doWork(nowNs) + metrics.doWork(nowNs, cluster);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        publisher.beginRequest(timestamp, 0, 0, 0);
        marketData.beginEvent(timestamp);
        final byte[] principal = session.encodedPrincipal();
        if (!Principal.isValid(principal))
        {
            counters.unauthorized++;
            return;
        }
        sessionSequence++;
        final long token = tokens.token(session.id(), timestamp, sessionSequence);
        final Sessions.Session opened =
            new Sessions.Session(session.id(), Principal.account(principal), Principal.role(principal), token);
        opened.clientSession = session;
        sessions.add(opened);
        sendSessionEstablished(opened);
        afterCommand(timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        publisher.beginRequest(timestamp, 0, 0, 0);
        marketData.beginEvent(timestamp);
        final Sessions.Session closed = sessions.remove(session.id());
        if (null != closed)
        {
            try
            {
                cancelOnDisconnect(timestamp, closed.account);
            }
            catch (final RuntimeException ex)
            {
                counters.errors++;
                publisher.abandonReport();
                System.err.println("bourse service error on closing session " + session.id() + ": " + ex);
            }
        }
        afterCommand(timestamp);
    }

    /**
     * Cancel-on-disconnect: when the last open session of an account that has the setting closes (client close,
     * timeout or a throttle disconnect), cancel the account's DAY orders (reason DISCONNECT). While another session
     * of the account stays open nothing is cancelled: it still manages the orders.
     */
    private void cancelOnDisconnect(final long nowNs, final long account)
    {
        if (null == sessions.firstOfAccount(account) && engine.isCancelOnDisconnect(account))
        {
            engine.cancelDayOrders(nowNs, account);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        publisher.beginRequest(timestamp, 0, 0, 0);
        marketData.beginEvent(timestamp);
        if (EXPIRY_TIMER_ID == correlationId)
        {
            expiryTimerDeadlineNs = Long.MAX_VALUE;
            engine.expireOrders(timestamp);
        }
        else if (CHECKPOINT_TIMER_ID == correlationId)
        {
            checkpointTimerDeadlineNs = Long.MAX_VALUE;
            checkpointCount++;
            recordCheckpoint(cluster.logPosition());
        }
        afterCommand(timestamp);
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        // Wall and CPU time, for the log only: a snapshot stalls the cluster, and on a crowded host the two differ.
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long startNs = System.nanoTime();
        final long startCpuNs = threads.getCurrentThreadCpuTime();
        snapshot.write(snapshotPublication, cluster.idleStrategy());
        System.out.println("bourse member " + cluster.memberId() + " snapshot at logPosition=" +
            cluster.logPosition() + " written in " + (System.nanoTime() - startNs) / 1_000_000 + " ms (CPU " +
            (threads.getCurrentThreadCpuTime() - startCpuNs) / 1_000_000 + " ms; " + records.size() +
            " order records)");
        recordCheckpoint(cluster.logPosition());
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        System.out.println("bourse member " + cluster.memberId() + " is now " + newRole);
        updatePublishing();
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        if (TimeUnit.NANOSECONDS != timeUnit)
        {
            throw new IllegalStateException("the cluster clock must be in nanoseconds, not " + timeUnit);
        }
        this.leadershipTermId = leadershipTermId;
        metrics.onNewLeadershipTerm(leadershipTermId, leaderMemberId);
        // A new term is a log event at the same position on every node: start the checkpoint timer even when no
        // client has sent anything yet.
        afterCommand(timestamp);
    }

    // ------------------------------------------------------------------------------------------------ ingress

    /**
     * {@inheritDoc}
     */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        final long startNs = metrics.startTiming(); // an observation for the metrics, never state or output
        counters.commands++;
        publisher.beginRequest(timestamp, 0, 0, 0);
        marketData.beginEvent(timestamp);
        try
        {
            dispatch(session, timestamp, buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            // A bug, not bad input: bad input is rejected before any change. Every node takes the same path, so
            // replicas stay identical; the error is counted and logged, and the service goes on.
            counters.errors++;
            publisher.abandonReport();
            System.err.println("bourse service error on a message from session " + session.id() + ": " + ex);
        }
        afterCommand(timestamp);
        metrics.onMessage(buffer, offset, length, startNs);
    }

    private void dispatch(
        final ClientSession session, final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            malformed(session, 0, 0, RejectReason.MALFORMED_MESSAGE);
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final int schemaId = headerDecoder.schemaId();
        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;

        if (MessageHeaderDecoder.SCHEMA_ID == schemaId)
        {
            if (version < 1 || version > MessageHeaderDecoder.SCHEMA_VERSION)
            {
                malformed(session, schemaId, templateId, RejectReason.UNSUPPORTED_VERSION);
                return;
            }
            dispatchOrderEntry(session, nowNs, buffer, bodyOffset, bodyLength, templateId, blockLength, version);
        }
        else if (dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == schemaId)
        {
            if (version < 1 || version > dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_VERSION)
            {
                malformed(session, schemaId, templateId, RejectReason.UNSUPPORTED_VERSION);
                return;
            }
            dispatchAdmin(session, nowNs, buffer, bodyOffset, bodyLength, templateId, blockLength, version);
        }
        else
        {
            malformed(session, schemaId, templateId, RejectReason.UNSUPPORTED_SCHEMA);
        }
    }

    private void dispatchOrderEntry(
        final ClientSession session,
        final long nowNs,
        final DirectBuffer buffer,
        final int offset,
        final int bodyLength,
        final int templateId,
        final int blockLength,
        final int version)
    {
        switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, NewOrderDecoder.BLOCK_LENGTH))
                {
                    onNewOrder(session, nowNs, newOrderDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case CancelOrderDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, CancelOrderDecoder.BLOCK_LENGTH))
                {
                    onCancelOrder(session, nowNs, cancelDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case ReplaceOrderDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, ReplaceOrderDecoder.BLOCK_LENGTH))
                {
                    onReplaceOrder(session, nowNs, replaceDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case MassCancelDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, MassCancelDecoder.BLOCK_LENGTH))
                {
                    onMassCancel(session, nowNs, massCancelDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case OrderStatusRequestDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, OrderStatusRequestDecoder.BLOCK_LENGTH))
                {
                    onOrderStatusRequest(session, nowNs, statusDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case LogonDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, LogonDecoder.BLOCK_LENGTH))
                {
                    onLogon(session, logonDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            default:
                malformed(session, MessageHeaderDecoder.SCHEMA_ID, templateId, RejectReason.UNKNOWN_TEMPLATE);
                break;
        }
    }

    private void dispatchAdmin(
        final ClientSession session,
        final long nowNs,
        final DirectBuffer buffer,
        final int offset,
        final int bodyLength,
        final int templateId,
        final int blockLength,
        final int version)
    {
        switch (templateId)
        {
            case DefineInstrumentDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, DefineInstrumentDecoder.BLOCK_LENGTH))
                {
                    admin.onDefineInstrument(session, nowNs, buffer, offset, blockLength, version);
                }
                break;
            case UpdateInstrumentDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, UpdateInstrumentDecoder.BLOCK_LENGTH))
                {
                    admin.onUpdateInstrument(session, nowNs, buffer, offset, blockLength, version);
                }
                break;
            case SetTradingStatusDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, SetTradingStatusDecoder.BLOCK_LENGTH))
                {
                    admin.onSetTradingStatus(session, nowNs, buffer, offset, blockLength, version);
                }
                break;
            case SetAccountLimitsDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, SetAccountLimitsDecoder.BLOCK_LENGTH))
                {
                    admin.onSetAccountLimits(session, nowNs, buffer, offset, blockLength, version);
                }
                break;
            case KillSwitchDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, KillSwitchDecoder.BLOCK_LENGTH))
                {
                    admin.onKillSwitch(session, nowNs, buffer, offset, blockLength, version);
                }
                break;
            case QueryLimitsDecoder.TEMPLATE_ID:
                if (checkBlock(session, templateId, blockLength, bodyLength, QueryLimitsDecoder.BLOCK_LENGTH))
                {
                    admin.onQueryLimits(session, nowNs, buffer, offset, blockLength, version);
                }
                break;
            default:
                malformed(session, dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID, templateId,
                    RejectReason.UNKNOWN_TEMPLATE);
                break;
        }
    }

    private boolean checkBlock(
        final ClientSession session,
        final int templateId,
        final int blockLength,
        final int bodyLength,
        final int expectedBlockLength)
    {
        if (blockLength < expectedBlockLength || blockLength > bodyLength)
        {
            malformed(session, headerDecoder.schemaId(), templateId, RejectReason.INVALID_LENGTH);
            return false;
        }
        return true;
    }

    private void malformed(
        final ClientSession session, final int schemaId, final int templateId, final RejectReason reason)
    {
        counters.malformed++;
        publisher.sendMessageReject(session, schemaId, templateId, 0, reason);
    }

    /**
     * The session the message names, if its token is right; otherwise the message is counted as forged and
     * dropped without an answer (an answer would reach the session that was impersonated).
     */
    private Sessions.Session authenticate(final ClientSession session, final long token)
    {
        final Sessions.Session known = sessions.authenticate(session.id(), token);
        if (null == known)
        {
            counters.forged++;
        }
        return known;
    }

    /**
     * The account's message throttle, counted once per order-entry message of an authenticated session, before
     * anything else. Above the reject threshold the message is answered THROTTLE_EXCEEDED (as its kind of command
     * is answered) and not applied; above the disconnect threshold the session is also closed, through the log,
     * so the same happens on every node.
     *
     * @return true if the message may be processed.
     */
    private boolean admitThrottle(
        final Sessions.Session session,
        final long nowNs,
        final int kind,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId)
    {
        final ThrottleDecision decision = engine.checkThrottle(nowNs, session.account);
        if (ThrottleDecision.ACCEPT == decision)
        {
            return true;
        }
        counters.throttled++;
        if (OrderStatusRequestDecoder.TEMPLATE_ID == kind)
        {
            publisher.sendCancelReject(session.account, clientOrderId, origClientOrderId, orderId,
                RequestType.ORDER_STATUS, RejectReason.THROTTLE_EXCEEDED);
        }
        else
        {
            answerRejected(session, clientOrderId, kind, RejectReason.THROTTLE_EXCEEDED);
        }
        if (ThrottleDecision.DISCONNECT == decision)
        {
            counters.throttleDisconnects++;
            closeSession(session);
        }
        return false;
    }

    /**
     * Ask the cluster to close a session. Only the leader's request takes effect, as a session close event in the
     * log; every node asks, so the decision is the same everywhere.
     */
    private void closeSession(final Sessions.Session session)
    {
        if (null != cluster.getClientSession(session.clusterSessionId))
        {
            while (!cluster.closeClientSession(session.clusterSessionId))
            {
                cluster.idleStrategy().idle();
            }
        }
    }

    private boolean checkAccount(
        final Sessions.Session session, final long account, final int templateId, final long clientOrderId)
    {
        if (session.account != account)
        {
            counters.accountMismatch++;
            publisher.sendMessageReject(session.clientSession, MessageHeaderDecoder.SCHEMA_ID, templateId,
                clientOrderId, RejectReason.ACCOUNT_MISMATCH);
            return false;
        }
        return true;
    }

    /**
     * Dedup check for a command with a clientOrderId.
     *
     * @return the window to record the command in, or null if the command was answered here (duplicate, stale
     * or invalid id) and must not be applied.
     */
    private DedupWindows.Window admit(final Sessions.Session session, final long clientOrderId, final int kind)
    {
        if (clientOrderId <= 0)
        {
            answerRejected(session, clientOrderId, kind, RejectReason.INVALID_CLIENT_ORDER_ID);
            return null;
        }
        final DedupWindows.Window window = dedup.windowForUpdate(session.account);
        final long sequence = window.find(clientOrderId);
        if (DedupWindows.NOT_FOUND != sequence)
        {
            counters.duplicates++;
            if (window.kind(sequence) != kind)
            {
                answerRejected(session, clientOrderId, kind, RejectReason.DUPLICATE_CLIENT_ORDER_ID);
            }
            else
            {
                answerDuplicate(session, window, sequence, clientOrderId);
            }
            return null;
        }
        if (window.isStale(clientOrderId))
        {
            counters.stale++;
            answerRejected(session, clientOrderId, kind, RejectReason.STALE_CLIENT_ORDER_ID);
            return null;
        }
        return window;
    }

    private void answerRejected(
        final Sessions.Session session, final long clientOrderId, final int kind, final RejectReason reason)
    {
        switch (kind)
        {
            case KIND_NEW:
                publisher.sendRejectedNewOrder(session, clientOrderId, reason);
                break;
            case KIND_CANCEL:
                publisher.sendCancelReject(session.account, clientOrderId, 0, 0, RequestType.CANCEL, reason);
                break;
            case KIND_REPLACE:
                publisher.sendCancelReject(session.account, clientOrderId, 0, 0, RequestType.REPLACE, reason);
                break;
            default:
                publisher.sendMassCancelReport(session.account, clientOrderId, 0, Side.NULL_VAL, reason, 0);
                break;
        }
    }

    private void answerDuplicate(
        final Sessions.Session session, final DedupWindows.Window window, final long sequence, final long clientOrderId)
    {
        final int kind = window.kind(sequence);
        final long orderId = window.orderId(sequence);
        final RejectReason reason = rejectReason(window.rejectReason(sequence));
        final OrderRecords.Record record = 0 == orderId ? null : records.get(orderId);
        if (KIND_MASS_CANCEL == kind)
        {
            final long packed = window.extra2(sequence);
            publisher.sendMassCancelReport(session.account, clientOrderId, (int)(packed >> 8),
                Codes.side((short)(packed & 0xFF)), reason, (int)window.extra(sequence));
        }
        else if (KIND_NEW == kind && null == record)
        {
            publisher.sendRejectedOrderStatus(session.account, clientOrderId, 0, reason);
        }
        else if (RejectReason.NONE != reason || null == record)
        {
            final RequestType type = KIND_CANCEL == kind ? RequestType.CANCEL : RequestType.REPLACE;
            publisher.sendCancelReject(session.account, clientOrderId, 0, orderId, type,
                RejectReason.NONE == reason ? RejectReason.UNKNOWN_ORDER : reason);
        }
        else
        {
            publisher.sendOrderStatus(session.account, clientOrderId, record, RejectReason.NONE);
        }
    }

    private static RejectReason rejectReason(final int code)
    {
        for (final RejectReason reason : REJECT_REASONS)
        {
            if (reason.value() == code)
            {
                return reason;
            }
        }
        return RejectReason.NULL_VAL;
    }

    /**
     * The order a cancel, replace or status request names: by order id, or by a client order id the account's
     * window remembers for a new order or replace.
     */
    private long resolveOrderId(final long account, final long orderId, final long origClientOrderId)
    {
        if (0 != orderId)
        {
            return orderId;
        }
        final DedupWindows.Window window = dedup.window(account);
        if (null != window && origClientOrderId > 0)
        {
            final long sequence = window.find(origClientOrderId);
            if (DedupWindows.NOT_FOUND != sequence)
            {
                final int kind = window.kind(sequence);
                if (KIND_NEW == kind || KIND_REPLACE == kind)
                {
                    return window.orderId(sequence);
                }
            }
        }
        return 0;
    }

    /**
     * The record a cancel or replace's dedup entry will name: the order's, if the account owns one.
     */
    private OrderRecords.Record referencedOrder(final long account, final long orderId)
    {
        final OrderRecords.Record record = 0 == orderId ? null : records.get(orderId);
        if (null != record && record.account == account)
        {
            records.referenced(record);
            return record;
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ handlers

    private void onNewOrder(final ClientSession clientSession, final long nowNs, final NewOrderDecoder decoder)
    {
        final Sessions.Session session = authenticate(clientSession, decoder.sessionToken());
        if (null == session)
        {
            return;
        }
        final long account = decoder.account();
        final long clientOrderId = decoder.clientOrderId();
        final int instrumentId = decoder.instrumentId();
        final short side = decoder.sideRaw();
        final short orderType = decoder.orderTypeRaw();
        final short timeInForce = decoder.timeInForceRaw();
        final short postOnly = decoder.postOnlyRaw();
        final long price = decoder.price();
        final long quantity = decoder.quantity();
        final long expireTimeNs = decoder.expireTimeNs();
        publisher.beginRequest(nowNs, KIND_NEW, clientOrderId, 0);
        publisher.newOrderDetails(side, orderType, timeInForce, price, quantity);
        if (!admitThrottle(session, nowNs, KIND_NEW, clientOrderId, 0, 0) ||
            !checkAccount(session, account, NewOrderDecoder.TEMPLATE_ID, clientOrderId))
        {
            return;
        }
        if (postOnly > 1)
        {
            counters.malformed++;
            publisher.sendRejectedNewOrder(session, clientOrderId, RejectReason.MALFORMED_MESSAGE);
            return;
        }
        final DedupWindows.Window window = admit(session, clientOrderId, KIND_NEW);
        if (null == window)
        {
            return;
        }
        final RejectReason reason = engine.placeOrder(nowNs, account, clientOrderId, instrumentId,
            Codes.side(side), Codes.orderType(orderType), Codes.timeInForce(timeInForce), 1 == postOnly, price,
            quantity, expireTimeNs);
        // The record created for an accepted order stays PENDING until this entry names it.
        final OrderRecords.Record record = RejectReason.NONE == reason ? publisher.lastAcceptedRecord() : null;
        window.record(clientOrderId, KIND_NEW, null == record ? 0 : record.orderId, reason.value(), 0, 0, record);
    }

    private void onCancelOrder(final ClientSession clientSession, final long nowNs, final CancelOrderDecoder decoder)
    {
        final Sessions.Session session = authenticate(clientSession, decoder.sessionToken());
        if (null == session)
        {
            return;
        }
        final long account = decoder.account();
        final long clientOrderId = decoder.clientOrderId();
        final long origClientOrderId = decoder.origClientOrderId();
        final long orderId = decoder.orderId();
        if (!admitThrottle(session, nowNs, KIND_CANCEL, clientOrderId, origClientOrderId, orderId) ||
            !checkAccount(session, account, CancelOrderDecoder.TEMPLATE_ID, clientOrderId))
        {
            return;
        }
        final DedupWindows.Window window = admit(session, clientOrderId, KIND_CANCEL);
        if (null == window)
        {
            return;
        }
        final long target = resolveOrderId(account, orderId, origClientOrderId);
        final OrderRecords.Record reference = referencedOrder(account, target);
        publisher.beginRequest(nowNs, KIND_CANCEL, clientOrderId, origClientOrderId);
        final RejectReason reason = engine.cancelOrder(nowNs, account, target);
        window.record(clientOrderId, KIND_CANCEL, null == reference ? 0 : target, reason.value(), 0, 0, reference);
    }

    private void onReplaceOrder(
        final ClientSession clientSession, final long nowNs, final ReplaceOrderDecoder decoder)
    {
        final Sessions.Session session = authenticate(clientSession, decoder.sessionToken());
        if (null == session)
        {
            return;
        }
        final long account = decoder.account();
        final long clientOrderId = decoder.clientOrderId();
        final long origClientOrderId = decoder.origClientOrderId();
        final long orderId = decoder.orderId();
        final long price = decoder.price();
        final long quantity = decoder.quantity();
        if (!admitThrottle(session, nowNs, KIND_REPLACE, clientOrderId, origClientOrderId, orderId) ||
            !checkAccount(session, account, ReplaceOrderDecoder.TEMPLATE_ID, clientOrderId))
        {
            return;
        }
        final DedupWindows.Window window = admit(session, clientOrderId, KIND_REPLACE);
        if (null == window)
        {
            return;
        }
        final long target = resolveOrderId(account, orderId, origClientOrderId);
        final OrderRecords.Record reference = referencedOrder(account, target);
        publisher.beginRequest(nowNs, KIND_REPLACE, clientOrderId, origClientOrderId);
        final RejectReason reason = engine.replaceOrder(nowNs, account, target, clientOrderId, price, quantity);
        window.record(clientOrderId, KIND_REPLACE, null == reference ? 0 : target, reason.value(), 0, 0, reference);
    }

    private void onMassCancel(final ClientSession clientSession, final long nowNs, final MassCancelDecoder decoder)
    {
        final Sessions.Session session = authenticate(clientSession, decoder.sessionToken());
        if (null == session)
        {
            return;
        }
        final long account = decoder.account();
        final long clientOrderId = decoder.clientOrderId();
        final int instrumentId = decoder.instrumentId();
        final short sideCode = decoder.sideRaw();
        if (!admitThrottle(session, nowNs, KIND_MASS_CANCEL, clientOrderId, 0, 0) ||
            !checkAccount(session, account, MassCancelDecoder.TEMPLATE_ID, clientOrderId))
        {
            return;
        }
        final Side side = Codes.side(sideCode);
        if (Side.NULL_VAL == side && Side.NULL_VAL.value() != sideCode)
        {
            counters.malformed++;
            publisher.sendMassCancelReport(account, clientOrderId, instrumentId, Side.NULL_VAL,
                RejectReason.INVALID_SIDE, 0);
            return;
        }
        final DedupWindows.Window window = admit(session, clientOrderId, KIND_MASS_CANCEL);
        if (null == window)
        {
            return;
        }
        publisher.beginRequest(nowNs, KIND_MASS_CANCEL, clientOrderId, 0);
        final RejectReason reason = engine.massCancel(nowNs, account, instrumentId, side, CancelReason.MASS_CANCEL);
        window.record(clientOrderId, KIND_MASS_CANCEL, 0, reason.value(), publisher.lastMassCancelCount(),
            ((long)instrumentId << 8) | (side.value() & 0xFF), null);
    }

    private void onOrderStatusRequest(
        final ClientSession clientSession, final long nowNs, final OrderStatusRequestDecoder decoder)
    {
        final Sessions.Session session = authenticate(clientSession, decoder.sessionToken());
        if (null == session)
        {
            return;
        }
        final long account = decoder.account();
        final long clientOrderId = decoder.clientOrderId();
        final long origClientOrderId = decoder.origClientOrderId();
        final long orderId = decoder.orderId();
        if (!admitThrottle(session, nowNs, OrderStatusRequestDecoder.TEMPLATE_ID, clientOrderId, origClientOrderId,
            orderId) || !checkAccount(session, account, OrderStatusRequestDecoder.TEMPLATE_ID, clientOrderId))
        {
            return;
        }
        final long target = resolveOrderId(account, orderId, origClientOrderId);
        final OrderRecords.Record record = 0 == target ? null : records.get(target);
        if (null == record || record.account != account)
        {
            publisher.sendCancelReject(account, clientOrderId, origClientOrderId, orderId, RequestType.ORDER_STATUS,
                RejectReason.UNKNOWN_ORDER);
        }
        else
        {
            publisher.sendOrderStatus(account, clientOrderId, record, RejectReason.NONE);
        }
    }

    private void onLogon(final ClientSession clientSession, final LogonDecoder decoder)
    {
        final Sessions.Session session = sessions.get(clientSession.id());
        if (null == session)
        {
            counters.unauthorized++;
            return;
        }
        sendSessionEstablished(session);
    }

    private void sendSessionEstablished(final Sessions.Session session)
    {
        final StpMode[] mode = {StpMode.NONE};
        engine.forEachAccount((account, stpMode, stpGroup) ->
        {
            if (account == session.account)
            {
                mode[0] = stpMode;
            }
        });
        sessionEstablishedEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .account(session.account)
            .role(session.role)
            .sessionToken(session.token)
            .clusterSessionId(session.clusterSessionId)
            .leadershipTermId(leadershipTermId)
            .dedupWindow(dedup.capacity())
            .stpMode(mode[0])
            .highestClientOrderId(dedup.highestClientOrderId(session.account));
        offer(session.clientSession, MessageHeaderEncoder.ENCODED_LENGTH + sessionEstablishedEncoder.encodedLength());
    }

    private void offer(final ClientSession clientSession, final int length)
    {
        publisher.send(clientSession, sendBuffer, length);
    }

    // ------------------------------------------------------------------------------------------------ timers

    private void afterCommand(final long nowNs)
    {
        marketData.endEvent();
        final long nextExpiry = engine.nextExpireTimeNs();
        if (nextExpiry != expiryTimerDeadlineNs)
        {
            if (Long.MAX_VALUE == nextExpiry)
            {
                cluster.cancelTimer(EXPIRY_TIMER_ID);
            }
            else
            {
                scheduleTimer(EXPIRY_TIMER_ID, nextExpiry);
            }
            expiryTimerDeadlineNs = nextExpiry;
        }
        if (Long.MAX_VALUE == checkpointTimerDeadlineNs)
        {
            checkpointTimerDeadlineNs = nowNs + config.checkpointIntervalNs();
            scheduleTimer(CHECKPOINT_TIMER_ID, checkpointTimerDeadlineNs);
        }
    }

    private void scheduleTimer(final long correlationId, final long deadlineNs)
    {
        while (!cluster.scheduleTimer(correlationId, deadlineNs))
        {
            cluster.idleStrategy().idle();
        }
    }

    private void recordCheckpoint(final long logPosition)
    {
        final long startNs = System.nanoTime(); // observation only, for the log line
        final long hash = stateHash();
        final long tookNs = System.nanoTime() - startNs;
        counters.checkpoints++;
        // Applied position first: /status reads the checkpoint before the applied position, so it never shows a
        // checkpoint beyond what the service has applied (the periodic publish of that position lags a duty cycle).
        metrics.applied(logPosition);
        counters.lastCheckpointLogPosition = logPosition;
        counters.lastCheckpointStateHash = hash;
        lastCheckpoint = new Checkpoint(logPosition, hash);
        System.out.println("bourse member " + cluster.memberId() + " checkpoint logPosition=" + logPosition +
            " stateHash=" + Long.toHexString(hash) + " (hashed in " + tookNs / 1000 + " us)");
    }

    /**
     * A state hash recorded at a log position; every node records the same pairs.
     *
     * @param logPosition position in the log after which the hash was taken.
     * @param stateHash   the service state hash at that position.
     */
    public record Checkpoint(long logPosition, long stateHash)
    {
    }

    /**
     * The most recent checkpoint, safe to read from any thread.
     *
     * @return the checkpoint, position -1 before the first.
     */
    public Checkpoint lastCheckpoint()
    {
        return lastCheckpoint;
    }

    /**
     * Whether this service started from a snapshot.
     *
     * @return true if onStart loaded a snapshot.
     */
    public boolean restoredFromSnapshot()
    {
        return restoredFromSnapshot;
    }

    /**
     * This node's role in the cluster, safe to read from any thread.
     *
     * @return the role.
     */
    public Cluster.Role role()
    {
        return role;
    }

    // ------------------------------------------------------------------------------------------------ state

    /**
     * The hash of the whole replicated state: the engine's, the risk controls', then sessions, dedup windows, order
     * records and the expiry timer, each in a fixed order. Equal on every node at the same log position. Checkpoint
     * bookkeeping (the checkpoint timer and count) is left out so that the hash only moves when trading state does.
     *
     * @return the state hash.
     */
    public long stateHash()
    {
        long hash = engine.stateHash();
        hash = StateHash.combine(hash, engine.riskStateHash());
        hash = StateHash.combine(hash, sessionSequence);
        hash = StateHash.combine(hash, expiryTimerDeadlineNs);
        hash = StateHash.combine(hash, marketData.nextSequence());
        for (final int instrumentId : marketData.sortedInstrumentIds())
        {
            hash = StateHash.combine(hash, instrumentId);
            hash = StateHash.combine(hash, marketData.instruments().get(instrumentId).instrumentSequence);
        }
        for (final long id : sessions.sortedIds())
        {
            final Sessions.Session session = sessions.get(id);
            hash = StateHash.combine(hash, id);
            hash = StateHash.combine(hash, session.account);
            hash = StateHash.combine(hash, session.role.value());
            hash = StateHash.combine(hash, session.token);
        }
        for (final long account : dedup.sortedAccounts())
        {
            final DedupWindows.Window window = dedup.window(account);
            hash = StateHash.combine(hash, account);
            hash = StateHash.combine(hash, window.highestClientOrderId);
            hash = StateHash.combine(hash, window.forgottenHighWater);
            hash = window.hashEntries(hash);
        }
        hash = records.hashRecords(hash);
        return StateHash.finish(hash);
    }

    RiskCheckedEngine engine()
    {
        return engine;
    }

    Sessions sessions()
    {
        return sessions;
    }

    DedupWindows dedup()
    {
        return dedup;
    }

    MarketDataPublisher marketData()
    {
        return marketData;
    }

    OrderRecords records()
    {
        return records;
    }

    ServiceCounters counters()
    {
        return counters;
    }

    ServiceMetrics metrics()
    {
        return metrics;
    }

    long sessionSequence()
    {
        return sessionSequence;
    }

    long expiryTimerDeadlineNs()
    {
        return expiryTimerDeadlineNs;
    }

    long checkpointTimerDeadlineNs()
    {
        return checkpointTimerDeadlineNs;
    }

    long checkpointCount()
    {
        return checkpointCount;
    }

    void restoreTimersAndCounters(
        final long sessionSequence,
        final long expiryTimerDeadlineNs,
        final long checkpointTimerDeadlineNs,
        final long checkpointCount)
    {
        this.sessionSequence = sessionSequence;
        this.expiryTimerDeadlineNs = expiryTimerDeadlineNs;
        this.checkpointTimerDeadlineNs = checkpointTimerDeadlineNs;
        this.checkpointCount = checkpointCount;
    }
}
