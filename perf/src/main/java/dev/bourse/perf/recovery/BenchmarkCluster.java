package dev.bourse.perf.recovery;

import dev.bourse.node.NodeConfig;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Three {@link NodeProcess}es on 127.0.0.1 with their own directory, accounts file, port range and market-data
 * multicast port, so that a benchmark never meets another cluster on the machine. Shared threading and backoff
 * idle strategies as the nodes default to; nothing busy-spins.
 */
final class BenchmarkCluster implements AutoCloseable
{
    static final int SIZE = 3;

    private final Path baseDir;
    private final int portBase;
    private final Map<String, String> properties;
    private final List<String> jvmOptions;
    private final NodeProcess[] nodes = new NodeProcess[SIZE];

    private BenchmarkCluster(
        final Path baseDir, final int portBase, final Map<String, String> properties, final List<String> jvmOptions)
    {
        this.baseDir = baseDir;
        this.portBase = portBase;
        this.properties = properties;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Create the directory and accounts file and start every node.
     *
     * @param baseDir              an empty directory of its own.
     * @param traders              trader accounts in the accounts file.
     * @param checkpointIntervalMs state-hash checkpoint period.
     * @param nodeHeap             -Xmx of each node, e.g. 2g.
     * @return the running cluster (a leader may not be elected yet).
     * @throws IOException if a file or process cannot be created.
     */
    static BenchmarkCluster start(
        final Path baseDir, final int traders, final long checkpointIntervalMs, final String nodeHeap)
        throws IOException
    {
        Files.createDirectories(baseDir);
        final Path accounts = baseDir.resolve("accounts.txt");
        AccountsFileWriter.write(accounts, traders);
        final int portBase = freePortBase();
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put(NodeConfig.HOSTS, "127.0.0.1,127.0.0.1,127.0.0.1");
        properties.put(NodeConfig.PORT_BASE, Integer.toString(portBase));
        properties.put(NodeConfig.DIR, baseDir.toString());
        properties.put(NodeConfig.ACCOUNTS_FILE, accounts.toString());
        properties.put(NodeConfig.CHECKPOINT_INTERVAL_MS, Long.toString(checkpointIntervalMs));
        properties.put(NodeConfig.MD_CHANNEL,
            "aeron:udp?endpoint=224.0.1.1:" + (portBase + 90) + "|interface=127.0.0.1|ttl=0");
        final List<String> jvmOptions = List.of("-Xmx" + nodeHeap, "-Xms" + nodeHeap, "-XX:+UseG1GC");
        final BenchmarkCluster cluster = new BenchmarkCluster(baseDir, portBase, properties, jvmOptions);
        try
        {
            for (int i = 0; i < SIZE; i++)
            {
                cluster.startNode(i, List.of());
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
        return cluster;
    }

    /**
     * Start (or restart) one node.
     *
     * @param memberId        which.
     * @param extraJvmOptions e.g. a profiler agent.
     * @return its process.
     * @throws IOException if it cannot be started.
     */
    NodeProcess startNode(final int memberId, final List<String> extraJvmOptions) throws IOException
    {
        final Map<String, String> nodeProperties = new LinkedHashMap<>(properties);
        nodeProperties.put(NodeConfig.MEMBER_ID, Integer.toString(memberId));
        final List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(extraJvmOptions);
        nodes[memberId] = NodeProcess.start(
            memberId, nodeProperties, options, baseDir.resolve("node-" + memberId + ".log"));
        return nodes[memberId];
    }

    /**
     * Stop one node with SIGTERM and wait for it to exit.
     *
     * @param memberId which.
     */
    void stopNode(final int memberId)
    {
        nodes[memberId].close();
    }

    NodeProcess node(final int memberId)
    {
        return nodes[memberId];
    }

    int leaderId()
    {
        for (int i = 0; i < SIZE; i++)
        {
            if (null != nodes[i] && nodes[i].isLeader())
            {
                return i;
            }
        }
        return -1;
    }

    int awaitLeader(final long timeoutMs)
    {
        await("a leader is elected", timeoutMs, () -> leaderId() >= 0);
        return leaderId();
    }

    /**
     * @return a running node that is not the leader.
     */
    int followerId()
    {
        final int leader = leaderId();
        for (int i = SIZE - 1; i >= 0; i--)
        {
            if (i != leader && null != nodes[i] && nodes[i].isAlive())
            {
                return i;
            }
        }
        throw new IllegalStateException("no running follower");
    }

    String ingressEndpoints()
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < SIZE; i++)
        {
            endpoints.append(i > 0 ? "," : "").append(i).append("=127.0.0.1:").append(portBase + 100 * i);
        }
        return endpoints.toString();
    }

    File nodeDir(final int memberId)
    {
        return baseDir.resolve("node-" + memberId).toFile();
    }

    File aeronDir(final int memberId)
    {
        return new File(nodeDir(memberId), "aeron");
    }

    File clusterDir(final int memberId)
    {
        return new File(nodeDir(memberId), "cluster");
    }

    File archiveDir(final int memberId)
    {
        return new File(nodeDir(memberId), "archive");
    }

    Path baseDir()
    {
        return baseDir;
    }

    /**
     * Map a node's counters, waiting for its driver to be up.
     *
     * @param memberId  which.
     * @param timeoutMs how long to wait.
     * @return its counters.
     */
    NodeCounters counters(final int memberId, final long timeoutMs)
    {
        final NodeCounters[] counters = new NodeCounters[1];
        await("node " + memberId + "'s counters are mapped", timeoutMs, () ->
        {
            counters[0] = NodeCounters.map(aeronDir(memberId), nodes[memberId].pid());
            return null != counters[0] && counters[0].commitPosition() >= 0;
        });
        return counters[0];
    }

    /**
     * Stop every node; the directory stays (see {@link #deleteFiles()}).
     */
    public void close()
    {
        for (int i = 0; i < SIZE; i++)
        {
            if (null != nodes[i])
            {
                nodes[i].close();
            }
        }
    }

    void deleteFiles()
    {
        IoUtil.delete(baseDir.toFile(), true);
    }

    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("timed out after " + timeoutMs + " ms waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static int freePortBase()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int base = 31_000 + 500 * ThreadLocalRandom.current().nextInt(60);
            if (portsFree(base))
            {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    private static boolean portsFree(final int base)
    {
        for (int member = 0; member < SIZE; member++)
        {
            for (int offset = 0; offset <= 4; offset++)
            {
                try (DatagramSocket socket = new DatagramSocket(null))
                {
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 100 * member + offset));
                }
                catch (final IOException ex)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
