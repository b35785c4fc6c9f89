package dev.bourse.node.ops;

import dev.bourse.node.NodeConfig;
import org.agrona.IoUtil;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A local cluster of three node processes for the ops tests, laid out as deploy/local-cluster.sh lays it out, in a
 * temporary run directory with a free port base, its own market-data channel and the repository's demo accounts.
 */
final class OpsTestCluster implements AutoCloseable
{
    static final Path ACCOUNTS = Path.of("..", "deploy", "accounts.txt").toAbsolutePath().normalize();

    private final Path runDir;
    private final LocalCluster cluster;

    private OpsTestCluster(final Path runDir, final LocalCluster cluster)
    {
        this.runDir = runDir;
        this.cluster = cluster;
    }

    /**
     * Start three members with extra node properties and JVM options.
     *
     * @param extraProperties node properties over the test defaults.
     * @param javaOptions     extra JVM options of the nodes.
     * @return the running cluster.
     * @throws IOException if it cannot be started.
     */
    static OpsTestCluster start(final Map<String, String> extraProperties, final List<String> javaOptions)
        throws IOException
    {
        final Path runDir = Files.createTempDirectory("bourse-ops-test-");
        final int portBase = freePortBase();
        final Map<String, String> properties = new TreeMap<>();
        properties.put(NodeConfig.MD_CHANNEL, "aeron:udp?endpoint=224.0.1.1:" + (portBase + 90) +
            "|interface=127.0.0.1|ttl=0");
        properties.put(NodeConfig.CHECKPOINT_INTERVAL_MS, "1000");
        properties.put(NodeConfig.DEDUP_WINDOW, "65536");
        properties.put(NodeConfig.LOG_TERM_LENGTH, "4m");
        properties.put(NodeConfig.LEADER_HEARTBEAT_TIMEOUT_MS, "3000");
        properties.putAll(extraProperties);
        final List<String> options = new java.util.ArrayList<>(List.of("-XX:+UseSerialGC"));
        options.addAll(javaOptions);
        final LocalCluster cluster = LocalCluster.fresh(runDir, portBase, ACCOUNTS, properties, options);
        final OpsTestCluster testCluster = new OpsTestCluster(runDir, cluster);
        try
        {
            cluster.startAll();
        }
        catch (final IOException | RuntimeException ex)
        {
            testCluster.close();
            throw ex;
        }
        return testCluster;
    }

    LocalCluster cluster()
    {
        return cluster;
    }

    Path runDir()
    {
        return runDir;
    }

    ClusterTarget target()
    {
        return ClusterTarget.ofLocal(cluster, java.time.Duration.ofSeconds(2));
    }

    /**
     * The end of every node log, for failure messages.
     *
     * @return the text.
     */
    String logTails()
    {
        final StringBuilder text = new StringBuilder();
        for (int id = 0; id < cluster.memberCount(); id++)
        {
            text.append("---- member ").append(id).append(" log\n");
            try
            {
                final List<String> lines = Files.readAllLines(cluster.logFile(id));
                for (final String line : lines.subList(Math.max(0, lines.size() - 25), lines.size()))
                {
                    text.append(line).append('\n');
                }
            }
            catch (final IOException ex)
            {
                text.append("(no log: ").append(ex.getMessage()).append(")\n");
            }
        }
        return text.toString();
    }

    public void close()
    {
        cluster.stopAll(TimeUnit.SECONDS.toNanos(20));
        IoUtil.delete(runDir.toFile(), true);
    }

    private static int freePortBase()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int base = 22_250 + 500 * ThreadLocalRandom.current().nextInt(76);
            if (portsFree(base))
            {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    private static boolean portsFree(final int base)
    {
        for (int member = 0; member < LocalCluster.MEMBER_COUNT; member++)
        {
            for (int offset = 0; offset <= 5; offset++)
            {
                final int port = base + 100 * member + offset;
                try (DatagramSocket socket = new DatagramSocket(null);
                    ServerSocket server = new ServerSocket())
                {
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
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
