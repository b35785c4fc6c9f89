package dev.bourse.perf.e2e;

import dev.bourse.node.NodeConfig;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A three-node cluster for benchmarks: three node JVMs ({@code BourseNode}, or {@link EchoNode} for the echo
 * baseline) on 127.0.0.1 with identical settings (shared threading and backoff idle strategies, as the node
 * defaults), a free port range of its own, a market-data multicast group on a port of its own (interface
 * 127.0.0.1), node data in a temporary directory (on /dev/shm when there is one) and node logs in the run
 * directory. {@link #start} waits for a leader; {@link #close} stops every node (SIGTERM, then SIGKILL after a
 * bound) and deletes the data. A shutdown hook closes it too, if the JVM exits first.
 */
public final class BenchCluster implements AutoCloseable
{
    /** Number of members. */
    public static final int MEMBERS = 3;
    private static final String LEADER_LINE = " is now LEADER";
    private static final int FIRST_PORT_BASE = 25_250;
    private static final int PORT_BASE_STEP = 500;
    private static final int PORT_BASES = 14;
    private static final int MD_PORT_OFFSET = 290;
    private static final long STOP_TIMEOUT_MS = 20_000;

    private final Target target;
    private final Path logDir;
    private final Path dataDir;
    private final int portBase;
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook;
    private int leaderMemberId = -1;
    private boolean closed;

    private BenchCluster(final Target target, final Path logDir, final Path dataDir, final int portBase)
    {
        this.target = target;
        this.logDir = logDir;
        this.dataDir = dataDir;
        this.portBase = portBase;
        this.shutdownHook = new Thread(this::closeQuietly, "bench-cluster-shutdown");
    }

    /**
     * Start three nodes and wait for a leader.
     *
     * @param target        exchange or echo.
     * @param logDir        where the node logs go (created).
     * @param accountsFile  users allowed to log in.
     * @param jvmOptions    extra JVM options for every node (e.g. a profiler agent), may be empty.
     * @param startTimeoutMs how long to wait for a leader.
     * @return the running cluster.
     */
    public static BenchCluster start(
        final Target target,
        final Path logDir,
        final Path accountsFile,
        final List<String> jvmOptions,
        final long startTimeoutMs)
    {
        final BenchCluster cluster;
        try
        {
            Files.createDirectories(logDir);
            final Path shm = Path.of("/dev/shm");
            final Path dataDir = Files.isDirectory(shm) && Files.isWritable(shm) ?
                Files.createTempDirectory(shm, "bourse-perf-") : Files.createTempDirectory("bourse-perf-");
            cluster = new BenchCluster(target, logDir, dataDir, freePortBase());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try
        {
            for (int i = 0; i < MEMBERS; i++)
            {
                cluster.startNode(i, accountsFile, jvmOptions);
            }
            cluster.awaitLeader(startTimeoutMs);
            return cluster;
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
    }

    private void startNode(final int memberId, final Path accountsFile, final List<String> jvmOptions)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-Xms256m");
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        // As deploy/'s production settings: a pre-touched heap (the first young collection of an untouched heap
        // page-faulted its way through survivor and old space: 118 ms on a Bourse leader at 2,000/s, against 14 ms
        // pre-touched), and no periodic "Cleanup" safepoint every second (each stopped every thread of the node for
        // 2-9 ms on this shared machine, mostly waiting for descheduled threads to reach it).
        command.add("-XX:+AlwaysPreTouch");
        command.add("-XX:+UnlockDiagnosticVMOptions");
        command.add("-XX:GuaranteedSafepointInterval=300000");
        command.addAll(jvmOptions);
        for (final Map.Entry<String, String> property : nodeProperties(memberId, accountsFile).entrySet())
        {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(target.mainClass());
        try
        {
            final File log = logFile(memberId).toFile();
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log)).start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start node " + memberId, ex);
        }
    }

    /**
     * The properties every node gets: identical for both targets except the member id.
     */
    private Map<String, String> nodeProperties(final int memberId, final Path accountsFile)
    {
        final Map<String, String> properties = new TreeMap<>();
        properties.put(NodeConfig.MEMBER_ID, Integer.toString(memberId));
        properties.put(NodeConfig.HOSTS, "127.0.0.1,127.0.0.1,127.0.0.1");
        properties.put(NodeConfig.PORT_BASE, Integer.toString(portBase));
        properties.put(NodeConfig.DIR, dataDir.toString());
        properties.put(NodeConfig.ACCOUNTS_FILE, accountsFile.toAbsolutePath().toString());
        properties.put(NodeConfig.IDLE, "backoff");
        properties.put(NodeConfig.MAX_SESSIONS, "1000");
        properties.put(NodeConfig.LOG_TERM_LENGTH, "16m");
        properties.put(NodeConfig.MD_CHANNEL, mdChannel());
        // The node's HTTP endpoint (metrics), where the build has one: off, so that no scraper thread runs.
        properties.put("bourse.http.enabled", "false");
        return properties;
    }

    private Path logFile(final int memberId)
    {
        return logDir.resolve(target.label() + "-node-" + memberId + ".log");
    }

    private void awaitLeader(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            for (int i = 0; i < MEMBERS; i++)
            {
                if (!processes.get(i).isAlive())
                {
                    throw new IllegalStateException(target.label() + " node " + i + " exited with " +
                        processes.get(i).exitValue() + " while starting; log " + logFile(i) + ":\n" + tail(i));
                }
            }
            final int leader = loggedLeader();
            if (leader >= 0)
            {
                leaderMemberId = leader;
                return;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no " + target.label() + " leader within " + timeoutMs +
                    " ms; logs in " + logDir);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * The member whose log last announced it became leader, among the live ones; -1 if none.
     */
    private int loggedLeader()
    {
        int leader = -1;
        long latest = -1;
        for (int i = 0; i < MEMBERS; i++)
        {
            if (processes.get(i).isAlive())
            {
                final String text = readLog(i);
                final int at = text.lastIndexOf(LEADER_LINE);
                if (at >= 0 && text.lastIndexOf(" is now ") == at && logFile(i).toFile().lastModified() > latest)
                {
                    leader = i;
                    latest = logFile(i).toFile().lastModified();
                }
            }
        }
        return leader;
    }

    private String readLog(final int memberId)
    {
        try
        {
            return Files.readString(logFile(memberId), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private String tail(final int memberId)
    {
        final String text = readLog(memberId);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static int freePortBase()
    {
        final int first = ThreadLocalRandom.current().nextInt(PORT_BASES);
        for (int i = 0; i < PORT_BASES; i++)
        {
            final int base = FIRST_PORT_BASE + PORT_BASE_STEP * ((first + i) % PORT_BASES);
            if (portsFree(base))
            {
                return base;
            }
        }
        throw new IllegalStateException("no free port range for a benchmark cluster from " + FIRST_PORT_BASE);
    }

    private static boolean portsFree(final int base)
    {
        try
        {
            final InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (int member = 0; member < MEMBERS; member++)
            {
                for (int offset = 0; offset <= 5; offset++)
                {
                    final int port = base + 100 * member + offset;
                    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port));
                        ServerSocket tcp = new ServerSocket(port, 1, loopback))
                    {
                        udp.getLocalPort();
                        tcp.getLocalPort();
                    }
                }
            }
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @return what runs in this cluster.
     */
    public Target target()
    {
        return target;
    }

    /**
     * @return the ingress endpoints for clients: 0=127.0.0.1:port,...
     */
    public String ingressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++)
        {
            endpoints.append(i > 0 ? "," : "").append(i).append("=127.0.0.1:").append(portBase + 100 * i);
        }
        return endpoints.toString();
    }

    /**
     * @return this cluster's market-data multicast channel (its own port, loopback interface).
     */
    public String mdChannel()
    {
        return "aeron:udp?endpoint=224.0.1.1:" + (portBase + MD_PORT_OFFSET) + "|interface=127.0.0.1|ttl=0";
    }

    /**
     * @return the leader when the cluster had started.
     */
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    /**
     * @return the first port of member 0.
     */
    public int portBase()
    {
        return portBase;
    }

    /**
     * @return the CPU time the node processes have used so far, or -1 if the platform does not tell.
     */
    public long cpuTimeNs()
    {
        long total = 0;
        for (final Process process : processes)
        {
            final java.util.Optional<java.time.Duration> cpu = process.info().totalCpuDuration();
            if (cpu.isEmpty())
            {
                return -1;
            }
            total += cpu.get().toNanos();
        }
        return total;
    }

    /**
     * @return the node processes' ids, in member order.
     */
    public long[] pids()
    {
        return processes.stream().mapToLong(Process::pid).toArray();
    }

    /**
     * Stop every node (SIGTERM, SIGKILL after 20 s) and delete the node data; logs stay. Idempotent.
     */
    public void close()
    {
        closeQuietly();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    private synchronized void closeQuietly()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final Process process : processes)
        {
            process.destroy();
        }
        for (final Process process : processes)
        {
            try
            {
                if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            System.err.println("could not delete " + dir + ": " + ex.getMessage());
        }
    }
}
