package dev.bourse.node.ops;

import dev.bourse.node.BourseNode;
import dev.bourse.node.NodeConfig;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The local cluster of {@code deploy/local-cluster.sh}: three {@link BourseNode} processes on 127.0.0.1 sharing a run
 * directory that holds {@code cluster.env} (the port base), {@code node-N.pid}, {@code node-N.log} (the previous one
 * kept as {@code node-N.log.1}) and each member's {@code node-N/{aeron,archive,cluster}}. Members are started exactly
 * as the script starts them (same JVM options, the same {@code -Dbourse.*} properties, detached with setsid), so the
 * script's {@code status}, {@code stop} and {@code start} keep working on a cluster started here, and signalled
 * through their pid files.
 * <p>
 * Extra node properties (a test's unique market-data channel, say) are kept in {@code ops-node.properties} in the run
 * directory and passed to every member started here as its configuration file; the script does not read that file,
 * so a cluster with extra properties is restarted with this class only.
 */
final class LocalCluster
{
    static final int MEMBER_COUNT = 3;
    static final String ENV_FILE = "cluster.env";
    static final String NODE_PROPERTIES_FILE = "ops-node.properties";
    static final int DEFAULT_PORT_BASE = 20_000;
    private static final long STOP_POLL_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path runDir;
    private final int portBase;
    private final Path accountsFile;
    private final Map<String, String> nodeProperties;
    private final List<String> javaOptions;

    private LocalCluster(
        final Path runDir,
        final int portBase,
        final Path accountsFile,
        final Map<String, String> nodeProperties,
        final List<String> javaOptions)
    {
        this.runDir = runDir.toAbsolutePath().normalize();
        this.portBase = portBase;
        this.accountsFile = accountsFile.toAbsolutePath().normalize();
        this.nodeProperties = Collections.unmodifiableMap(new TreeMap<>(nodeProperties));
        this.javaOptions = List.copyOf(javaOptions);
    }

    /**
     * The cluster in an existing run directory: its port base from {@code cluster.env} (else the default) and its
     * extra node properties, if any.
     *
     * @param runDir       the run directory.
     * @param accountsFile the accounts file members are started with.
     * @param javaOptions  extra JVM options for members started here.
     * @return the cluster.
     */
    static LocalCluster open(final Path runDir, final Path accountsFile, final List<String> javaOptions)
    {
        final Path envFile = runDir.resolve(ENV_FILE);
        int portBase = DEFAULT_PORT_BASE;
        if (Files.isRegularFile(envFile))
        {
            final Properties env = readProperties(envFile);
            final String value = env.getProperty("port_base");
            if (null != value)
            {
                try
                {
                    portBase = Integer.parseInt(value.strip());
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException(envFile + ": port_base is not a number: " + value, ex);
                }
            }
        }
        final Map<String, String> properties = new TreeMap<>();
        final Path propertiesFile = runDir.resolve(NODE_PROPERTIES_FILE);
        if (Files.isRegularFile(propertiesFile))
        {
            final Properties stored = readProperties(propertiesFile);
            for (final String name : stored.stringPropertyNames())
            {
                properties.put(name, stored.getProperty(name));
            }
        }
        return new LocalCluster(runDir, portBase, accountsFile, properties, javaOptions);
    }

    /**
     * A cluster to be created in a run directory that must not have running members: the directory is deleted and
     * written afresh by {@link #startAll()}.
     *
     * @param runDir         the run directory.
     * @param portBase       member i uses portBase + 100 * i ... + 5.
     * @param accountsFile   the accounts file.
     * @param nodeProperties extra node properties (may be empty).
     * @param javaOptions    extra JVM options.
     * @return the cluster.
     */
    static LocalCluster fresh(
        final Path runDir,
        final int portBase,
        final Path accountsFile,
        final Map<String, String> nodeProperties,
        final List<String> javaOptions)
    {
        final LocalCluster cluster = new LocalCluster(runDir, portBase, accountsFile, nodeProperties, javaOptions);
        for (int id = 0; id < MEMBER_COUNT; id++)
        {
            if (cluster.pid(id).isPresent())
            {
                throw new IllegalStateException("member " + id + " is running in " + runDir +
                    ": stop the cluster first (deploy/local-cluster.sh stop)");
            }
        }
        return cluster;
    }

    Path runDir()
    {
        return runDir;
    }

    int portBase()
    {
        return portBase;
    }

    int memberCount()
    {
        return MEMBER_COUNT;
    }

    Map<String, String> nodeProperties()
    {
        return nodeProperties;
    }

    /**
     * The configuration member {@code memberId} runs with (defaults, the extra properties, the script's properties).
     *
     * @param memberId the member.
     * @return its configuration.
     */
    NodeConfig config(final int memberId)
    {
        final Properties properties = new Properties();
        // The script passes $BOURSE_JAVA_OPTS to the nodes and to this tool alike: -Dbourse.* there configure both.
        for (final String name : System.getProperties().stringPropertyNames())
        {
            if (name.startsWith("bourse.") && !name.startsWith("bourse.ops.") && !name.startsWith("bourse.client."))
            {
                properties.setProperty(name, System.getProperty(name));
            }
        }
        properties.putAll(nodeProperties);
        properties.putAll(scriptProperties(memberId));
        return NodeConfig.of(properties);
    }

    String ingressEndpoints()
    {
        return config(0).ingressEndpoints();
    }

    String marketDataChannel()
    {
        return config(0).marketDataConfig().channel();
    }

    int httpPort(final int memberId)
    {
        final String fixed = nodeProperties.getOrDefault("bourse.http.port", System.getProperty("bourse.http.port"));
        if (null != fixed && !"0".equals(fixed.strip()))
        {
            return Integer.parseInt(fixed.strip());
        }
        return portBase + 100 * memberId + 5;
    }

    Path memberDir(final int memberId)
    {
        return runDir.resolve("node-" + memberId);
    }

    Path clusterDir(final int memberId)
    {
        return memberDir(memberId).resolve("cluster");
    }

    Path aeronDir(final int memberId)
    {
        return memberDir(memberId).resolve("aeron");
    }

    Path archiveDir(final int memberId)
    {
        return memberDir(memberId).resolve("archive");
    }

    Path logFile(final int memberId)
    {
        return runDir.resolve("node-" + memberId + ".log");
    }

    Path previousLogFile(final int memberId)
    {
        return runDir.resolve("node-" + memberId + ".log.1");
    }

    Path pidFile(final int memberId)
    {
        return runDir.resolve("node-" + memberId + ".pid");
    }

    /**
     * The pid of member {@code memberId} if its process is alive and is a BourseNode (not a recycled pid).
     *
     * @param memberId the member.
     * @return the pid, or empty.
     */
    Optional<Long> pid(final int memberId)
    {
        final Path file = pidFile(memberId);
        if (!Files.isRegularFile(file))
        {
            return Optional.empty();
        }
        final long pid;
        try
        {
            pid = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return Optional.empty();
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || !isBourseNode(handle.get()))
        {
            return Optional.empty();
        }
        return Optional.of(pid);
    }

    boolean isRunning(final int memberId)
    {
        return pid(memberId).isPresent();
    }

    int runningCount()
    {
        int count = 0;
        for (int id = 0; id < MEMBER_COUNT; id++)
        {
            count += isRunning(id) ? 1 : 0;
        }
        return count;
    }

    /**
     * Is the member's process stopped by SIGSTOP (state T in /proc)? False where /proc is not available.
     *
     * @param memberId the member.
     * @return true if stopped.
     */
    boolean isPaused(final int memberId)
    {
        final Optional<Long> pid = pid(memberId);
        if (pid.isEmpty())
        {
            return false;
        }
        try
        {
            final String stat = Files.readString(Path.of("/proc/" + pid.get() + "/stat"), StandardCharsets.US_ASCII);
            final int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && 'T' == stat.charAt(end + 2);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static boolean isBourseNode(final ProcessHandle handle)
    {
        final Optional<String> commandLine = handle.info().commandLine();
        if (commandLine.isPresent())
        {
            return commandLine.get().contains(BourseNode.class.getName());
        }
        try
        {
            final byte[] raw = Files.readAllBytes(Path.of("/proc/" + handle.pid() + "/cmdline"));
            return new String(raw, StandardCharsets.UTF_8).contains(BourseNode.class.getName());
        }
        catch (final IOException ex)
        {
            // No way to tell: trust the pid file.
            return true;
        }
    }

    /**
     * Delete the run directory, write {@code cluster.env} (and the extra properties), and start every member.
     *
     * @throws IOException if the run directory cannot be written or a process cannot be started.
     */
    void startAll() throws IOException
    {
        if (Files.exists(runDir))
        {
            IoUtil.delete(runDir.toFile(), false);
        }
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve(ENV_FILE), "port_base=" + portBase + "\n", StandardCharsets.US_ASCII);
        if (!nodeProperties.isEmpty())
        {
            final Properties properties = new Properties();
            properties.putAll(nodeProperties);
            try (Writer writer = Files.newBufferedWriter(runDir.resolve(NODE_PROPERTIES_FILE), StandardCharsets.UTF_8))
            {
                properties.store(writer, "extra node properties of a cluster started by bourse-ops");
            }
        }
        for (int id = 0; id < MEMBER_COUNT; id++)
        {
            start(id);
        }
    }

    /**
     * Start one member the way deploy/local-cluster.sh does: its log is rotated to {@code node-N.log.1}, its pid
     * written to {@code node-N.pid}; after a crash the node itself waits for the old mark files to go stale.
     *
     * @param memberId the member.
     * @return the pid of the new process.
     * @throws IOException if the process cannot be started.
     */
    long start(final int memberId) throws IOException
    {
        if (isRunning(memberId))
        {
            throw new IllegalStateException("member " + memberId + " is running already");
        }
        Files.createDirectories(runDir);
        final Path log = logFile(memberId);
        if (Files.exists(log))
        {
            Files.move(log, previousLogFile(memberId), StandardCopyOption.REPLACE_EXISTING);
        }
        final List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute())
        {
            // As the script does: the node does not get the terminal's Ctrl-C, and outlives this process.
            command.add("/usr/bin/setsid");
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-Xms64m");
        command.add("-Xmx256m");
        command.addAll(javaOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        for (final Map.Entry<String, String> property : scriptProperties(memberId).entrySet())
        {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        command.add(BourseNode.class.getName());
        if (!nodeProperties.isEmpty())
        {
            command.add(runDir.resolve(NODE_PROPERTIES_FILE).toString());
        }
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        Files.writeString(pidFile(memberId), process.pid() + "\n", StandardCharsets.US_ASCII);
        return process.pid();
    }

    private Map<String, String> scriptProperties(final int memberId)
    {
        final Map<String, String> properties = new TreeMap<>();
        properties.put(NodeConfig.MEMBER_ID, Integer.toString(memberId));
        properties.put(NodeConfig.PORT_BASE, Integer.toString(portBase));
        properties.put(NodeConfig.DIR, runDir.toString());
        properties.put(NodeConfig.ACCOUNTS_FILE, accountsFile.toString());
        return properties;
    }

    /**
     * Send a signal to a member's process with kill(1).
     *
     * @param memberId the member.
     * @param signal   KILL, TERM, STOP or CONT.
     * @return true if it was sent.
     */
    boolean signal(final int memberId, final String signal)
    {
        final Optional<Long> pid = pid(memberId);
        if (pid.isEmpty())
        {
            return false;
        }
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid.get()))
                .redirectErrorStream(true)
                .start();
            kill.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return kill.waitFor(10, TimeUnit.SECONDS) && 0 == kill.exitValue();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run kill -" + signal + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGKILL a member and wait for its process to be gone.
     *
     * @param memberId the member.
     * @return true if it was running.
     */
    boolean kill(final int memberId)
    {
        final Optional<Long> pid = pid(memberId);
        if (pid.isEmpty())
        {
            return false;
        }
        signal(memberId, "KILL");
        awaitExit(pid.get(), TimeUnit.SECONDS.toNanos(30));
        return true;
    }

    /**
     * SIGTERM a member (it closes cleanly), wait up to {@code timeoutNs}, then SIGKILL it if it is still there.
     *
     * @param memberId  the member.
     * @param timeoutNs how long to wait after SIGTERM.
     * @return true if it stopped cleanly, false if it had to be killed or was not running.
     */
    boolean stop(final int memberId, final long timeoutNs)
    {
        final Optional<Long> pid = pid(memberId);
        if (pid.isEmpty())
        {
            return false;
        }
        if (isPaused(memberId))
        {
            signal(memberId, "CONT");
        }
        signal(memberId, "TERM");
        if (awaitExit(pid.get(), timeoutNs))
        {
            deletePidFile(memberId);
            return true;
        }
        signal(memberId, "KILL");
        awaitExit(pid.get(), TimeUnit.SECONDS.toNanos(30));
        deletePidFile(memberId);
        return false;
    }

    /**
     * Stop every running member (SIGTERM, then SIGKILL after {@code timeoutNs}).
     *
     * @param timeoutNs how long to wait after SIGTERM.
     */
    void stopAll(final long timeoutNs)
    {
        final List<Long> pids = new ArrayList<>();
        for (int id = 0; id < MEMBER_COUNT; id++)
        {
            final Optional<Long> pid = pid(id);
            if (pid.isPresent())
            {
                if (isPaused(id))
                {
                    signal(id, "CONT");
                }
                signal(id, "TERM");
                pids.add(pid.get());
            }
        }
        final long deadline = System.nanoTime() + timeoutNs;
        for (final long pid : pids)
        {
            if (!awaitExit(pid, Math.max(0, deadline - System.nanoTime())))
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                awaitExit(pid, TimeUnit.SECONDS.toNanos(30));
            }
        }
        for (int id = 0; id < MEMBER_COUNT; id++)
        {
            deletePidFile(id);
        }
    }

    private void deletePidFile(final int memberId)
    {
        try
        {
            Files.deleteIfExists(pidFile(memberId));
        }
        catch (final IOException ignore)
        {
            // a stale pid file is recognised as such by pid()
        }
    }

    private static boolean awaitExit(final long pid, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (true)
        {
            final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive())
            {
                return true;
            }
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            LockSupport.parkNanos(STOP_POLL_NS);
        }
    }

    private static Properties readProperties(final Path file)
    {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file);
            Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        return properties;
    }
}
