package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The risk layer on the fast engine allocates nothing in steady state: limit, market (band and no band), IOC,
 * cancel, replace, throttle checks, risk rejects, kill switch, queries and the state hash, after a warm-up pass.
 */
class RiskAllocationTest
{
    private static final int ROUNDS = 5;
    private static final int COMMANDS = 20_000;
    private static final long T0 = 1_700_000_000_000_000_000L;

    private final RiskCheckedEngine engine = Inner.FAST.wrap(new EngineListener()
    {
    });
    private final AccountRiskVisitor accountVisitor = new AccountRiskVisitor()
    {
        public void onAccount(
            final long account, final int maxOpenOrders, final long maxLongPosition, final long maxShortPosition,
            final long creditLimit, final int throttleRejectPerSecond, final int throttleDisconnectPerSecond,
            final boolean cancelOnDisconnect, final StpMode stpMode, final long stpGroup,
            final boolean killSwitchEngaged, final int openOrders, final long creditUsed, final int positionCount)
        {
            sink += openOrders + creditUsed;
        }

        public void onPosition(
            final long account, final int instrumentId, final long position, final long openBuyQuantity,
            final long openSellQuantity, final long netNotional)
        {
            sink += position + netNotional;
        }
    };
    private final InstrumentControlsVisitor instrumentVisitor = this::onInstrument;
    private long sink;
    private long now = T0;
    private long clientOrderId;
    private int accepted;

    @Test
    void shouldAllocateNothingInSteadyState()
    {
        assertEquals(RejectReason.NONE, engine.defineInstrument(1, 1, 1, 1_000, 500, 1_000, 10_000_000,
            TradingStatus.OPEN));
        assertEquals(RejectReason.NONE, engine.defineInstrument(2, 5, 10, 5_000, 0, 100_000, 1_000_000_000,
            TradingStatus.OPEN));
        for (long account = 1; account <= 4; account++)
        {
            assertEquals(RejectReason.NONE, engine.setAccountLimits(account, 50, 400, 400, 20_000_000, 500, 900,
                true, account == 4 ? StpMode.CANCEL_RESTING : StpMode.NONE, 0));
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        long fewestBytes = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            run();
            fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
        }
        assertTrue(accepted > COMMANDS / 2, "too few accepted orders: " + accepted);
        assertEquals(0, fewestBytes, "bytes allocated in the best of " + ROUNDS + " rounds");
    }

    private void run()
    {
        for (int i = 0; i < COMMANDS; i++)
        {
            now += 1_000_000;
            final long account = 1 + (i & 3);
            final int instrumentId = 1 + ((i >> 2) & 1);
            final long tick = 1 == instrumentId ? 1 : 5;
            final long lot = 1 == instrumentId ? 1 : 10;
            final long mid = 1 == instrumentId ? 1_000 : 5_000;
            final Side side = 0 == (i & 8) ? Side.BUY : Side.SELL;
            final long offset = (i * 7L) % 9 - 2;
            final long price = mid + tick * (Side.BUY == side ? -offset : offset);
            engine.checkThrottle(now, account);
            switch (i % 7)
            {
                case 0:
                case 1:
                case 2:
                    place(account, instrumentId, side, OrderType.LIMIT, TimeInForce.GTC, price, lot * (1 + i % 5));
                    break;
                case 3:
                    place(account, instrumentId, side, OrderType.MARKET, TimeInForce.IOC, 0, lot * (1 + i % 3));
                    break;
                case 4:
                    place(account, instrumentId, side, OrderType.LIMIT, TimeInForce.IOC, price, lot);
                    break;
                case 5:
                    engine.replaceOrder(now, account, engine.nextOrderId() - 3, ++clientOrderId, price, lot * 2);
                    break;
                default:
                    engine.cancelOrder(now, account, engine.nextOrderId() - 5);
                    break;
            }
            if (0 == i % 1_000)
            {
                engine.killSwitch(now, 3, true);
                place(3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 1_000, 1);
                engine.killSwitch(now, 3, false);
                engine.queryAccount(account, 0, accountVisitor);
                engine.queryInstrument(instrumentId, instrumentVisitor);
                sink += engine.riskStateHash();
                engine.cancelDayOrders(now, 2);
            }
        }
    }

    private void onInstrument(
        final int instrumentId, final long tickSize, final long lotSize, final TradingStatus status,
        final long referencePrice, final int bandBps, final long maxOrderQuantity, final long maxOrderNotional,
        final long lastTradePrice, final long bandLow, final long bandHigh)
    {
        sink += bandLow + bandHigh;
    }

    private void place(
        final long account, final int instrumentId, final Side side, final OrderType orderType,
        final TimeInForce timeInForce, final long price, final long quantity)
    {
        if (RejectReason.NONE == engine.placeOrder(now, account, ++clientOrderId, instrumentId, side, orderType,
            timeInForce, false, price, quantity, 0))
        {
            accepted++;
        }
    }
}
