package dev.bourse.perf.e2e;

import dev.bourse.client.ExchangeClient;
import dev.bourse.client.ExecutionListener;
import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.collections.Long2LongHashMap;

/**
 * One trading account of the load generator: its {@link ExchangeClient}, the requests it awaits answers to (with
 * their intended send times) and its open orders (so that cancels and replaces name live orders and the number of
 * resting orders stays bounded). Everything is kept in primitive arrays and maps: nothing is allocated per request
 * in steady state. Used by one load thread at a time.
 */
final class AccountSession implements ExecutionListener
{
    private static final long MISSING = Long.MIN_VALUE;

    final int index;
    final String username;
    ExchangeClient client;
    private LoadWorker worker;

    private final Long2LongHashMap intendedNsById = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap kindById = new Long2LongHashMap(MISSING);
    private final int maxOpen;
    private final long[] openOrderId;
    private final long[] openPrice;
    private final long[] openQuantity;
    private final long[] openLeaves;
    private final int[] openInstrument;
    private final boolean[] openBuy;
    private final boolean[] openBusy;
    private int openCount;
    private int restingPlacesInFlight;

    AccountSession(final int index, final String username, final int maxOpen)
    {
        this.index = index;
        this.username = username;
        this.maxOpen = maxOpen;
        openOrderId = new long[maxOpen];
        openPrice = new long[maxOpen];
        openQuantity = new long[maxOpen];
        openLeaves = new long[maxOpen];
        openInstrument = new int[maxOpen];
        openBuy = new boolean[maxOpen];
        openBusy = new boolean[maxOpen];
    }

    void worker(final LoadWorker worker)
    {
        this.worker = worker;
    }

    int inFlight()
    {
        return intendedNsById.size();
    }

    int openCount()
    {
        return openCount;
    }

    /**
     * Room for another order that may rest: open orders plus resting places awaiting their answer stay within the
     * bound.
     */
    boolean canPlaceResting()
    {
        return openCount + restingPlacesInFlight < maxOpen;
    }

    /**
     * An open order no cancel or replace is in flight for, chosen with {@code random} in [0, openCount), or -1.
     */
    int pickOpen(final int random)
    {
        for (int i = 0; i < openCount; i++)
        {
            final int slot = (random + i) % openCount;
            if (!openBusy[slot])
            {
                return slot;
            }
        }
        return -1;
    }

    long openOrderId(final int slot)
    {
        return openOrderId[slot];
    }

    long openPrice(final int slot)
    {
        return openPrice[slot];
    }

    long openQuantity(final int slot)
    {
        return openQuantity[slot];
    }

    long openLeaves(final int slot)
    {
        return openLeaves[slot];
    }

    boolean openBuy(final int slot)
    {
        return openBuy[slot];
    }

    int openInstrument(final int slot)
    {
        return openInstrument[slot];
    }

    /**
     * Track a request the client accepted (a positive client order id).
     */
    void sent(final long clientOrderId, final int kind, final long intendedNs, final int busySlot)
    {
        intendedNsById.put(clientOrderId, intendedNs);
        kindById.put(clientOrderId, kind);
        if (Mix.PASSIVE == kind || Mix.AGGRESSIVE_LIMIT == kind)
        {
            restingPlacesInFlight++;
        }
        if (busySlot >= 0)
        {
            openBusy[busySlot] = true;
        }
    }

    /**
     * Requests still unanswered at the end of a run: record each as answered now (so it counts in the tail).
     */
    void abandonPending(final long nowNs)
    {
        intendedNsById.forEachLong(
            (id, intendedNs) -> worker.onUnanswered(nowNs - intendedNs, intendedNs, (int)kindById.get(id)));
        intendedNsById.clear();
        kindById.clear();
        restingPlacesInFlight = 0;
        for (int i = 0; i < openCount; i++)
        {
            openBusy[i] = false;
        }
    }

    private void answered(final long clientOrderId)
    {
        final long intendedNs = intendedNsById.remove(clientOrderId);
        if (MISSING == intendedNs)
        {
            return;
        }
        final long kind = kindById.remove(clientOrderId);
        if (Mix.PASSIVE == kind || Mix.AGGRESSIVE_LIMIT == kind)
        {
            restingPlacesInFlight--;
        }
        worker.onAnswer(intendedNs, (int)kind);
    }

    // ------------------------------------------------------------------------------------------------ egress

    /**
     * {@inheritDoc}
     */
    public void onExecutionReport(final ExecutionReport report)
    {
        worker.onReport();
        final long orderId = report.orderId();
        final ExecType execType = report.execType();
        switch (execType)
        {
            case NEW:
                if (TimeInForce.GTC == report.timeInForce() && report.leavesQuantity() > 0)
                {
                    addOpen(orderId, report.instrumentId(), Side.BUY == report.side(), report.price(),
                        report.quantity(), report.leavesQuantity());
                }
                break;
            case TRADE:
                worker.onFill();
                updateLeaves(orderId, report.leavesQuantity());
                break;
            case CANCELED:
            case EXPIRED:
                removeOpen(orderId);
                break;
            case REPLACED:
                replaced(orderId, report.price(), report.quantity(), report.leavesQuantity());
                break;
            case REJECTED:
                worker.onReject(LoadWorker.REJECT_NEW_ORDER, report.rejectReason());
                break;
            default:
                break;
        }
        answered(report.clientOrderId());
    }

    /**
     * {@inheritDoc}
     */
    public void onCancelReject(
        final long account,
        final long clientOrderId,
        final long origClientOrderId,
        final long orderId,
        final RequestType requestType,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
        worker.onReject(RequestType.REPLACE == requestType ? LoadWorker.REJECT_REPLACE : LoadWorker.REJECT_CANCEL,
            rejectReason);
        final int slot = find(orderId);
        if (slot >= 0)
        {
            if (RejectReason.UNKNOWN_ORDER == rejectReason)
            {
                removeAt(slot);
            }
            else
            {
                openBusy[slot] = false;
            }
        }
        answered(clientOrderId);
    }

    /**
     * {@inheritDoc}
     */
    public void onMessageReject(
        final int refSchemaId,
        final int refTemplateId,
        final long clientOrderId,
        final RejectReason rejectReason,
        final long transactTimeNs)
    {
        worker.onReject(LoadWorker.REJECT_MESSAGE, rejectReason);
        answered(clientOrderId);
    }

    // ------------------------------------------------------------------------------------------------ open orders

    private void addOpen(
        final long orderId,
        final int instrumentId,
        final boolean buy,
        final long price,
        final long quantity,
        final long leaves)
    {
        if (openCount == maxOpen || find(orderId) >= 0)
        {
            return;
        }
        final int slot = openCount++;
        openOrderId[slot] = orderId;
        openInstrument[slot] = instrumentId;
        openBuy[slot] = buy;
        openPrice[slot] = price;
        openQuantity[slot] = quantity;
        openLeaves[slot] = leaves;
        openBusy[slot] = false;
    }

    private void updateLeaves(final long orderId, final long leaves)
    {
        final int slot = find(orderId);
        if (slot >= 0)
        {
            if (leaves <= 0)
            {
                removeAt(slot);
            }
            else
            {
                openLeaves[slot] = leaves;
            }
        }
    }

    private void replaced(final long orderId, final long price, final long quantity, final long leaves)
    {
        final int slot = find(orderId);
        if (slot >= 0)
        {
            if (leaves <= 0)
            {
                removeAt(slot);
            }
            else
            {
                openPrice[slot] = price;
                openQuantity[slot] = quantity;
                openLeaves[slot] = leaves;
                openBusy[slot] = false;
            }
        }
    }

    private void removeOpen(final long orderId)
    {
        final int slot = find(orderId);
        if (slot >= 0)
        {
            removeAt(slot);
        }
    }

    private int find(final long orderId)
    {
        for (int i = 0; i < openCount; i++)
        {
            if (openOrderId[i] == orderId)
            {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(final int slot)
    {
        final int last = --openCount;
        openOrderId[slot] = openOrderId[last];
        openInstrument[slot] = openInstrument[last];
        openBuy[slot] = openBuy[last];
        openPrice[slot] = openPrice[last];
        openQuantity[slot] = openQuantity[last];
        openLeaves[slot] = openLeaves[last];
        openBusy[slot] = openBusy[last];
    }
}
