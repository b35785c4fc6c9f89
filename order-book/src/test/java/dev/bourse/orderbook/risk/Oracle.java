package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineConstants;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent model of what the risk layer must guarantee, fed by the downstream events: a fill ledger
 * (positions, net notional at reserve prices), the last trade per instrument, and the band and protection prices
 * computed with {@link BigInteger} from the scenario's controls. It records violations instead of throwing, so that
 * the property can report them with the scenario.
 */
final class Oracle extends EventLog
{
    private final Map<Long, Long> reserveByOrder = new HashMap<>();
    private final Map<Long, Long> protectionByOrder = new HashMap<>();
    private final Map<Long, Long> accountByOrder = new HashMap<>();
    private final Map<String, long[]> positions = new TreeMap<>();
    private final Map<Integer, Long> lastTrade = new HashMap<>();
    private final Set<Long> killed = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private final int[] bandBps = new int[RiskScenario.INSTRUMENT_IDS.length];
    private final long[] referencePrices = new long[RiskScenario.INSTRUMENT_IDS.length];
    private long pendingReserve;
    private long pendingProtection = EngineConstants.NULL_PRICE;

    Oracle(final RiskScenario scenario)
    {
        for (int i = 0; i < bandBps.length; i++)
        {
            bandBps[i] = scenario.bandBps(i);
            referencePrices[i] = scenario.referencePrice(i);
        }
    }

    /**
     * The instrument's band controls changed.
     */
    void band(final int index, final long referencePrice, final int bps)
    {
        referencePrices[index] = referencePrice;
        bandBps[index] = bps;
    }

    List<String> violations()
    {
        return violations;
    }

    void killSwitch(final long account, final boolean engaged)
    {
        if (engaged)
        {
            killed.add(account);
        }
        else
        {
            killed.remove(account);
        }
    }

    /**
     * The band of an instrument now, {lo, hi}, or null without a band.
     */
    long[] band(final int index)
    {
        final int instrumentId = RiskScenario.INSTRUMENT_IDS[index];
        final int bps = bandBps[index];
        final Long traded = lastTrade.get(instrumentId);
        final long reference = null != traded ? traded : referencePrices[index];
        if (0 == bps || EngineConstants.NULL_PRICE == reference)
        {
            return null;
        }
        final BigInteger tick = BigInteger.valueOf(RiskScenario.TICKS[index]);
        final BigInteger denominator = BigInteger.valueOf(10_000).multiply(tick);
        final BigInteger low = ceilDiv(BigInteger.valueOf(reference).multiply(BigInteger.valueOf(10_000 - bps)),
            denominator).multiply(tick);
        final BigInteger high = floorDiv(BigInteger.valueOf(reference).multiply(BigInteger.valueOf(10_000 + bps)),
            denominator).multiply(tick);
        return new long[]{Math.max(low.longValueExact(), RiskScenario.TICKS[index]), high.longValueExact()};
    }

    private static BigInteger floorDiv(final BigInteger a, final BigInteger b)
    {
        final BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    private static BigInteger ceilDiv(final BigInteger a, final BigInteger b)
    {
        return floorDiv(a.negate(), b).negate();
    }

    /**
     * Before a market order: its protection and reserve price as the oracle computes them.
     */
    void prepareMarket(
        final MatchingEngine engine, final long nowNs, final int index, final Side side, final long quantity)
    {
        final long[] band = band(index);
        if (null != band)
        {
            pendingProtection = Side.BUY == side ? band[1] : band[0];
            pendingReserve = pendingProtection;
            return;
        }
        pendingProtection = EngineConstants.NULL_PRICE;
        // Walk the opposite side order by order, best first, leaving out the orders the command will expire first.
        final long[] walk = {quantity, EngineConstants.NULL_PRICE};
        engine.forEachOrder(RiskScenario.INSTRUMENT_IDS[index], Side.BUY == side ? Side.SELL : Side.BUY,
            (orderId, account, clientOrderId, instrumentId, orderSide, timeInForce, postOnly, price, orderQuantity,
            filledQuantity, expireTimeNs, stpGroup) ->
            {
                final boolean expiring = 0 != expireTimeNs && expireTimeNs <= nowNs;
                if (walk[0] > 0 && !expiring)
                {
                    walk[1] = price;
                    walk[0] -= orderQuantity - filledQuantity;
                }
            });
        pendingReserve = walk[1];
    }

    long[] position(final long account, final int instrumentId)
    {
        return positions.computeIfAbsent(account + "/" + instrumentId, (key) -> new long[2]);
    }

    public void onOrderAccepted(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final OrderType orderType, final TimeInForce timeInForce, final long price, final long quantity,
        final long expireTimeNs)
    {
        super.onOrderAccepted(orderId, account, clientOrderId, instrumentId, side, orderType, timeInForce, price,
            quantity, expireTimeNs);
        accountByOrder.put(orderId, account);
        if (killed.contains(account))
        {
            violations.add("order " + orderId + " accepted for killed account " + account);
        }
        if (OrderType.MARKET == orderType)
        {
            reserveByOrder.put(orderId, pendingReserve);
            protectionByOrder.put(orderId, pendingProtection);
        }
        else
        {
            reserveByOrder.put(orderId, price);
            final long[] band = band(RiskScenario.indexOf(instrumentId));
            if (null != band && (price < band[0] || price > band[1]))
            {
                violations.add("limit order " + orderId + " at " + price + " accepted outside band [" + band[0] +
                    ", " + band[1] + "]");
            }
        }
    }

    public void onOrderReplaced(
        final long orderId, final long account, final long clientOrderId, final long origClientOrderId,
        final int instrumentId, final Side side, final long price, final long quantity, final long leavesQuantity,
        final long filledQuantity, final boolean priorityKept)
    {
        super.onOrderReplaced(orderId, account, clientOrderId, origClientOrderId, instrumentId, side, price, quantity,
            leavesQuantity, filledQuantity, priorityKept);
        reserveByOrder.put(orderId, price);
        final long[] band = band(RiskScenario.indexOf(instrumentId));
        if (null != band && (price < band[0] || price > band[1]))
        {
            violations.add("replace of " + orderId + " to " + price + " accepted outside band");
        }
    }

    public void onOrderFilled(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long tradeId, final long price, final long quantity, final long leavesQuantity,
        final long filledQuantity, final Liquidity liquidity)
    {
        super.onOrderFilled(orderId, account, clientOrderId, instrumentId, side, tradeId, price, quantity,
            leavesQuantity, filledQuantity, liquidity);
        if (killed.contains(account))
        {
            violations.add("fill " + tradeId + " for account " + account + " while its kill switch is engaged");
        }
        final Long protection = protectionByOrder.get(orderId);
        if (null != protection && EngineConstants.NULL_PRICE != protection &&
            (Side.BUY == side ? price > protection : price < protection))
        {
            violations.add("market order " + orderId + " traded at " + price + " beyond protection " + protection);
        }
        final long reserve = reserveByOrder.get(orderId);
        final long[] position = position(account, instrumentId);
        final long moved = Math.multiplyExact(reserve, quantity);
        position[0] += Side.BUY == side ? quantity : -quantity;
        position[1] += Side.BUY == side ? moved : -moved;
    }

    public void onTrade(
        final int instrumentId, final long tradeId, final long price, final long quantity, final Side aggressorSide,
        final long makerOrderId, final long takerOrderId)
    {
        super.onTrade(instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, takerOrderId);
        lastTrade.put(instrumentId, price);
    }

    public void onOrderCancelled(
        final long orderId, final long account, final long clientOrderId, final int instrumentId, final Side side,
        final long cancelledQuantity, final long filledQuantity, final CancelReason reason)
    {
        super.onOrderCancelled(orderId, account, clientOrderId, instrumentId, side, cancelledQuantity,
            filledQuantity, reason);
    }

    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        super.onOrderRejected(account, clientOrderId, instrumentId, reason);
    }
}
