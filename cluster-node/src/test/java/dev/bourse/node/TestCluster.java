package dev.bourse.node;

import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * In-process cluster of N nodes for tests, each with its own media driver, unique directory and ports. Users:
 * admin (account 1, ADMIN) and trader1..trader10 (accounts 101..110), password "USER-pass".
 */
final class TestCluster implements AutoCloseable
{
    static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final Path baseDir;
    private final int portBase;
    private final int size;
    private final Properties extra;
    private final BourseNode[] nodes;

    private TestCluster(final int size, final Properties extra) throws IOException
    {
        this.size = size;
        this.extra = extra;
        this.baseDir = Files.createTempDirectory("bourse-test-");
        this.portBase = freePortBase(size);
        this.nodes = new BourseNode[size];
        writeAccounts(baseDir.resolve("accounts.txt"));
    }

    static TestCluster start(final int size) throws IOException
    {
        return start(size, new Properties());
    }

    static TestCluster start(final int size, final Properties extra) throws IOException
    {
        final TestCluster cluster = new TestCluster(size, extra);
        try
        {
            for (int i = 0; i < size; i++)
            {
                cluster.startNode(i);
            }
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
        return cluster;
    }

    static void writeAccounts(final Path file) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        text.append("admin 1 ADMIN ").append(AccountsFile.hashPassword("admin-pass".toCharArray())).append('\n');
        for (int i = 1; i <= 10; i++)
        {
            text.append("trader").append(i).append(' ').append(100 + i).append(" TRADER ")
                .append(AccountsFile.hashPassword(("trader" + i + "-pass").toCharArray())).append('\n');
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    NodeConfig config(final int memberId)
    {
        final Properties properties = new Properties();
        final StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < size; i++)
        {
            hosts.append(i > 0 ? "," : "").append("127.0.0.1");
        }
        properties.setProperty(NodeConfig.MEMBER_ID, Integer.toString(memberId));
        properties.setProperty(NodeConfig.HOSTS, hosts.toString());
        properties.setProperty(NodeConfig.PORT_BASE, Integer.toString(portBase));
        properties.setProperty(NodeConfig.DIR, baseDir.toString());
        properties.setProperty(NodeConfig.ACCOUNTS_FILE, baseDir.resolve("accounts.txt").toString());
        properties.setProperty(NodeConfig.LEADER_HEARTBEAT_TIMEOUT_MS, "3000");
        properties.setProperty(NodeConfig.CHECKPOINT_INTERVAL_MS, "1000");
        properties.setProperty(NodeConfig.LOG_TERM_LENGTH, "4m");
        properties.setProperty(NodeConfig.MD_CHANNEL, marketDataChannel());
        properties.setProperty(NodeConfig.HTTP_PORT, "0");
        properties.putAll(extra);
        return NodeConfig.of(properties);
    }

    void startNode(final int memberId)
    {
        nodes[memberId] = BourseNode.launch(config(memberId), null);
    }

    void stopNode(final int memberId)
    {
        CloseHelper.quietClose(nodes[memberId]);
        nodes[memberId] = null;
    }

    BourseNode node(final int memberId)
    {
        return nodes[memberId];
    }

    ExchangeService service(final int memberId)
    {
        return nodes[memberId].service();
    }

    int size()
    {
        return size;
    }

    /**
     * A multicast channel of this test cluster's own (unique port), so that concurrent clusters do not mix.
     */
    String marketDataChannel()
    {
        return "aeron:udp?endpoint=224.0.1.1:" + (portBase + 90) + "|interface=127.0.0.1|ttl=0";
    }

    String ingressEndpoints()
    {
        return config(0).ingressEndpoints();
    }

    Path baseDir()
    {
        return baseDir;
    }

    int leaderId()
    {
        for (int i = 0; i < size; i++)
        {
            if (null != nodes[i] && Cluster.Role.LEADER == nodes[i].role())
            {
                return i;
            }
        }
        return -1;
    }

    int awaitLeader()
    {
        await("a leader is elected", () -> leaderId() >= 0);
        return leaderId();
    }

    /**
     * A media driver of a test's own, in the given directory, sharing one sleeping thread (deleted on close).
     */
    static MediaDriver embeddedDriver(final Path aeronDir)
    {
        return MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    static void await(final String what, final BooleanSupplier condition)
    {
        await(what, DEFAULT_TIMEOUT_MS, condition);
    }

    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting until " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Wait until every running node has recorded a checkpoint at the same log position, at or after the given
     * position, and check that their state hashes agree there.
     *
     * @param minLogPosition the checkpoint must be at or after this position.
     * @return the agreed checkpoint.
     */
    ExchangeService.Checkpoint awaitCommonCheckpoint(final long minLogPosition)
    {
        final ExchangeService.Checkpoint[] agreed = new ExchangeService.Checkpoint[1];
        await("all nodes record a checkpoint at the same log position", () ->
        {
            ExchangeService.Checkpoint first = null;
            for (final BourseNode node : nodes)
            {
                if (null != node)
                {
                    final ExchangeService.Checkpoint checkpoint = node.service().lastCheckpoint();
                    if (checkpoint.logPosition() < minLogPosition ||
                        (null != first && first.logPosition() != checkpoint.logPosition()))
                    {
                        return false;
                    }
                    if (null != first && first.stateHash() != checkpoint.stateHash())
                    {
                        throw new AssertionError("state hashes differ at log position " + first.logPosition());
                    }
                    first = checkpoint;
                }
            }
            agreed[0] = first;
            return null != first;
        });
        return agreed[0];
    }

    public void close()
    {
        for (int i = 0; i < size; i++)
        {
            CloseHelper.quietClose(nodes[i]);
            nodes[i] = null;
        }
        IoUtil.delete(baseDir.toFile(), true);
    }

    private static int freePortBase(final int size)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final int base = 21_000 + 500 * ThreadLocalRandom.current().nextInt(80);
            if (portsFree(base, size))
            {
                return base;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    private static boolean portsFree(final int base, final int size)
    {
        for (int member = 0; member < size; member++)
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

    static File tempDir(final String prefix) throws IOException
    {
        return Files.createTempDirectory(prefix).toFile();
    }
}
