package dev.bourse.perf.e2e;

import dev.bourse.schemas.admin.AdminAckEncoder;
import dev.bourse.schemas.admin.DefineInstrumentDecoder;
import dev.bourse.schemas.orderentry.CancelOrderDecoder;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.CancelRejectEncoder;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportEncoder;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.MassCancelDecoder;
import dev.bourse.schemas.orderentry.MassCancelReportEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderStatusRequestDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.ReplaceOrderDecoder;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedEncoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The baseline for end-to-end benchmarks: a {@link ClusteredService} that speaks Bourse's order-entry protocol
 * just enough for the unchanged SDK client, and does no trading. It runs on the same three-node topology, with
 * the same launcher ({@code BourseNode}), node settings and clients as the exchange, so that the difference
 * between the two is the exchange's own work: validation, dedup, matching, the extra reports of trades and market
 * data.
 * <ul>
 *     <li>Session open and Logon: a SessionEstablished with the same fields as {@code ExchangeService} sends
 *     (account and role from the principal, a session token, the cluster session id, the leadership term, a dedup
 *     window of 1024, STP NONE and the highest client order id seen for the account).</li>
 *     <li>NewOrder: one ExecutionReport NEW echoing the order's fields with the next order id; CancelOrder: one
 *     ExecutionReport CANCELED (clientOrderId the request's, origClientOrderId and orderId as named); ReplaceOrder:
 *     one ExecutionReport REPLACED with the new price and quantity. Each report has the same type and encoded size
 *     as the exchange's answer to the same request, and is sent to the session that asked.</li>
 *     <li>MassCancel: a MassCancelReport of 0 orders; OrderStatusRequest: a CancelReject UNKNOWN_ORDER;
 *     DefineInstrument: an AdminAck accepting it (so benchmark set-up is identical for both).</li>
 * </ul>
 * Commands with a wrong session token are dropped, as the exchange does. The principal is read in the layout of
 * {@code dev.bourse.node.Principal} (account int64, then the role code). Deterministic: the state (sessions, the
 * order id counter, highest client order ids) changes only with the log, and is saved in snapshots. Allocation
 * free per message in steady state.
 * <p>
 * Calibration: {@code -Dbourse.echo.work=N} (system property of the echo nodes, default 0) makes every message to the
 * service also run N steps of a dependent multiply-add chain, about 1.3 ns each here, so that the echo's service
 * thread costs what the exchange's does and the rest stays the same. It answers the question the ratio alone cannot:
 * how much of the gap is the service thread's own CPU (perf/README.md, "Session 13").
 */
public final class EchoService implements ClusteredService
{
    static final int DEDUP_WINDOW = 1024;
    /** System property: synthetic work per message, in multiply-add steps (calibration only; 0 = none). */
    public static final String WORK_PROPERTY = "bourse.echo.work";
    private static final int EGRESS_ATTEMPTS = 3;
    private static final int REPORT_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + ExecutionReportEncoder.BLOCK_LENGTH;
    private static final int PRINCIPAL_LENGTH = Long.BYTES + 1;
    private static final int SNAPSHOT_HEADER_LONGS = 3;
    private static final int SNAPSHOT_SESSION_LONGS = 4;

    private final int workSteps = Integer.getInteger(WORK_PROPERTY, 0);
    // The synthetic work's result, kept so that the JIT cannot drop the work; not state (never hashed or saved).
    private long workResult;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelDecoder = new CancelOrderDecoder();
    private final ReplaceOrderDecoder replaceDecoder = new ReplaceOrderDecoder();
    private final MassCancelDecoder massCancelDecoder = new MassCancelDecoder();
    private final OrderStatusRequestDecoder statusDecoder = new OrderStatusRequestDecoder();
    private final DefineInstrumentDecoder defineInstrumentDecoder = new DefineInstrumentDecoder();
    private final MutableDirectBuffer sendBuffer = new ExpandableDirectByteBuffer(256);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SessionEstablishedEncoder sessionEstablishedEncoder = new SessionEstablishedEncoder();
    private final ExecutionReportEncoder reportEncoder = new ExecutionReportEncoder();
    private final BufferClaim claim = new BufferClaim();
    private boolean claimOpen;
    private final CancelRejectEncoder cancelRejectEncoder = new CancelRejectEncoder();
    private final MassCancelReportEncoder massCancelReportEncoder = new MassCancelReportEncoder();
    private final dev.bourse.schemas.admin.MessageHeaderEncoder adminHeaderEncoder =
        new dev.bourse.schemas.admin.MessageHeaderEncoder();
    private final AdminAckEncoder adminAckEncoder = new AdminAckEncoder();
    private final Long2ObjectHashMap<EchoSession> sessions = new Long2ObjectHashMap<>();
    private final Long2LongHashMap highestClientOrderIds = new Long2LongHashMap(0);

    private Cluster cluster;
    private long leadershipTermId;
    private long sessionSequence;
    private long nextOrderId = 1;
    private long messages;
    private long egressDropped;

    /**
     * A session as the echo service knows it.
     */
    static final class EchoSession
    {
        final long id;
        final long account;
        final Role role;
        final long token;
        ClientSession clientSession;

        EchoSession(final long id, final long account, final Role role, final long token)
        {
            this.id = id;
            this.account = account;
            this.role = role;
            this.token = token;
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        System.out.println("echo member " + cluster.memberId() + " starts as " + cluster.role());
        if (null != snapshotImage)
        {
            loadSnapshot(snapshotImage);
            for (final EchoSession session : sessions.values())
            {
                session.clientSession = cluster.getClientSession(session.id);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        final byte[] principal = session.encodedPrincipal();
        if (null == principal || PRINCIPAL_LENGTH != principal.length)
        {
            return;
        }
        final long account = new UnsafeBuffer(principal).getLong(0);
        final Role role = Role.get(principal[Long.BYTES]);
        sessionSequence++;
        final EchoSession opened = new EchoSession(session.id(), account, role, token(session.id(), timestamp));
        opened.clientSession = session;
        sessions.put(session.id(), opened);
        sendSessionEstablished(opened);
    }

    /**
     * A token that differs per session and cannot be predicted from the session id alone. Not secret (the echo
     * service is a benchmark baseline), but as cheap to check as the exchange's.
     */
    private long token(final long sessionId, final long timestamp)
    {
        long x = sessionId * 0x9E3779B97F4A7C15L ^ timestamp ^ (sessionSequence << 32);
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return x ^ (x >>> 33);
    }

    /**
     * {@inheritDoc}
     */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        sessions.remove(session.id());
    }

    private void work()
    {
        long x = workResult;
        for (int i = 0; i < workSteps; i++)
        {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        workResult = x;
    }

    /**
     * @return the synthetic work's running result (so that it is observable; see {@link #WORK_PROPERTY}).
     */
    long workResult()
    {
        return workResult;
    }

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
        messages++;
        if (workSteps > 0)
        {
            work();
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;
        final EchoSession known = sessions.get(session.id());
        if (null == known || blockLength > bodyLength)
        {
            return;
        }
        if (dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == headerDecoder.schemaId())
        {
            if (DefineInstrumentDecoder.TEMPLATE_ID == templateId &&
                blockLength >= DefineInstrumentDecoder.BLOCK_LENGTH)
            {
                onDefineInstrument(known, timestamp,
                    defineInstrumentDecoder.wrap(buffer, bodyOffset, blockLength, version));
            }
            return;
        }
        if (MessageHeaderDecoder.SCHEMA_ID != headerDecoder.schemaId())
        {
            return;
        }
        dispatch(known, timestamp, buffer, bodyOffset, templateId, blockLength, version);
    }

    private void dispatch(
        final EchoSession session,
        final long nowNs,
        final DirectBuffer buffer,
        final int offset,
        final int templateId,
        final int blockLength,
        final int version)
    {
        switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID:
                if (blockLength >= NewOrderDecoder.BLOCK_LENGTH)
                {
                    onNewOrder(session, nowNs, newOrderDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case CancelOrderDecoder.TEMPLATE_ID:
                if (blockLength >= CancelOrderDecoder.BLOCK_LENGTH)
                {
                    onCancelOrder(session, nowNs, cancelDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case ReplaceOrderDecoder.TEMPLATE_ID:
                if (blockLength >= ReplaceOrderDecoder.BLOCK_LENGTH)
                {
                    onReplaceOrder(session, nowNs, replaceDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case MassCancelDecoder.TEMPLATE_ID:
                if (blockLength >= MassCancelDecoder.BLOCK_LENGTH)
                {
                    onMassCancel(session, nowNs, massCancelDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case OrderStatusRequestDecoder.TEMPLATE_ID:
                if (blockLength >= OrderStatusRequestDecoder.BLOCK_LENGTH)
                {
                    onOrderStatus(session, nowNs, statusDecoder.wrap(buffer, offset, blockLength, version));
                }
                break;
            case LogonDecoder.TEMPLATE_ID:
                sendSessionEstablished(session);
                break;
            default:
                break;
        }
    }

    private void onNewOrder(final EchoSession session, final long nowNs, final NewOrderDecoder decoder)
    {
        if (decoder.sessionToken() != session.token)
        {
            return;
        }
        final long clientOrderId = decoder.clientOrderId();
        noteClientOrderId(session.account, clientOrderId);
        final long quantity = decoder.quantity();
        report(session, clientOrderId, 0, nextOrderId++, decoder.instrumentId(), ExecType.NEW,
            OrderStatus.NEW)
            .side(decoder.side())
            .orderType(decoder.orderType())
            .timeInForce(decoder.timeInForce())
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(RejectReason.NONE)
            .cancelReason(CancelReason.NULL_VAL)
            .price(decoder.price())
            .quantity(quantity)
            .lastPrice(0)
            .lastQuantity(0)
            .leavesQuantity(quantity)
            .cumQuantity(0)
            .transactTimeNs(nowNs);
        sendReport();
    }

    private void onCancelOrder(final EchoSession session, final long nowNs, final CancelOrderDecoder decoder)
    {
        if (decoder.sessionToken() != session.token)
        {
            return;
        }
        final long clientOrderId = decoder.clientOrderId();
        noteClientOrderId(session.account, clientOrderId);
        report(session, clientOrderId, decoder.origClientOrderId(), decoder.orderId(), 0, ExecType.CANCELED,
            OrderStatus.CANCELED)
            .side(Side.NULL_VAL)
            .orderType(OrderType.NULL_VAL)
            .timeInForce(TimeInForce.NULL_VAL)
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(RejectReason.NONE)
            .cancelReason(CancelReason.CLIENT_REQUEST)
            .price(0).quantity(0).lastPrice(0).lastQuantity(0).leavesQuantity(0).cumQuantity(0)
            .transactTimeNs(nowNs);
        sendReport();
    }

    private void onReplaceOrder(final EchoSession session, final long nowNs, final ReplaceOrderDecoder decoder)
    {
        if (decoder.sessionToken() != session.token)
        {
            return;
        }
        final long clientOrderId = decoder.clientOrderId();
        noteClientOrderId(session.account, clientOrderId);
        final long quantity = decoder.quantity();
        report(session, clientOrderId, decoder.origClientOrderId(), decoder.orderId(), 0, ExecType.REPLACED,
            OrderStatus.NEW)
            .side(Side.NULL_VAL)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.NULL_VAL)
            .liquidity(Liquidity.NULL_VAL)
            .rejectReason(RejectReason.NONE)
            .cancelReason(CancelReason.NULL_VAL)
            .price(decoder.price())
            .quantity(quantity)
            .lastPrice(0)
            .lastQuantity(0)
            .leavesQuantity(quantity)
            .cumQuantity(0)
            .transactTimeNs(nowNs);
        sendReport();
    }

    private void onMassCancel(final EchoSession session, final long nowNs, final MassCancelDecoder decoder)
    {
        if (decoder.sessionToken() != session.token)
        {
            return;
        }
        final long clientOrderId = decoder.clientOrderId();
        noteClientOrderId(session.account, clientOrderId);
        massCancelReportEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .account(session.account)
            .clientOrderId(clientOrderId)
            .instrumentId(decoder.instrumentId())
            .side(decoder.side())
            .rejectReason(RejectReason.NONE)
            .cancelledCount(0)
            .transactTimeNs(nowNs);
        send(session.clientSession, MessageHeaderEncoder.ENCODED_LENGTH + massCancelReportEncoder.encodedLength());
    }

    private void onOrderStatus(final EchoSession session, final long nowNs, final OrderStatusRequestDecoder decoder)
    {
        if (decoder.sessionToken() != session.token)
        {
            return;
        }
        cancelRejectEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .account(session.account)
            .clientOrderId(decoder.clientOrderId())
            .origClientOrderId(decoder.origClientOrderId())
            .orderId(decoder.orderId())
            .requestType(RequestType.ORDER_STATUS)
            .rejectReason(RejectReason.UNKNOWN_ORDER)
            .transactTimeNs(nowNs);
        send(session.clientSession, MessageHeaderEncoder.ENCODED_LENGTH + cancelRejectEncoder.encodedLength());
    }

    private void onDefineInstrument(final EchoSession session, final long nowNs, final DefineInstrumentDecoder decoder)
    {
        if (decoder.sessionToken() != session.token)
        {
            return;
        }
        adminAckEncoder.wrapAndApplyHeader(sendBuffer, 0, adminHeaderEncoder)
            .requestId(decoder.requestId())
            .refTemplateId(DefineInstrumentDecoder.TEMPLATE_ID)
            .rejectReason(Role.ADMIN == session.role ? RejectReason.NONE.value() : RejectReason.NOT_AUTHORIZED.value())
            .transactTimeNs(nowNs);
        send(session.clientSession,
            dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + adminAckEncoder.encodedLength());
    }

    private void noteClientOrderId(final long account, final long clientOrderId)
    {
        if (clientOrderId > highestClientOrderIds.get(account))
        {
            highestClientOrderIds.put(account, clientOrderId);
        }
    }

    /**
     * Start an execution report to the session, as the exchange's ReportPublisher does for an account with one
     * session: encoded straight into space claimed in the session's egress publication ({@link #sendReport} commits
     * it), or into the send buffer if the claim is refused (then counted as dropped) or there is no session.
     */
    private ExecutionReportEncoder report(
        final EchoSession session,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final int instrumentId,
        final ExecType execType,
        final OrderStatus status)
    {
        final boolean claimed = claimReport(session.clientSession);
        return reportEncoder.wrapAndApplyHeader(claimed ? claim.buffer() : sendBuffer,
            claimed ? claim.offset() + AeronCluster.SESSION_HEADER_LENGTH : 0, headerEncoder)
            .account(session.account)
            .clientOrderId(clientOrderId)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId)
            .execId(0)
            .instrumentId(instrumentId)
            .execType(execType)
            .orderStatus(status);
    }

    private boolean claimReport(final ClientSession clientSession)
    {
        claimOpen = false;
        if (null == clientSession)
        {
            return false;
        }
        for (int attempt = 0; attempt < EGRESS_ATTEMPTS; attempt++)
        {
            final long result = clientSession.tryClaim(REPORT_LENGTH, claim);
            if (accepted(result))
            {
                claimOpen = true;
                return true;
            }
            if (!retryable(result))
            {
                break;
            }
        }
        egressDropped++;
        return false;
    }

    /**
     * @return whether an offer or claim went through (a follower's mocked one counts), as in ReportPublisher.
     */
    private static boolean accepted(final long result)
    {
        return result > 0 || ClientSession.MOCKED_OFFER == result;
    }

    /**
     * @return whether a refused offer or claim is worth another attempt (back-pressure or a term rotating).
     */
    private static boolean retryable(final long result)
    {
        return Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result;
    }

    private void sendReport()
    {
        if (claimOpen)
        {
            claimOpen = false;
            claim.commit();
        }
    }

    private void sendSessionEstablished(final EchoSession session)
    {
        sessionEstablishedEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .account(session.account)
            .role(session.role)
            .sessionToken(session.token)
            .clusterSessionId(session.id)
            .leadershipTermId(leadershipTermId)
            .dedupWindow(DEDUP_WINDOW)
            .stpMode(StpMode.NONE)
            .highestClientOrderId(highestClientOrderIds.get(session.account));
        send(session.clientSession, MessageHeaderEncoder.ENCODED_LENGTH + sessionEstablishedEncoder.encodedLength());
    }

    /**
     * As the exchange's ReportPublisher: back-pressure is retried a bounded number of times, never blocking the
     * log; what still cannot be sent is counted as dropped.
     */
    private void send(final ClientSession clientSession, final int length)
    {
        if (null == clientSession)
        {
            return;
        }
        for (int attempt = 0; attempt < EGRESS_ATTEMPTS; attempt++)
        {
            final long result = clientSession.offer(sendBuffer, 0, length);
            if (accepted(result))
            {
                return;
            }
            if (!retryable(result))
            {
                break;
            }
        }
        egressDropped++;
    }

    /**
     * {@inheritDoc}
     */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    /**
     * {@inheritDoc}
     */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        final long[] ids = sessions.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        final long[] accounts = highestClientOrderIds.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        final int longs = SNAPSHOT_HEADER_LONGS + 1 + ids.length * SNAPSHOT_SESSION_LONGS + 1 + accounts.length * 2;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[longs * Long.BYTES]);
        int index = 0;
        buffer.putLong(index++ * Long.BYTES, nextOrderId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(index++ * Long.BYTES, sessionSequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(index++ * Long.BYTES, leadershipTermId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(index++ * Long.BYTES, ids.length, ByteOrder.LITTLE_ENDIAN);
        for (final long id : ids)
        {
            final EchoSession session = sessions.get(id);
            buffer.putLong(index++ * Long.BYTES, id, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(index++ * Long.BYTES, session.account, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(index++ * Long.BYTES, session.role.value(), ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(index++ * Long.BYTES, session.token, ByteOrder.LITTLE_ENDIAN);
        }
        buffer.putLong(index++ * Long.BYTES, accounts.length, ByteOrder.LITTLE_ENDIAN);
        for (final long account : accounts)
        {
            buffer.putLong(index++ * Long.BYTES, account, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(index++ * Long.BYTES, highestClientOrderIds.get(account), ByteOrder.LITTLE_ENDIAN);
        }
        while (snapshotPublication.offer(buffer, 0, buffer.capacity()) < 0)
        {
            cluster.idleStrategy().idle();
        }
    }

    private void loadSnapshot(final Image image)
    {
        final boolean[] loaded = {false};
        while (!loaded[0])
        {
            final int fragments = image.poll((buffer, offset, length, header) ->
            {
                int index = 0;
                nextOrderId = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                sessionSequence = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                leadershipTermId = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                final long sessionCount = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < sessionCount; i++)
                {
                    final long id = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                    final long account = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                    final short role = (short)buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                    final long token = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                    sessions.put(id, new EchoSession(id, account, Role.get(role), token));
                }
                final long accountCount = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < accountCount; i++)
                {
                    final long account = buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
                    highestClientOrderIds.put(account,
                        buffer.getLong(offset + index++ * Long.BYTES, ByteOrder.LITTLE_ENDIAN));
                }
                loaded[0] = true;
            }, 1);
            if (0 == fragments)
            {
                if (image.isClosed())
                {
                    throw new IllegalStateException("echo snapshot ended before its message");
                }
                cluster.idleStrategy().idle();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onRoleChange(final Cluster.Role newRole)
    {
        System.out.println("echo member " + cluster.memberId() + " is now " + newRole);
    }

    /**
     * {@inheritDoc}
     */
    public void onTerminate(final Cluster cluster)
    {
        System.out.println("echo member " + cluster.memberId() + " terminating after " + messages +
            " messages, " + egressDropped + " egress messages dropped; sessions " +
            Arrays.toString(sessions.keySet().stream().sorted().toArray()));
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
        this.leadershipTermId = leadershipTermId;
    }

    long messages()
    {
        return messages;
    }

    long nextOrderId()
    {
        return nextOrderId;
    }
}
