package dev.bourse.orderbook.risk;

import dev.bourse.schemas.orderentry.StpMode;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;

/**
 * One account's limits, settings and usage, with its positions per instrument (also kept in instrument id order).
 */
final class AccountRisk
{
    final long account;
    int maxOpenOrders = RiskControls.NO_LIMIT_32;
    long maxLongPosition = RiskControls.NO_LIMIT;
    long maxShortPosition = RiskControls.NO_LIMIT;
    long creditLimit = RiskControls.NO_LIMIT;
    int throttleRejectPerSecond = RiskControls.NO_LIMIT_32;
    int throttleDisconnectPerSecond = RiskControls.NO_LIMIT_32;
    boolean cancelOnDisconnect;
    boolean killSwitch;
    StpMode stpMode = StpMode.NONE;
    long stpGroup;
    ThrottleWindow throttle;

    int openOrders;
    /** Sum over live orders of reservePrice * leaves. */
    long openNotional;
    /** Sum over positions of |netNotional|. */
    long netAbsNotional;

    private static final int POSITION_SLOTS = 16;

    private final Int2ObjectHashMap<PositionRisk> positions = new Int2ObjectHashMap<>();
    /** Direct-mapped cache in front of the position map. */
    private final PositionRisk[] positionSlots = new PositionRisk[POSITION_SLOTS];
    private PositionRisk[] sortedPositions = new PositionRisk[4];
    private int positionCount;

    AccountRisk(final long account)
    {
        this.account = account;
    }

    void limits(
        final int maxOpenOrders,
        final long maxLongPosition,
        final long maxShortPosition,
        final long creditLimit,
        final int throttleRejectPerSecond,
        final int throttleDisconnectPerSecond,
        final boolean cancelOnDisconnect)
    {
        this.maxOpenOrders = maxOpenOrders;
        this.maxLongPosition = maxLongPosition;
        this.maxShortPosition = maxShortPosition;
        this.creditLimit = creditLimit;
        this.throttleRejectPerSecond = throttleRejectPerSecond;
        this.throttleDisconnectPerSecond = throttleDisconnectPerSecond;
        this.cancelOnDisconnect = cancelOnDisconnect;
        resizeThrottle();
    }

    long creditUsed()
    {
        return openNotional + netAbsNotional;
    }

    PositionRisk position(final int instrumentId)
    {
        final int slot = instrumentId & (POSITION_SLOTS - 1);
        final PositionRisk cached = positionSlots[slot];
        if (null != cached && cached.instrumentId == instrumentId)
        {
            return cached;
        }
        final PositionRisk position = positions.get(instrumentId);
        if (null != position)
        {
            positionSlots[slot] = position;
        }
        return position;
    }

    PositionRisk positionOrCreate(final int instrumentId)
    {
        PositionRisk position = position(instrumentId);
        if (null == position)
        {
            position = new PositionRisk(this, instrumentId);
            positions.put(instrumentId, position);
            int index = positionCount;
            if (index == sortedPositions.length)
            {
                sortedPositions = Arrays.copyOf(sortedPositions, index * 2);
            }
            while (index > 0 && sortedPositions[index - 1].instrumentId > instrumentId)
            {
                sortedPositions[index] = sortedPositions[index - 1];
                index--;
            }
            sortedPositions[index] = position;
            positionCount++;
        }
        return position;
    }

    int positionCount()
    {
        return positionCount;
    }

    /**
     * The i-th position in instrument id order.
     */
    PositionRisk positionAt(final int i)
    {
        return sortedPositions[i];
    }

    void setNetNotional(final PositionRisk position, final long netNotional)
    {
        netAbsNotional += Math.abs(netNotional) - Math.abs(position.netNotional);
        position.netNotional = netNotional;
    }

    boolean hasThrottle()
    {
        return RiskControls.NO_LIMIT_32 != throttleRejectPerSecond ||
            RiskControls.NO_LIMIT_32 != throttleDisconnectPerSecond;
    }

    /**
     * Size the throttle ring for the current thresholds, keeping the most recent times that fit.
     */
    void resizeThrottle()
    {
        if (!hasThrottle())
        {
            throttle = null;
            return;
        }
        final int capacity = Math.max(throttleRejectPerSecond, throttleDisconnectPerSecond) + 1;
        if (null == throttle || throttle.capacity() != capacity)
        {
            final ThrottleWindow resized = new ThrottleWindow(capacity);
            if (null != throttle)
            {
                throttle.copyInto(resized);
            }
            throttle = resized;
        }
    }
}
