package dev.bourse.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cluster member in its own JVM, started from the test classpath, for tests that kill processes. Its output is
 * read on a daemon thread: role changes and (logPosition, stateHash) checkpoints are recorded.
 */
final class NodeProcess implements AutoCloseable
{
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint logPosition=(\\d+) stateHash=([0-9a-f]+)");

    private final int memberId;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Map<Long, String> checkpoints = new ConcurrentHashMap<>();
    private volatile String role = "NONE";
    private volatile long leaderSinceNs;

    private NodeProcess(final int memberId, final Process process)
    {
        this.memberId = memberId;
        this.process = process;
        final Thread reader = new Thread(this::readOutput, "node-" + memberId + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static NodeProcess start(final NodeConfig config, final Map<String, String> properties) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        for (final Map.Entry<String, String> property : properties.entrySet())
        {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BourseNode.class.getName());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new NodeProcess(config.memberId(), process);
    }

    private void readOutput()
    {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                synchronized (lines)
                {
                    lines.add(line);
                }
                if (line.contains(" is now "))
                {
                    role = line.substring(line.lastIndexOf(' ') + 1);
                    if ("LEADER".equals(role))
                    {
                        leaderSinceNs = System.nanoTime();
                    }
                }
                final Matcher matcher = CHECKPOINT.matcher(line);
                if (matcher.find())
                {
                    checkpoints.put(Long.parseLong(matcher.group(1)), matcher.group(2));
                }
            }
        }
        catch (final IOException ignore)
        {
            // the process ended
        }
    }

    int memberId()
    {
        return memberId;
    }

    boolean isLeader()
    {
        return process.isAlive() && "LEADER".equals(role);
    }

    long leaderSinceNs()
    {
        return leaderSinceNs;
    }

    Map<Long, String> checkpoints()
    {
        return checkpoints;
    }

    String output()
    {
        synchronized (lines)
        {
            return String.join("\n", lines);
        }
    }

    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new AssertionError("node " + memberId + " did not die after SIGKILL");
        }
    }

    public void close()
    {
        if (process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(20, TimeUnit.SECONDS))
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
    }
}
