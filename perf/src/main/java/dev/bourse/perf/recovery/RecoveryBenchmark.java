package dev.bourse.perf.recovery;

import dev.bourse.node.NodeConfig;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.ElectionState;
import io.aeron.cluster.RecordingLog;
import org.agrona.collections.Long2LongHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Recovery speed of a Bourse node, three node processes on this machine (shared threading, backoff idle):
 * <ol>
 * <li>(a) restart from a snapshot: a deep resting book is built through the cluster's ingress, a snapshot is taken
 * (control toggle, then every node's snapshot counter), a follower is stopped and started again; timed from its
 * process start to the snapshot loaded and to caught up with the leader, and checked against the others' state
 * hash;</li>
 * <li>(b) log replay: a mixed load is sent through a fresh cluster, a follower is restarted with no snapshot and
 * replays its whole log; commands per second from the service's start to the checkpoint where it stopped, and
 * the same log replayed into a fresh service in this process (the state machine alone);</li>
 * <li>(c) the engine snapshot of the same resting book written and loaded in process.</li>
 * </ol>
 * Results: a Markdown table on stdout and {@code results.md} / {@code results.json} under
 * {@code <out>/<timestamp>-recovery/}, with the nodes' logs.
 */
@Command(name = "RecoveryBenchmark", mixinStandardHelpOptions = true,
    description = "Restart-from-snapshot time, log replay speed and snapshot load time of Bourse nodes.")
public final class RecoveryBenchmark implements Callable<RecoveryResults>
{
    private static final long CLUSTER_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);
    private static final long RECOVERY_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(15);

    @Option(names = "--orders", description = "resting orders for the snapshot restart (default ${DEFAULT-VALUE})")
    long orders = 1_000_000;

    // Four million: a fresh node's JIT takes the first 2-3 s of any replay on two cores, so a log that replays in
    // about a second would measure the compiler more than the replay.
    @Option(names = "--replay-commands", description = "mixed commands in the log to replay " +
        "(default ${DEFAULT-VALUE})")
    long replayCommands = 4_000_000;

    @Option(names = "--instruments", description = "instruments (default ${DEFAULT-VALUE})")
    int instruments = 8;

    @Option(names = "--traders", description = "trader accounts, one client each (default ${DEFAULT-VALUE})")
    int traders = 8;

    @Option(names = "--levels", description = "price levels per side of the resting book (default ${DEFAULT-VALUE})")
    int levels = 1_000;

    @Option(names = "--window", description = "unanswered commands per client (default ${DEFAULT-VALUE})")
    int window = 512;

    @Option(names = "--max-live", description = "live orders per client in the mixed load (default ${DEFAULT-VALUE})")
    int maxLivePerClient = 2_000;

    @Option(names = "--checkpoint-interval-ms", description = "nodes' state-hash checkpoint period " +
        "(default ${DEFAULT-VALUE})")
    long checkpointIntervalMs = 5_000;

    @Option(names = "--node-heap", description = "-Xmx and -Xms of each node (default ${DEFAULT-VALUE})")
    String nodeHeap = "2g";

    @Option(names = "--restart-jvm-opts", description = "extra JVM options, space separated, for the node that " +
        "restarts (both parts), after the nodes' own (-Xmx, -Xms, -XX:+UseG1GC: another collector needs " +
        "-XX:-UseG1GC too), e.g. \"-XX:TieredStopAtLevel=1\"")
    String restartJvmOptions = "";

    @Option(names = "--snapshot-rounds", description = "in-process snapshot writes and loads (default " +
        "${DEFAULT-VALUE})")
    int snapshotRounds = 5;

    @Option(names = "--replay-rounds", description = "in-process replays (default ${DEFAULT-VALUE})")
    int replayRounds = 3;

    @Option(names = "--seed", description = "load seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--parts", split = ",", description = "which parts: restart, replay, snapshot-load " +
        "(default all)")
    List<String> parts = List.of("restart", "replay", "snapshot-load");

    @Option(names = "--profile", description = "attach async-profiler (collapsed stacks per thread) to the " +
        "restarted node of the replay part")
    boolean profile;

    @Spec
    CommandSpec spec;

    private String profileEvent = "itimer";

    @Option(names = "--profile-event", description = "the profiler's event: itimer (CPU) or wall (every thread, " +
        "running or not) (default: itimer)")
    void profileEvent(final String event)
    {
        if (!"itimer".equals(event) && !"wall".equals(event))
        {
            throw new ParameterException(spec.commandLine(), "--profile-event must be itimer or wall: " + event);
        }
        profileEvent = event;
    }

    @Option(names = "--smoke", description = "a few seconds per part: 20,000 orders, 50,000 replay commands, " +
        "small heaps, 1 s checkpoints")
    boolean smoke;

    @Option(names = "--out", description = "results root (default ${DEFAULT-VALUE})")
    Path out = Path.of("perf", "results");

    @Option(names = "--work-dir", description = "where the nodes keep their files (default: a temp directory)")
    Path workDir;

    @Option(names = "--keep-files", description = "keep the nodes' directories")
    boolean keepFiles;

    @Option(names = "--replay-log", description = "only replay, in process, the log of a stopped node kept with " +
        "--keep-files (its directory, holding cluster/ and archive/), --replay-rounds times; for profiling")
    Path replayLog;

    private PrintStream log = System.out;
    private Path resultsDir;
    private String commandLine = "";

    /**
     * Run from the command line; exits with 0 when every check passed.
     *
     * @param args options, {@code --help} lists them.
     */
    public static void main(final String[] args)
    {
        final CommandLine commandLine = new CommandLine(new RecoveryBenchmark());
        final int exitCode = commandLine.execute(args);
        if (0 == exitCode && null != commandLine.getExecutionResult())
        {
            final RecoveryResults results = commandLine.getExecutionResult();
            System.exit(allChecksPassed(results) ? 0 : 1);
        }
        System.exit(exitCode);
    }

    /**
     * Run as a class, e.g. from a suite or a test.
     *
     * @param args the same options as the command line.
     * @return the results (also saved under the results directory).
     * @throws Exception if the run fails.
     */
    public static RecoveryResults run(final String... args) throws Exception
    {
        final RecoveryBenchmark benchmark = new RecoveryBenchmark();
        new CommandLine(benchmark).parseArgs(args);
        benchmark.commandLine = String.join(" ", args);
        return benchmark.call();
    }

    /**
     * Whether every hash and checkpoint comparison of a run agreed.
     *
     * @param results a run's results.
     * @return true if nothing disagreed.
     */
    public static boolean allChecksPassed(final RecoveryResults results)
    {
        final boolean restartOk = null == results.restart() ||
            (results.restart().hashesAgree() && results.restart().snapshotHashVerified());
        final boolean replayOk = null == results.replay() ||
            (results.replay().hashesAgree() && results.replay().checkpointsAgree());
        return restartOk && replayOk;
    }

    /**
     * {@inheritDoc}
     */
    public RecoveryResults call() throws Exception
    {
        if (smoke)
        {
            orders = 20_000;
            replayCommands = 50_000;
            levels = 100;
            maxLivePerClient = 500;
            nodeHeap = "384m";
            checkpointIntervalMs = 1_000;
            snapshotRounds = Math.min(snapshotRounds, 2);
            replayRounds = Math.min(replayRounds, 2);
        }
        if (null != replayLog)
        {
            final ClusterLog clusterLog = ClusterLog.read(
                replayLog.resolve("cluster").toFile(), replayLog.resolve("archive").toFile());
            log.printf("log of %,d messages (%,d commands), %,d bytes%n", clusterLog.messages(),
                clusterLog.sessionMessages(), clusterLog.recordedBytes());
            inProcessReplays(clusterLog, 0, new Long2LongHashMap(Long.MIN_VALUE));
            return null;
        }
        final String startedAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        final String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC).format(Instant.now());
        resultsDir = out.resolve(stamp + "-recovery" + (smoke ? "-smoke" : ""));
        Files.createDirectories(resultsDir);
        final Path base = null == workDir ? Files.createTempDirectory("bourse-recovery-") :
            Files.createDirectories(workDir);
        if (commandLine.isEmpty())
        {
            commandLine = describeOptions();
        }
        log.printf("recovery benchmark: results in %s, node files in %s%n", resultsDir, base);

        RecoveryResults.SnapshotRestart restart = null;
        RecoveryResults.LogReplay replay = null;
        RecoveryResults.SnapshotLoad snapshotLoad = null;
        if (parts.contains("replay"))
        {
            replay = logReplay(base.resolve("replay"));
        }
        if (parts.contains("restart"))
        {
            restart = snapshotRestart(base.resolve("restart"));
        }
        if (parts.contains("snapshot-load"))
        {
            snapshotLoad = snapshotLoad();
        }
        if (!keepFiles && null == workDir)
        {
            org.agrona.IoUtil.delete(base.toFile(), true);
        }
        final RecoveryResults results = new RecoveryResults(startedAt, machine(), commandLine, restart, replay,
            snapshotLoad);
        results.save(resultsDir);
        log.println();
        log.println(results.toMarkdown());
        log.println("saved " + resultsDir.resolve("results.md") + " and results.json");
        return results;
    }

    // ------------------------------------------------------------------------------------------------ (a)

    private RecoveryResults.SnapshotRestart snapshotRestart(final Path dir) throws IOException
    {
        log.printf("%n(a) snapshot restart: %,d resting orders%n", orders);
        final BenchmarkCluster cluster = BenchmarkCluster.start(dir, traders, checkpointIntervalMs, nodeHeap);
        try
        {
            cluster.awaitLeader(CLUSTER_TIMEOUT_MS);
            final OrderLoad.Result build;
            try (OrderLoad load = OrderLoad.connect(cluster.ingressEndpoints(), traders, window, log))
            {
                load.defineInstruments(instruments);
                build = load.placeResting(orders, instruments, levels, seed);
            }
            log.printf("  built: %s%n", build);

            final int leader = cluster.leaderId();
            final int follower = cluster.followerId();
            final NodeCounters[] counters = new NodeCounters[BenchmarkCluster.SIZE];
            final long[] snapshotsBefore = new long[BenchmarkCluster.SIZE];
            for (int i = 0; i < BenchmarkCluster.SIZE; i++)
            {
                counters[i] = cluster.counters(i, CLUSTER_TIMEOUT_MS);
                snapshotsBefore[i] = counters[i].snapshotCount();
            }
            final long snapshotStartNs = System.nanoTime();
            BenchmarkCluster.await("the leader accepts the snapshot toggle", CLUSTER_TIMEOUT_MS,
                counters[leader]::requestSnapshot);
            BenchmarkCluster.await("every node takes the snapshot", RECOVERY_TIMEOUT_MS, () ->
            {
                for (int i = 0; i < BenchmarkCluster.SIZE; i++)
                {
                    if (counters[i].snapshotCount() <= snapshotsBefore[i])
                    {
                        return false;
                    }
                }
                return true;
            });
            final long snapshotTakeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - snapshotStartNs);
            log.printf("  snapshot taken in %,d ms; stopping follower %d%n", snapshotTakeMs, follower);

            cluster.stopNode(follower);
            final RecordingLog.Entry serviceSnapshot;
            final RecordingLog.Entry consensusSnapshot;
            try (RecordingLog recordingLog = new RecordingLog(cluster.clusterDir(follower), false))
            {
                serviceSnapshot = recordingLog.getLatestSnapshot(0);
                consensusSnapshot = recordingLog.getLatestSnapshot(ConsensusModule.Configuration.SERVICE_ID);
            }
            final ArchivedRecording.Summary serviceSize = ArchivedRecording.read(
                cluster.archiveDir(follower), serviceSnapshot.recordingId, (b, o, l, p) -> { });
            final ArchivedRecording.Summary consensusSize = ArchivedRecording.read(
                cluster.archiveDir(follower), consensusSnapshot.recordingId, (b, o, l, p) -> { });
            final long snapshotPosition = serviceSnapshot.logPosition;
            final long snapshotHash = checkpointHash(cluster.node(leader), snapshotPosition);

            // Let the leader move on (a checkpoint while the follower is down), so that it has log to catch up.
            final NodeProcess leaderNode = cluster.node(leader);
            final long stoppedNs = System.nanoTime();
            BenchmarkCluster.await("a leader checkpoint after the follower stopped", CLUSTER_TIMEOUT_MS, () ->
                null != leaderNode.lastCheckpoint() && leaderNode.lastCheckpoint().readNs() - stoppedNs > 0);
            final NodeProcess.Checkpoint target = leaderNode.lastCheckpoint();

            log.printf("  restarting follower %d from the snapshot at %,d; catch-up target %,d%n",
                follower, snapshotPosition, target.logPosition());
            final NodeProcess restarted = cluster.startNode(follower, restartOptions(false));
            final ElectionTimeline election =
                new ElectionTimeline(cluster.aeronDir(follower), restarted.pid(), restarted.startNs());
            awaitPolling("the restarted node loads the snapshot", election, () -> restarted.restoredNs() > 0 ||
                failIfEnded(restarted));
            awaitPolling("the restarted node catches up", election, () ->
                null != restarted.checkpointAtOrAfter(target.logPosition()) || failIfEnded(restarted));
            awaitPolling("the restarted node's election closes", election, () ->
                election.firstSeenNs(ElectionState.CLOSED) > 0 || failIfEnded(restarted));
            final NodeProcess.Checkpoint caughtUp = restarted.checkpointAtOrAfter(target.logPosition());
            final boolean hashesAgree = caughtUp.logPosition() == target.logPosition() &&
                caughtUp.stateHash() == target.stateHash() &&
                checkpointHash(cluster.node(3 - leader - follower), target.logPosition()) == target.stateHash();
            final boolean snapshotVerified = restarted.restoredStateHash() == snapshotHash;
            copyLogs(cluster, "restart");
            if (!keepFiles)
            {
                cluster.close();
                cluster.deleteFiles();
            }
            return new RecoveryResults.SnapshotRestart(
                orders,
                build.elapsedNs() / 1e9,
                build.commandsPerSecond(),
                snapshotTakeMs,
                snapshotPosition,
                serviceSize.messages(),
                serviceSize.recordedBytes(),
                serviceSize.fileBytes(),
                consensusSize.recordedBytes(),
                target.logPosition() - snapshotPosition,
                TimeUnit.NANOSECONDS.toMillis(restarted.restoredNs() - restarted.startNs()),
                TimeUnit.NANOSECONDS.toMillis(restarted.restoredCpuNs()),
                TimeUnit.NANOSECONDS.toMillis(caughtUp.readNs() - restarted.startNs()),
                TimeUnit.NANOSECONDS.toMillis(caughtUp.processCpuNs()),
                TimeUnit.NANOSECONDS.toMillis(election.firstSeenNs(ElectionState.CLOSED) - restarted.startNs()),
                target.logPosition(),
                Long.toHexString(target.stateHash()),
                snapshotVerified,
                hashesAgree);
        }
        finally
        {
            cluster.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ (b)

    private RecoveryResults.LogReplay logReplay(final Path dir) throws IOException
    {
        log.printf("%n(b) log replay: %,d mixed commands%n", replayCommands);
        final BenchmarkCluster cluster = BenchmarkCluster.start(dir, traders, checkpointIntervalMs, nodeHeap);
        try
        {
            cluster.awaitLeader(CLUSTER_TIMEOUT_MS);
            final OrderLoad.Result build;
            try (OrderLoad load = OrderLoad.connect(cluster.ingressEndpoints(), traders, window, log))
            {
                load.defineInstruments(instruments);
                build = load.mix(replayCommands, instruments, maxLivePerClient, seed);
            }
            log.printf("  sent: %s%n", build);

            final long closedNs = System.nanoTime();
            final long[] position = new long[1];
            BenchmarkCluster.await("every node records a checkpoint after the load", CLUSTER_TIMEOUT_MS, () ->
            {
                position[0] = -1;
                for (int i = 0; i < BenchmarkCluster.SIZE; i++)
                {
                    final NodeProcess.Checkpoint last = cluster.node(i).lastCheckpoint();
                    if (null == last || last.readNs() - closedNs < 0 ||
                        (position[0] >= 0 && position[0] != last.logPosition()))
                    {
                        return false;
                    }
                    position[0] = last.logPosition();
                }
                return true;
            });
            final int leader = cluster.leaderId();
            final int follower = cluster.followerId();
            final NodeProcess before = cluster.node(follower);
            cluster.stopNode(follower);
            final NodeProcess.Checkpoint target = before.lastCheckpoint();
            final Long2LongHashMap liveCheckpoints = new Long2LongHashMap(Long.MIN_VALUE);
            for (final NodeProcess.Checkpoint checkpoint : cluster.node(leader).checkpoints())
            {
                liveCheckpoints.put(checkpoint.logPosition(), checkpoint.stateHash());
            }
            for (final NodeProcess.Checkpoint checkpoint : before.checkpoints())
            {
                liveCheckpoints.put(checkpoint.logPosition(), checkpoint.stateHash());
            }

            final ClusterLog clusterLog = ClusterLog.read(cluster.clusterDir(follower), cluster.archiveDir(follower));
            final long commandsReplayed = clusterLog.sessionMessagesUpTo(target.logPosition());
            log.printf("  follower %d stopped: log of %,d messages (%,d commands, %,d timers), %,d bytes; " +
                "replay target %,d%n", follower, clusterLog.messages(), clusterLog.sessionMessages(),
                clusterLog.timerEvents(), clusterLog.recordedBytes(), target.logPosition());

            final NodeProcess restarted = cluster.startNode(follower, restartOptions(profile));
            final ElectionTimeline election =
                new ElectionTimeline(cluster.aeronDir(follower), restarted.pid(), restarted.startNs());
            awaitPolling("the restarted node replays its log", election, () ->
                null != restarted.checkpointAtOrAfter(target.logPosition()) || failIfEnded(restarted));
            final NodeProcess.Checkpoint replayed = restarted.checkpointAtOrAfter(target.logPosition());
            final long replayNs = replayed.readNs() - restarted.serviceStartNs();
            final SteadyReplay steady = steadyReplay(restarted, replayed, clusterLog, commandsReplayed);
            awaitPolling("the restarted node's election closes", election, () ->
                election.firstSeenNs(ElectionState.CLOSED) > 0 || failIfEnded(restarted));

            int compared = 0;
            boolean checkpointsAgree = replayed.logPosition() == target.logPosition();
            for (final NodeProcess.Checkpoint checkpoint : restarted.checkpoints())
            {
                if (liveCheckpoints.containsKey(checkpoint.logPosition()))
                {
                    compared++;
                    checkpointsAgree &= liveCheckpoints.get(checkpoint.logPosition()) == checkpoint.stateHash();
                }
            }
            final boolean hashesAgree = awaitCommonCheckpointAfter(cluster, System.nanoTime());
            copyLogs(cluster, "replay");
            cluster.close();

            final InProcessSummary inProcess = inProcessReplays(clusterLog, follower, liveCheckpoints);
            if (!keepFiles)
            {
                cluster.deleteFiles();
            }
            return new RecoveryResults.LogReplay(
                build.commands(),
                build.accepted(),
                build.fills(),
                build.cancels(),
                build.replaces(),
                build.cancelRejects(),
                build.commandsPerSecond(),
                clusterLog.messages(),
                clusterLog.recordedBytes(),
                commandsReplayed,
                target.logPosition(),
                TimeUnit.NANOSECONDS.toMillis(restarted.serviceStartNs() - restarted.startNs()),
                TimeUnit.NANOSECONDS.toMillis(replayNs),
                commandsReplayed * 1e9 / Math.max(1, replayNs),
                TimeUnit.NANOSECONDS.toMillis(replayed.processCpuNs() - restarted.serviceStartCpuNs()),
                steady.fromPosition(),
                steady.commands(),
                TimeUnit.NANOSECONDS.toMillis(steady.ns()),
                steady.commands() * 1e9 / Math.max(1, steady.ns()),
                TimeUnit.NANOSECONDS.toMillis(election.durationNs(ElectionState.FOLLOWER_REPLAY)),
                inProcess.elapsedMs(),
                inProcess.cpuMs(),
                inProcess.firstCommandsPerSecond(),
                inProcess.bestCommandsPerSecond(),
                inProcess.bestCommandsPerCpuSecond(),
                compared + inProcess.compared(),
                checkpointsAgree && inProcess.agree(),
                hashesAgree);
        }
        finally
        {
            cluster.close();
        }
    }

    private record SteadyReplay(long fromPosition, long commands, long ns)
    {
    }

    /**
     * The second half of a replay: from the first checkpoint the replaying node printed at or after half the target
     * position to the target, once its JIT has compiled the hot code.
     */
    private SteadyReplay steadyReplay(
        final NodeProcess restarted,
        final NodeProcess.Checkpoint replayed,
        final ClusterLog clusterLog,
        final long commandsReplayed)
    {
        NodeProcess.Checkpoint halfway = null;
        for (final NodeProcess.Checkpoint checkpoint : restarted.checkpoints())
        {
            log.printf("  replayed checkpoint at %,d: %,d commands, %,d ms after service start%n",
                checkpoint.logPosition(), clusterLog.sessionMessagesUpTo(checkpoint.logPosition()),
                TimeUnit.NANOSECONDS.toMillis(checkpoint.readNs() - restarted.serviceStartNs()));
            if (checkpoint.logPosition() >= replayed.logPosition() / 2 &&
                checkpoint.logPosition() < replayed.logPosition() &&
                (null == halfway || checkpoint.logPosition() < halfway.logPosition()))
            {
                halfway = checkpoint;
            }
        }
        if (null == halfway)
        {
            return new SteadyReplay(0, 0, 0);
        }
        return new SteadyReplay(halfway.logPosition(),
            commandsReplayed - clusterLog.sessionMessagesUpTo(halfway.logPosition()),
            replayed.readNs() - halfway.readNs());
    }

    private record InProcessSummary(
        long[] elapsedMs,
        long[] cpuMs,
        double firstCommandsPerSecond,
        double bestCommandsPerSecond,
        double bestCommandsPerCpuSecond,
        int compared,
        boolean agree)
    {
    }

    private InProcessSummary inProcessReplays(
        final ClusterLog clusterLog, final int memberId, final Long2LongHashMap liveCheckpoints)
    {
        log.printf("  in-process replay of the same log, %d rounds%n", replayRounds);
        final Properties nodeProperties = new Properties();
        nodeProperties.setProperty(NodeConfig.MEMBER_ID, Integer.toString(memberId));
        nodeProperties.setProperty(NodeConfig.CHECKPOINT_INTERVAL_MS, Long.toString(checkpointIntervalMs));
        final long[] inProcessMs = new long[replayRounds];
        final long[] inProcessCpuMs = new long[replayRounds];
        double first = 0;
        double best = 0;
        double bestCpu = 0;
        int compared = 0;
        boolean agree = true;
        for (int round = 0; round < replayRounds; round++)
        {
            final InProcessReplay.Result result = InProcessReplay.replay(clusterLog, nodeProperties);
            inProcessMs[round] = TimeUnit.NANOSECONDS.toMillis(result.elapsedNs());
            inProcessCpuMs[round] = TimeUnit.NANOSECONDS.toMillis(result.cpuNs());
            first = 0 == round ? result.commandsPerSecond() : first;
            best = Math.max(best, result.commandsPerSecond());
            bestCpu = Math.max(bestCpu, result.commandsPerCpuSecond());
            log.printf("    round %d: %,d commands in %,d ms (CPU %,d ms): %,.0f/s, %,.0f per CPU second, " +
                "%.2f bytes allocated per command; final state hash %x%n", round + 1, result.sessionMessages(),
                inProcessMs[round], inProcessCpuMs[round], result.commandsPerSecond(), result.commandsPerCpuSecond(),
                result.allocatedBytesPerCommand(), result.finalStateHash());
            for (final Long2LongHashMap.EntryIterator it = result.checkpoints().entrySet().iterator(); it.hasNext();)
            {
                it.next();
                if (liveCheckpoints.containsKey(it.getLongKey()))
                {
                    compared++;
                    agree &= liveCheckpoints.get(it.getLongKey()) == it.getLongValue();
                }
            }
        }
        return new InProcessSummary(inProcessMs, inProcessCpuMs, first, best, bestCpu, compared, agree);
    }

    // ------------------------------------------------------------------------------------------------ (c)

    private RecoveryResults.SnapshotLoad snapshotLoad()
    {
        log.printf("%n(c) engine snapshot in process: %,d orders, %d rounds%n", orders, snapshotRounds);
        final SnapshotLoadBenchmark.Result result = SnapshotLoadBenchmark.run(
            SnapshotLoadBenchmark.restingBook(orders, instruments, levels, traders, seed), snapshotRounds);
        final double[] writeMs = new double[snapshotRounds];
        final double[] loadMs = new double[snapshotRounds];
        for (int i = 0; i < snapshotRounds; i++)
        {
            writeMs[i] = result.writeNs()[i] / 1e6;
            loadMs[i] = result.loadNs()[i] / 1e6;
            log.printf("  round %d: write %,.1f ms (CPU %,.1f ms), load %,.1f ms (CPU %,.1f ms)%n", i + 1,
                writeMs[i], result.writeCpuNs()[i] / 1e6, loadMs[i], result.loadCpuNs()[i] / 1e6);
        }
        final long loadMedianNs = SnapshotLoadBenchmark.Result.median(result.loadNs());
        return new RecoveryResults.SnapshotLoad(
            result.orders(),
            result.bytes(),
            writeMs,
            loadMs,
            SnapshotLoadBenchmark.Result.median(result.writeNs()) / 1e6,
            loadMedianNs / 1e6,
            result.orders() * 1e9 / Math.max(1, loadMedianNs),
            SnapshotLoadBenchmark.Result.median(result.writeCpuNs()) / 1e6,
            SnapshotLoadBenchmark.Result.median(result.loadCpuNs()) / 1e6);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static long checkpointHash(final NodeProcess node, final long logPosition)
    {
        for (final NodeProcess.Checkpoint checkpoint : node.checkpoints())
        {
            if (checkpoint.logPosition() == logPosition)
            {
                return checkpoint.stateHash();
            }
        }
        throw new IllegalStateException("node " + node.memberId() + " recorded no checkpoint at " + logPosition);
    }

    private static boolean awaitCommonCheckpointAfter(final BenchmarkCluster cluster, final long sinceNs)
    {
        final boolean[] agree = new boolean[1];
        BenchmarkCluster.await("all nodes record a checkpoint at the same position", CLUSTER_TIMEOUT_MS, () ->
        {
            final NodeProcess.Checkpoint first = cluster.node(0).lastCheckpoint();
            if (null == first || first.readNs() - sinceNs < 0)
            {
                return false;
            }
            agree[0] = true;
            for (int i = 1; i < BenchmarkCluster.SIZE; i++)
            {
                final NodeProcess.Checkpoint other = cluster.node(i).checkpointAtOrAfter(first.logPosition());
                if (null == other)
                {
                    return false;
                }
                agree[0] &= other.logPosition() == first.logPosition() && other.stateHash() == first.stateHash();
            }
            return true;
        });
        return agree[0];
    }

    private static void awaitPolling(
        final String what, final ElectionTimeline election, final java.util.function.BooleanSupplier condition)
    {
        BenchmarkCluster.await(what, RECOVERY_TIMEOUT_MS, () ->
        {
            election.poll();
            return condition.getAsBoolean();
        });
    }

    private static boolean failIfEnded(final NodeProcess node)
    {
        if (!node.isAlive() && node.outputEnded())
        {
            throw new IllegalStateException("node " + node.memberId() + " exited; see " + node.logFile());
        }
        return false;
    }

    private List<String> restartOptions(final boolean withProfiler) throws IOException
    {
        final List<String> options = new ArrayList<>();
        for (final String option : restartJvmOptions.trim().split("\\s+"))
        {
            if (!option.isEmpty())
            {
                options.add(option);
            }
        }
        if (withProfiler)
        {
            options.addAll(profilerOptions());
        }
        return options;
    }

    private List<String> profilerOptions() throws IOException
    {
        final Path library = resultsDir.resolve("libasyncProfiler.so");
        try (InputStream in = RecoveryBenchmark.class.getResourceAsStream("/linux-x64/libasyncProfiler.so"))
        {
            if (null == in)
            {
                throw new IllegalStateException("async-profiler's linux-x64 library is not on the classpath");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        final Path output = resultsDir.resolve("replay-profile.collapsed");
        return List.of("-agentpath:" + library.toAbsolutePath() + "=start,event=" + profileEvent +
            ",interval=1ms,threads,file=" + output.toAbsolutePath());
    }

    private void copyLogs(final BenchmarkCluster cluster, final String part) throws IOException
    {
        for (int i = 0; i < BenchmarkCluster.SIZE; i++)
        {
            final Path nodeLog = cluster.node(i).logFile();
            if (Files.exists(nodeLog))
            {
                Files.copy(nodeLog, resultsDir.resolve(part + "-node-" + i + ".log"),
                    StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private String describeOptions()
    {
        final List<String> options = new ArrayList<>();
        if (smoke)
        {
            options.add("--smoke");
        }
        options.add("--orders=" + orders);
        options.add("--replay-commands=" + replayCommands);
        options.add("--instruments=" + instruments);
        options.add("--traders=" + traders);
        options.add("--levels=" + levels);
        options.add("--window=" + window);
        options.add("--checkpoint-interval-ms=" + checkpointIntervalMs);
        options.add("--node-heap=" + nodeHeap);
        options.add("--parts=" + String.join(",", parts));
        if (!restartJvmOptions.isBlank())
        {
            options.add("--restart-jvm-opts=\"" + restartJvmOptions.trim() + "\"");
        }
        return "RecoveryBenchmark " + String.join(" ", options);
    }

    private static String machine()
    {
        return Runtime.getRuntime().availableProcessors() + " processors, " + System.getProperty("java.vm.name") +
            " " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " +
            System.getProperty("os.version") + ", load average " +
            String.format(Locale.ROOT, "%.2f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) +
            " at the end";
    }

    File resultsDirectory()
    {
        return null == resultsDir ? null : resultsDir.toFile();
    }
}
