package dev.bourse.perf.recovery;

import dev.bourse.node.BourseNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link BourseNode} in its own JVM (the benchmark's own classpath and java), its output copied to a log file
 * and read on a daemon thread that stamps the lines the benchmark times: the service's start, its snapshot restore
 * and every {@code (logPosition, stateHash)} checkpoint, each with the {@link System#nanoTime()} at which it was
 * read (this JVM and the node share one machine and one monotonic clock).
 */
final class NodeProcess implements AutoCloseable
{
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint logPosition=(\\d+) stateHash=([0-9a-f]+)");
    private static final Pattern RESTORED = Pattern.compile("restored from snapshot, stateHash=([0-9a-f]+)");

    /**
     * A checkpoint line.
     *
     * @param logPosition the log position.
     * @param stateHash   the state hash there.
     * @param readNs      when this process read the line.
     * @param processCpuNs the node process's CPU time (all threads) then.
     */
    record Checkpoint(long logPosition, long stateHash, long readNs, long processCpuNs)
    {
    }

    private final int memberId;
    private final Process process;
    private final long startNs;
    private final Path logFile;
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private volatile long serviceStartNs;
    private volatile long serviceStartCpuNs;
    private volatile long restoredNs;
    private volatile long restoredCpuNs;
    private volatile long restoredStateHash;
    private volatile boolean leader;
    private volatile boolean ended;

    private NodeProcess(final int memberId, final Process process, final long startNs, final Path logFile)
    {
        this.memberId = memberId;
        this.process = process;
        this.startNs = startNs;
        this.logFile = logFile;
        final Thread reader = new Thread(this::readOutput, "bourse-node-" + memberId + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start a node process.
     *
     * @param memberId   its member id.
     * @param properties its {@code bourse.*} properties, passed as -D.
     * @param jvmOptions extra JVM options (heap, profiler agent).
     * @param logFile    where its output goes (appended).
     * @return the process.
     * @throws IOException if it cannot be started.
     */
    static NodeProcess start(
        final int memberId, final Map<String, String> properties, final List<String> jvmOptions, final Path logFile)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.addAll(jvmOptions);
        for (final Map.Entry<String, String> property : properties.entrySet())
        {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BourseNode.class.getName());
        final long startNs = System.nanoTime();
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new NodeProcess(memberId, process, startNs, logFile);
    }

    private void readOutput()
    {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                final long nowNs = System.nanoTime();
                log.println(line);
                log.flush();
                onLine(line, nowNs);
            }
        }
        catch (final IOException ignore)
        {
            // the process ended
        }
        finally
        {
            ended = true;
        }
    }

    private void onLine(final String line, final long nowNs)
    {
        final Matcher checkpoint = CHECKPOINT.matcher(line);
        if (checkpoint.find())
        {
            synchronized (checkpoints)
            {
                checkpoints.add(new Checkpoint(Long.parseLong(checkpoint.group(1)),
                    Long.parseUnsignedLong(checkpoint.group(2), 16), nowNs, cpuNs()));
            }
            return;
        }
        if (line.contains(" starts as "))
        {
            serviceStartCpuNs = cpuNs();
            serviceStartNs = nowNs;
            leader = line.endsWith("LEADER");
        }
        else if (line.contains(" is now "))
        {
            leader = line.endsWith("LEADER");
        }
        final Matcher restored = RESTORED.matcher(line);
        if (restored.find())
        {
            restoredStateHash = Long.parseUnsignedLong(restored.group(1), 16);
            restoredCpuNs = cpuNs();
            restoredNs = nowNs;
        }
    }

    int memberId()
    {
        return memberId;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    boolean isLeader()
    {
        return process.isAlive() && leader;
    }

    long startNs()
    {
        return startNs;
    }

    /**
     * @return when the service's onStart line was read, 0 before.
     */
    long serviceStartNs()
    {
        return serviceStartNs;
    }

    /**
     * @return the process's CPU time when the service's onStart line was read.
     */
    long serviceStartCpuNs()
    {
        return serviceStartCpuNs;
    }

    /**
     * @return the process's CPU time so far (all its threads), -1 if the OS does not tell.
     */
    long cpuNs()
    {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /**
     * @return when the snapshot-restored line was read, 0 before.
     */
    long restoredNs()
    {
        return restoredNs;
    }

    long restoredCpuNs()
    {
        return restoredCpuNs;
    }

    long restoredStateHash()
    {
        return restoredStateHash;
    }

    List<Checkpoint> checkpoints()
    {
        synchronized (checkpoints)
        {
            return new ArrayList<>(checkpoints);
        }
    }

    /**
     * @param minLogPosition lowest position.
     * @return the first checkpoint at or after the position, or null.
     */
    Checkpoint checkpointAtOrAfter(final long minLogPosition)
    {
        synchronized (checkpoints)
        {
            for (final Checkpoint checkpoint : checkpoints)
            {
                if (checkpoint.logPosition() >= minLogPosition)
                {
                    return checkpoint;
                }
            }
        }
        return null;
    }

    /**
     * @return the latest checkpoint, or null.
     */
    Checkpoint lastCheckpoint()
    {
        synchronized (checkpoints)
        {
            return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        }
    }

    boolean outputEnded()
    {
        return ended;
    }

    Path logFile()
    {
        return logFile;
    }

    /**
     * SIGTERM and wait: the node closes its service, consensus module, archive and driver cleanly.
     */
    public void close()
    {
        if (process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(60, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
