package dev.bourse.client;

import java.nio.ByteOrder;

import dev.bourse.schemas.orderentry.BooleanType;
import dev.bourse.schemas.orderentry.CancelOrderEncoder;
import dev.bourse.schemas.orderentry.CancelRejectDecoder;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.LogonEncoder;
import dev.bourse.schemas.orderentry.MassCancelEncoder;
import dev.bourse.schemas.orderentry.MassCancelReportDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.MessageRejectDecoder;
import dev.bourse.schemas.orderentry.NewOrderEncoder;
import dev.bourse.schemas.orderentry.OrderStatusRequestEncoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.ReplaceOrderEncoder;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedDecoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The order-entry protocol of one client, independent of Aeron so that it can be driven and tested without a
 * cluster: Logon and the session token, encoding of commands into the {@link PendingRequests} pool, decoding of
 * egress and matching of answers to requests, keep-alives, and the resend rules.
 * <p>
 * The connection calls {@link #onConnected} when a new cluster session opens (Logon follows, then commands flow
 * once SessionEstablished arrives), {@link #onNewLeader} when the same session moves to a new leader (every
 * unanswered request is resent), and {@link #onDisconnected} when the session is gone (requests are kept, and
 * resent with the new token after the next SessionEstablished). {@link #doWork(long)} is the duty cycle.
 * Single-threaded; allocation-free after construction.
 */
final class OrderEntrySession
{
    /**
     * Where the session sends: the cluster ingress of the current cluster session.
     */
    interface Ingress
    {
        long offer(DirectBuffer buffer, int offset, int length);

        boolean sendKeepAlive();
    }

    /**
     * Told, after the listener has seen the message, that a message answered the request with this id.
     */
    interface AnswerHandler
    {
        void onAnswer(long clientOrderId);
    }

    enum State
    {
        NOT_CONNECTED,
        AWAITING_SESSION,
        ESTABLISHED,
        CLOSED
    }

    static final int MAX_SENDS_PER_CYCLE = 256;
    /**
     * At most 2^4 = 16 response timeouts between resends of one request.
     */
    static final int MAX_RESEND_BACKOFF_SHIFT = 4;
    static final int SESSION_TOKEN_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.sessionTokenEncodingOffset();
    static final int ACCOUNT_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.accountEncodingOffset();
    private static final ByteOrder BYTE_ORDER = NewOrderEncoder.BYTE_ORDER;
    private static final long NULL_ACCOUNT = Long.MIN_VALUE;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelOrderEncoder = new CancelOrderEncoder();
    private final ReplaceOrderEncoder replaceOrderEncoder = new ReplaceOrderEncoder();
    private final MassCancelEncoder massCancelEncoder = new MassCancelEncoder();
    private final OrderStatusRequestEncoder orderStatusRequestEncoder = new OrderStatusRequestEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SessionEstablishedDecoder sessionEstablishedDecoder = new SessionEstablishedDecoder();
    private final ExecutionReportDecoder executionReportDecoder = new ExecutionReportDecoder();
    private final CancelRejectDecoder cancelRejectDecoder = new CancelRejectDecoder();
    private final MassCancelReportDecoder massCancelReportDecoder = new MassCancelReportDecoder();
    private final MessageRejectDecoder messageRejectDecoder = new MessageRejectDecoder();
    private final ExecutionReport report = new ExecutionReport();
    private final UnsafeBuffer logonBuffer = new UnsafeBuffer(new byte[PendingRequests.SLOT_LENGTH]);
    private final int logonLength;

    private final ExecutionListener listener;
    private final PendingRequests pending;
    private final long responseTimeoutNs;
    private final long keepAliveIntervalNs;
    private final long timeoutCheckIntervalNs;
    private final long firstClientOrderId;
    private AnswerHandler answerHandler;

    private State state = State.NOT_CONNECTED;
    private Ingress ingress;
    private long nowNs;
    private long lastIngressNs;
    private long logonSentNs = PendingRequests.NEVER_SENT;
    private long nextTimeoutCheckNs;
    private int resendCursor = PendingRequests.NONE;

    private long sessionToken;
    private long account = NULL_ACCOUNT;
    private Role role = Role.NULL_VAL;
    private long dedupWindow;
    private long nextClientOrderId;
    private long establishedCount;
    private String fatalError;

    private long resendCount;
    private long duplicateAnswerCount;
    private long unknownMessageCount;
    private long backPressureCount;

    OrderEntrySession(
        final ExecutionListener listener,
        final int maxPendingRequests,
        final long firstClientOrderId,
        final long responseTimeoutNs,
        final long keepAliveIntervalNs)
    {
        this.listener = listener;
        this.pending = new PendingRequests(maxPendingRequests);
        this.firstClientOrderId = firstClientOrderId;
        this.responseTimeoutNs = responseTimeoutNs;
        this.keepAliveIntervalNs = keepAliveIntervalNs;
        this.timeoutCheckIntervalNs = Math.max(1, responseTimeoutNs / 8);

        final LogonEncoder logonEncoder = new LogonEncoder()
            .wrapAndApplyHeader(logonBuffer, 0, headerEncoder)
            .clientVersion(LogonEncoder.SCHEMA_VERSION);
        logonLength = MessageHeaderEncoder.ENCODED_LENGTH + logonEncoder.encodedLength();
    }

    void answerHandler(final AnswerHandler answerHandler)
    {
        this.answerHandler = answerHandler;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connection life cycle
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A new cluster session is open: log on. Commands are held until SessionEstablished arrives.
     *
     * @param ingress the new session's ingress.
     * @param nowNs   the time now.
     */
    void onConnected(final Ingress ingress, final long nowNs)
    {
        if (State.CLOSED == state)
        {
            return;
        }

        this.nowNs = nowNs;
        this.ingress = ingress;
        state = State.AWAITING_SESSION;
        resendCursor = PendingRequests.NONE;
        lastIngressNs = nowNs;
        sendLogon();
    }

    /**
     * The cluster session continues with a new leader: whatever was in flight may be lost, so resend every
     * unanswered request, oldest first. Logon is resent if its answer is still awaited.
     *
     * @param nowNs the time now.
     */
    void onNewLeader(final long nowNs)
    {
        this.nowNs = nowNs;
        if (State.ESTABLISHED == state)
        {
            resendCursor = pending.head();
        }
        else if (State.AWAITING_SESSION == state)
        {
            logonSentNs = PendingRequests.NEVER_SENT;
        }
    }

    /**
     * The cluster session is gone; its token with it. Requests stay pending until a new session is established.
     */
    void onDisconnected()
    {
        if (State.CLOSED != state)
        {
            state = State.NOT_CONNECTED;
        }
        ingress = null;
        resendCursor = PendingRequests.NONE;
    }

    void close()
    {
        state = State.CLOSED;
        ingress = null;
        resendCursor = PendingRequests.NONE;
    }

    /**
     * The duty cycle: resend Logon until answered, drain resends, resend requests whose answer is overdue, and
     * send a keep-alive when nothing else was sent for the keep-alive interval.
     *
     * @param nowNs the time now.
     * @return the amount of work done.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int workCount = 0;

        switch (state)
        {
            case AWAITING_SESSION:
                if (PendingRequests.NEVER_SENT == logonSentNs || nowNs - logonSentNs >= responseTimeoutNs)
                {
                    workCount += sendLogon();
                }
                workCount += sendKeepAliveIfIdle();
                break;

            case ESTABLISHED:
                workCount += drainResends();
                workCount += resendOverdue();
                workCount += sendKeepAliveIfIdle();
                break;

            default:
                break;
        }

        return workCount;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------------------------------

    long newOrder(
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
        CommandValidation.newOrder(instrumentId, side, orderType, timeInForce, postOnly, price, quantity, expireTimeNs);
        final long id = resolveClientOrderId(clientOrderId);
        final int slot = acquireSlot(id);
        if (slot < 0)
        {
            return slot;
        }

        newOrderEncoder.wrapAndApplyHeader(pending.buffer(), PendingRequests.offset(slot), headerEncoder)
            .sessionToken(sessionToken)
            .account(account)
            .clientOrderId(id)
            .instrumentId(instrumentId)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .postOnly(postOnly ? BooleanType.TRUE : BooleanType.FALSE)
            .price(price)
            .quantity(quantity)
            .expireTimeNs(expireTimeNs);

        return submit(slot, id, NewOrderEncoder.TEMPLATE_ID, newOrderEncoder.encodedLength());
    }

    long cancelOrder(final long clientOrderId, final long orderId, final long origClientOrderId)
    {
        CommandValidation.orderReference(orderId, origClientOrderId);
        final long id = resolveClientOrderId(clientOrderId);
        final int slot = acquireSlot(id);
        if (slot < 0)
        {
            return slot;
        }

        cancelOrderEncoder.wrapAndApplyHeader(pending.buffer(), PendingRequests.offset(slot), headerEncoder)
            .sessionToken(sessionToken)
            .account(account)
            .clientOrderId(id)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId);

        return submit(slot, id, CancelOrderEncoder.TEMPLATE_ID, cancelOrderEncoder.encodedLength());
    }

    long replaceOrder(
        final long clientOrderId,
        final long orderId,
        final long origClientOrderId,
        final long quantity,
        final long price)
    {
        CommandValidation.replace(orderId, origClientOrderId, price, quantity);
        final long id = resolveClientOrderId(clientOrderId);
        final int slot = acquireSlot(id);
        if (slot < 0)
        {
            return slot;
        }

        replaceOrderEncoder.wrapAndApplyHeader(pending.buffer(), PendingRequests.offset(slot), headerEncoder)
            .sessionToken(sessionToken)
            .account(account)
            .clientOrderId(id)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId)
            .price(price)
            .quantity(quantity);

        return submit(slot, id, ReplaceOrderEncoder.TEMPLATE_ID, replaceOrderEncoder.encodedLength());
    }

    long massCancel(final long clientOrderId, final int instrumentId, final Side side)
    {
        CommandValidation.massCancel(instrumentId);
        final long id = resolveClientOrderId(clientOrderId);
        final int slot = acquireSlot(id);
        if (slot < 0)
        {
            return slot;
        }

        massCancelEncoder.wrapAndApplyHeader(pending.buffer(), PendingRequests.offset(slot), headerEncoder)
            .sessionToken(sessionToken)
            .account(account)
            .clientOrderId(id)
            .instrumentId(instrumentId)
            .side(null == side ? Side.NULL_VAL : side);

        return submit(slot, id, MassCancelEncoder.TEMPLATE_ID, massCancelEncoder.encodedLength());
    }

    long orderStatus(final long clientOrderId, final long orderId, final long origClientOrderId)
    {
        CommandValidation.orderReference(orderId, origClientOrderId);
        final long id = resolveClientOrderId(clientOrderId);
        final int slot = acquireSlot(id);
        if (slot < 0)
        {
            return slot;
        }

        orderStatusRequestEncoder.wrapAndApplyHeader(pending.buffer(), PendingRequests.offset(slot), headerEncoder)
            .sessionToken(sessionToken)
            .account(account)
            .clientOrderId(id)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId);

        return submit(slot, id, OrderStatusRequestEncoder.TEMPLATE_ID, orderStatusRequestEncoder.encodedLength());
    }

    private long resolveClientOrderId(final long clientOrderId)
    {
        CommandValidation.clientOrderId(clientOrderId);
        if (0 == clientOrderId)
        {
            return nextClientOrderId;
        }

        if (pending.contains(clientOrderId))
        {
            throw new IllegalArgumentException("clientOrderId is already in use by a pending request: " +
                clientOrderId);
        }

        return clientOrderId;
    }

    private int acquireSlot(final long clientOrderId)
    {
        if (State.CLOSED == state)
        {
            return (int)ExchangeClient.CLOSED;
        }

        if (clientOrderId <= 0)
        {
            throw new IllegalStateException("no client order id yet: the session has never been established");
        }

        final int slot = pending.acquire();
        if (PendingRequests.NONE == slot)
        {
            backPressureCount++;
            return (int)ExchangeClient.TOO_MANY_PENDING;
        }

        return slot;
    }

    private long submit(final int slot, final long clientOrderId, final int templateId, final int blockAndBody)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + blockAndBody;

        if (State.ESTABLISHED == state && PendingRequests.NONE == resendCursor)
        {
            final long result = ingress.offer(pending.buffer(), PendingRequests.offset(slot), length);
            if (result > 0)
            {
                track(slot, clientOrderId, templateId, length, nowNs);
                lastIngressNs = nowNs;
            }
            else if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
            {
                pending.release(slot);
                backPressureCount++;
                return ExchangeClient.BACK_PRESSURED;
            }
            else
            {
                // Not connected, closed or at the end of the stream: the session is failing over. Keep the
                // request; it goes out with the resends once the leader or the new session is there.
                track(slot, clientOrderId, templateId, length, PendingRequests.NEVER_SENT);
                resendCursor = slot;
            }
        }
        else
        {
            // Failing over, or resends still draining: queue behind them so that submission order is kept.
            track(slot, clientOrderId, templateId, length, PendingRequests.NEVER_SENT);
        }

        return clientOrderId;
    }

    private void track(
        final int slot, final long clientOrderId, final int templateId, final int length, final long sentNs)
    {
        pending.add(slot, clientOrderId, templateId, length, sentNs);
        if (clientOrderId >= nextClientOrderId)
        {
            nextClientOrderId = clientOrderId + 1;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sending: Logon, resends, keep-alives
    // ---------------------------------------------------------------------------------------------------------------

    private int sendLogon()
    {
        final long result = ingress.offer(logonBuffer, 0, logonLength);
        if (result > 0)
        {
            logonSentNs = nowNs;
            lastIngressNs = nowNs;
            return 1;
        }

        logonSentNs = PendingRequests.NEVER_SENT;
        return 0;
    }

    private int drainResends()
    {
        int sent = 0;
        while (PendingRequests.NONE != resendCursor && sent < MAX_SENDS_PER_CYCLE)
        {
            final int slot = resendCursor;
            if (!send(slot))
            {
                break;
            }
            resendCursor = pending.next(slot);
            sent++;
        }

        return sent;
    }

    private int resendOverdue()
    {
        if (PendingRequests.NONE != resendCursor || nowNs - nextTimeoutCheckNs < 0)
        {
            return 0;
        }
        nextTimeoutCheckNs = nowNs + timeoutCheckIntervalNs;

        int sent = 0;
        for (int slot = pending.head(); PendingRequests.NONE != slot && sent < MAX_SENDS_PER_CYCLE;
            slot = pending.next(slot))
        {
            final long lastSentNs = pending.lastSentNs(slot);
            if (PendingRequests.NEVER_SENT == lastSentNs ||
                nowNs - lastSentNs >= resendDelayNs(pending.sendCount(slot)))
            {
                if (!send(slot))
                {
                    nextTimeoutCheckNs = nowNs;
                    break;
                }
                sent++;
            }
        }

        return sent;
    }

    /**
     * How long an answer may take before a request sent {@code sends} times is sent again: the response timeout,
     * doubling with every resend up to {@link #MAX_RESEND_BACKOFF_SHIFT} doublings. An overloaded cluster answers
     * late; resending everything at every timeout would multiply its load exactly then (one overloaded run saw
     * 129,031 resends for 40,000 requests). A failover still resends everything at once, whatever the backoff.
     */
    private long resendDelayNs(final int sends)
    {
        return responseTimeoutNs << Math.min(Math.max(sends - 1, 0), MAX_RESEND_BACKOFF_SHIFT);
    }

    private boolean send(final int slot)
    {
        final long result = ingress.offer(pending.buffer(), PendingRequests.offset(slot), pending.length(slot));
        if (result > 0)
        {
            if (pending.sendCount(slot) > 0)
            {
                resendCount++;
            }
            pending.onSent(slot, nowNs);
            lastIngressNs = nowNs;
            return true;
        }

        return false;
    }

    private int sendKeepAliveIfIdle()
    {
        if (nowNs - lastIngressNs >= keepAliveIntervalNs && ingress.sendKeepAlive())
        {
            lastIngressNs = nowNs;
            return 1;
        }

        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Egress
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * One message of this session's egress, past the cluster's session header.
     *
     * @param buffer holding the message.
     * @param offset at which the SBE message header starts.
     * @param length of the message, header included.
     */
    void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            unknownMessageCount++;
            return;
        }

        headerDecoder.wrap(buffer, offset);
        final int schemaId = headerDecoder.schemaId();
        final int version = headerDecoder.version();
        final int templateId = headerDecoder.templateId();
        final int blockLength = headerDecoder.blockLength();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int bodyLength = length - MessageHeaderDecoder.ENCODED_LENGTH;

        if (MessageHeaderDecoder.SCHEMA_ID != schemaId || version < 1 || blockLength > bodyLength)
        {
            unknownMessageCount++;
            return;
        }

        switch (templateId)
        {
            case SessionEstablishedDecoder.TEMPLATE_ID:
                if (blockLength >= SessionEstablishedDecoder.BLOCK_LENGTH)
                {
                    sessionEstablishedDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onSessionEstablished(sessionEstablishedDecoder);
                    return;
                }
                break;

            case ExecutionReportDecoder.TEMPLATE_ID:
                if (blockLength >= ExecutionReportDecoder.BLOCK_LENGTH)
                {
                    executionReportDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onExecutionReport(executionReportDecoder);
                    return;
                }
                break;

            case CancelRejectDecoder.TEMPLATE_ID:
                if (blockLength >= CancelRejectDecoder.BLOCK_LENGTH)
                {
                    cancelRejectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onCancelReject(cancelRejectDecoder);
                    return;
                }
                break;

            case MassCancelReportDecoder.TEMPLATE_ID:
                if (blockLength >= MassCancelReportDecoder.BLOCK_LENGTH)
                {
                    massCancelReportDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onMassCancelReport(massCancelReportDecoder);
                    return;
                }
                break;

            case MessageRejectDecoder.TEMPLATE_ID:
                if (blockLength >= MessageRejectDecoder.BLOCK_LENGTH)
                {
                    messageRejectDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onMessageReject(messageRejectDecoder);
                    return;
                }
                break;

            default:
                break;
        }

        unknownMessageCount++;
    }

    private void onSessionEstablished(final SessionEstablishedDecoder decoder)
    {
        if (State.AWAITING_SESSION != state)
        {
            return; // an answer to a resent Logon: the session is already established.
        }

        final long newAccount = decoder.account();
        if (NULL_ACCOUNT != account && newAccount != account)
        {
            fatalError = "the cluster moved this session from account " + account + " to " + newAccount;
            close();
            return;
        }

        final long highestClientOrderId = decoder.highestClientOrderId();
        sessionToken = decoder.sessionToken();
        account = newAccount;
        role = EnumCodes.ROLE.get(decoder.roleRaw());
        dedupWindow = decoder.dedupWindow();
        if (0 == nextClientOrderId)
        {
            nextClientOrderId = firstClientOrderId > 0 ? firstClientOrderId : Math.max(1, highestClientOrderId + 1);
        }
        else if (0 == firstClientOrderId && highestClientOrderId >= nextClientOrderId)
        {
            nextClientOrderId = highestClientOrderId + 1; // another session of the account went further.
        }

        final MutableDirectBuffer buffer = pending.buffer();
        for (int slot = pending.head(); PendingRequests.NONE != slot; slot = pending.next(slot))
        {
            final int offset = PendingRequests.offset(slot);
            buffer.putLong(offset + SESSION_TOKEN_OFFSET, sessionToken, BYTE_ORDER);
            buffer.putLong(offset + ACCOUNT_OFFSET, account, BYTE_ORDER);
        }

        state = State.ESTABLISHED;
        resendCursor = pending.head();
        establishedCount++;

        listener.onSessionEstablished(
            account,
            role,
            decoder.clusterSessionId(),
            decoder.leadershipTermId(),
            dedupWindow,
            EnumCodes.STP_MODE.get(decoder.stpModeRaw()),
            highestClientOrderId);
    }

    private void onExecutionReport(final ExecutionReportDecoder decoder)
    {
        report.wrap(decoder);
        final long clientOrderId = report.clientOrderId();
        final int slot = slotOf(clientOrderId);
        if (PendingRequests.NONE != slot)
        {
            if (ExecType.ORDER_STATUS == report.execType() &&
                OrderStatusRequestEncoder.TEMPLATE_ID != pending.templateId(slot))
            {
                duplicateAnswerCount++;
            }
            answered(slot);
        }

        listener.onExecutionReport(report);
        notifyAnswer(slot, clientOrderId);
    }

    private void onCancelReject(final CancelRejectDecoder decoder)
    {
        final long clientOrderId = decoder.clientOrderId();
        final int slot = slotOf(clientOrderId);
        answered(slot);

        listener.onCancelReject(
            decoder.account(),
            clientOrderId,
            decoder.origClientOrderId(),
            decoder.orderId(),
            EnumCodes.REQUEST_TYPE.get(decoder.requestTypeRaw()),
            EnumCodes.REJECT_REASON.get(decoder.rejectReasonRaw()),
            decoder.transactTimeNs());
        notifyAnswer(slot, clientOrderId);
    }

    private void onMassCancelReport(final MassCancelReportDecoder decoder)
    {
        final long clientOrderId = decoder.clientOrderId();
        final int slot = slotOf(clientOrderId);
        answered(slot);

        listener.onMassCancelReport(
            decoder.account(),
            clientOrderId,
            decoder.instrumentId(),
            EnumCodes.SIDE.get(decoder.sideRaw()),
            EnumCodes.REJECT_REASON.get(decoder.rejectReasonRaw()),
            decoder.cancelledCount(),
            decoder.transactTimeNs());
        notifyAnswer(slot, clientOrderId);
    }

    private void onMessageReject(final MessageRejectDecoder decoder)
    {
        final long clientOrderId = decoder.clientOrderId();
        final int slot = slotOf(clientOrderId);
        answered(slot);

        listener.onMessageReject(
            decoder.refSchemaId(),
            decoder.refTemplateId(),
            clientOrderId,
            EnumCodes.REJECT_REASON.get(decoder.rejectReasonRaw()),
            decoder.transactTimeNs());
        notifyAnswer(slot, clientOrderId);
    }

    private int slotOf(final long clientOrderId)
    {
        return clientOrderId > 0 ? pending.slotOf(clientOrderId) : PendingRequests.NONE;
    }

    private void answered(final int slot)
    {
        if (PendingRequests.NONE != slot)
        {
            final int following = pending.remove(slot);
            if (slot == resendCursor)
            {
                resendCursor = following;
            }
        }
    }

    private void notifyAnswer(final int slot, final long clientOrderId)
    {
        if (PendingRequests.NONE != slot && null != answerHandler)
        {
            answerHandler.onAnswer(clientOrderId);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // State and counters
    // ---------------------------------------------------------------------------------------------------------------

    State state()
    {
        return state;
    }

    boolean isEstablished()
    {
        return State.ESTABLISHED == state;
    }

    long establishedCount()
    {
        return establishedCount;
    }

    String fatalError()
    {
        return fatalError;
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

    long dedupWindow()
    {
        return dedupWindow;
    }

    long nextClientOrderId()
    {
        return nextClientOrderId;
    }

    int pendingCount()
    {
        return pending.size();
    }

    boolean isPending(final long clientOrderId)
    {
        return clientOrderId > 0 && pending.contains(clientOrderId);
    }

    long resendCount()
    {
        return resendCount;
    }

    long duplicateAnswerCount()
    {
        return duplicateAnswerCount;
    }

    long unknownMessageCount()
    {
        return unknownMessageCount;
    }

    long backPressureCount()
    {
        return backPressureCount;
    }
}
