package dev.bourse.node;

import dev.bourse.orderbook.EngineConstants;
import dev.bourse.orderbook.EngineListener;
import dev.bourse.orderbook.FastMatchingEngine;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

import java.io.PrintStream;

/**
 * A scripted trading session through the matching engine in one process: a few accounts trade two instruments
 * and every execution report, trade and book change is printed, followed by the top of each book. It is the
 * quick way to see the engine's behaviour; the replicated three-node exchange builds on the same engine.
 */
public final class EngineDemo implements EngineListener
{
    private static final int BTC = 1;
    private static final int ETH = 2;
    private static final long MARKET_MAKER = 100;
    private static final long ALICE = 200;
    private static final long BOB = 300;

    private final PrintStream out;
    private final MatchingEngine engine;
    private long nowNs = 1_780_000_000_000_000_000L;
    private long nextClientOrderId = 1;

    private EngineDemo(final PrintStream out)
    {
        this.out = out;
        this.engine = new FastMatchingEngine(this, 0);
    }

    /**
     * Run the demo session.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        new EngineDemo(System.out).run();
    }

    private void run()
    {
        out.println("== Bourse engine demo: instruments BTC (id 1, tick 5, lot 1) and ETH (id 2, tick 1, lot 10)");
        engine.addInstrument(BTC, 5, 1);
        engine.addInstrument(ETH, 1, 10);
        engine.setAccountStp(BOB, StpMode.CANCEL_RESTING, 0);

        section("market maker quotes both books");
        for (int i = 0; i < 3; i++)
        {
            limit(MARKET_MAKER, BTC, Side.BUY, 50_000 - 5 * i, 2 + i, TimeInForce.GTC);
            limit(MARKET_MAKER, BTC, Side.SELL, 50_010 + 5 * i, 2 + i, TimeInForce.GTC);
            limit(MARKET_MAKER, ETH, Side.BUY, 3_000 - i, 100, TimeInForce.DAY);
            limit(MARKET_MAKER, ETH, Side.SELL, 3_002 + i, 100, TimeInForce.DAY);
        }
        printTop(BTC);
        printTop(ETH);

        section("alice lifts two BTC levels with an IOC buy at 50015 for 6");
        limit(ALICE, BTC, Side.BUY, 50_015, 6, TimeInForce.IOC);

        section("bob sends a market sell of 150 ETH, then a post-only bid that would cross");
        order(BOB, ETH, Side.SELL, OrderType.MARKET, 0, 150, TimeInForce.IOC, false);
        order(BOB, ETH, Side.BUY, OrderType.LIMIT, 3_003, 10, TimeInForce.GTC, true);

        section("bob rests an ETH offer, then buys through it: self-trade prevention cancels his resting order");
        limit(BOB, ETH, Side.SELL, 3_001, 20, TimeInForce.GTC);
        limit(BOB, ETH, Side.BUY, 3_002, 30, TimeInForce.GTC);

        section("rejects: off-tick price, off-lot quantity, unknown instrument, FOK that cannot fill");
        limit(ALICE, BTC, Side.BUY, 50_001, 1, TimeInForce.GTC);
        limit(ALICE, ETH, Side.BUY, 3_000, 15, TimeInForce.GTC);
        limit(ALICE, 9, Side.BUY, 100, 1, TimeInForce.GTC);
        limit(ALICE, BTC, Side.BUY, 50_020, 100, TimeInForce.FOK);

        section("the market maker mass-cancels its BTC bids; the day ends and DAY orders expire");
        engine.massCancel(nowNs, MARKET_MAKER, BTC, Side.BUY, CancelReason.MASS_CANCEL);
        nowNs = EngineConstants.dayEnd(nowNs, engine.dayEndOffsetNs());
        engine.expireOrders(nowNs);

        section("final books");
        printTop(BTC);
        printTop(ETH);
        out.printf("state hash %016x, %d resting orders, next order id %d, next trade id %d%n",
            engine.stateHash(), engine.orderCount(), engine.nextOrderId(), engine.nextTradeId());
    }

    private void section(final String title)
    {
        out.println();
        out.println("-- " + title);
    }

    private void limit(
        final long account, final int instrumentId, final Side side, final long price, final long quantity,
        final TimeInForce timeInForce)
    {
        order(account, instrumentId, side, OrderType.LIMIT, price, quantity, timeInForce, false);
    }

    private void order(
        final long account,
        final int instrumentId,
        final Side side,
        final OrderType type,
        final long price,
        final long quantity,
        final TimeInForce timeInForce,
        final boolean postOnly)
    {
        nowNs += 1_000_000;
        engine.placeOrder(
            nowNs, account, nextClientOrderId++, instrumentId, side, type, timeInForce, postOnly, price, quantity, 0);
    }

    private void printTop(final int instrumentId)
    {
        out.printf("   book %s%n", name(instrumentId));
        final StringBuilder asks = new StringBuilder();
        engine.forEachLevel(instrumentId, Side.SELL, (price, quantity, count) ->
            asks.insert(0, String.format("     ask %8d  %6d  (%d orders)%n", price, quantity, count)));
        out.print(asks);
        engine.forEachLevel(instrumentId, Side.BUY, (price, quantity, count) ->
            out.printf("     bid %8d  %6d  (%d orders)%n", price, quantity, count));
    }

    private static String name(final int instrumentId)
    {
        return BTC == instrumentId ? "BTC" : (ETH == instrumentId ? "ETH" : "#" + instrumentId);
    }

    private static String account(final long account)
    {
        if (MARKET_MAKER == account)
        {
            return "mm";
        }
        return ALICE == account ? "alice" : (BOB == account ? "bob" : "acct" + account);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderAccepted(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        out.printf("   %-5s NEW      #%d %s %s %s %d @ %s %s%n", account(account), orderId, name(instrumentId),
            side, orderType, quantity, OrderType.MARKET == orderType ? "MKT" : Long.toString(price), timeInForce);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderRejected(
        final long account, final long clientOrderId, final int instrumentId, final RejectReason reason)
    {
        out.printf("   %-5s REJECT   clOrdId %d on %s: %s%n",
            account(account), clientOrderId, name(instrumentId), reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderFilled(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long tradeId,
        final long price,
        final long quantity,
        final long leavesQuantity,
        final long filledQuantity,
        final Liquidity liquidity)
    {
        out.printf("   %-5s FILL     #%d %s %d @ %d (%s, trade %d, leaves %d)%n", account(account), orderId, side,
            quantity, price, liquidity, tradeId, leavesQuantity);
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderCancelled(
        final long orderId,
        final long account,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long cancelledQuantity,
        final long filledQuantity,
        final CancelReason reason)
    {
        out.printf("   %-5s CANCEL   #%d %s %d: %s%n", account(account), orderId, name(instrumentId),
            cancelledQuantity, reason);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId)
    {
        out.printf("   TRADE %s %d @ %d (aggressor %s)%n", name(instrumentId), quantity, price, aggressorSide);
    }

    /**
     * {@inheritDoc}
     */
    public void onBestBidOffer(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        out.printf("   BBO   %s %s x %s%n",
            name(instrumentId), side(bidQuantity, bidPrice), side(askQuantity, askPrice));
    }

    private static String side(final long quantity, final long price)
    {
        return EngineConstants.NULL_PRICE == price ? "-" : quantity + "@" + price;
    }
}
