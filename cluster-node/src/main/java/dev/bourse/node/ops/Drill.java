package dev.bourse.node.ops;

import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.marketdata.MarketDataSubscriber;
import dev.bourse.schemas.orderentry.RejectReason;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A failover drill under load: check (or start) the cluster, start N trading clients sending open loop and a
 * market-data subscriber, warm up, inject the fault, keep the load a while, stop it, wait for every answer, then
 * verify that no acknowledged order was lost or duplicated, that the members' state hashes agree and that the
 * subscriber's book equals the cluster's, and write the report. The CLI's {@code drill} command wraps it; tests
 * call it directly.
 */
final class Drill
{
    /**
     * The faults a drill can inject.
     */
    enum Fault
    {
        KILL_LEADER("kill-leader"),
        KILL_FOLLOWER("kill-follower"),
        PAUSE_LEADER("pause-leader"),
        ROLLING_RESTART("rolling-restart"),
        SNAPSHOT_RESTART("snapshot-restart");

        private final String cliName;

        Fault(final String cliName)
        {
            this.cliName = cliName;
        }

        String cliName()
        {
            return cliName;
        }

        static Fault parse(final String name)
        {
            for (final Fault fault : values())
            {
                if (fault.cliName.equals(name))
                {
                    return fault;
                }
            }
            throw new IllegalArgumentException("unknown fault '" + name + "': one of kill-leader, kill-follower, " +
                "pause-leader, rolling-restart, snapshot-restart");
        }

        public String toString()
        {
            return cliName;
        }
    }

    /**
     * A user's credentials.
     *
     * @param user     user name.
     * @param password password.
     */
    record Credentials(String user, String password)
    {
        public String toString()
        {
            return user;
        }
    }

    /**
     * What to drill and how hard.
     */
    static final class Config
    {
        Fault fault = Fault.KILL_LEADER;
        long warmupMs = 5_000;
        long afterMs = 10_000;
        double ratePerSecond = 200;
        List<Credentials> traders = new ArrayList<>();
        Credentials admin = new Credentials("admin", "admin-pass");
        int instrumentId = 901;
        Path reportDir;
        long pauseMarginMs = 2_000;
        long downTimeMs = 2_000;
        long progressIntervalMs = 1_000;
        long seed = 42;
        long electionTimeoutMs = 60_000;
        long rejoinTimeoutMs = 120_000;
        long drainTimeoutMs = 30_000;
        boolean checkMarketData = true;
        PrintStream out = System.out;
    }

    /**
     * Time-stamped events of a drill, relative to its start.
     */
    static final class Timeline
    {
        private final long startNs;
        private final List<String> lines = new ArrayList<>();
        private final PrintStream out;

        Timeline(final long startNs, final PrintStream out)
        {
            this.startNs = startNs;
            this.out = out;
        }

        void add(final long nowNs, final String event)
        {
            final String line = String.format(Locale.ROOT, "%7.2f s  %s", seconds(nowNs), event);
            synchronized (lines)
            {
                lines.add(line);
            }
            out.println("  " + line);
        }

        double seconds(final long nowNs)
        {
            return (nowNs - startNs) / 1e9;
        }

        List<String> lines()
        {
            synchronized (lines)
            {
                return new ArrayList<>(lines);
            }
        }
    }

    private final ClusterTarget target;
    private final FaultActions actions;
    private final Config config;
    private final PrintStream out;
    private final DrillReport report = new DrillReport();
    private long startNs;
    private Timeline timeline;
    private String phase = "check";
    private long lastProgressNs;
    private LoadGenerator load;
    private MdWatcher md;

    Drill(final ClusterTarget target, final FaultActions actions, final Config config)
    {
        this.target = target;
        this.actions = actions;
        this.config = config;
        this.out = config.out;
    }

    /**
     * Run the drill: every phase, the verification and the report files (if a report directory is set).
     *
     * @return the report, judged.
     * @throws InterruptedException if interrupted.
     */
    DrillReport run() throws InterruptedException
    {
        if (config.traders.isEmpty())
        {
            throw new IllegalArgumentException("a drill needs at least one trader");
        }
        startNs = System.nanoTime();
        timeline = new Timeline(startNs, out);
        report.fault = config.fault.cliName();
        report.cluster = target.describe();
        report.startedAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        report.ratePerSecond = config.ratePerSecond;
        report.traders = config.traders.size();
        report.warmupMs = config.warmupMs;
        report.afterMs = config.afterMs;
        out.println("drill " + config.fault + " on the " + target.describe() + ": " + config.traders.size() +
            " trader(s) at " + config.ratePerSecond + " orders/s");
        MediaDriver driver = null;
        try
        {
            phase("check");
            final MemberState leader = awaitHealthy(config.electionTimeoutMs);
            timeline.add(System.nanoTime(), "cluster healthy: leader member " + leader.memberId() + " (term " +
                leader.leadershipTermId() + ")");
            phase("setup");
            driver = launchDriver();
            setUp(driver.aeronDirectoryName());
            phase("warmup");
            load.start();
            if (null != md)
            {
                md.startMeasuring();
            }
            hold(config.warmupMs);
            phase("fault");
            try
            {
                new DrillFaults(this).inject(config.fault);
            }
            catch (final OpsException ex)
            {
                report.aborted = "the fault phase did not complete: " + ex.getMessage();
                timeline.add(System.nanoTime(), "ABORTED: " + ex.getMessage());
            }
            if (null == report.aborted)
            {
                timeline.add(System.nanoTime(), "querying the status of every live order (reports lost in the fault)");
                load.reconcile();
                phase("after");
                hold(config.afterMs);
            }
            phase("drain");
            load.stop();
            if (null != md)
            {
                md.stopMeasuring();
            }
            if (null == report.aborted)
            {
                new DrillVerifier(this).verify();
            }
            else
            {
                report.ordersSent = load.sent();
                report.longestIngressOutageMs = load.longestOutageNs() / 1_000_000;
            }
        }
        finally
        {
            if (null != load)
            {
                load.close();
            }
            CloseHelper.quietClose(md);
            CloseHelper.quietClose(driver);
        }
        report.durationSeconds = timeline.seconds(System.nanoTime());
        report.timeline.addAll(timeline.lines());
        report.judge();
        if (!report.passed())
        {
            report.logTails.addAll(logTails());
        }
        if (null != config.reportDir)
        {
            try
            {
                final Path file = report.write(config.reportDir);
                report.notes.add("report written to " + file + " (and .json)");
            }
            catch (final IOException ex)
            {
                throw new OpsException("cannot write the report to " + config.reportDir + ": " + ex.getMessage(), ex);
            }
        }
        return report;
    }

    private MediaDriver launchDriver()
    {
        final Path dir;
        try
        {
            dir = Files.createTempDirectory("bourse-drill-aeron-");
        }
        catch (final IOException ex)
        {
            throw new OpsException("cannot create a media driver directory: " + ex.getMessage(), ex);
        }
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(10),
                TimeUnit.MILLISECONDS.toNanos(1)))
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    private ExchangeClient.Context clientContext(final String aeronDir, final Credentials credentials)
    {
        final ExchangeClient.Context context = new ExchangeClient.Context()
            .ingressEndpoints(target.ingressEndpoints())
            .aeronDirectoryName(aeronDir)
            .embeddedMediaDriver(false)
            .username(credentials.user())
            .password(credentials.password());
        if (null != target.egressChannel())
        {
            context.egressChannel(target.egressChannel());
        }
        return context;
    }

    private void setUp(final String aeronDir)
    {
        try (AdminClient admin = AdminClient.connect(clientContext(aeronDir, config.admin)))
        {
            final AdminClient.Ack ack =
                admin.defineInstrument(config.instrumentId, 1, 1, "DRILL" + config.instrumentId);
            if (!ack.isAccepted() && RejectReason.INSTRUMENT_ALREADY_DEFINED != ack.rejectReason())
            {
                throw new OpsException("defining drill instrument " + config.instrumentId + " was refused: " +
                    ack.rejectReason());
            }
            timeline.add(System.nanoTime(), "instrument " + config.instrumentId + " " +
                (ack.isAccepted() ? "defined" : "was defined already"));
        }
        if (config.checkMarketData)
        {
            md = new MdWatcher(new MarketDataSubscriber.Context()
                .channel(target.marketDataChannel())
                .incrementalStreamId(target.marketDataStreamId())
                .snapshotStreamId(target.marketDataSnapshotStreamId())
                .aeronDirectoryName(aeronDir)
                .embeddedMediaDriver(false)
                .instrumentIds(config.instrumentId), timeline);
        }
        load = new LoadGenerator(config.ratePerSecond, timeline);
        for (int i = 0; i < config.traders.size(); i++)
        {
            final Credentials trader = config.traders.get(i);
            final TraderSession session = load.addSession(trader.user(), config.instrumentId, config.seed + i);
            session.client(ExchangeClient.connect(clientContext(aeronDir, trader).listener(session)));
        }
        // Orders left by an earlier drill would be in the book: cancel them first.
        for (final TraderSession session : load.sessions())
        {
            if (session.massCancel() <= 0)
            {
                throw new OpsException("trader " + session.user() + " could not send its first mass cancel");
            }
        }
        if (!load.pollUntil(config.drainTimeoutMs, () -> allMassCancelsAnswered(load)))
        {
            throw new OpsException("the traders' first mass cancels were not answered within " +
                config.drainTimeoutMs + " ms");
        }
        long leftovers = 0;
        for (final TraderSession session : load.sessions())
        {
            leftovers += session.massCancelCount();
            session.forgetSetup();
        }
        if (leftovers > 0)
        {
            timeline.add(System.nanoTime(), "cancelled " + leftovers + " order(s) left in instrument " +
                config.instrumentId + " by an earlier run");
        }
        timeline.add(System.nanoTime(), config.traders.size() + " trader(s) connected " + config.traders +
            (null == md ? "" : "; market-data subscriber on " + target.marketDataChannel()));
    }

    private List<String> logTails()
    {
        final List<String> tails = new ArrayList<>();
        if (!target.isLocal())
        {
            return tails;
        }
        for (final ClusterTarget.Member member : target.members())
        {
            tails.add("---- member " + member.id() + ": " + target.local().logFile(member.id()));
            try
            {
                final List<String> lines = Files.readAllLines(target.local().logFile(member.id()));
                tails.addAll(lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            }
            catch (final IOException ex)
            {
                tails.add("(cannot read: " + ex.getMessage() + ")");
            }
        }
        return tails;
    }

    static boolean allMassCancelsAnswered(final LoadGenerator load)
    {
        for (final TraderSession session : load.sessions())
        {
            if (session.massCancelCount() == -1)
            {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ for the parts

    ClusterTarget target()
    {
        return target;
    }

    FaultActions actions()
    {
        return actions;
    }

    Config config()
    {
        return config;
    }

    DrillReport report()
    {
        return report;
    }

    Timeline timeline()
    {
        return timeline;
    }

    LoadGenerator load()
    {
        return load;
    }

    MdWatcher md()
    {
        return md;
    }

    void phase(final String name)
    {
        phase = name;
        timeline.add(System.nanoTime(), "phase: " + name);
        lastProgressNs = System.nanoTime();
    }

    /**
     * The leader among the members' states now (the highest term if several claim it), or null.
     *
     * @param states the states.
     * @return the leader's state.
     */
    static MemberState leaderOf(final List<MemberState> states)
    {
        MemberState leader = null;
        for (final MemberState state : states)
        {
            if (state.isLeader() && (null == leader || state.leadershipTermId() > leader.leadershipTermId()))
            {
                leader = state;
            }
        }
        return leader;
    }

    /**
     * Wait until every member is up and one leads.
     *
     * @param timeoutMs how long.
     * @return the leader.
     */
    MemberState awaitHealthy(final long timeoutMs)
    {
        final MemberState[] leader = new MemberState[1];
        waitFor("every member is up and one is the leader", timeoutMs, () ->
        {
            final List<MemberState> states = target.quickStates();
            for (final MemberState state : states)
            {
                if (!state.reachable())
                {
                    return false;
                }
            }
            leader[0] = leaderOf(states);
            return null != leader[0];
        });
        return leader[0];
    }

    /**
     * Wait for a condition, printing a progress line every progress interval.
     *
     * @param what      what we wait for (for the timeout message).
     * @param timeoutMs how long.
     * @param condition the condition.
     */
    void waitFor(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        waitFor(() -> what, timeoutMs, condition);
    }

    /**
     * Wait for a condition, printing a progress line every progress interval.
     *
     * @param what      what we wait for, evaluated for the timeout message (so it can say what was last seen).
     * @param timeoutMs how long.
     * @param condition the condition.
     */
    void waitFor(final java.util.function.Supplier<String> what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new OpsException("timed out after " + Durations.seconds(timeoutMs) + " waiting until " +
                    what.get());
            }
            progress();
            Waits.pause();
        }
        progress();
    }

    /**
     * Keep going (the load runs) for a while, printing progress.
     *
     * @param millis how long.
     */
    void hold(final long millis)
    {
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        waitFor("time passes", millis + 60_000, () -> System.nanoTime() - until >= 0);
    }

    /**
     * Members in brief: id, role letter and term, e.g. "0:L3 1:F3 2:down".
     *
     * @param states the states.
     * @return the text.
     */
    static String describe(final List<MemberState> states)
    {
        final StringBuilder text = new StringBuilder();
        for (final MemberState state : states)
        {
            text.append(text.length() > 0 ? " " : "").append(state.memberId()).append(':');
            if (!state.reachable())
            {
                text.append(state.role().toLowerCase(Locale.ROOT));
            }
            else
            {
                text.append(state.role().charAt(0)).append(state.leadershipTermId() < 0 ? "" :
                    Long.toString(state.leadershipTermId()));
            }
        }
        return text.toString();
    }

    private void progress()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastProgressNs < TimeUnit.MILLISECONDS.toNanos(config.progressIntervalMs))
        {
            return;
        }
        lastProgressNs = nowNs;
        final List<MemberState> states = target.quickStates();
        final MemberState leader = leaderOf(states);
        final StringBuilder line = new StringBuilder(
            String.format(Locale.ROOT, "[%6.1f s] %-8s", timeline.seconds(nowNs), phase));
        if (null != load)
        {
            line.append(String.format(Locale.ROOT, " sent %6d  acked %6d  pending %5d", load.sent(),
                load.acknowledged(), load.pending()));
        }
        line.append("  leader ").append(null == leader ? "none" :
            leader.memberId() + " (term " + leader.leadershipTermId() + ")");
        line.append("  members ").append(describe(states));
        if (null != md)
        {
            line.append("  md seq ").append(md.lastSequence()).append(" recoveries ").append(md.recoveries());
        }
        out.println(line);
    }
}
