package dev.bourse.node;

import dev.bourse.schemas.admin.AdminAckDecoder;
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
import dev.bourse.schemas.orderentry.CancelOrderEncoder;
import dev.bourse.schemas.orderentry.CancelRejectDecoder;
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
import dev.bourse.schemas.orderentry.SessionEstablishedDecoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import dev.bourse.schemas.orderentry.BooleanType;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.aeron.security.CredentialsSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A raw cluster client for tests: sends hand-encoded messages (valid, malformed or forged) and records every
 * egress message it receives, decoded into {@link Received}.
 */
final class TestClient implements EgressListener, AutoCloseable
{
    /**
     * One egress message: its template and the decoded fields tests look at.
     */
    record Received(
        int schemaId,
        int templateId,
        long account,
        long clientOrderId,
        long origClientOrderId,
        long orderId,
        String execType,
        String orderStatus,
        String reason,
        long lastQuantity,
        long lastPrice,
        long leavesQuantity,
        long cumQuantity,
        long count,
        long transactTimeNs)
    {
        Received(
            final int schemaId,
            final int templateId,
            final long account,
            final long clientOrderId,
            final long origClientOrderId,
            final long orderId,
            final String execType,
            final String orderStatus,
            final String reason,
            final long lastQuantity,
            final long lastPrice,
            final long leavesQuantity,
            final long cumQuantity,
            final long count)
        {
            this(schemaId, templateId, account, clientOrderId, origClientOrderId, orderId, execType, orderStatus,
                reason, lastQuantity, lastPrice, leavesQuantity, cumQuantity, count, 0);
        }
    }

    private final MediaDriver driver;
    private final AeronCluster cluster;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final List<Received> received = new ArrayList<>();
    private java.util.function.Consumer<Received> onReceived = r -> { };
    private long token;
    private long account;
    private boolean isClosedByClient;

    private TestClient(final MediaDriver driver, final AeronCluster cluster)
    {
        this.driver = driver;
        this.cluster = cluster;
    }

    static TestClient connect(final String ingressEndpoints, final String username, final String password)
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final TestClient[] holder = new TestClient[1];
        final EgressListener forwarder = (clusterSessionId, timestamp, buffer, offset, length, header) ->
            holder[0].onMessage(clusterSessionId, timestamp, buffer, offset, length, header);
        try
        {
            final byte[] credentials = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
            final AeronCluster cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .ingressChannel("aeron:udp")
                .ingressEndpoints(ingressEndpoints)
                .egressChannel("aeron:udp?endpoint=127.0.0.1:0")
                .egressListener(forwarder)
                .messageTimeoutNs(20_000_000_000L)
                .credentialsSupplier(new CredentialsSupplier()
                {
                    public byte[] encodedCredentials()
                    {
                        return credentials;
                    }

                    public byte[] onChallenge(final byte[] encodedChallenge)
                    {
                        return credentials;
                    }
                }));
            holder[0] = new TestClient(driver, cluster);
            return holder[0];
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    TestClient logon()
    {
        new LogonEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).clientVersion(1);
        send(MessageHeaderEncoder.ENCODED_LENGTH + LogonEncoder.BLOCK_LENGTH);
        final Received established = await(r -> SessionEstablishedDecoder.TEMPLATE_ID == r.templateId());
        account = established.account();
        token = established.clientOrderId();
        return this;
    }

    long token()
    {
        return token;
    }

    long account()
    {
        return account;
    }

    long clusterSessionId()
    {
        return cluster.clusterSessionId();
    }

    void newOrder(
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity)
    {
        newOrder(token, account, clientOrderId, instrumentId, side, orderType, timeInForce, false, price, quantity, 0);
    }

    void newOrder(
        final long sessionToken,
        final long orderAccount,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        final NewOrderEncoder encoder = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(sessionToken)
            .account(orderAccount)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .postOnly(postOnly ? BooleanType.TRUE : BooleanType.FALSE)
            .price(price)
            .quantity(quantity)
            .expireTimeNs(expireTimeNs);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * Encode a valid NewOrder for this session and return its bytes, for tests that corrupt or forge it.
     */
    byte[] encodeNewOrder(
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final TimeInForce timeInForce,
        final long price,
        final long quantity)
    {
        final NewOrderEncoder encoder = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(token)
            .account(account)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side(side)
            .orderType(OrderType.LIMIT)
            .timeInForce(timeInForce)
            .postOnly(BooleanType.FALSE)
            .price(price)
            .quantity(quantity)
            .expireTimeNs(0);
        final byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Send a message as if it came from another cluster session: the ingress header names {@code victimSessionId}.
     */
    void sendAsSession(final long victimSessionId, final byte[] message)
    {
        final io.aeron.cluster.codecs.MessageHeaderEncoder ingressHeader =
            new io.aeron.cluster.codecs.MessageHeaderEncoder();
        final io.aeron.cluster.codecs.SessionMessageHeaderEncoder sessionHeader =
            new io.aeron.cluster.codecs.SessionMessageHeaderEncoder();
        final ExpandableArrayBuffer forged = new ExpandableArrayBuffer(256);
        sessionHeader.wrapAndApplyHeader(forged, 0, ingressHeader)
            .leadershipTermId(cluster.leadershipTermId())
            .clusterSessionId(victimSessionId)
            .timestamp(0);
        final int headerLength = AeronCluster.SESSION_HEADER_LENGTH;
        forged.putBytes(headerLength, message);
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (cluster.ingressPublication().offer(forged, 0, headerLength + message.length) < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("could not send the forged message within 10 s");
            }
            poll();
        }
    }

    void cancel(final long clientOrderId, final long orderId, final long origClientOrderId)
    {
        final CancelOrderEncoder encoder = new CancelOrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(token)
            .account(account)
            .clientOrderId(clientOrderId)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void replace(final long clientOrderId, final long orderId, final long price, final long quantity)
    {
        final ReplaceOrderEncoder encoder = new ReplaceOrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(token)
            .account(account)
            .clientOrderId(clientOrderId)
            .origClientOrderId(0)
            .orderId(orderId)
            .price(price)
            .quantity(quantity);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void orderStatus(final long clientOrderId, final long orderId, final long origClientOrderId)
    {
        final OrderStatusRequestEncoder encoder = new OrderStatusRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(token)
            .account(account)
            .clientOrderId(clientOrderId)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void massCancel(final long clientOrderId, final int instrumentId, final Side side)
    {
        final MassCancelEncoder encoder = new MassCancelEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(token)
            .account(account)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side(side);
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void defineInstrument(final long requestId, final int instrumentId, final long tickSize, final long lotSize)
    {
        final DefineInstrumentEncoder encoder = new DefineInstrumentEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .sessionToken(token)
            .requestId(requestId)
            .instrumentId(instrumentId)
            .tickSize(tickSize)
            .lotSize(lotSize)
            .referencePrice(DefineInstrumentEncoder.referencePriceNullValue())
            .priceBandBps(0)
            .maxOrderQuantity(DefineInstrumentEncoder.maxOrderQuantityNullValue())
            .maxOrderNotional(DefineInstrumentEncoder.maxOrderNotionalNullValue())
            .tradingStatus(dev.bourse.schemas.admin.TradingStatus.OPEN)
            .symbol("SYM" + instrumentId);
        send(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * DefineInstrument with every field; {@code statusCode} is written raw so that invalid codes can be sent.
     */
    void defineInstrument(
        final long requestId,
        final int instrumentId,
        final long tickSize,
        final long lotSize,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional,
        final int statusCode,
        final String symbol)
    {
        final DefineInstrumentEncoder encoder = new DefineInstrumentEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .sessionToken(token)
            .requestId(requestId)
            .instrumentId(instrumentId)
            .tickSize(tickSize)
            .lotSize(lotSize)
            .referencePrice(referencePrice)
            .priceBandBps(priceBandBps)
            .maxOrderQuantity(maxOrderQuantity)
            .maxOrderNotional(maxOrderNotional)
            .tradingStatus(dev.bourse.schemas.admin.TradingStatus.OPEN)
            .symbol(symbol);
        patchAdminByte(DefineInstrumentEncoder.tradingStatusEncodingOffset(), statusCode);
        send(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void updateInstrument(
        final long requestId,
        final int instrumentId,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional)
    {
        final UpdateInstrumentEncoder encoder = new UpdateInstrumentEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .sessionToken(token)
            .requestId(requestId)
            .instrumentId(instrumentId)
            .referencePrice(referencePrice)
            .priceBandBps(priceBandBps)
            .maxOrderQuantity(maxOrderQuantity)
            .maxOrderNotional(maxOrderNotional);
        send(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void setTradingStatus(final long requestId, final int instrumentId, final int statusCode)
    {
        final SetTradingStatusEncoder encoder = new SetTradingStatusEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .sessionToken(token)
            .requestId(requestId)
            .instrumentId(instrumentId)
            .tradingStatus(dev.bourse.schemas.admin.TradingStatus.OPEN);
        patchAdminByte(SetTradingStatusEncoder.tradingStatusEncodingOffset(), statusCode);
        send(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * SetAccountLimits; the boolean and STP mode codes are written raw so that invalid codes can be sent.
     */
    void setAccountLimits(
        final long requestId,
        final long limitAccount,
        final int maxOpenOrders,
        final long maxLongPosition,
        final long maxShortPosition,
        final long creditLimit,
        final int throttleReject,
        final int throttleDisconnect,
        final int cancelOnDisconnectCode,
        final int stpModeCode,
        final long stpGroup)
    {
        final SetAccountLimitsEncoder encoder = new SetAccountLimitsEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .sessionToken(token)
            .requestId(requestId)
            .account(limitAccount)
            .maxOpenOrders(maxOpenOrders)
            .maxLongPosition(maxLongPosition)
            .maxShortPosition(maxShortPosition)
            .creditLimit(creditLimit)
            .throttleRejectPerSecond(throttleReject)
            .throttleDisconnectPerSecond(throttleDisconnect)
            .cancelOnDisconnect(dev.bourse.schemas.admin.BooleanType.FALSE)
            .stpMode(dev.bourse.schemas.admin.StpMode.NONE)
            .stpGroup(stpGroup);
        patchAdminByte(SetAccountLimitsEncoder.cancelOnDisconnectEncodingOffset(), cancelOnDisconnectCode);
        patchAdminByte(SetAccountLimitsEncoder.stpModeEncodingOffset(), stpModeCode);
        send(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void killSwitch(final long requestId, final long killAccount, final int actionCode)
    {
        final KillSwitchEncoder encoder = new KillSwitchEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .sessionToken(token)
            .requestId(requestId)
            .account(killAccount)
            .action(KillSwitchAction.ENGAGE);
        patchAdminByte(KillSwitchEncoder.actionEncodingOffset(), actionCode);
        send(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    void queryLimits(final long requestId, final int typeCode, final long queryAccount, final int instrumentId)
    {
        final QueryLimitsEncoder encoder = new QueryLimitsEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .sessionToken(token)
            .requestId(requestId)
            .queryType(QueryType.ACCOUNT)
            .account(queryAccount)
            .instrumentId(instrumentId);
        patchAdminByte(QueryLimitsEncoder.queryTypeEncodingOffset(), typeCode);
        send(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void patchAdminByte(final int fieldOffset, final int value)
    {
        buffer.putByte(dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + fieldOffset, (byte)value);
    }

    /**
     * The AdminAck answering a request: its reject reason code.
     */
    int awaitAdminAck(final long requestId)
    {
        return Integer.parseInt(await(r -> dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == r.schemaId() &&
            AdminAckDecoder.TEMPLATE_ID == r.templateId() && r.clientOrderId() == requestId).reason());
    }

    /**
     * Is the cluster session closed (by this client or by the cluster)?
     */
    boolean isClosed()
    {
        if (!cluster.isClosed())
        {
            poll();
        }
        return cluster.isClosed();
    }

    void sendRaw(final byte[] bytes)
    {
        final UnsafeBuffer raw = new UnsafeBuffer(bytes);
        offer(raw, bytes.length);
    }

    private void send(final int length)
    {
        offer(buffer, length);
    }

    private void offer(final DirectBuffer message, final int length)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (cluster.offer(message, 0, length) < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("could not send to the cluster within 10 s");
            }
            poll();
        }
    }

    int poll()
    {
        return cluster.pollEgress();
    }

    void onReceived(final java.util.function.Consumer<Received> consumer)
    {
        this.onReceived = consumer;
    }

    List<Received> received()
    {
        return received;
    }

    Received await(final Predicate<Received> predicate)
    {
        final Received[] found = new Received[1];
        TestCluster.await("an egress message matching the expectation", () ->
        {
            poll();
            cluster.sendKeepAlive();
            for (final Received message : received)
            {
                if (predicate.test(message))
                {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    Received awaitReport(final long clientOrderId, final String execType)
    {
        return await(r -> ExecutionReportDecoder.TEMPLATE_ID == r.templateId() &&
            r.clientOrderId() == clientOrderId && execType.equals(r.execType()));
    }

    /**
     * Poll for a while and return the messages that arrived: for asserting that nothing (more) arrives.
     */
    List<Received> drain(final long millis)
    {
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline)
        {
            if (0 == poll())
            {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
        return received;
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(
        final long clusterSessionId,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        final int before = received.size();
        record(buffer, offset);
        for (int i = before; i < received.size(); i++)
        {
            onReceived.accept(received.get(i));
        }
    }

    private void record(final DirectBuffer buffer, final int offset)
    {
        headerDecoder.wrap(buffer, offset);
        final int schemaId = headerDecoder.schemaId();
        final int templateId = headerDecoder.templateId();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        if (dev.bourse.schemas.admin.MessageHeaderDecoder.SCHEMA_ID == schemaId)
        {
            recordAdmin(buffer, schemaId, templateId, bodyOffset, blockLength, version);
            return;
        }
        switch (templateId)
        {
            case SessionEstablishedDecoder.TEMPLATE_ID:
            {
                final SessionEstablishedDecoder d =
                    new SessionEstablishedDecoder().wrap(buffer, bodyOffset, blockLength, version);
                received.add(new Received(schemaId, templateId, d.account(), d.sessionToken(), 0, 0, null, null,
                    d.role().name(), 0, 0, 0, 0, d.highestClientOrderId()));
                break;
            }
            case ExecutionReportDecoder.TEMPLATE_ID:
            {
                final ExecutionReportDecoder d =
                    new ExecutionReportDecoder().wrap(buffer, bodyOffset, blockLength, version);
                received.add(new Received(schemaId, templateId, d.account(), d.clientOrderId(),
                    d.origClientOrderId(), d.orderId(), d.execType().name(), d.orderStatus().name(),
                    d.rejectReason().name() + "/" + d.cancelReason().name(), d.lastQuantity(), d.lastPrice(),
                    d.leavesQuantity(), d.cumQuantity(), d.execId(), d.transactTimeNs()));
                break;
            }
            case CancelRejectDecoder.TEMPLATE_ID:
            {
                final CancelRejectDecoder d = new CancelRejectDecoder().wrap(buffer, bodyOffset, blockLength, version);
                received.add(new Received(schemaId, templateId, d.account(), d.clientOrderId(),
                    d.origClientOrderId(), d.orderId(), d.requestType().name(), null, d.rejectReason().name(),
                    0, 0, 0, 0, 0, d.transactTimeNs()));
                break;
            }
            case MassCancelReportDecoder.TEMPLATE_ID:
            {
                final MassCancelReportDecoder d =
                    new MassCancelReportDecoder().wrap(buffer, bodyOffset, blockLength, version);
                received.add(new Received(schemaId, templateId, d.account(), d.clientOrderId(), 0, 0, null, null,
                    d.rejectReason().name(), 0, 0, 0, 0, d.cancelledCount(), d.transactTimeNs()));
                break;
            }
            case MessageRejectDecoder.TEMPLATE_ID:
            {
                final MessageRejectDecoder d =
                    new MessageRejectDecoder().wrap(buffer, bodyOffset, blockLength, version);
                received.add(new Received(schemaId, templateId, 0, d.clientOrderId(), 0, 0, null, null,
                    d.rejectReason().name(), 0, 0, 0, 0, d.refTemplateId()));
                break;
            }
            default:
                received.add(new Received(schemaId, templateId, 0, 0, 0, 0, null, null, null, 0, 0, 0, 0, 0));
                break;
        }
    }

    private void recordAdmin(
        final DirectBuffer buffer,
        final int schemaId,
        final int templateId,
        final int bodyOffset,
        final int blockLength,
        final int version)
    {
        switch (templateId)
        {
            case AdminAckDecoder.TEMPLATE_ID:
            {
                final AdminAckDecoder ack = new AdminAckDecoder().wrap(buffer, bodyOffset, blockLength, version);
                received.add(new Received(schemaId, templateId, 0, ack.requestId(), 0, 0, null, null,
                    Integer.toString(ack.rejectReason()), 0, 0, 0, 0, 0, ack.transactTimeNs()));
                break;
            }
            case LimitsReportDecoder.TEMPLATE_ID:
            {
                // reason: "openOrders/killSwitch/creditUsed", count: number of positions, leaves/cum: the first
                // position's quantity and open buys.
                final LimitsReportDecoder d = new LimitsReportDecoder().wrap(buffer, bodyOffset, blockLength, version);
                final long requestId = d.requestId();
                final long limitsAccount = d.account();
                final short killSwitch = d.killSwitchEngagedRaw();
                final int openOrders = d.openOrders();
                final long creditUsed = d.creditUsed();
                final String usage = openOrders + "/" + killSwitch + "/" + creditUsed;
                long first = 0;
                long firstOpenBuy = 0;
                final LimitsReportDecoder.PositionsDecoder positions = d.positions();
                final int count = positions.count();
                if (count > 0)
                {
                    positions.next();
                    first = positions.position();
                    firstOpenBuy = positions.openBuyQuantity();
                }
                received.add(new Received(schemaId, templateId, limitsAccount, requestId, 0, 0, null, null, usage,
                    0, 0, first, firstOpenBuy, count));
                break;
            }
            case InstrumentReportDecoder.TEMPLATE_ID:
            {
                // reason: "status/referencePrice/bandBps", lastPrice: tick, lastQuantity: lot.
                final InstrumentReportDecoder d =
                    new InstrumentReportDecoder().wrap(buffer, bodyOffset, blockLength, version);
                final long requestId = d.requestId();
                final int instrumentId = d.instrumentId();
                final long tick = d.tickSize();
                final long lot = d.lotSize();
                final long reference = d.referencePrice();
                final int band = d.priceBandBps();
                final short status = d.tradingStatusRaw();
                received.add(new Received(schemaId, templateId, instrumentId, requestId, 0, 0, null, null,
                    status + "/" + reference + "/" + band, lot, tick, 0, 0, 0));
                break;
            }
            default:
                received.add(new Received(schemaId, templateId, 0, 0, 0, 0, null, null, null, 0, 0, 0, 0, 0));
                break;
        }
    }

    public void close()
    {
        if (!isClosedByClient)
        {
            isClosedByClient = true;
            CloseHelper.closeAll(cluster, driver);
        }
    }
}
