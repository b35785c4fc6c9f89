package dev.bourse.node;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.RecordingLog;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One cluster member in one process: embedded media driver, archive and consensus module
 * ({@link ClusteredMediaDriver}) and the service container running {@link ExchangeService}. Shared threading and
 * backoff (or sleeping) idle strategies by default, so three nodes and their clients share two cores without false
 * elections. Serves Prometheus metrics, health, readiness and status over HTTP ({@link NodeHttpServer}). Closes
 * cleanly on SIGTERM or SIGINT, or when the cluster terminates.
 * <p>
 * Usage: {@code BourseNode [config.properties]}; every {@code bourse.*} property can be overridden with -D.
 */
public final class BourseNode implements AutoCloseable
{
    /** SBE's system property for its field access order checks (see {@link #sbeAccessOrderChecksOffUnlessSet}). */
    public static final String SBE_ACCESS_ORDER_CHECKS = "sbe.enable.precedence.checks";

    private final NodeConfig config;
    private final ExchangeService service;
    private final ClusteredMediaDriver clusteredMediaDriver;
    private final ClusteredServiceContainer container;
    private final ClusterProbe probe;
    private final NodeMetrics metrics;
    private final NodeHttpServer http;

    private BourseNode(
        final NodeConfig config,
        final ExchangeService service,
        final ClusteredMediaDriver clusteredMediaDriver,
        final ClusteredServiceContainer container,
        final ClusterProbe probe,
        final NodeMetrics metrics,
        final NodeHttpServer http)
    {
        this.config = config;
        this.service = service;
        this.clusteredMediaDriver = clusteredMediaDriver;
        this.container = container;
        this.probe = probe;
        this.metrics = metrics;
        this.http = http;
    }

    /**
     * Start a node, waiting (up to {@code markFileWaitMs}) for the mark files of a crashed predecessor to go
     * stale: after a SIGKILL, Aeron refuses to start while the old process's mark files still look active.
     *
     * @param config         its configuration.
     * @param onTerminate    called when the cluster tells the node to terminate (may be null).
     * @param markFileWaitMs how long to keep retrying while a mark file looks active.
     * @return the running node.
     */
    public static BourseNode launchAfterCrash(
        final NodeConfig config, final Runnable onTerminate, final long markFileWaitMs)
    {
        final long deadline = System.currentTimeMillis() + markFileWaitMs;
        while (true)
        {
            try
            {
                return launch(config, onTerminate);
            }
            catch (final IllegalStateException ex)
            {
                if (null == ex.getMessage() || !ex.getMessage().contains("active mark file detected") ||
                    System.currentTimeMillis() > deadline)
                {
                    throw ex;
                }
                System.out.println("bourse node " + config.memberId() + ": " + ex.getMessage() +
                    "; waiting for the previous process's mark file to go stale");
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /**
     * Start a node.
     *
     * @param config      its configuration.
     * @param onTerminate called when the cluster tells the node to terminate (may be null).
     * @return the running node.
     */
    public static BourseNode launch(final NodeConfig config, final Runnable onTerminate)
    {
        return launch(config, onTerminate, null);
    }

    /**
     * Start a node running another {@link ClusteredService} in place of {@link ExchangeService}, with the same
     * driver, archive, consensus and idle settings: the hook for benchmark baselines (perf's echo service).
     * {@link #service()} and {@link #role()} then return null.
     *
     * @param config       its configuration.
     * @param onTerminate  called when the cluster tells the node to terminate (may be null).
     * @param otherService supplies the service to run, or null for {@link ExchangeService}.
     * @return the running node.
     */
    public static BourseNode launch(
        final NodeConfig config, final Runnable onTerminate, final Supplier<ClusteredService> otherService)
    {
        final long startNs = System.nanoTime();
        final int memberId = config.memberId();
        final String host = config.hosts().get(memberId);
        final File nodeDir = config.nodeDir().toFile();
        final String aeronDir = new File(nodeDir, "aeron").getAbsolutePath();
        final File clusterDir = new File(nodeDir, "cluster");
        final Supplier<IdleStrategy> idle = idleStrategy(config.idle(), config.idleMaxParkUs());
        final Runnable terminationHook = null == onTerminate ? () -> { } : onTerminate;
        final AccountsFile accounts = AccountsFile.load(config.accountsFile());

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            // Name resolution only: waking every 10 ms, not Aeron's 1 ms, saves ~1% of a core per node here.
            .asyncExecutorIdleStrategy(new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(10)))
            .socketRcvbufLength(config.socketRcvbufLength())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);

        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(new File(nodeDir, "archive"))
            .archiveId(memberId)
            .controlChannel("aeron:udp?endpoint=" + host + ":" + config.port(memberId, 4))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveClientContext(
                new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle);

        final AeronArchive.Context aeronArchiveContext = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);

        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(memberId)
            .clusterMembers(config.clusterMembers())
            .clusterDir(clusterDir)
            .aeronDirectoryName(aeronDir)
            .archiveContext(aeronArchiveContext.clone())
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=" + config.logTermLength())
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .clusterClock(new NanosecondClusterClock())
            .leaderHeartbeatTimeoutNs(config.leaderHeartbeatTimeoutNs())
            .leaderHeartbeatIntervalNs(config.leaderHeartbeatIntervalNs())
            .electionTimeoutNs(config.electionTimeoutNs())
            .sessionTimeoutNs(config.sessionTimeoutNs())
            .maxConcurrentSessions(config.maxSessions())
            .authenticatorSupplier(() -> new AccountsAuthenticator(accounts))
            .idleStrategySupplier(idle)
            .terminationHook(terminationHook);

        final ExchangeService service = null != otherService ? null :
            new ExchangeService(config.serviceConfig(), config.marketDataConfig(), memberId);
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(aeronArchiveContext.clone())
            .clusterDir(clusterDir)
            .clusteredService(null != otherService ? otherService.get() : service)
            .idleStrategySupplier(idle)
            .terminationHook(terminationHook);

        ClusteredMediaDriver clusteredMediaDriver = null;
        ClusteredServiceContainer container = null;
        ClusterProbe probe = null;
        NodeMetrics metrics = null;
        try
        {
            clusteredMediaDriver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            container = ClusteredServiceContainer.launch(serviceContext);
            if (null != service)
            {
                // Metrics and the HTTP endpoint describe ExchangeService; a benchmark baseline service runs without.
                probe = new ClusterProbe(memberId, startNs, clusteredMediaDriver.consensusModule().context(),
                    container.context(), clusteredMediaDriver.archive().context(),
                    clusteredMediaDriver.mediaDriver().context(), service);
                metrics = new NodeMetrics(probe);
            }
            final NodeHttpServer http = null != metrics && config.httpEnabled() ?
                NodeHttpServer.start(config.httpHost(), config.httpPort(), probe, metrics) : null;
            if (null != http)
            {
                System.out.println("bourse member " + memberId + " http port " + http.port());
            }
            return new BourseNode(config, service, clusteredMediaDriver, container, probe, metrics, http);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(probe, metrics, container, clusteredMediaDriver);
            throw ex;
        }
    }

    private static Supplier<IdleStrategy> idleStrategy(final String name, final long maxParkUs)
    {
        if ("sleep".equals(name))
        {
            return () -> new SleepingMillisIdleStrategy(1);
        }
        return () -> new BackoffIdleStrategy(
            10, 20, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MICROSECONDS.toNanos(maxParkUs));
    }

    /**
     * The exchange service of this node.
     *
     * @return the service.
     */
    public ExchangeService service()
    {
        return service;
    }

    /**
     * This node's role.
     *
     * @return the role, as the service last saw it.
     */
    public io.aeron.cluster.service.Cluster.Role role()
    {
        return null == service ? null : service.role();
    }

    /**
     * The port of this node's HTTP endpoint (metrics, health, readiness, status).
     *
     * @return the bound port, or -1 when the endpoint is disabled.
     */
    public int httpPort()
    {
        return null == http ? -1 : http.port();
    }

    NodeMetrics metrics()
    {
        return metrics;
    }

    ClusterProbe probe()
    {
        return probe;
    }

    /**
     * The configuration this node runs with.
     *
     * @return the configuration.
     */
    public NodeConfig config()
    {
        return config;
    }

    /**
     * @return the SO_RCVBUF this node's media driver asks for on its UDP sockets.
     */
    int driverSocketRcvbufLength()
    {
        return clusteredMediaDriver.mediaDriver().context().socketRcvbufLength();
    }

    /**
     * Stop the HTTP endpoint, then the service container, consensus module, archive and media driver (the metrics
     * read the driver's counters, so they stop first).
     */
    public void close()
    {
        CloseHelper.closeAll(http, probe, metrics, container, clusteredMediaDriver);
    }

    /**
     * SBE's generated codecs check the order in which fields are accessed whenever Agrona's bounds checks are on,
     * which is the default: a debugging aid that SBE's documentation expects in tests and not in production, where it
     * adds a check to every field of every message the service decodes and encodes. A node switches it off unless the
     * property is set (the build's test JVMs set it to true). Must run before any codec class is loaded.
     *
     * @param systemProperties the JVM's system properties.
     * @return the value in effect.
     */
    public static boolean sbeAccessOrderChecksOffUnlessSet(final Properties systemProperties)
    {
        if (null == systemProperties.getProperty(SBE_ACCESS_ORDER_CHECKS))
        {
            systemProperties.setProperty(SBE_ACCESS_ORDER_CHECKS, "false");
        }
        return Boolean.parseBoolean(systemProperties.getProperty(SBE_ACCESS_ORDER_CHECKS));
    }

    /**
     * Whether a node process should run its JIT warm-up: {@code bourse.warmup=always}, or {@code fresh} (the default)
     * and the node directory holds no cluster state yet. A node with state recovers it by loading a snapshot and
     * replaying the log, which compiles the order path on real commands; a warm-up would only delay its return.
     *
     * @param config the node's configuration.
     * @return whether to warm up.
     */
    static boolean warmUpWanted(final NodeConfig config)
    {
        switch (config.warmup())
        {
            case "always":
                return true;
            case "fresh":
                return !config.nodeDir().resolve("cluster").resolve(RecordingLog.RECORDING_LOG_FILE_NAME).toFile()
                    .exists();
            default:
                return false;
        }
    }

    /**
     * The JIT warm-up of a node process, if {@link #warmUpWanted(NodeConfig)}; logs what it did.
     *
     * @param config the node's configuration.
     */
    static void warmUp(final NodeConfig config)
    {
        if (!warmUpWanted(config))
        {
            System.out.println("bourse node " + config.memberId() + " JIT warm-up skipped (" + NodeConfig.WARMUP +
                "=" + config.warmup() + ("fresh".equals(config.warmup()) ? ", the node has cluster state" : "") +
                ")");
            return;
        }
        final JitWarmup.Result result = JitWarmup.run(config, config.warmupCommands(), JitWarmup.MAX_TIME_NS);
        System.out.println("bourse node " + config.memberId() + " JIT warm-up: " + result.commands() +
            " commands, " + result.reports() + " reports, " + result.fills() + " fills in " +
            TimeUnit.NANOSECONDS.toMillis(result.elapsedNs()) + " ms" +
            (0 == result.errors() ? "" : "; " + result.errors() + " service errors"));
    }

    /**
     * Run one node until SIGTERM/SIGINT or cluster termination. On a fresh node directory a JIT warm-up
     * ({@link JitWarmup}) runs first (see {@link #warmUpWanted(NodeConfig)}).
     *
     * @param args optional path of a properties file.
     */
    public static void main(final String[] args)
    {
        sbeAccessOrderChecksOffUnlessSet(System.getProperties());
        final String file = args.length > 0 ? args[0] : System.getProperty(NodeConfig.CONFIG_FILE);
        final NodeConfig config = NodeConfig.load(null == file ? null : Path.of(file));
        System.out.println("bourse node " + config.memberId() + " starting with:\n" + config.describe() +
            "\n  " + SBE_ACCESS_ORDER_CHECKS + "=" + System.getProperty(SBE_ACCESS_ORDER_CHECKS));
        if (config.usesDevelopmentSessionKey())
        {
            System.out.println("WARNING: " + NodeConfig.SESSION_KEY + " is the built-in development key; set a " +
                "secret key shared by all nodes for any real deployment");
        }
        warmUp(config);
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            BourseNode node = launchAfterCrash(config, barrier::signalAll, TimeUnit.SECONDS.toMillis(60)))
        {
            System.out.println("bourse node " + config.memberId() + " running; cluster members " +
                config.clusterMembers());
            barrier.await();
            System.out.println("bourse node " + config.memberId() + " shutting down");
        }
    }
}
