package dev.bourse.node;

import dev.bourse.schemas.admin.DefineInstrumentEncoder;
import dev.bourse.schemas.admin.TradingStatus;
import dev.bourse.schemas.orderentry.BooleanType;
import dev.bourse.schemas.orderentry.CancelOrderEncoder;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.LogonEncoder;
import dev.bourse.schemas.orderentry.MassCancelEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.NewOrderEncoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderStatusRequestEncoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.ReplaceOrderEncoder;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedDecoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.Cluster;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JIT warm-up of a node process: before the node joins its cluster, a synthetic order flow runs through a throwaway
 * {@link ExchangeService} on an {@link OfflineCluster}, so that the JIT has compiled the order path (decoding,
 * dedup, risk, matching, order records, reports, checkpoints) with a realistic profile by the time the real service
 * replays its log or takes live orders. Without it a restarted node replays the first millions of commands in
 * interpreted and profiled code while one compiler thread works through the queue, and the first minute of a fresh
 * cluster's trading has the JIT's pauses in its tail.
 * <p>
 * The flow: 8 instruments, 16 trading sessions, passive limits 1-10 ticks from the mid, aggressive orders 1-3 ticks
 * through it (IOC, some GTC limits), cancels and replaces of the account's own orders (by order id and by client
 * order id), a few market, FOK, DAY and post-only orders, status requests and mass cancels, some invalid orders,
 * checkpoints on the cluster timer, and the leader's and a follower's roles in turn.
 * <p>
 * The warm-up service shares nothing with the node's service (no static state anywhere in the service), sends no
 * market data (it sequences book events as history, as a follower replaying its log does), and its output (egress,
 * log lines) goes nowhere: it cannot change what the node replicates. It runs on the calling thread, before the node
 * starts, for a number of commands or until a time bound.
 */
public final class JitWarmup
{
    /** A warm-up stops after this long whatever its count (a slow or crowded host must not delay the start). */
    public static final long MAX_TIME_NS = TimeUnit.SECONDS.toNanos(5);
    /** Commands per block of one role; the roles alternate so that both paths are compiled. */
    static final int ROLE_BLOCK = 25_000;
    static final int INSTRUMENTS = 8;
    static final int ACCOUNTS = 16;
    static final long MID = 10_000;
    static final int MAX_OPEN = 100;
    private static final long FIRST_ACCOUNT = 7_000_001L;
    private static final long ADMIN_SESSION_ID = 1;
    private static final long STEP_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int CHECK_CLOCK_EVERY = 1024;
    /**
     * Classes the node's Aeron container loads once it starts that implement or extend types on the order path: the
     * container's client sessions and cluster, Aeron's flyweights over {@code UnsafeBuffer}, Agrona's growable
     * buffers. Loaded before the warm-up, so that the compiled code it leaves does not rest on our classes being the
     * only ones (the JIT would drop that code, and the profile with it, the moment the container loads its own).
     */
    static final String[] LOAD_FIRST = {
        "io.aeron.cluster.service.ContainerClientSession",
        "io.aeron.cluster.service.ClusteredServiceAgent",
        "io.aeron.protocol.HeaderFlyweight",
        "io.aeron.protocol.DataHeaderFlyweight",
        "io.aeron.protocol.ErrorFlyweight",
        "io.aeron.protocol.NakFlyweight",
        "io.aeron.protocol.ResolutionEntryFlyweight",
        "io.aeron.protocol.ResponseSetupFlyweight",
        "io.aeron.protocol.RttMeasurementFlyweight",
        "io.aeron.protocol.SetupFlyweight",
        "io.aeron.protocol.StatusMessageFlyweight",
        "org.agrona.ExpandableArrayBuffer",
        "org.agrona.ExpandableDirectByteBuffer",
    };

    private final OfflineCluster cluster;
    private final ExchangeService service;
    private final SplittableRandom random = new SplittableRandom(42);
    // The same buffer class as the log's (an UnsafeBuffer): a second class would make the decoders' calls polymorphic.
    // Three of them in turn, as a log's messages come from its three term buffers.
    private final UnsafeBuffer[] buffers =
        {new UnsafeBuffer(new byte[256]), new UnsafeBuffer(new byte[256]), new UnsafeBuffer(new byte[256])};
    private UnsafeBuffer buffer = buffers[0];
    private int messages;
    private final Header header = new Header(0, 0);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final dev.bourse.schemas.admin.MessageHeaderEncoder adminHeaderEncoder =
        new dev.bourse.schemas.admin.MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final ReplaceOrderEncoder replace = new ReplaceOrderEncoder();
    private final MassCancelEncoder massCancel = new MassCancelEncoder();
    private final OrderStatusRequestEncoder statusRequest = new OrderStatusRequestEncoder();
    private final LogonEncoder logon = new LogonEncoder();
    private final DefineInstrumentEncoder define = new DefineInstrumentEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SessionEstablishedDecoder established = new SessionEstablishedDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final Long2LongHashMap tokens = new Long2LongHashMap(0);
    private final Long2ObjectHashMap<Tracked> byClientOrderId = new Long2ObjectHashMap<>();
    private final Trader[] traders = new Trader[ACCOUNTS];
    private long logPosition;
    private long nowNs = 1_700_000_000_000_000_000L;
    private long nextClientOrderId = 1;
    private long reports;
    private long fills;

    /**
     * What a warm-up did.
     *
     * @param commands  order-entry commands handed to the service.
     * @param reports   execution reports it sent (leader blocks only).
     * @param fills     of which trades.
     * @param errors    service errors (a bug: the warm-up's commands are all well-formed or cleanly rejected).
     * @param stateHash the throwaway service's state hash at the end (the flow is seeded: equal on every run of the
     *                  same length and configuration).
     * @param elapsedNs how long it took.
     */
    public record Result(long commands, long reports, long fills, long errors, long stateHash, long elapsedNs)
    {
    }

    private static final class Tracked
    {
        Trader owner;
        long clientOrderId;
        long orderId;
        int instrumentId;
        Side side;
        long price;
        long quantity;
    }

    private static final class Trader
    {
        final long sessionId;
        final long account;
        final ArrayList<Tracked> open = new ArrayList<>();

        Trader(final long sessionId, final long account)
        {
            this.sessionId = sessionId;
            this.account = account;
        }
    }

    private JitWarmup(final NodeConfig config)
    {
        // A node's service starts as a follower.
        cluster = new OfflineCluster(config.memberId(), Cluster.Role.FOLLOWER);
        // The node's market-data settings: a follower block sequences book events as the node's follower will (its
        // clock is in the past, so they are history and never queued), and an offline cluster has no publication.
        service = new ExchangeService(config.serviceConfig(), config.marketDataConfig(), config.memberId());
    }

    /**
     * Run the warm-up on this thread. System.out and System.err are silenced meanwhile (the throwaway service logs
     * its checkpoints and role), so call it before anything else in the process writes to them.
     *
     * @param config    the node's configuration (dedup window, checkpoint interval, session key and the rest).
     * @param commands  order-entry commands to run.
     * @param maxTimeNs stop earlier once this much time has passed.
     * @return what it did.
     */
    public static Result run(final NodeConfig config, final long commands, final long maxTimeNs)
    {
        if (commands < 0 || maxTimeNs < 0)
        {
            throw new IllegalArgumentException("commands and time bound must not be negative");
        }
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        final long startNs = System.nanoTime();
        try
        {
            System.setOut(silent);
            System.setErr(silent);
            loadFirst();
            final JitWarmup warmup = new JitWarmup(config);
            final long ran = warmup.run(commands, startNs + maxTimeNs);
            return new Result(ran, warmup.reports, warmup.fills, warmup.service.counters().errors,
                warmup.service.stateHash(), System.nanoTime() - startNs);
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void loadFirst()
    {
        final ClassLoader loader = JitWarmup.class.getClassLoader();
        for (final String name : LOAD_FIRST)
        {
            try
            {
                Class.forName(name, false, loader);
            }
            catch (final ClassNotFoundException ignore)
            {
                // Another Aeron or Agrona version: nothing to load ahead, and nothing the warm-up can do about it.
            }
        }
    }

    private long run(final long commands, final long deadlineNs)
    {
        service.onStart(cluster, null);
        advance();
        service.onNewLeadershipTermEvent(0, 0, nowNs, 0, cluster.memberId(), 0, TimeUnit.NANOSECONDS, 0);
        open(ADMIN_SESSION_ID, 0, Role.ADMIN);
        for (int i = 0; i < INSTRUMENTS; i++)
        {
            defineInstrument(i + 1);
        }
        for (int i = 0; i < ACCOUNTS; i++)
        {
            traders[i] = new Trader(100 + i, FIRST_ACCOUNT + i);
            open(traders[i].sessionId, traders[i].account, Role.TRADER);
            logon(traders[i]);
        }

        long ran = 0;
        while (ran < commands)
        {
            if (0 == ran % ROLE_BLOCK && ran > 0)
            {
                final Cluster.Role next =
                    Cluster.Role.LEADER == cluster.role() ? Cluster.Role.FOLLOWER : Cluster.Role.LEADER;
                cluster.role(next);
                service.onRoleChange(next);
            }
            command(traders[random.nextInt(ACCOUNTS)]);
            ran++;
            fireDueTimers();
            if (0 == ran % CHECK_CLOCK_EVERY && System.nanoTime() - deadlineNs > 0)
            {
                break;
            }
        }

        for (final Trader trader : traders)
        {
            advance();
            final OfflineCluster.Session session = cluster.removeSession(trader.sessionId);
            service.onSessionClose(session, nowNs, CloseReason.CLIENT_ACTION);
        }
        return ran;
    }

    private void command(final Trader trader)
    {
        final int kind = random.nextInt(1000);
        if (kind < 500)
        {
            if (trader.open.size() >= MAX_OPEN)
            {
                cancel(trader);
            }
            else
            {
                passive(trader);
            }
        }
        else if (kind < 650)
        {
            aggressive(trader);
        }
        else if (kind < 900)
        {
            cancel(trader);
        }
        else if (kind < 990)
        {
            replace(trader);
        }
        else if (kind < 994)
        {
            unusualOrder(trader);
        }
        else if (kind < 997)
        {
            invalidOrder(trader);
        }
        else if (kind < 999)
        {
            statusRequest(trader);
        }
        else
        {
            massCancel(trader);
        }
    }

    private void passive(final Trader trader)
    {
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long offset = 1 + random.nextInt(10);
        final long price = Side.BUY == side ? MID - offset : MID + offset;
        final Tracked order = newOrder(trader, side, price, quantity());
        track(trader, order);
        sendNewOrder(trader, order, OrderType.LIMIT, TimeInForce.GTC, BooleanType.FALSE, 0);
    }

    private void aggressive(final Trader trader)
    {
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long through = 1 + random.nextInt(3);
        final long price = Side.BUY == side ? MID + through : MID - through;
        final boolean rests = random.nextInt(4) == 0;
        final TimeInForce tif = rests ? TimeInForce.GTC : TimeInForce.IOC;
        final Tracked order = newOrder(trader, side, price, quantity());
        if (rests)
        {
            track(trader, order);
        }
        sendNewOrder(trader, order, OrderType.LIMIT, tif, BooleanType.FALSE, 0);
    }

    private void unusualOrder(final Trader trader)
    {
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        switch (random.nextInt(4))
        {
            case 0:
                sendNewOrder(trader, newOrder(trader, side, 0, quantity()),
                    OrderType.MARKET, TimeInForce.IOC, BooleanType.FALSE, 0);
                break;
            case 1:
            {
                final long price = Side.BUY == side ? MID + 1 : MID - 1;
                sendNewOrder(trader, newOrder(trader, side, price, quantity()),
                    OrderType.LIMIT, TimeInForce.FOK, BooleanType.FALSE, 0);
                break;
            }
            case 2:
            {
                final long price = Side.BUY == side ? MID - 2 : MID + 2;
                final Tracked order = newOrder(trader, side, price, quantity());
                track(trader, order);
                sendNewOrder(trader, order, OrderType.LIMIT, TimeInForce.DAY, BooleanType.FALSE, 0);
                break;
            }
            default:
            {
                final long price = Side.BUY == side ? MID - 1 : MID + 1;
                final Tracked order = newOrder(trader, side, price, quantity());
                track(trader, order);
                sendNewOrder(trader, order, OrderType.LIMIT, TimeInForce.GTD, BooleanType.TRUE,
                    nowNs + TimeUnit.SECONDS.toNanos(30));
                break;
            }
        }
    }

    private void invalidOrder(final Trader trader)
    {
        // Refused before any change: zero quantity, or an instrument that does not exist.
        final boolean zeroQuantity = random.nextBoolean();
        final Tracked order = newOrder(trader, Side.BUY, MID - 1,
            zeroQuantity ? 0 : 1);
        if (!zeroQuantity)
        {
            order.instrumentId = INSTRUMENTS + 1;
        }
        sendNewOrder(trader, order, OrderType.LIMIT, TimeInForce.GTC, BooleanType.FALSE, 0);
    }

    private Tracked newOrder(final Trader trader, final Side side, final long price, final long quantity)
    {
        final Tracked order = new Tracked();
        order.owner = trader;
        order.clientOrderId = nextClientOrderId++;
        order.instrumentId = 1 + random.nextInt(INSTRUMENTS);
        order.side = side;
        order.price = price;
        order.quantity = quantity;
        return order;
    }

    private long quantity()
    {
        return 1 + random.nextInt(10);
    }

    private void track(final Trader trader, final Tracked order)
    {
        trader.open.add(order);
        byClientOrderId.put(order.clientOrderId, order);
    }

    private void untrack(final long clientOrderId)
    {
        final Tracked order = byClientOrderId.remove(clientOrderId);
        if (null != order)
        {
            order.owner.open.remove(order);
        }
    }

    private Tracked pick(final Trader trader)
    {
        return trader.open.isEmpty() ? null : trader.open.get(random.nextInt(trader.open.size()));
    }

    private void sendNewOrder(
        final Trader trader,
        final Tracked order,
        final OrderType type,
        final TimeInForce tif,
        final BooleanType postOnly,
        final long expireTimeNs)
    {
        newOrder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(tokens.get(trader.sessionId))
            .account(trader.account)
            .clientOrderId(order.clientOrderId)
            .instrumentId(order.instrumentId)
            .side(order.side)
            .orderType(type)
            .timeInForce(tif)
            .postOnly(postOnly)
            .price(order.price)
            .quantity(order.quantity)
            .expireTimeNs(expireTimeNs);
        deliver(trader.sessionId, MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength());
    }

    private void cancel(final Trader trader)
    {
        final Tracked order = pick(trader);
        final long origClientOrderId = null == order ? nextClientOrderId + 1_000_000 : order.clientOrderId;
        final long orderId = null == order || random.nextInt(4) == 0 ? 0 : order.orderId;
        cancel.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(tokens.get(trader.sessionId))
            .account(trader.account)
            .clientOrderId(nextClientOrderId++)
            .origClientOrderId(origClientOrderId)
            .orderId(orderId);
        if (null != order)
        {
            untrack(order.clientOrderId);
        }
        deliver(trader.sessionId, MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength());
    }

    private void replace(final Trader trader)
    {
        final Tracked order = pick(trader);
        if (null == order)
        {
            passive(trader);
            return;
        }
        final long newClientOrderId = nextClientOrderId++;
        if (random.nextBoolean() && order.quantity > 1)
        {
            order.quantity--; // priority kept
        }
        else
        {
            final long move = random.nextBoolean() ? 1 : -1;
            final long price = order.price + move;
            if (Side.BUY == order.side ? price < MID : price > MID)
            {
                order.price = price;
            }
        }
        replace.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(tokens.get(trader.sessionId))
            .account(trader.account)
            .clientOrderId(newClientOrderId)
            .origClientOrderId(order.clientOrderId)
            .orderId(random.nextInt(4) == 0 ? 0 : order.orderId)
            .price(order.price)
            .quantity(order.quantity);
        byClientOrderId.remove(order.clientOrderId);
        order.clientOrderId = newClientOrderId;
        byClientOrderId.put(newClientOrderId, order);
        deliver(trader.sessionId, MessageHeaderEncoder.ENCODED_LENGTH + replace.encodedLength());
    }

    private void statusRequest(final Trader trader)
    {
        final Tracked order = pick(trader);
        statusRequest.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(tokens.get(trader.sessionId))
            .account(trader.account)
            .clientOrderId(nextClientOrderId++)
            .origClientOrderId(null == order ? 0 : order.clientOrderId)
            .orderId(null == order ? 1 : order.orderId);
        deliver(trader.sessionId, MessageHeaderEncoder.ENCODED_LENGTH + statusRequest.encodedLength());
    }

    private void massCancel(final Trader trader)
    {
        massCancel.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sessionToken(tokens.get(trader.sessionId))
            .account(trader.account)
            .clientOrderId(nextClientOrderId++)
            .instrumentId(0)
            .side(Side.NULL_VAL);
        for (final Tracked order : trader.open)
        {
            byClientOrderId.remove(order.clientOrderId);
        }
        trader.open.clear();
        deliver(trader.sessionId, MessageHeaderEncoder.ENCODED_LENGTH + massCancel.encodedLength());
    }

    private void logon(final Trader trader)
    {
        logon.wrapAndApplyHeader(buffer, 0, headerEncoder).clientVersion(MessageHeaderEncoder.SCHEMA_VERSION);
        deliver(trader.sessionId, MessageHeaderEncoder.ENCODED_LENGTH + logon.encodedLength());
    }

    private void defineInstrument(final int instrumentId)
    {
        define.wrapAndApplyHeader(buffer, 0, adminHeaderEncoder)
            .sessionToken(tokens.get(ADMIN_SESSION_ID))
            .requestId(instrumentId)
            .instrumentId(instrumentId)
            .tickSize(1)
            .lotSize(1)
            .referencePrice(DefineInstrumentEncoder.referencePriceNullValue())
            .priceBandBps(0)
            .maxOrderQuantity(DefineInstrumentEncoder.maxOrderQuantityNullValue())
            .maxOrderNotional(DefineInstrumentEncoder.maxOrderNotionalNullValue())
            .tradingStatus(TradingStatus.OPEN)
            .symbol("WARMUP-" + instrumentId);
        deliver(ADMIN_SESSION_ID,
            dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + define.encodedLength());
    }

    private void open(final long sessionId, final long account, final Role role)
    {
        advance();
        final OfflineCluster.Session session =
            cluster.openSession(sessionId, Principal.encode(account, role), this::onEgress);
        service.onSessionOpen(session, nowNs);
        cluster.flushEgress();
    }

    private void deliver(final long sessionId, final int length)
    {
        advance();
        service.onSessionMessage(cluster.getClientSession(sessionId), nowNs, buffer, 0, length, header);
        cluster.flushEgress();
        buffer = buffers[++messages % buffers.length];
    }

    private void advance()
    {
        nowNs += STEP_NS;
        logPosition += 128;
        cluster.position(logPosition, nowNs);
    }

    private void fireDueTimers()
    {
        fireIfDue(ExchangeService.CHECKPOINT_TIMER_ID);
        fireIfDue(ExchangeService.EXPIRY_TIMER_ID);
    }

    private void fireIfDue(final long correlationId)
    {
        final long deadline = cluster.timerDeadline(correlationId);
        if (deadline <= nowNs)
        {
            cluster.cancelTimer(correlationId);
            advance();
            service.onTimerEvent(correlationId, nowNs);
            cluster.flushEgress();
        }
    }

    private void onEgress(final long clusterSessionId, final DirectBuffer egress, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(egress, offset);
        if (MessageHeaderDecoder.SCHEMA_ID != headerDecoder.schemaId())
        {
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (headerDecoder.templateId())
        {
            case SessionEstablishedDecoder.TEMPLATE_ID:
                established.wrap(egress, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                tokens.put(clusterSessionId, established.sessionToken());
                break;
            case ExecutionReportDecoder.TEMPLATE_ID:
                report.wrap(egress, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                onReport();
                break;
            default:
                break;
        }
    }

    private void onReport()
    {
        reports++;
        final ExecType execType = report.execType();
        if (ExecType.TRADE == execType)
        {
            fills++;
        }
        final Tracked order = byClientOrderId.get(report.clientOrderId());
        if (ExecType.NEW == execType && null != order)
        {
            order.orderId = report.orderId();
        }
        final OrderStatus status = report.orderStatus();
        if (OrderStatus.FILLED == status || OrderStatus.CANCELED == status || OrderStatus.EXPIRED == status ||
            OrderStatus.REJECTED == status)
        {
            untrack(report.clientOrderId());
            untrack(report.origClientOrderId());
        }
    }
}
