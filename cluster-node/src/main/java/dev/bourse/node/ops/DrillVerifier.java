package dev.bourse.node.ops;

import dev.bourse.client.marketdata.BookHash;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.schemas.orderentry.Side;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The end of a drill, once the load has stopped: wait for every answer, ask the cluster for the status of every
 * order still believed live (a failover can lose reports), compare the market-data subscriber's book with the
 * orders the cluster says are live, cancel every trader's orders and check that exactly the live ones were
 * cancelled, then wait for a checkpoint common to every member and compare their state hashes.
 * <p>
 * An acknowledged order is <em>lost</em> if the cluster does not know it (UNKNOWN_ORDER while its record must still
 * exist) or if it was live for the trader but not cancelled by its mass cancel; an order is <em>duplicated</em> if
 * one client order id was answered with two order ids, if the cluster reports an order of the account that no
 * request of the trader created, or if the mass cancel cancelled an order the trader knew as finished.
 */
final class DrillVerifier
{
    private static final long BOOK_TIMEOUT_MS = 20_000;

    private final Drill drill;
    private final Drill.Config config;
    private final DrillReport report;
    private final LoadGenerator load;
    private final MdWatcher md;

    DrillVerifier(final Drill drill)
    {
        this.drill = drill;
        this.config = drill.config();
        this.report = drill.report();
        this.load = drill.load();
        this.md = drill.md();
    }

    void verify() throws InterruptedException
    {
        if (!load.pollUntil(config.drainTimeoutMs, () -> 0 == load.pending()))
        {
            drill.timeline().add(System.nanoTime(), load.pending() + " request(s) still unanswered after " +
                config.drainTimeoutMs + " ms");
        }
        drill.phase("verify");
        for (final TraderSession session : load.sessions())
        {
            session.queueStatusOfLiveOrders();
        }
        load.pollUntil(config.drainTimeoutMs, () -> 0 == load.pending() && !statusQueued());
        long unanswered = 0;
        long sent = 0;
        long acknowledged = 0;
        long rejected = 0;
        long fills = 0;
        long reconciled = 0;
        for (final TraderSession session : load.sessions())
        {
            unanswered += session.unanswered();
            sent += session.sent();
            acknowledged += session.acknowledged();
            rejected += session.rejected();
            fills += session.fills();
            reconciled += session.reconciled();
        }
        report.ordersSent = sent;
        report.ordersAcknowledged = acknowledged;
        report.ordersRejected = rejected;
        report.ordersUnanswered = unanswered;
        report.fills = fills;
        report.reportsRecoveredByStatus = reconciled;
        report.resends = load.resendCount();
        report.duplicateAnswers = load.duplicateAnswerCount();
        report.longestIngressOutageMs = load.longestOutageNs() / 1_000_000;
        report.longestIngressOutageAtSeconds = 0 == load.longestOutageStartNs() ? -1 :
            drill.timeline().seconds(load.longestOutageStartNs());
        drill.timeline().add(System.nanoTime(), sent + " orders sent, " + acknowledged + " acknowledged, " +
            rejected + " rejected, " + unanswered + " unanswered; " + reconciled + " missed report(s) recovered");

        final List<TraderSession.Order> live = new ArrayList<>();
        long lost = 0;
        long unverified = 0;
        for (final TraderSession session : load.sessions())
        {
            for (final TraderSession.Order order : session.orders().values())
            {
                if (!order.isLive())
                {
                    continue;
                }
                if (order.unknownToCluster)
                {
                    if (session.isVerifiable(order))
                    {
                        lost++;
                        report.notes.add("lost: " + session.user() + " order " + order.orderId + " (clientOrderId " +
                            order.clientOrderId + ") is unknown to the cluster");
                    }
                    else
                    {
                        unverified++;
                    }
                }
                else
                {
                    live.add(order);
                }
            }
        }
        checkBook(live);
        final long[] massCheck = massCancelAndCompare(live);
        lost += massCheck[0];
        long duplicated = massCheck[1];
        for (final TraderSession session : load.sessions())
        {
            duplicated += session.conflicts() + session.unknownOrderIds().size();
            if (session.conflicts() > 0 || !session.unknownOrderIds().isEmpty())
            {
                report.notes.add("duplicated: " + session.user() + " saw " + session.conflicts() + " client " +
                    "order id(s) answered with two order ids and reports for unknown order ids " +
                    session.unknownOrderIds());
            }
        }
        report.ordersLost = lost;
        report.ordersDuplicated = duplicated;
        report.ordersUnverified = unverified;
        checkHashes();
        try
        {
            drill.awaitHealthy(10_000);
            report.clusterWholeAtEnd = true;
        }
        catch (final OpsException ex)
        {
            report.clusterWholeAtEnd = false;
        }
    }

    private boolean statusQueued()
    {
        for (final TraderSession session : load.sessions())
        {
            if (session.hasQueuedStatusRequests())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The subscriber's book of the drill instrument must become the one the live orders make.
     */
    private void checkBook(final List<TraderSession.Order> live) throws InterruptedException
    {
        if (null == md)
        {
            return;
        }
        report.marketDataChecked = true;
        md.stopPolling();
        final long expected = bookHash(live);
        report.mdExpectedBookHash = hex(expected);
        final MarketDataSubscriber subscriber = md.subscriber();
        final boolean matched = pollSubscriber(BOOK_TIMEOUT_MS,
            () -> subscriber.isLive() && subscriber.bookHash(config.instrumentId) == expected);
        report.mdBookMatches = matched;
        report.mdBookHash = hex(subscriber.bookHash(config.instrumentId));
        report.mdGaps = md.gaps();
        report.mdRecoveries = md.recoveries();
        report.mdDuplicates = subscriber.duplicateCount();
        report.mdEvents = md.events();
        report.mdLongestInterruptionMs = md.longestInterruptionNs() / 1_000_000;
        drill.timeline().add(System.nanoTime(), "market data: subscriber's book " + (matched ? "equals" :
            "DIFFERS FROM") + " the " + live.size() + " live orders (" + report.mdBookHash + " vs " +
            report.mdExpectedBookHash + "); sequence " + subscriber.lastSequence() + ", gaps " +
            md.gaps() + ", recoveries " + md.recoveries() + " since the warm-up");
        if (0 == md.events())
        {
            report.notes.add("the subscriber received no market data on " + drill.target().marketDataChannel() +
                " (is market data enabled on the nodes and the channel right?)");
        }
    }

    private boolean pollSubscriber(final long timeoutMs, final java.util.function.BooleanSupplier condition)
    {
        final MarketDataSubscriber subscriber = md.subscriber();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            if (0 == subscriber.poll() + load.pollAll())
            {
                LockSupport.parkNanos(200_000);
            }
        }
        return true;
    }

    /**
     * The book hash of the drill instrument the live orders make: bids best price first, then asks, each level in
     * time priority (order id order: the drill never replaces an order).
     */
    static long bookHash(final List<TraderSession.Order> live)
    {
        final List<TraderSession.Order> bids = new ArrayList<>();
        final List<TraderSession.Order> asks = new ArrayList<>();
        for (final TraderSession.Order order : live)
        {
            (Side.BUY == order.side ? bids : asks).add(order);
        }
        bids.sort(Comparator.comparingLong((TraderSession.Order o) -> -o.price).thenComparingLong(o -> o.orderId));
        asks.sort(Comparator.comparingLong((TraderSession.Order o) -> o.price).thenComparingLong(o -> o.orderId));
        long hash = BookHash.INITIAL;
        for (final TraderSession.Order order : bids)
        {
            hash = BookHash.update(hash, order.orderId, 1, order.price, order.leaves);
        }
        for (final TraderSession.Order order : asks)
        {
            hash = BookHash.update(hash, order.orderId, 2, order.price, order.leaves);
        }
        return hash;
    }

    /**
     * Mass cancel every trader's orders; compare what was cancelled with what was live.
     *
     * @return {lost, duplicated}.
     */
    private long[] massCancelAndCompare(final List<TraderSession.Order> live)
    {
        for (final TraderSession session : load.sessions())
        {
            if (session.massCancel() <= 0)
            {
                throw new OpsException("trader " + session.user() + " could not send its final mass cancel");
            }
        }
        if (!load.pollUntil(config.drainTimeoutMs, () -> Drill.allMassCancelsAnswered(load) && 0 == load.pending()))
        {
            throw new OpsException("the final mass cancels were not answered within " + config.drainTimeoutMs + " ms");
        }
        final LongHashSet liveIds = new LongHashSet();
        for (final TraderSession.Order order : live)
        {
            liveIds.add(order.orderId);
        }
        long lost = 0;
        long duplicated = 0;
        long cancelled = 0;
        for (final TraderSession session : load.sessions())
        {
            cancelled += Math.max(0, session.massCancelCount());
            final LongHashSet cancelledIds = session.massCancelledOrderIds();
            for (final TraderSession.Order order : live)
            {
                if (session.ordersById().get(order.orderId) == order && !cancelledIds.contains(order.orderId))
                {
                    lost++;
                    report.notes.add("lost: " + session.user() + " order " + order.orderId + " was live but the " +
                        "final mass cancel did not cancel it");
                }
            }
            for (final long orderId : cancelledIds)
            {
                if (!liveIds.contains(orderId))
                {
                    duplicated++;
                    report.notes.add("unexpected: the final mass cancel cancelled " + session.user() + " order " +
                        orderId + ", which the trader knew as finished or never placed");
                }
            }
            if (session.massCancelCount() != cancelledIds.size())
            {
                report.notes.add(session.user() + ": the mass cancel reported " + session.massCancelCount() +
                    " cancelled but " + cancelledIds.size() + " cancel report(s) arrived");
            }
        }
        report.liveAtEnd = live.size();
        report.massCancelled = cancelled;
        drill.timeline().add(System.nanoTime(), "final mass cancel: " + cancelled + " cancelled, " + live.size() +
            " expected live");
        if (null != md)
        {
            final MarketDataSubscriber subscriber = md.subscriber();
            report.mdBookEmptyAfterCancel = pollSubscriber(BOOK_TIMEOUT_MS,
                () -> subscriber.bookHash(config.instrumentId) == BookHash.INITIAL);
        }
        return new long[]{lost, duplicated};
    }

    /**
     * Wait for a checkpoint every member recorded after the final mass cancel and compare the hashes (the local
     * cluster's logs hold every checkpoint; a configured cluster's /status gives the last one).
     */
    private void checkHashes()
    {
        final ClusterTarget target = drill.target();
        final MemberState leader = Drill.leaderOf(target.quickStates());
        final long minPosition = null == leader ? 0 : Math.max(0, leader.commitPosition());
        final NodeLog.Agreement[] result = new NodeLog.Agreement[1];
        final long timeoutMs = target.checkpointIntervalMs() + 30_000;
        try
        {
            drill.waitFor("every member records a checkpoint at or after log position " + minPosition, timeoutMs,
                () ->
                {
                    result[0] = NodeLog.compare(histories(target), minPosition);
                    return !result[0].conflicts().isEmpty() || result[0].commonPosition() >= minPosition;
                });
        }
        catch (final OpsException ex)
        {
            report.notes.add(ex.getMessage());
        }
        final NodeLog.Agreement agreement = null == result[0] ? NodeLog.compare(histories(target), 0) : result[0];
        if (!agreement.conflicts().isEmpty())
        {
            report.hashesAgree = false;
            report.notes.addAll(agreement.conflicts());
        }
        else if (agreement.commonPosition() >= 0)
        {
            report.hashesAgree = true;
        }
        report.hashLogPosition = agreement.commonPosition();
        report.stateHash = agreement.commonHash();
        drill.timeline().add(System.nanoTime(), "state hashes: " + (Boolean.TRUE.equals(report.hashesAgree) ?
            "every member has " + agreement.commonHash() + " at log position " + agreement.commonPosition() :
            "NOT in agreement " + agreement.conflicts()));
    }

    private static Map<Integer, NavigableMap<Long, String>> histories(final ClusterTarget target)
    {
        final Map<Integer, NavigableMap<Long, String>> local = target.checkpointHistories();
        if (null != local)
        {
            return local;
        }
        final Map<Integer, NavigableMap<Long, String>> reported = new TreeMap<>();
        for (final ClusterTarget.Member member : target.members())
        {
            final MemberState state = target.httpState(member.id());
            final NavigableMap<Long, String> history = new TreeMap<>();
            if (state.hasCheckpoint())
            {
                history.put(state.checkpointLogPosition(), state.stateHash());
            }
            reported.put(member.id(), history);
        }
        return reported;
    }

    private static String hex(final long value)
    {
        return String.format("0x%016x", value);
    }
}
