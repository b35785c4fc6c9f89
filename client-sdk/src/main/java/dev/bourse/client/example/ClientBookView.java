package dev.bourse.client.example;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;

/**
 * The books as a set of clients sees them: the resting orders of the clients' own accounts, kept from their
 * execution reports (NEW, fills, REPLACED, CANCELED, ...), aggregated into price levels. Orders of other accounts
 * do not show: this is not market data, only what the execution reports of the given accounts imply.
 */
final class ClientBookView
{
    private final Map<Long, Resting> ordersById = new TreeMap<>();

    /**
     * Apply one execution report of one of the clients' accounts.
     *
     * @param username whose report it is.
     * @param report   the report.
     */
    void onExecutionReport(final String username, final ExecutionReport report)
    {
        final long orderId = report.orderId();
        if (orderId <= 0 || ExecType.REJECTED == report.execType())
        {
            return;
        }

        final OrderStatus status = report.orderStatus();
        final boolean isDone = OrderStatus.FILLED == status || OrderStatus.CANCELED == status ||
            OrderStatus.REJECTED == status || OrderStatus.EXPIRED == status;
        if (isDone || report.leavesQuantity() <= 0 || OrderType.MARKET == report.orderType())
        {
            ordersById.remove(orderId);
            return;
        }

        ordersById.put(orderId, new Resting(
            username, report.instrumentId(), report.side(), report.price(), report.leavesQuantity()));
    }

    /**
     * The order id of an account's resting order at a price.
     *
     * @param username     the account's user.
     * @param instrumentId the instrument.
     * @param side         the side.
     * @param price        the price.
     * @return the order id of the first such order.
     * @throws IllegalStateException if there is none.
     */
    long orderIdAt(final String username, final int instrumentId, final Side side, final long price)
    {
        for (final Map.Entry<Long, Resting> entry : ordersById.entrySet())
        {
            final Resting order = entry.getValue();
            if (order.username.equals(username) && order.instrumentId == instrumentId && order.side == side &&
                order.price == price)
            {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("no resting order of " + username + " on " + side + " at " + price);
    }

    /**
     * The best bid and offer, as "quantity @ price / quantity @ price", "-" for an empty side.
     *
     * @param instrumentId the instrument.
     * @return the top of the book.
     */
    String top(final int instrumentId)
    {
        final List<long[]> bids = levels(instrumentId, Side.BUY);
        final List<long[]> asks = levels(instrumentId, Side.SELL);
        return (bids.isEmpty() ? "-" : bids.get(0)[1] + " @ " + bids.get(0)[0]) + " / " +
            (asks.isEmpty() ? "-" : asks.get(0)[1] + " @ " + asks.get(0)[0]);
    }

    /**
     * The top levels of both sides as a small table.
     *
     * @param instrumentId the instrument.
     * @param symbol       its symbol, for the title.
     * @param depth        how many levels a side.
     * @return the table, lines ending in a newline.
     */
    String render(final int instrumentId, final String symbol, final int depth)
    {
        final List<long[]> bids = levels(instrumentId, Side.BUY);
        final List<long[]> asks = levels(instrumentId, Side.SELL);
        final StringBuilder text = new StringBuilder();
        text.append(String.format("  %s book, top %d levels (clients' view):%n", symbol, depth));
        text.append(String.format("    %8s %6s %10s | %-10s %-6s %s%n",
            "bid qty", "orders", "bid", "ask", "orders", "ask qty"));
        final int rows = Math.max(1, Math.min(depth, Math.max(bids.size(), asks.size())));
        for (int i = 0; i < rows; i++)
        {
            final String bid = i < bids.size() ?
                String.format("%8d %6d %10d", bids.get(i)[1], bids.get(i)[2], bids.get(i)[0]) :
                String.format("%8s %6s %10s", "", "", i == 0 ? "(none)" : "");
            final String ask = i < asks.size() ?
                String.format("%-10d %-6d %-8d", asks.get(i)[0], asks.get(i)[2], asks.get(i)[1]) :
                String.format("%-10s %-6s %-8s", i == 0 ? "(none)" : "", "", "");
            text.append(("    " + bid + " | " + ask).stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /**
     * Levels of one side, best first: {price, total quantity, order count}.
     */
    private List<long[]> levels(final int instrumentId, final Side side)
    {
        final Comparator<Long> best = Side.BUY == side ? Comparator.reverseOrder() : Comparator.naturalOrder();
        final TreeMap<Long, long[]> byPrice = new TreeMap<>(best);
        for (final Resting order : ordersById.values())
        {
            if (order.instrumentId == instrumentId && order.side == side)
            {
                final long[] level = byPrice.computeIfAbsent(order.price, price -> new long[]{price, 0, 0});
                level[1] += order.leavesQuantity;
                level[2]++;
            }
        }
        return new ArrayList<>(byPrice.values());
    }

    private static final class Resting
    {
        final String username;
        final int instrumentId;
        final Side side;
        final long price;
        final long leavesQuantity;

        Resting(final String username, final int instrumentId, final Side side, final long price,
            final long leavesQuantity)
        {
            this.username = username;
            this.instrumentId = instrumentId;
            this.side = side;
            this.price = price;
            this.leavesQuantity = leavesQuantity;
        }
    }
}
