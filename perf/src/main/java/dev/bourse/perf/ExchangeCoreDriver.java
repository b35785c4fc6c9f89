package dev.bourse.perf;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;

/**
 * Replays a {@link CommandStream} into exchange-core's single-threaded order book ({@link OrderBookDirectImpl},
 * the implementation its exchange runs), one {@link IOrderBook} per instrument as its matching engine router
 * keeps them, through the same {@link IOrderBook#processCommand} entry point and one reused
 * {@link OrderCommand}, as exchange-core's own order-book benchmark does.
 * <p>
 * Mapping: place is a GTC {@code PLACE_ORDER}, aggress an IOC {@code PLACE_ORDER}, cancel {@code CANCEL_ORDER},
 * a priority-keeping replace {@code REDUCE_ORDER} by the quantity removed, a priority-losing replace
 * {@code MOVE_ORDER} to the new price. exchange-core takes order ids from the client, so a slot's order id is the
 * slot plus one (slots are reused only once their order is dead). The released exchange-core builds with event
 * pooling off, so it allocates one {@code MatcherTradeEvent} per trade, reduce or reject by design; the chain is
 * dropped after each command.
 */
public final class ExchangeCoreDriver
{
    private static final OrderAction[] ACTIONS = {OrderAction.BID, OrderAction.ASK};
    private static final long MAX_BID_PRICE = 1_000_000_000L;

    private final IOrderBook[] books;
    private final OrderCommand cmd = new OrderCommand();
    private final CommandStream stream;
    private final byte[] type;
    private final byte[] side;
    private final int[] instrument;
    private final int[] slot;
    private final int[] account;
    private final long[] price;
    private final long[] quantity;
    private final long[] reduceBy;

    /**
     * Create one order book per instrument and build the initial book.
     *
     * @param stream the stream to replay.
     */
    public ExchangeCoreDriver(final CommandStream stream)
    {
        this.stream = stream;
        this.type = stream.type;
        this.side = stream.side;
        this.instrument = stream.instrument;
        this.slot = stream.slot;
        this.account = stream.account;
        this.price = stream.price;
        this.quantity = stream.quantity;
        this.reduceBy = stream.reduceBy;
        this.books = new IOrderBook[stream.instrumentCount + 1];
        for (int i = 1; i <= stream.instrumentCount; i++)
        {
            final CoreSymbolSpecification spec = CoreSymbolSpecification.builder()
                .symbolId(i)
                .type(SymbolType.CURRENCY_EXCHANGE_PAIR)
                .baseCurrency(1)
                .quoteCurrency(2)
                .baseScaleK(1)
                .quoteScaleK(1)
                .takerFee(0)
                .makerFee(0)
                .build();
            books[i] = new OrderBookDirectImpl(
                spec, ObjectsPool.createDefaultTestPool(), OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER,
                LoggingConfiguration.DEFAULT);
        }
        for (int i = 0; i < stream.cycleStart; i++)
        {
            require(execute(i), "prefill");
        }
        checkCycleBoundary();
    }

    /**
     * Replay one whole cycle, checking every command succeeds and the book is back to its start.
     */
    public void verifyCycle()
    {
        for (int i = stream.cycleStart; i < stream.length; i++)
        {
            require(execute(i), "cycle");
        }
        checkCycleBoundary();
    }

    /**
     * Check, at a cycle boundary, that the books hold the expected number of orders.
     */
    public void checkCycleBoundary()
    {
        long orders = 0;
        for (int i = 1; i < books.length; i++)
        {
            orders += books[i].getOrdersNum(OrderAction.ASK) + books[i].getOrdersNum(OrderAction.BID);
        }
        if (orders != stream.restingOrdersAtCycleStart)
        {
            throw new IllegalStateException(
                "stream out of step: orders=" + orders + " expected=" + stream.restingOrdersAtCycleStart);
        }
    }

    /**
     * Execute one command.
     *
     * @param i command index.
     * @return exchange-core's result code.
     */
    public CommandResultCode execute(final int i)
    {
        final OrderCommand c = cmd;
        final int s = slot[i];
        c.matcherEvent = null;
        c.marketData = null;
        c.symbol = instrument[i];
        c.uid = account[i];
        c.timestamp = i;
        c.orderId = s + 1;
        c.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        switch (type[i])
        {
            case CommandStream.PLACE:
            case CommandStream.AGGRESS:
                final OrderAction action = ACTIONS[side[i]];
                c.command = OrderCommandType.PLACE_ORDER;
                c.orderType = type[i] == CommandStream.PLACE ? OrderType.GTC : OrderType.IOC;
                c.action = action;
                c.price = price[i];
                c.size = quantity[i];
                c.reserveBidPrice = action == OrderAction.BID ? MAX_BID_PRICE : 0;
                break;
            case CommandStream.CANCEL:
                c.command = OrderCommandType.CANCEL_ORDER;
                break;
            case CommandStream.REPLACE_KEEP:
                c.command = OrderCommandType.REDUCE_ORDER;
                c.size = reduceBy[i];
                break;
            case CommandStream.REPLACE_LOSE:
                c.command = OrderCommandType.MOVE_ORDER;
                c.price = price[i];
                break;
            default:
                throw new IllegalStateException("unknown command type " + type[i]);
        }
        return IOrderBook.processCommand(books[c.symbol], c);
    }

    private static void require(final CommandResultCode code, final String what)
    {
        if (code != CommandResultCode.SUCCESS)
        {
            throw new IllegalStateException(what + " failed: " + code);
        }
    }
}
