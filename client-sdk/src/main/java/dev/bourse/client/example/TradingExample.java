package dev.bourse.client.example;

import java.util.concurrent.TimeUnit;

import dev.bourse.client.ConnectionEvent;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.ExecutionListener;
import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * A small trading session against the default local cluster: connect with credentials, rest a bid and an offer,
 * cross them with a market order, replace and cancel, then mass cancel, printing every answer and fill.
 * <pre>
 * java -cp ... dev.bourse.client.example.TradingExample [username] [password] [instrumentId]
 * </pre>
 * Prices and quantities are integers in instrument units; pick an instrument the cluster defines, with a tick and
 * lot of 1 for the numbers used here.
 */
public final class TradingExample
{
    private TradingExample()
    {
    }

    /**
     * Run the example.
     *
     * @param args optional username, password and instrument id (defaults: trader1, password1, 1).
     */
    public static void main(final String[] args)
    {
        final String username = args.length > 0 ? args[0] : "trader1";
        final String password = args.length > 1 ? args[1] : "password1";
        final int instrumentId = args.length > 2 ? Integer.parseInt(args[2]) : 1;

        final PrintingListener listener = new PrintingListener();
        try (ExchangeClient client = ExchangeClient.connect(new ExchangeClient.Context()
            .username(username)
            .password(password)
            .listener(listener)))
        {
            final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));

            final long bid = send(client, idle, () -> client.placeLimitOrder(instrumentId, Side.BUY, 10, 99,
                TimeInForce.GTC));
            final long offer = send(client, idle, () -> client.placeLimitOrder(instrumentId, Side.SELL, 10, 101,
                TimeInForce.DAY));
            awaitAnswers(client, idle);

            send(client, idle, () -> client.placeMarketOrder(instrumentId, Side.BUY, 4));
            awaitAnswers(client, idle);

            final long replaced = send(client, idle, () -> client.replaceOrder(
                ExchangeClient.NEXT_CLIENT_ORDER_ID, 0, bid, 5, 100));
            send(client, idle, () -> client.cancelOrder(ExchangeClient.NEXT_CLIENT_ORDER_ID, 0, offer));
            awaitAnswers(client, idle);

            send(client, idle, () -> client.requestOrderStatus(ExchangeClient.NEXT_CLIENT_ORDER_ID, 0, replaced));
            send(client, idle, () -> client.massCancel(instrumentId));
            awaitAnswers(client, idle);

            System.out.println("done: resends=" + client.resendCount() + " duplicates=" +
                client.duplicateAnswerCount() + " reconnects=" + client.reconnectCount());
        }
    }

    private static long send(final ExchangeClient client, final IdleStrategy idle, final Command command)
    {
        while (true)
        {
            final long clientOrderId = command.send();
            if (clientOrderId > 0)
            {
                return clientOrderId;
            }
            if (ExchangeClient.CLOSED == clientOrderId)
            {
                throw new IllegalStateException("client closed");
            }
            idle.idle(client.poll()); // back-pressured: let the duty cycle run, then try again.
        }
    }

    private static void awaitAnswers(final ExchangeClient client, final IdleStrategy idle)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.pendingCount() > 0 && !client.isClosed() && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle(client.poll());
        }
    }

    @FunctionalInterface
    private interface Command
    {
        long send();
    }

    private static final class PrintingListener implements ExecutionListener
    {
        public void onSessionEstablished(
            final long account,
            final Role role,
            final long clusterSessionId,
            final long leadershipTermId,
            final long dedupWindow,
            final StpMode stpMode,
            final long highestClientOrderId)
        {
            System.out.println("session established: account=" + account + " role=" + role +
                " highestClientOrderId=" + highestClientOrderId);
        }

        public void onExecutionReport(final ExecutionReport report)
        {
            if (ExecType.TRADE == report.execType())
            {
                System.out.println("FILL " + report.side() + " " + report.lastQuantity() + " @ " +
                    report.lastPrice() + " (" + report.liquidity() + ") order " + report.orderId() + " leaves " +
                    report.leavesQuantity());
            }
            else
            {
                System.out.println(report);
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
            System.out.println("cancel reject: " + requestType + " " + clientOrderId + " -> " + rejectReason);
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
            System.out.println("mass cancel " + clientOrderId + ": " + cancelledCount + " cancelled, " + rejectReason);
        }

        public void onMessageReject(
            final int refSchemaId,
            final int refTemplateId,
            final long clientOrderId,
            final RejectReason rejectReason,
            final long transactTimeNs)
        {
            System.out.println("message reject: template " + refTemplateId + " id " + clientOrderId + " -> " +
                rejectReason);
        }

        public void onConnectionEvent(final ConnectionEvent event, final String message)
        {
            System.out.println("connection " + event + ": " + message);
        }
    }
}
