package dev.bourse.node;

import dev.bourse.client.ConnectionEvent;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.ExecutionListener;
import dev.bourse.client.ExecutionReport;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node processes; the leader is killed with SIGKILL while a client has requests in flight. A new leader is
 * elected, the SDK fails over and resends, every request is answered, no order is lost or applied twice, and the
 * restarted node catches up to the same state hash.
 */
@Tag("slow")
@Timeout(240)
class FailoverTest
{
    private static final int INSTRUMENT = 1;
    private static final int ORDERS = 1500;
    private static final int KILL_AFTER = 500;

    @Test
    void shouldLoseAndDuplicateNothingWhenTheLeaderIsKilled() throws Exception
    {
        final Path dir = Files.createTempDirectory("bourse-failover-");
        final NodeProcess[] nodes = new NodeProcess[3];
        final long startNs = System.nanoTime();
        final int portBase = 21_000 + 500 * ThreadLocalRandom.current().nextInt(80);
        ExchangeClient client = null;
        try
        {
            TestCluster.writeAccounts(dir.resolve("accounts.txt"));
            for (int i = 0; i < 3; i++)
            {
                nodes[i] = NodeProcess.start(config(dir, portBase, i), properties(dir, portBase, i));
            }
            final int firstLeader = awaitLeader(nodes, -1);
            final String endpoints = config(dir, portBase, 0).ingressEndpoints();
            try (TestClient admin = TestClient.connect(endpoints, "admin", "admin-pass").logon())
            {
                admin.defineInstrument(1, INSTRUMENT, 1, 1);
                admin.await(r -> 1 == r.clientOrderId() && "0".equals(r.reason()));
            }

            final Answers answers = new Answers();
            client = ExchangeClient.connect(new ExchangeClient.Context()
                .ingressEndpoints(endpoints)
                .username("trader1")
                .password("trader1-pass")
                .listener(answers));

            long killedAtNs = 0;
            final LongHashSet sent = new LongHashSet();
            for (int i = 0; i < ORDERS; i++)
            {
                if (KILL_AFTER == i)
                {
                    killedAtNs = System.nanoTime();
                    answers.killedAtNs = killedAtNs;
                    nodes[firstLeader].kill();
                }
                final long price = 1_000 + i;
                final ExchangeClient sender = client;
                final long[] id = {0};
                TestCluster.await("order " + i + " is accepted for sending", () ->
                {
                    sender.poll();
                    id[0] = sender.placeLimitOrder(INSTRUMENT, Side.BUY, 1, price, TimeInForce.GTC);
                    return id[0] > 0;
                });
                sent.add(id[0]);
                client.poll();
            }
            final ExchangeClient pollee = client;
            TestCluster.await("every order is answered after the failover", 120_000, () ->
            {
                pollee.poll();
                return 0 == pollee.pendingCount();
            });

            final int newLeader = awaitLeader(nodes, firstLeader);
            final long electionMs = (nodes[newLeader].leaderSinceNs() - killedAtNs) / 1_000_000;
            final long outageMs = answers.longestGapNs / 1_000_000;
            System.out.println("failover: new leader " + newLeader + " after " + electionMs +
                " ms; longest time without an answer " + outageMs + " ms; resends " + client.resendCount() +
                ", duplicate answers " + client.duplicateAnswerCount());

            assertEquals(ORDERS, answers.orderIdByClientOrderId.size(), "every order answered");
            for (final long id : sent)
            {
                assertTrue(answers.orderIdByClientOrderId.containsKey(id), "answer for " + id);
            }
            final LongHashSet distinctOrderIds = new LongHashSet();
            answers.orderIdByClientOrderId.forEach((clientOrderId, orderId) -> distinctOrderIds.add(orderId));
            assertEquals(ORDERS, distinctOrderIds.size(), "one order per request");

            final long massCancelId = client.massCancel(INSTRUMENT);
            final ExchangeClient last = client;
            TestCluster.await("mass cancel answered", () ->
            {
                last.poll();
                return answers.massCancelled >= 0 && !last.isPending(massCancelId);
            });
            assertEquals(ORDERS, answers.massCancelled, "exactly the orders sent rest in the book: none lost, " +
                "none applied twice");

            final long elapsedSeconds = (System.nanoTime() - startNs) / 1_000_000_000L;
            assertTrue(nodes[newLeader].checkpoints().size() <= 2 * elapsedSeconds + 5,
                "checkpoints are periodic (1 s): " + nodes[newLeader].checkpoints().size() + " in " +
                elapsedSeconds + " s\n" + tail(nodes[newLeader].output(), 40));
            final long floor = latestCheckpoint(nodes[newLeader]);
            nodes[firstLeader] = NodeProcess.start(config(dir, portBase, firstLeader),
                properties(dir, portBase, firstLeader));
            try
            {
                TestCluster.await("the restarted node reaches the leader's state hash", 90_000,
                    () -> null != commonCheckpointAbove(nodes, floor));
            }
            catch (final AssertionError ex)
            {
                for (final NodeProcess node : nodes)
                {
                    System.out.println("---- node " + node.memberId() + " checkpoints " +
                        new java.util.TreeMap<>(node.checkpoints()).descendingMap().entrySet().stream().limit(3)
                        .toList() + "\n" + tail(node.output(), 30));
                }
                throw ex;
            }
        }
        finally
        {
            CloseHelper.quietClose(client);
            for (final NodeProcess node : nodes)
            {
                CloseHelper.quietClose(node);
            }
            IoUtil.delete(dir.toFile(), true);
        }
    }

    /**
     * The highest checkpoint position every node has recorded, above {@code floor}; throws if the nodes disagree
     * on the hash at any position they all recorded.
     */
    private static Long commonCheckpointAbove(final NodeProcess[] nodes, final long floor)
    {
        Long best = null;
        for (final Map.Entry<Long, String> entry : nodes[0].checkpoints().entrySet())
        {
            boolean everywhere = true;
            for (int i = 1; i < nodes.length; i++)
            {
                final String hash = nodes[i].checkpoints().get(entry.getKey());
                if (null == hash)
                {
                    everywhere = false;
                }
                else if (!hash.equals(entry.getValue()))
                {
                    throw new AssertionError("nodes disagree at log position " + entry.getKey());
                }
            }
            if (everywhere && entry.getKey() > floor && (null == best || entry.getKey() > best))
            {
                best = entry.getKey();
            }
        }
        return best;
    }

    private static String tail(final String text, final int lines)
    {
        final String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static long latestCheckpoint(final NodeProcess node)
    {
        return node.checkpoints().keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static int awaitLeader(final NodeProcess[] nodes, final int excluded)
    {
        final int[] leader = {-1};
        TestCluster.await("a leader is elected", 60_000, () ->
        {
            for (final NodeProcess node : nodes)
            {
                if (null != node && node.memberId() != excluded && node.isLeader())
                {
                    leader[0] = node.memberId();
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    private static NodeConfig config(final Path dir, final int portBase, final int memberId)
    {
        final Properties properties = new Properties();
        properties.putAll(properties(dir, portBase, memberId));
        return NodeConfig.of(properties);
    }

    private static Map<String, String> properties(final Path dir, final int portBase, final int memberId)
    {
        final Map<String, String> properties = new HashMap<>();
        properties.put(NodeConfig.MEMBER_ID, Integer.toString(memberId));
        properties.put(NodeConfig.HOSTS, "127.0.0.1,127.0.0.1,127.0.0.1");
        properties.put(NodeConfig.PORT_BASE, Integer.toString(portBase));
        properties.put(NodeConfig.DIR, dir.toString());
        properties.put(NodeConfig.ACCOUNTS_FILE, dir.resolve("accounts.txt").toString());
        properties.put(NodeConfig.DEDUP_WINDOW, "4096");
        properties.put(NodeConfig.CHECKPOINT_INTERVAL_MS, "1000");
        properties.put(NodeConfig.LOG_TERM_LENGTH, "4m");
        properties.put(NodeConfig.LEADER_HEARTBEAT_TIMEOUT_MS, "3000");
        properties.put(NodeConfig.MD_CHANNEL, "aeron:udp?endpoint=224.0.1.1:" + (portBase + 90) +
            "|interface=127.0.0.1|ttl=0");
        return properties;
    }

    /**
     * Records the first answer to each NewOrder (NEW, or ORDER_STATUS for a resend whose first answer was lost).
     */
    static final class Answers implements ExecutionListener
    {
        final Long2LongHashMap orderIdByClientOrderId = new Long2LongHashMap(-1);
        long killedAtNs;
        long lastAnswerNs;
        long longestGapNs;
        int massCancelled = -1;

        public void onExecutionReport(final ExecutionReport report)
        {
            final ExecType type = report.execType();
            if ((ExecType.NEW == type || ExecType.ORDER_STATUS == type) &&
                !orderIdByClientOrderId.containsKey(report.clientOrderId()))
            {
                orderIdByClientOrderId.put(report.clientOrderId(), report.orderId());
                final long now = System.nanoTime();
                if (0 != killedAtNs)
                {
                    longestGapNs = Math.max(longestGapNs, now - Math.max(lastAnswerNs, killedAtNs));
                }
                lastAnswerNs = now;
            }
        }

        public void onMassCancelReport(
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final RejectReason rejectReason,
            final int cancelledCount,
            final long transactTimeNs)
        {
            massCancelled = cancelledCount;
        }

        public void onConnectionEvent(final ConnectionEvent event, final String message)
        {
            System.out.println("client: " + event + " " + message);
        }
    }
}
