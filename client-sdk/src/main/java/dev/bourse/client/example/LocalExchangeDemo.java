package dev.bourse.client.example;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import dev.bourse.client.AccountLimits;
import dev.bourse.client.AccountReport;
import dev.bourse.client.AdminClient;
import dev.bourse.client.ConnectionEvent;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.TradingStatus;
import dev.bourse.client.marketdata.BookView;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.client.ExchangeClientException;
import dev.bourse.client.ExecutionListener;
import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The local cluster demo: the admin defines instruments, a market maker quotes several levels on both sides, and
 * alice and bob trade against it and against each other (aggressive and passive limit orders, an IOC, a market
 * order, a replace, a cancel, an off-tick order that is rejected). Then the risk controls: the admin limits bob's
 * short position and his offer is rejected with the reason, halts and resumes an instrument (as the market-data
 * feed shows), and engages and releases alice's kill switch. Every execution report is printed as it
 * arrives, then the top levels of each book as the demo's clients see them, and the net position of each account.
 * <p>
 * The books are the clients' view: built from the execution reports of the demo's own accounts (mm, alice, bob),
 * so orders of other accounts do not show; a market-data subscriber comes later.
 * <p>
 * The demo checks what it expects (fills, prices, quantities, reject reasons, positions, the top of each book)
 * and exits 0 only if everything happened as expected, 1 if a check failed, 2 if it could not run (no cluster,
 * wrong credentials, no answer in time). Every wait is bounded (10 s per step); it finishes in a few seconds.
 * <pre>
 * java -cp ... -Dbourse.client.ingress.endpoints=0=127.0.0.1:20000,1=127.0.0.1:20100,2=127.0.0.1:20200 \
 *     dev.bourse.client.example.LocalExchangeDemo
 * </pre>
 * Users and passwords are those of {@code deploy/accounts.txt} ({@code <username>-pass}). Run against a cluster
 * that has traded before, the demo first mass-cancels its accounts' orders; instruments defined already are fine.
 */
public final class LocalExchangeDemo
{
    static final int BTC = 1;
    static final int ETH = 2;
    static final int SOL = 3;
    private static final long STEP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long SETTLE_NS = TimeUnit.MILLISECONDS.toNanos(150);
    private static final int BOOK_DEPTH = 3;

    private final Map<Integer, String> symbols = new TreeMap<>();
    private final Map<Long, String> accountNames = new TreeMap<>();
    private final ClientBookView books = new ClientBookView();
    private final List<ExecutionReport> stepReports = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Long> positions = new TreeMap<>();
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));
    private final List<ExchangeClient> clients = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final Map<String, String> sentOrders = new TreeMap<>();
    private int checkCount;
    private int stepNumber;
    private String aeronDir;
    private MarketDataSubscriber marketData;
    private ExchangeClient mm;
    private ExchangeClient alice;
    private ExchangeClient bob;

    private LocalExchangeDemo()
    {
    }

    /**
     * Run the demo against the cluster at {@code bourse.client.ingress.endpoints} (default: the local three-member
     * cluster on port base 20000).
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final long startNs = System.nanoTime();
        final LocalExchangeDemo demo = new LocalExchangeDemo();
        MediaDriver driver = null;
        int exitCode;
        try
        {
            // One media driver for all the demo's clients, as one would run one driver per host.
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(CommonContext.generateRandomDirName())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1)))
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            demo.aeronDir = driver.aeronDirectoryName();
            exitCode = demo.run();
        }
        catch (final ExchangeClientException | IllegalStateException ex)
        {
            demo.flushLines();
            System.out.println();
            System.out.println("DEMO FAILED TO RUN: " + ex.getMessage());
            exitCode = 2;
        }
        finally
        {
            demo.closeClients();
            CloseHelper.quietClose(demo.marketData);
            CloseHelper.quietClose(driver);
        }

        System.out.printf("demo finished in %.1f s, exit code %d%n", (System.nanoTime() - startNs) / 1e9, exitCode);
        System.exit(exitCode);
    }

    private int run()
    {
        System.out.println("cluster ingress: " + new ExchangeClient.Context().ingressEndpoints());
        marketData = MarketDataSubscriber.launch(new MarketDataSubscriber.Context()
            .aeronDirectoryName(aeronDir)
            .embeddedMediaDriver(false));
        System.out.println("market data: subscribed to " + marketData.context().channel() +
            " (the followers publish; this subscriber arbitrates their copies by sequence)");
        defineInstruments();
        connectTraders();
        cleanUp();

        quote();
        aliceLiftsOffers();
        passiveOrders();
        iocCrossBetweenAccounts();
        replaceAndCancel();
        marketOrder();
        rejectedOrder();
        ethTrading();
        riskControls();
        heading("traders disconnect");
        closeClients();

        return summary();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Set-up
    // ---------------------------------------------------------------------------------------------------------------

    private void defineInstruments()
    {
        heading("admin defines the instruments");
        try (AdminClient admin = AdminClient.connect(context("admin")))
        {
            System.out.println("  admin connected (account " + admin.account() + "); cluster leader is member " +
                admin.leaderMemberId());
            define(admin, BTC, 5, 1, "BTC-USD");
            define(admin, ETH, 1, 10, "ETH-USD");
            define(admin, SOL, 1, 100, "SOL-USD");
        }
    }

    private void define(
        final AdminClient admin, final int instrumentId, final long tickSize, final long lotSize, final String symbol)
    {
        symbols.put(instrumentId, symbol);
        final AdminClient.Ack ack = admin.defineInstrument(instrumentId, tickSize, lotSize, symbol);
        final String outcome;
        if (ack.isAccepted())
        {
            outcome = "defined";
        }
        else if (RejectReason.INSTRUMENT_ALREADY_DEFINED == ack.rejectReason())
        {
            outcome = "already defined (this cluster has run the demo before)";
        }
        else
        {
            outcome = "REFUSED: " + ack.rejectReason();
        }
        System.out.printf("  %-8s id %d  tick %d  lot %-4d %s%n", symbol, instrumentId, tickSize, lotSize, outcome);
        check(ack.isAccepted() || RejectReason.INSTRUMENT_ALREADY_DEFINED == ack.rejectReason(),
            symbol + " is defined");
    }

    private void connectTraders()
    {
        heading("traders connect");
        mm = connect("mm");
        alice = connect("alice");
        bob = connect("bob");
    }

    private ExchangeClient connect(final String username)
    {
        final ExchangeClient client = ExchangeClient.connect(context(username).listener(new Listener(username)));
        clients.add(client);
        accountNames.put(client.account(), username);
        return client;
    }

    private ExchangeClient.Context context(final String username)
    {
        return new ExchangeClient.Context()
            .username(username)
            .password(username + "-pass")
            .aeronDirectoryName(aeronDir)
            .embeddedMediaDriver(false);
    }

    private void cleanUp()
    {
        heading("each trader cancels whatever it left resting in an earlier run");
        for (final ExchangeClient client : clients)
        {
            send(client, client::massCancel);
        }
        settle();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The scenario
    // ---------------------------------------------------------------------------------------------------------------

    private void quote()
    {
        heading("mm quotes three levels a side: BTC-USD 29990/30010, ETH-USD 1999/2001");
        limit(mm, BTC, Side.BUY, 5, 29_990, TimeInForce.GTC);
        limit(mm, BTC, Side.BUY, 10, 29_985, TimeInForce.GTC);
        limit(mm, BTC, Side.BUY, 20, 29_980, TimeInForce.GTC);
        limit(mm, BTC, Side.SELL, 5, 30_010, TimeInForce.GTC);
        limit(mm, BTC, Side.SELL, 10, 30_015, TimeInForce.GTC);
        limit(mm, BTC, Side.SELL, 20, 30_020, TimeInForce.GTC);
        limit(mm, ETH, Side.BUY, 100, 1_999, TimeInForce.GTC);
        limit(mm, ETH, Side.BUY, 200, 1_998, TimeInForce.GTC);
        limit(mm, ETH, Side.BUY, 300, 1_997, TimeInForce.GTC);
        limit(mm, ETH, Side.SELL, 100, 2_001, TimeInForce.GTC);
        limit(mm, ETH, Side.SELL, 200, 2_002, TimeInForce.GTC);
        limit(mm, ETH, Side.SELL, 300, 2_003, TimeInForce.GTC);
        settle();
        check(12 == count(r -> ExecType.NEW == r.execType() && "mm".equals(name(r.account()))),
            "mm's 12 quotes are accepted");
        printBook(BTC);
        printBook(ETH);
    }

    private void aliceLiftsOffers()
    {
        heading("alice buys 8 BTC-USD at up to 30015 (aggressive limit, GTC): takes 5 @ 30010 and 3 @ 30015");
        final long order = limit(alice, BTC, Side.BUY, 8, 30_015, TimeInForce.GTC);
        settle();
        checkFill("alice", order, 5, 30_010, Liquidity.TAKER);
        checkFill("alice", order, 3, 30_015, Liquidity.TAKER);
        check(2 == count(r -> isFill(r) && "mm".equals(name(r.account())) && Liquidity.MAKER == r.liquidity()),
            "mm is the maker of both fills");
        check(1 == count(r -> isFill(r) && r.clientOrderId() == order && OrderStatus.FILLED == r.orderStatus()),
            "alice's order is filled");
        printBook(BTC);
    }

    private void passiveOrders()
    {
        heading("passive orders inside the spread: bob offers 4 @ 30005, alice bids 6 @ 29995");
        limit(bob, BTC, Side.SELL, 4, 30_005, TimeInForce.GTC);
        limit(alice, BTC, Side.BUY, 6, 29_995, TimeInForce.GTC);
        settle();
        check(0 == count(LocalExchangeDemo::isFill), "nothing trades");
        checkTop(BTC, 29_995, 6, 30_005, 4);
        printBook(BTC);
    }

    private void iocCrossBetweenAccounts()
    {
        heading("alice buys 6 @ 30005 IOC: 4 fill against bob's offer (two accounts, no self-trade), 2 cancelled");
        final long order = limit(alice, BTC, Side.BUY, 6, 30_005, TimeInForce.IOC);
        settle();
        checkFill("alice", order, 4, 30_005, Liquidity.TAKER);
        check(1 == count(r -> isFill(r) && "bob".equals(name(r.account())) && 4 == r.lastQuantity() &&
            Liquidity.MAKER == r.liquidity()), "bob sells 4 as the maker");
        check(1 == count(r -> r.clientOrderId() == order && ExecType.CANCELED == r.execType() &&
            CancelReason.IOC_REMAINDER == r.cancelReason() && 2 == r.quantity() - r.cumQuantity()),
            "the IOC remainder of 2 is cancelled");
        printBook(BTC);
    }

    private void replaceAndCancel()
    {
        heading("alice replaces her 29995 bid with 6 @ 30000; mm cancels its 29980 bid");
        final long aliceBid = books.orderIdAt("alice", BTC, Side.BUY, 29_995);
        final long mmBid = books.orderIdAt("mm", BTC, Side.BUY, 29_980);
        final long replaced = send(alice, () -> alice.replaceOrder(aliceBid, 6, 30_000));
        final long cancel = send(mm, () -> mm.cancelOrder(mmBid));
        settle();
        check(1 == count(r -> r.clientOrderId() == replaced && ExecType.REPLACED == r.execType() &&
            30_000 == r.price()), "alice's bid is replaced at 30000");
        check(1 == count(r -> r.clientOrderId() == cancel && ExecType.CANCELED == r.execType() &&
            mmBid == r.orderId()), "mm's 29980 bid is cancelled");
        checkTop(BTC, 30_000, 6, 30_015, 7);
        printBook(BTC);
    }

    private void marketOrder()
    {
        heading("bob sells 10 BTC-USD at market: 6 @ 30000 from alice, 4 @ 29990 from mm");
        final long order = send(bob, () -> bob.placeMarketOrder(BTC, Side.SELL, 10));
        settle();
        checkFill("bob", order, 6, 30_000, Liquidity.TAKER);
        checkFill("bob", order, 4, 29_990, Liquidity.TAKER);
        check(1 == count(r -> isFill(r) && "alice".equals(name(r.account())) && 6 == r.lastQuantity()),
            "alice's bid is filled as the maker");
        checkTop(BTC, 29_990, 1, 30_015, 7);
        printBook(BTC);
    }

    private void rejectedOrder()
    {
        heading("alice bids 1 @ 30001 (BTC-USD tick is 5) and 15 ETH-USD (lot is 10): both rejected");
        final long offTick = limit(alice, BTC, Side.BUY, 1, 30_001, TimeInForce.GTC);
        final long offLot = limit(alice, ETH, Side.BUY, 15, 1_990, TimeInForce.GTC);
        settle();
        check(1 == count(r -> r.clientOrderId() == offTick && ExecType.REJECTED == r.execType() &&
            RejectReason.PRICE_NOT_TICK_MULTIPLE == r.rejectReason()), "the off-tick order is rejected");
        check(1 == count(r -> r.clientOrderId() == offLot && ExecType.REJECTED == r.execType() &&
            RejectReason.QUANTITY_NOT_LOT_MULTIPLE == r.rejectReason()), "the off-lot order is rejected");
    }

    private void ethTrading()
    {
        heading("ETH-USD: bob sells 150 @ 1999 (100 fill against mm, 50 rest), alice buys 50 at market");
        final long bobOrder = limit(bob, ETH, Side.SELL, 150, 1_999, TimeInForce.GTC);
        settle();
        checkFill("bob", bobOrder, 100, 1_999, Liquidity.TAKER);
        checkTop(ETH, 1_998, 200, 1_999, 50);
        printBook(ETH);

        final long aliceOrder = send(alice, () -> alice.placeMarketOrder(ETH, Side.BUY, 50));
        settle();
        checkFill("alice", aliceOrder, 50, 1_999, Liquidity.TAKER);
        check(1 == count(r -> isFill(r) && r.clientOrderId() == bobOrder && OrderStatus.FILLED == r.orderStatus()),
            "bob's offer is filled");
        checkTop(ETH, 1_998, 200, 2_001, 100);
    }

    /**
     * Risk controls through the admin client. Independent of earlier runs against the same cluster: the limit is
     * set relative to bob's position as the cluster reports it, and everything set here is undone at the end.
     */
    private void riskControls()
    {
        heading("risk: the admin caps bob's short position, halts and resumes SOL-USD, and uses alice's kill switch");
        try (AdminClient admin = AdminClient.connect(context("admin")))
        {
            final long bobAccount = bob.account();
            final long bobShort = -admin.queryAccount(bobAccount, BTC).position(BTC)
                .map(AccountReport.Position::position).orElse(0L);
            final long maxShort = Math.max(0, bobShort) + 5;
            admin.setAccountLimits(AccountLimits.builder(bobAccount).maxShortPosition(maxShort).build());
            System.out.printf("  admin: bob is short %d BTC-USD; his max short position is now %d%n", bobShort,
                maxShort);
            final long capped = limit(bob, BTC, Side.SELL, 10, 31_000, TimeInForce.GTC);
            settle();
            check(1 == count(r -> r.clientOrderId() == capped && ExecType.REJECTED == r.execType() &&
                RejectReason.MAX_SHORT_POSITION_EXCEEDED == r.rejectReason()),
                "bob's offer of 10 is rejected MAX_SHORT_POSITION_EXCEEDED");
            admin.setAccountLimits(AccountLimits.builder(bobAccount).build());
            System.out.println("  admin: bob's limits are removed");

            admin.setTradingStatus(SOL, TradingStatus.HALTED);
            System.out.println("  admin: SOL-USD is HALTED");
            final long halted = limit(alice, SOL, Side.BUY, 100, 50, TimeInForce.GTC);
            settle();
            check(1 == count(r -> r.clientOrderId() == halted && ExecType.REJECTED == r.execType() &&
                RejectReason.INSTRUMENT_HALTED == r.rejectReason()),
                "alice's SOL-USD bid is rejected INSTRUMENT_HALTED");
            checkFeedStatus(TradingStatus.HALTED);
            admin.setTradingStatus(SOL, TradingStatus.OPEN);
            System.out.println("  admin: SOL-USD is OPEN again");
            final long resumed = limit(alice, SOL, Side.BUY, 100, 50, TimeInForce.GTC);
            final long ethBid = limit(alice, ETH, Side.BUY, 10, 1_000, TimeInForce.GTC);
            settle();
            check(1 == count(r -> r.clientOrderId() == resumed && ExecType.NEW == r.execType()) &&
                1 == count(r -> r.clientOrderId() == ethBid && ExecType.NEW == r.execType()),
                "alice's SOL-USD and ETH-USD bids are accepted");
            checkFeedStatus(TradingStatus.OPEN);

            final long aliceAccount = alice.account();
            admin.killSwitch(aliceAccount, true);
            System.out.println("  admin: alice's kill switch is ENGAGED");
            await(() -> 2 <= count(r -> "alice".equals(name(r.account())) && ExecType.CANCELED == r.execType() &&
                CancelReason.KILL_SWITCH == r.cancelReason()), "alice's orders cancelled by the kill switch");
            final long blocked = limit(alice, SOL, Side.BUY, 100, 50, TimeInForce.GTC);
            settle();
            check(2 == count(r -> "alice".equals(name(r.account())) && ExecType.CANCELED == r.execType() &&
                CancelReason.KILL_SWITCH == r.cancelReason()), "the kill switch cancels both of alice's bids");
            check(1 == count(r -> r.clientOrderId() == blocked && ExecType.REJECTED == r.execType() &&
                RejectReason.KILL_SWITCH_ACTIVE == r.rejectReason()),
                "alice's next bid is rejected KILL_SWITCH_ACTIVE");
            check(0 == admin.queryAccount(aliceAccount).openOrders(), "the admin sees alice with no open orders");

            admin.killSwitch(aliceAccount, false);
            System.out.println("  admin: alice's kill switch is RELEASED");
            final long released = limit(alice, SOL, Side.BUY, 100, 50, TimeInForce.GTC);
            settle();
            check(1 == count(r -> r.clientOrderId() == released && ExecType.NEW == r.execType()),
                "after the release alice's bid is accepted");
            final long cancel = send(alice, () -> alice.cancelOrder(orderIdOf(released)));
            settle();
            check(1 == count(r -> r.clientOrderId() == cancel && ExecType.CANCELED == r.execType()),
                "alice cancels it");
        }
    }

    private long orderIdOf(final long clientOrderId)
    {
        return stepReports.stream().filter(r -> r.clientOrderId() == clientOrderId && ExecType.NEW == r.execType())
            .mapToLong(ExecutionReport::orderId).findFirst().orElse(0);
    }

    private void checkFeedStatus(final TradingStatus expected)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (expected != marketData.tradingStatus(SOL) && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle(pollAll());
        }
        System.out.println("  SOL-USD trading status from the market-data feed: " + marketData.tradingStatus(SOL));
        check(expected == marketData.tradingStatus(SOL), "the market-data feed shows SOL-USD " + expected);
    }

    private int summary()
    {
        heading("final books (the clients' view)");
        for (final int instrumentId : symbols.keySet())
        {
            printBook(instrumentId);
        }

        System.out.println();
        System.out.println("net positions from this run's fills:");
        for (final Map.Entry<String, Long> position : positions.entrySet())
        {
            System.out.printf("  %-20s %+d%n", position.getKey(), position.getValue());
        }
        checkPosition("alice", BTC, 18);
        checkPosition("bob", BTC, -14);
        checkPosition("mm", BTC, -4);
        checkPosition("alice", ETH, 50);
        checkPosition("bob", ETH, -150);
        checkPosition("mm", ETH, 100);

        System.out.println();
        if (failures.isEmpty())
        {
            System.out.println("DEMO OK: all " + checkCount + " checks passed");
            return 0;
        }
        System.out.println("DEMO FAILED: " + failures.size() + " of " + checkCount + " checks failed:");
        for (final String failure : failures)
        {
            System.out.println("  - " + failure);
        }
        return 1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sending, waiting and checking
    // ---------------------------------------------------------------------------------------------------------------

    private long limit(
        final ExchangeClient client,
        final int instrumentId,
        final Side side,
        final long quantity,
        final long price,
        final TimeInForce timeInForce)
    {
        final long clientOrderId =
            send(client, () -> client.placeLimitOrder(instrumentId, side, quantity, price, timeInForce));
        sentOrders.put(client.account() + "/" + clientOrderId, side + " " + quantity + " @ " + price);
        return clientOrderId;
    }

    private long send(final ExchangeClient client, final Command command)
    {
        final long deadlineNs = System.nanoTime() + STEP_TIMEOUT_NS;
        while (true)
        {
            final long clientOrderId = command.send();
            if (clientOrderId > 0)
            {
                return clientOrderId;
            }
            if (ExchangeClient.CLOSED == clientOrderId)
            {
                throw new IllegalStateException("the client was closed");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the cluster did not take a command within 10 s (back-pressure)");
            }
            idle.idle(pollAll()); // back-pressured or too many pending: let the duty cycle run, then retry.
        }
    }

    private int pollAll()
    {
        int workCount = 0;
        for (final ExchangeClient client : clients)
        {
            workCount += client.poll();
        }
        if (null != marketData)
        {
            workCount += marketData.poll();
        }
        return workCount;
    }

    /**
     * Wait until every request is answered, then a little longer for the other side's reports (a maker's fill goes
     * to the maker's own session), then clear the reports collected for the next step.
     */
    private void settle()
    {
        await(() -> clients.stream().allMatch(c -> 0 == c.pendingCount()), "answers to every request");
        final long settleUntilNs = System.nanoTime() + SETTLE_NS;
        await(() -> System.nanoTime() - settleUntilNs > 0, "the other sides' reports");
        flushLines();
    }

    /**
     * Print what arrived in the order the cluster produced it: by command (cluster time), then the order's NEW,
     * its fills (taker, then maker, in trade order), then the rest. Each account's reports come on its own session,
     * so they arrive interleaved by whichever client is polled first.
     */
    private void flushLines()
    {
        lines.sort(Comparator.comparingLong((final Line line) -> line.timeNs)
            .thenComparingLong(line -> line.rank)
            .thenComparingLong(line -> line.sequence));
        for (final Line line : lines)
        {
            System.out.println(line.text);
        }
        lines.clear();
    }

    private void print(final long timeNs, final long rank, final String format, final Object... args)
    {
        lines.add(new Line(timeNs, rank, lines.size(), String.format(format, args)));
    }

    private void await(final BooleanSupplier condition, final String what)
    {
        final long deadlineNs = System.nanoTime() + STEP_TIMEOUT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no " + what + " within 10 s");
            }
            for (final ExchangeClient client : clients)
            {
                if (client.isClosed())
                {
                    throw new IllegalStateException("the client of " + name(client.account()) + " was closed");
                }
            }
            idle.idle(pollAll());
        }
    }

    private void heading(final String title)
    {
        stepReports.clear();
        System.out.println();
        System.out.println("== " + (++stepNumber) + ". " + title);
    }

    private long count(final Predicate<ExecutionReport> predicate)
    {
        return stepReports.stream().filter(predicate).count();
    }

    private static boolean isFill(final ExecutionReport report)
    {
        return ExecType.TRADE == report.execType();
    }

    private void check(final boolean condition, final String description)
    {
        checkCount++;
        if (!condition)
        {
            failures.add("step " + stepNumber + ": " + description);
            System.out.println("  CHECK FAILED: " + description);
        }
    }

    private void checkFill(
        final String account, final long clientOrderId, final long quantity, final long price,
        final Liquidity liquidity)
    {
        check(1 == count(r -> isFill(r) && r.clientOrderId() == clientOrderId && account.equals(name(r.account())) &&
            quantity == r.lastQuantity() && price == r.lastPrice() && liquidity == r.liquidity()),
            account + " fills " + quantity + " @ " + price + " as " + liquidity);
    }

    private void checkTop(
        final int instrumentId, final long bidPrice, final long bidQuantity, final long askPrice,
        final long askQuantity)
    {
        final String expected = bidQuantity + " @ " + bidPrice + " / " + askQuantity + " @ " + askPrice;
        final String actual = books.top(instrumentId);
        check(expected.equals(actual), symbols.get(instrumentId) + " top of book is " + expected + " (seen: " +
            actual + ")");
    }

    private void checkPosition(final String account, final int instrumentId, final long expected)
    {
        final long actual = positions.getOrDefault(account + " " + symbols.get(instrumentId), 0L);
        check(expected == actual, account + " is " + expected + " " + symbols.get(instrumentId) + " (seen: " +
            actual + ")");
    }

    private String name(final long account)
    {
        return accountNames.getOrDefault(account, "account " + account);
    }

    private void printBook(final int instrumentId)
    {
        System.out.print(books.render(instrumentId, symbols.get(instrumentId), BOOK_DEPTH));
        final String expected = books.top(instrumentId);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!expected.equals(marketDataTop(instrumentId)) && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle(pollAll());
        }
        final BookView book = marketData.book(instrumentId);
        System.out.printf("  %s from the market-data feed: %s, %d orders, sequence %d%n", symbols.get(instrumentId),
            marketDataTop(instrumentId), null == book ? 0 : book.orderCount(), marketData.lastSequence());
        check(expected.equals(marketDataTop(instrumentId)), symbols.get(instrumentId) +
            " top of book from market data equals the clients' view (" + expected + ")");
    }

    private String marketDataTop(final int instrumentId)
    {
        final BookView book = marketData.book(instrumentId);
        if (null == book)
        {
            return "no book";
        }
        final long bidQuantity = book.bestBidQuantity();
        final long askQuantity = book.bestAskQuantity();
        return (0 == bidQuantity ? "-" : bidQuantity + " @ " + book.bestBidPrice()) + " / " +
            (0 == askQuantity ? "-" : askQuantity + " @ " + book.bestAskPrice());
    }

    private void closeClients()
    {
        for (final ExchangeClient client : clients)
        {
            CloseHelper.quietClose(client);
        }
        clients.clear();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reports
    // ---------------------------------------------------------------------------------------------------------------

    private void onReport(final String username, final ExecutionReport report)
    {
        stepReports.add(report.copy());
        books.onExecutionReport(username, report);
        final String symbol = symbols.getOrDefault(report.instrumentId(), "#" + report.instrumentId());
        final String order = "order " + report.orderId() + " (clOrdId " + report.clientOrderId() + ")";
        final long timeNs = report.transactTimeNs();

        switch (report.execType())
        {
            case TRADE:
                positions.merge(username + " " + symbol,
                    Side.BUY == report.side() ? report.lastQuantity() : -report.lastQuantity(), Long::sum);
                print(timeNs, 1 + 2 * report.execId() + (Liquidity.MAKER == report.liquidity() ? 1 : 0),
                    "  %-6s FILL     %s %s %d @ %d  %s  leaves %d  %s", username, symbol, report.side(),
                    report.lastQuantity(), report.lastPrice(), report.liquidity(), report.leavesQuantity(), order);
                break;

            case NEW:
                print(timeNs, 0, "  %-6s NEW      %s %s %d %s %s  %s", username, symbol, report.side(),
                    report.quantity(), priceText(report), report.timeInForce(), order);
                break;

            case REPLACED:
                print(timeNs, Long.MAX_VALUE, "  %-6s REPLACED %s %s now %d @ %d  leaves %d  %s", username, symbol,
                    report.side(), report.quantity(), report.price(), report.leavesQuantity(), order);
                break;

            case CANCELED:
                print(timeNs, Long.MAX_VALUE, "  %-6s CANCELED %s %s %d %s (%s)  %s", username, symbol,
                    report.side(), report.quantity() - report.cumQuantity(), priceText(report),
                    report.cancelReason(), order);
                break;

            case REJECTED:
                print(timeNs, 0, "  %-6s REJECTED %s %s: %s  (clOrdId %d)", username, symbol,
                    sentOrders.getOrDefault(report.account() + "/" + report.clientOrderId(), "order"),
                    report.rejectReason(), report.clientOrderId());
                break;

            default:
                print(timeNs, Long.MAX_VALUE, "  %-6s %-8s %s %s %d %s  leaves %d  %s", username, report.execType(),
                    symbol, report.side(), report.quantity(), priceText(report), report.leavesQuantity(), order);
                break;
        }
    }

    private static String priceText(final ExecutionReport report)
    {
        return 0 == report.price() ? "at market" : "@ " + report.price();
    }

    @FunctionalInterface
    private interface Command
    {
        long send();
    }

    private static final class Line
    {
        final long timeNs;
        final long rank;
        final long sequence;
        final String text;

        Line(final long timeNs, final long rank, final long sequence, final String text)
        {
            this.timeNs = timeNs;
            this.rank = rank;
            this.sequence = sequence;
            this.text = text;
        }
    }

    private final class Listener implements ExecutionListener
    {
        private final String username;

        Listener(final String username)
        {
            this.username = username;
        }

        public void onExecutionReport(final ExecutionReport report)
        {
            onReport(username, report);
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
            print(transactTimeNs, Long.MAX_VALUE, "  %-6s CANCEL REJECT %s of order %d: %s", username, requestType,
                orderId, rejectReason);
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
            print(transactTimeNs, Long.MAX_VALUE, "  %-6s MASS CANCEL: %d orders cancelled%s", username,
                cancelledCount, RejectReason.NONE == rejectReason ? "" : " (" + rejectReason + ")");
        }

        public void onMessageReject(
            final int refSchemaId,
            final int refTemplateId,
            final long clientOrderId,
            final RejectReason rejectReason,
            final long transactTimeNs)
        {
            print(transactTimeNs, Long.MAX_VALUE, "  %-6s MESSAGE REJECT of template %d (clOrdId %d): %s",
                username, refTemplateId, clientOrderId, rejectReason);
        }

        public void onConnectionEvent(final ConnectionEvent event, final String message)
        {
            System.out.printf("  %-6s %s: %s%n", username, event, message);
        }
    }
}
