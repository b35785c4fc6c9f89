package dev.bourse.node;

import io.aeron.cluster.RecordingLog;
import io.aeron.cluster.service.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JitWarmupTest
{
    private static final long NO_BOUND = TimeUnit.MINUTES.toNanos(1);

    private static NodeConfig config(final String commands)
    {
        final Properties properties = new Properties();
        if (null != commands)
        {
            properties.setProperty(NodeConfig.WARMUP_COMMANDS, commands);
        }
        return NodeConfig.of(properties);
    }

    @Test
    void shouldTradeCancelAndReplaceThroughTheServiceWithoutErrors()
    {
        final int commands = 4 * JitWarmup.ROLE_BLOCK; // follower, leader, follower, leader
        final JitWarmup.Result result = JitWarmup.run(config(null), commands, NO_BOUND);

        assertEquals(commands, result.commands());
        assertEquals(0, result.errors(), "every warm-up command is well-formed or cleanly rejected");
        // Reports only come from the leader blocks (two of four); a realistic flow answers every command and
        // trades: the load generator's mix gives about 1.4 reports and 0.5 fills per request.
        assertTrue(result.reports() > commands / 2, "reports " + result.reports());
        assertTrue(result.fills() > commands / 10, "fills " + result.fills());
    }

    @Test
    void shouldBeTheSameFlowOnEveryRun()
    {
        // A follower block and part of a leader block.
        final JitWarmup.Result first = JitWarmup.run(config(null), 30_000, NO_BOUND);
        final JitWarmup.Result second = JitWarmup.run(config(null), 30_000, NO_BOUND);
        final JitWarmup.Result longer = JitWarmup.run(config(null), 30_001, NO_BOUND);

        assertEquals(first.stateHash(), second.stateHash());
        assertTrue(first.reports() > 0, "the leader's part answered");
        assertEquals(first.reports(), second.reports());
        assertNotEquals(first.stateHash(), longer.stateHash(), "the hash follows the state");
    }

    @Test
    void shouldLoadClassesThatExistInThisAeronAndAgrona() throws ClassNotFoundException
    {
        // A renamed class would be skipped quietly at start, and the warm-up's compiled code thrown away again when
        // the container loads it: this is where an upgrade finds out.
        for (final String name : JitWarmup.LOAD_FIRST)
        {
            Class.forName(name, false, JitWarmupTest.class.getClassLoader());
        }
    }

    @Test
    void shouldOpenSessionsOfThreeClassesInTurn()
    {
        final OfflineCluster cluster = new OfflineCluster(0, Cluster.Role.LEADER);
        final Set<Class<?>> classes = new HashSet<>();
        for (long id = 1; id <= 6; id++)
        {
            classes.add(cluster.openSession(id, new byte[0], null).getClass());
        }
        assertEquals(3, classes.size(), "call sites on ClientSession see several receiver types, as on a node");
    }

    @Test
    void shouldStopAtTheTimeBound()
    {
        final JitWarmup.Result result = JitWarmup.run(config(null), 10_000_000, 0);

        assertTrue(result.commands() < 10_000, "stopped at the first clock check: " + result.commands());
    }

    @Test
    void shouldRestoreStandardOutputAndError()
    {
        final PrintStream out = System.out;
        final PrintStream err = System.err;

        JitWarmup.run(config(null), 1_000, NO_BOUND);

        assertSame(out, System.out);
        assertSame(err, System.err);
    }

    @Test
    void shouldWarmUpOnlyAFreshNodeByDefault(@TempDir final Path dir) throws IOException
    {
        final Properties properties = new Properties();
        properties.setProperty(NodeConfig.DIR, dir.toString());
        final NodeConfig fresh = NodeConfig.of(properties);
        properties.setProperty(NodeConfig.WARMUP, "always");
        final NodeConfig always = NodeConfig.of(properties);
        properties.setProperty(NodeConfig.WARMUP, "off");
        final NodeConfig off = NodeConfig.of(properties);

        assertEquals("fresh", fresh.warmup());
        assertTrue(BourseNode.warmUpWanted(fresh), "a new node directory");
        assertTrue(BourseNode.warmUpWanted(always));
        assertFalse(BourseNode.warmUpWanted(off));

        final Path clusterDir = fresh.nodeDir().resolve("cluster");
        Files.createDirectories(clusterDir);
        Files.createFile(clusterDir.resolve(RecordingLog.RECORDING_LOG_FILE_NAME));
        assertFalse(BourseNode.warmUpWanted(fresh), "a node with cluster state recovers it instead");
        assertTrue(BourseNode.warmUpWanted(always));
    }

    @Test
    void shouldRefuseBadWarmupSettings()
    {
        assertEquals(300_000, config(null).warmupCommands());
        for (final String bad : new String[]{ "0", "-1", "10000001", "many" })
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> config(bad), bad);
            assertTrue(ex.getMessage().contains(NodeConfig.WARMUP_COMMANDS), ex.getMessage());
        }
        final Properties mode = new Properties();
        mode.setProperty(NodeConfig.WARMUP, "sometimes");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> NodeConfig.of(mode));
        assertTrue(ex.getMessage().contains(NodeConfig.WARMUP), ex.getMessage());
    }
}
