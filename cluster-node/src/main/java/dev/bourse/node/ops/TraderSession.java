package dev.bourse.node.ops;

import dev.bourse.client.ConnectionEvent;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.ExecutionListener;
import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.util.Random;

/**
 * One drill trader: an {@link ExchangeClient} session and the record of every order it sent and everything the
 * cluster said about it. Orders are GTC limit orders that rest (buys below the mid, sells above) and IOC orders
 * that cross and trade against them. Only the load thread touches it (the client's callbacks run in its poll).
 */
final class TraderSession implements ExecutionListener
{
    /**
     * What the trader knows of one order.
     */
    static final class Order
    {
        final long clientOrderId;
        final Side side;
        final long price;
        final long quantity;
        final boolean ioc;
        final long windowIndex;
        long orderId;
        long leaves;
        OrderStatus status;
        boolean acknowledged;
        boolean rejected;
        boolean unknownToCluster;
        long acknowledgedSequence;

        Order(
            final long clientOrderId,
            final Side side,
            final long price,
            final long quantity,
            final boolean ioc,
            final long windowIndex)
        {
            this.clientOrderId = clientOrderId;
            this.windowIndex = windowIndex;
            this.side = side;
            this.price = price;
            this.quantity = quantity;
            this.ioc = ioc;
            this.leaves = quantity;
        }

        boolean isLive()
        {
            return acknowledged && !rejected && (OrderStatus.NEW == status || OrderStatus.PARTIALLY_FILLED == status);
        }
    }

    static final long MID_PRICE = 10_000;

    private final String user;
    private final int instrumentId;
    private final Random random;
    private final LoadGenerator owner;
    private final Long2ObjectHashMap<Order> byClientOrderId = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Order> byOrderId = new Long2ObjectHashMap<>();
    private final LongHashSet reportedUnknownOrderIds = new LongHashSet();
    private final LongHashSet massCancelledOrderIds = new LongHashSet();
    private final LongArrayList statusQueue = new LongArrayList();
    private int statusQueueHead;
    private ExchangeClient client;
    private long account;
    private long sent;
    private long acknowledged;
    private long rejected;
    private long conflicts;
    private long fills;
    private long statusAnswers;
    private long reconciled;
    private long highestClientOrderId;
    private long windowRequests;
    private int massCancelCount = -1;
    private long massCancelId;

    TraderSession(final String user, final int instrumentId, final long seed, final LoadGenerator owner)
    {
        this.user = user;
        this.instrumentId = instrumentId;
        this.random = new Random(seed);
        this.owner = owner;
    }

    void client(final ExchangeClient client)
    {
        this.client = client;
        this.account = client.account();
    }

    ExchangeClient client()
    {
        return client;
    }

    String user()
    {
        return user;
    }

    long account()
    {
        return account;
    }

    /**
     * Send the next order of the load: 70% GTC limit orders that rest 1-5 ticks away from the mid, 30% IOC orders
     * 5 ticks through the mid that trade with them.
     *
     * @return the client order id, or the client's negative code if it could not be sent now.
     */
    long sendNext()
    {
        final boolean buy = random.nextBoolean();
        final boolean ioc = random.nextInt(10) < 3;
        final Side side = buy ? Side.BUY : Side.SELL;
        final long price;
        final long quantity;
        if (ioc)
        {
            price = buy ? MID_PRICE + 5 : MID_PRICE - 5;
            quantity = 3 + random.nextInt(8);
        }
        else
        {
            final int ticks = 1 + random.nextInt(5);
            price = buy ? MID_PRICE - ticks : MID_PRICE + ticks;
            quantity = 1 + random.nextInt(5);
        }
        final long clientOrderId = client.placeLimitOrder(
            instrumentId, side, quantity, price, ioc ? TimeInForce.IOC : TimeInForce.GTC);
        if (clientOrderId > 0)
        {
            byClientOrderId.put(clientOrderId, new Order(clientOrderId, side, price, quantity, ioc, windowRequests));
            windowRequests++;
            highestClientOrderId = Math.max(highestClientOrderId, clientOrderId);
            sent++;
        }
        return clientOrderId;
    }

    /**
     * Queue an order status request for every order believed live, to catch reports lost in a failover.
     */
    void queueStatusOfLiveOrders()
    {
        statusQueue.clear();
        statusQueueHead = 0;
        byOrderId.forEach((orderId, order) ->
        {
            if (order.isLive())
            {
                statusQueue.addLong(orderId);
            }
        });
        statusQueue.sort(null);
    }

    /**
     * Send queued status requests while the client takes them.
     *
     * @return how many were sent.
     */
    int sendQueuedStatusRequests()
    {
        // Oldest first: the cluster keeps a finished order's record only while its NewOrder is in the account's
        // dedup window, so the oldest are the first that could become unverifiable.
        int count = 0;
        while (statusQueueHead < statusQueue.size())
        {
            final long id = client.requestOrderStatus(statusQueue.getLong(statusQueueHead));
            if (id <= 0)
            {
                break;
            }
            highestClientOrderId = Math.max(highestClientOrderId, id);
            statusQueueHead++;
            count++;
        }
        return count;
    }

    boolean hasQueuedStatusRequests()
    {
        return statusQueueHead < statusQueue.size();
    }

    /**
     * Would the cluster still hold this order's record if the order had existed and finished? It does while the
     * order's NewOrder is among the last dedup-window requests that enter the window (new orders, cancels,
     * replaces, mass cancels) of the account.
     *
     * @param order the order.
     * @return true if an UNKNOWN_ORDER answer about it proves it is not in the cluster's state.
     */
    boolean isVerifiable(final Order order)
    {
        return windowRequests - order.windowIndex <= client.dedupWindow();
    }

    /**
     * Cancel all of this trader's orders in the drill instrument.
     *
     * @return the request's client order id, or a negative code.
     */
    long massCancel()
    {
        massCancelCount = -1;
        massCancelledOrderIds.clear();
        massCancelId = client.massCancel(instrumentId);
        if (massCancelId > 0)
        {
            windowRequests++;
            highestClientOrderId = Math.max(highestClientOrderId, massCancelId);
        }
        return massCancelId;
    }

    /**
     * Forget what the setup's mass cancel reported: the cancelled orders were left by an earlier drill.
     */
    void forgetSetup()
    {
        reportedUnknownOrderIds.clear();
        massCancelledOrderIds.clear();
    }

    int massCancelCount()
    {
        return massCancelCount;
    }

    LongHashSet massCancelledOrderIds()
    {
        return massCancelledOrderIds;
    }

    // ------------------------------------------------------------------------------------------------ listener

    public void onExecutionReport(final ExecutionReport report)
    {
        final long nowNs = System.nanoTime();
        final ExecType type = report.execType();
        final long orderId = report.orderId();
        if (ExecType.NEW == type || ExecType.REJECTED == type)
        {
            final Order order = byClientOrderId.get(report.clientOrderId());
            if (null != order)
            {
                owner.onAnswer(nowNs);
                acknowledge(order, orderId, ExecType.REJECTED == type, report);
            }
            else if (ExecType.NEW == type)
            {
                noteUnknown(orderId);
            }
            return;
        }
        if (ExecType.ORDER_STATUS == type)
        {
            owner.onAnswer(nowNs);
            statusAnswers++;
            // The answer to a resent NewOrder (clientOrderId is the order's) or to a status request (origClientOrderId
            // is the order's).
            Order order = byClientOrderId.get(report.clientOrderId());
            if (null == order)
            {
                order = byClientOrderId.get(report.origClientOrderId());
            }
            if (null != order && OrderStatus.REJECTED == report.orderStatus() && 0 == orderId)
            {
                acknowledge(order, 0, true, report);
                return;
            }
            if (null == order)
            {
                noteUnknown(orderId);
                return;
            }
            if (!order.acknowledged)
            {
                acknowledge(order, orderId, false, report);
            }
            else if (order.orderId != orderId)
            {
                conflicts++;
                return;
            }
            if (order.isLive() && !isLive(report.orderStatus()))
            {
                reconciled++;
            }
            update(order, report);
            return;
        }
        Order order = byOrderId.get(orderId);
        if (null == order)
        {
            // A fill or cancel can answer a NewOrder whose NEW was lost in a failover: the client then takes it as
            // the answer and does not resend.
            order = byClientOrderId.get(report.clientOrderId());
            if (null == order || order.acknowledged)
            {
                noteUnknown(orderId);
                return;
            }
            owner.onAnswer(nowNs);
            acknowledge(order, orderId, false, report);
        }
        if (ExecType.TRADE == type)
        {
            fills++;
        }
        if (ExecType.CANCELED == type && CancelReason.MASS_CANCEL == report.cancelReason())
        {
            massCancelledOrderIds.add(orderId);
        }
        update(order, report);
    }

    private void acknowledge(
        final Order order, final long orderId, final boolean isReject, final ExecutionReport report)
    {
        if (order.acknowledged)
        {
            if (order.orderId != orderId)
            {
                conflicts++;
            }
            return;
        }
        order.acknowledged = true;
        order.acknowledgedSequence = acknowledged + rejected;
        if (isReject || OrderStatus.REJECTED == report.orderStatus())
        {
            order.rejected = true;
            order.status = OrderStatus.REJECTED;
            rejected++;
            return;
        }
        acknowledged++;
        owner.onOrderAcknowledged();
        order.orderId = orderId;
        final Order previous = byOrderId.put(orderId, order);
        if (null != previous && previous != order)
        {
            conflicts++;
        }
        reportedUnknownOrderIds.remove(orderId);
        update(order, report);
    }

    private static void update(final Order order, final ExecutionReport report)
    {
        if (null != report.orderStatus() && OrderStatus.NULL_VAL != report.orderStatus())
        {
            order.status = report.orderStatus();
        }
        order.leaves = report.leavesQuantity();
    }

    private static boolean isLive(final OrderStatus status)
    {
        return OrderStatus.NEW == status || OrderStatus.PARTIALLY_FILLED == status;
    }

    private void noteUnknown(final long orderId)
    {
        if (0 != orderId && !byOrderId.containsKey(orderId))
        {
            reportedUnknownOrderIds.add(orderId);
        }
    }

    public void onCancelReject(
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final RequestType requestType,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
        owner.onAnswer(System.nanoTime());
        if (RequestType.ORDER_STATUS == requestType && RejectReason.UNKNOWN_ORDER == rejectReason)
        {
            final Order order = byOrderId.get(orderId);
            if (null != order)
            {
                order.unknownToCluster = true;
            }
        }
    }

    public void onMassCancelReport(
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final RejectReason rejectReason,
        final int cancelledCount,
        final long transactTimeNs)
    {
        owner.onAnswer(System.nanoTime());
        if (clientOrderId == massCancelId)
        {
            massCancelCount = RejectReason.NONE == rejectReason ? cancelledCount : -2;
        }
    }

    public void onMessageReject(
        final int refSchemaId,
        final int refTemplateId,
        final long clientOrderId,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
        owner.onAnswer(System.nanoTime());
        final Order order = byClientOrderId.get(clientOrderId);
        if (null != order && !order.acknowledged)
        {
            order.acknowledged = true;
            order.rejected = true;
            order.status = OrderStatus.REJECTED;
            rejected++;
        }
    }

    public void onConnectionEvent(final ConnectionEvent event, final String message)
    {
        owner.onConnectionEvent(user, event, message);
    }

    // ------------------------------------------------------------------------------------------------ results

    long sent()
    {
        return sent;
    }

    long acknowledged()
    {
        return acknowledged;
    }

    long rejected()
    {
        return rejected;
    }

    long conflicts()
    {
        return conflicts;
    }

    long fills()
    {
        return fills;
    }

    long reconciled()
    {
        return reconciled;
    }

    long statusAnswers()
    {
        return statusAnswers;
    }

    long highestClientOrderId()
    {
        return highestClientOrderId;
    }

    Long2ObjectHashMap<Order> orders()
    {
        return byClientOrderId;
    }

    Long2ObjectHashMap<Order> ordersById()
    {
        return byOrderId;
    }

    /**
     * Order ids the cluster reported for this account that no order of ours maps to, even after every answer.
     *
     * @return the ids.
     */
    LongHashSet unknownOrderIds()
    {
        return reportedUnknownOrderIds;
    }

    /**
     * Orders sent that never got an answer.
     *
     * @return how many.
     */
    long unanswered()
    {
        long count = 0;
        for (final Order order : byClientOrderId.values())
        {
            count += order.acknowledged ? 0 : 1;
        }
        return count;
    }
}
