package dev.bourse.client;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToLongFunction;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.exceptions.ConfigurationException;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * A thread-safe convenience wrapper of {@link ExchangeClient} for scripts and tools: its own daemon thread runs
 * the duty cycle, and every command returns a {@link CompletableFuture} completed with the first answer to the
 * request. Commands may be called from any thread; they are validated at once (an
 * {@link IllegalArgumentException} is thrown to the caller) and handed to the poller thread through a queue, in
 * order. A command that meets back-pressure is retried, in order, for up to the context's
 * {@link ExchangeClient.Context#connectTimeoutNs() connect timeout}, then its future fails. Allocates per
 * command; use {@link ExchangeClient} on a hot path.
 * <pre>{@code
 * try (AsyncExchangeClient client = AsyncExchangeClient.connect(new ExchangeClient.Context()
 *     .username("alice").password("secret")))
 * {
 *     final OrderResult result = client.placeLimitOrder(1, Side.BUY, 10, 100_00, TimeInForce.GTC).get();
 *     System.out.println(result);
 * }
 * }</pre>
 * The futures, and the context's {@link ExecutionListener}, are completed and called on the poller thread: do
 * not block in them (use the {@code ...Async} stages of the future for slow work). Exceptions thrown by the
 * listener go to the context's error handler. When the client closes, pending futures fail with an
 * {@link ExchangeClientException}.
 */
public final class AsyncExchangeClient implements AutoCloseable
{
    private final ExchangeClient client;
    private final FutureRouter router;
    private final IdleStrategy idleStrategy;
    private final ErrorHandler errorHandler;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final long sendTimeoutNs;
    private final Queue<Command> commandQueue = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Command> waitingCommands = new ArrayDeque<>();
    private final Thread poller;
    private volatile boolean isRunning = true;
    private volatile boolean isClosed;

    private AsyncExchangeClient(final ExchangeClient client, final FutureRouter router)
    {
        this.client = client;
        this.router = router;
        this.idleStrategy = client.context().idleStrategy();
        this.errorHandler = client.context().errorHandler();
        this.sendTimeoutNs = client.context().connectTimeoutNs();
        this.poller = new Thread(this::run, "bourse-exchange-client-" + client.context().username());
        this.poller.setDaemon(true);
    }

    /**
     * Connect (on the calling thread, as {@link ExchangeClient#connect} does) and start the poller thread.
     *
     * @param ctx the configuration; its listener, if any, is called on the poller thread.
     * @return a connected client.
     * @throws ExchangeClientException if the connection or the logon fails.
     * @throws ConfigurationException  if the context is not valid.
     */
    public static AsyncExchangeClient connect(final ExchangeClient.Context ctx)
    {
        final ExecutionListener userListener = ctx.listener();
        if (null == userListener)
        {
            throw new ConfigurationException("listener must not be null");
        }

        final FutureRouter router = new FutureRouter(userListener);
        ctx.listener(router);
        final ExchangeClient client = ExchangeClient.connect(ctx, router);
        router.errorHandler(client.context().errorHandler());

        final AsyncExchangeClient asyncClient = new AsyncExchangeClient(client, router);
        asyncClient.poller.start();
        return asyncClient;
    }

    /**
     * Place a limit order.
     *
     * @param instrumentId the instrument, positive.
     * @param side         BUY or SELL.
     * @param quantity     total quantity, positive.
     * @param price        limit price, positive.
     * @param timeInForce  GTC, IOC, FOK or DAY.
     * @return the answer: an execution report NEW or REJECTED.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public CompletableFuture<OrderResult> placeLimitOrder(
        final int instrumentId, final Side side, final long quantity, final long price, final TimeInForce timeInForce)
    {
        return placeLimitOrder(instrumentId, side, quantity, price, timeInForce, false, 0);
    }

    /**
     * Place a limit order, optionally post-only or good till a time.
     *
     * @param instrumentId the instrument, positive.
     * @param side         BUY or SELL.
     * @param quantity     total quantity, positive.
     * @param price        limit price, positive.
     * @param timeInForce  GTC, IOC, FOK, DAY or GTD.
     * @param postOnly     rest only, never take liquidity.
     * @param expireTimeNs for GTD the cluster time at which the order expires; otherwise 0.
     * @return the answer: an execution report NEW or REJECTED.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public CompletableFuture<OrderResult> placeLimitOrder(
        final int instrumentId,
        final Side side,
        final long quantity,
        final long price,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long expireTimeNs)
    {
        CommandValidation.newOrder(
            instrumentId, side, OrderType.LIMIT, timeInForce, postOnly, price, quantity, expireTimeNs);
        return submit((c) -> c.placeLimitOrder(instrumentId, side, quantity, price, timeInForce, postOnly,
            expireTimeNs));
    }

    /**
     * Place a market order.
     *
     * @param instrumentId the instrument, positive.
     * @param side         BUY or SELL.
     * @param quantity     quantity, positive.
     * @param timeInForce  IOC or FOK.
     * @return the answer: an execution report NEW or REJECTED.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public CompletableFuture<OrderResult> placeMarketOrder(
        final int instrumentId, final Side side, final long quantity, final TimeInForce timeInForce)
    {
        CommandValidation.newOrder(instrumentId, side, OrderType.MARKET, timeInForce, false, 0, quantity, 0);
        return submit((c) -> c.placeMarketOrder(instrumentId, side, quantity, timeInForce));
    }

    /**
     * Cancel an order by its order id.
     *
     * @param orderId the order id, positive.
     * @return the answer: an execution report CANCELED, or a cancel reject.
     * @throws IllegalArgumentException if the order id is not positive.
     */
    public CompletableFuture<OrderResult> cancelOrder(final long orderId)
    {
        ExchangeClient.validOrderId(orderId);
        return submit((c) -> c.cancelOrder(orderId));
    }

    /**
     * Cancel an order by its current client order id.
     *
     * @param origClientOrderId the order's current client order id, positive.
     * @return the answer: an execution report CANCELED, or a cancel reject.
     * @throws IllegalArgumentException if the id is not positive.
     */
    public CompletableFuture<OrderResult> cancelOrderByClientOrderId(final long origClientOrderId)
    {
        ExchangeClient.validOrigClientOrderId(origClientOrderId);
        return submit((c) -> c.cancelOrderByClientOrderId(origClientOrderId));
    }

    /**
     * Replace an order's total quantity and price.
     *
     * @param orderId  the order id, positive.
     * @param quantity the new total quantity, positive.
     * @param price    the new price, positive.
     * @return the answer: an execution report REPLACED (with the order's new client order id), or a cancel reject.
     * @throws IllegalArgumentException if an argument can never be right.
     */
    public CompletableFuture<OrderResult> replaceOrder(final long orderId, final long quantity, final long price)
    {
        ExchangeClient.validOrderId(orderId);
        CommandValidation.replace(orderId, 0, price, quantity);
        return submit((c) -> c.replaceOrder(orderId, quantity, price));
    }

    /**
     * Cancel the account's orders in one instrument (or all) on one side (or both).
     *
     * @param instrumentId the instrument, or 0 for all.
     * @param side         BUY, SELL, or null for both.
     * @return the answer: a mass cancel report.
     * @throws IllegalArgumentException if the instrument id is negative.
     */
    public CompletableFuture<OrderResult> massCancel(final int instrumentId, final Side side)
    {
        CommandValidation.massCancel(instrumentId);
        return submit((c) -> c.massCancel(instrumentId, side));
    }

    /**
     * Cancel all of the account's orders.
     *
     * @return the answer: a mass cancel report.
     */
    public CompletableFuture<OrderResult> massCancel()
    {
        return massCancel(0, null);
    }

    /**
     * Ask for an order's current status.
     *
     * @param orderId the order id, positive.
     * @return the answer: an execution report ORDER_STATUS, or a cancel reject.
     * @throws IllegalArgumentException if the order id is not positive.
     */
    public CompletableFuture<OrderResult> requestOrderStatus(final long orderId)
    {
        ExchangeClient.validOrderId(orderId);
        return submit((c) -> c.requestOrderStatus(orderId));
    }

    /**
     * Is the client closed (by {@link #close()}, or because the underlying client closed)?
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Stop the poller thread, close the underlying client and fail every pending future. Waits for the poller.
     */
    public void close()
    {
        isRunning = false;
        if (Thread.currentThread() != poller)
        {
            boolean interrupted = false;
            while (poller.isAlive())
            {
                try
                {
                    poller.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private CompletableFuture<OrderResult> submit(final ToLongFunction<ExchangeClient> action)
    {
        final CompletableFuture<OrderResult> future = new CompletableFuture<>();
        if (isClosed)
        {
            future.completeExceptionally(new ExchangeClientException("the client is closed"));
            return future;
        }

        commandQueue.add(new Command(action, future));
        if (isClosed)
        {
            failQueued(commandQueue); // closed meanwhile: the poller may have drained the queue for the last time.
        }
        return future;
    }

    private void run()
    {
        try
        {
            while (isRunning && !client.isClosed())
            {
                int workCount = sendCommands(clock.nanoTime());
                workCount += client.poll();
                idleStrategy.idle(workCount);
            }
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
        }
        finally
        {
            isClosed = true;
            client.close();
            final ExchangeClientException closed = new ExchangeClientException("the client closed");
            router.failAll(closed);
            failQueued(waitingCommands);
            failQueued(commandQueue);
        }
    }

    private int sendCommands(final long nowNs)
    {
        Command command;
        while (null != (command = commandQueue.poll()))
        {
            command.deadlineNs = nowNs + sendTimeoutNs;
            waitingCommands.addLast(command);
        }

        int workCount = 0;
        while (null != (command = waitingCommands.peekFirst()))
        {
            final long result;
            try
            {
                result = command.action.applyAsLong(client);
            }
            catch (final RuntimeException ex)
            {
                waitingCommands.pollFirst();
                command.future.completeExceptionally(ex);
                continue;
            }

            if (result > 0)
            {
                waitingCommands.pollFirst();
                router.register(result, command.future);
                workCount++;
            }
            else if (ExchangeClient.CLOSED == result)
            {
                waitingCommands.pollFirst();
                command.future.completeExceptionally(new ExchangeClientException("the client is closed"));
            }
            else if (nowNs - command.deadlineNs > 0)
            {
                waitingCommands.pollFirst();
                command.future.completeExceptionally(new ExchangeClientException(
                    (ExchangeClient.TOO_MANY_PENDING == result ? "too many pending requests" : "back-pressured") +
                    " for longer than the send timeout"));
            }
            else
            {
                break; // back-pressured: keep the order, try again next cycle.
            }
        }

        return workCount;
    }

    private static void failQueued(final Queue<Command> commands)
    {
        final ExchangeClientException closed = new ExchangeClientException("the client closed");
        Command command;
        while (null != (command = commands.poll()))
        {
            command.future.completeExceptionally(closed);
        }
    }

    private static final class Command
    {
        final ToLongFunction<ExchangeClient> action;
        final CompletableFuture<OrderResult> future;
        long deadlineNs;

        Command(final ToLongFunction<ExchangeClient> action, final CompletableFuture<OrderResult> future)
        {
            this.action = action;
            this.future = future;
        }
    }
}
