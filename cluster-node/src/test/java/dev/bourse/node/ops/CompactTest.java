package dev.bourse.node.ops;

import dev.bourse.client.AdminClient;
import dev.bourse.client.ExchangeClient;
import dev.bourse.client.ExecutionListener;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code snapshot} then {@code compact} on three running node processes whose archive segments are small
 * (128 KiB): every member's log loses its segments before the snapshot, and the cluster, stopped and started again,
 * restores from the snapshot plus the log that is left, holds every order and agrees on the state hash.
 */
@Tag("slow")
@Timeout(240)
class CompactTest
{
    private static final int INSTRUMENT = 7;
    private static final int BEFORE_SNAPSHOT = 2_500;
    private static final int AFTER_SNAPSHOT = 300;

    @Test
    void shouldPurgeTheLogToTheSnapshotAndStillRestartToTheSameState() throws Exception
    {
        try (OpsTestCluster testCluster = OpsTestCluster.start(
            Map.of("bourse.log.term.length", "64k"), List.of("-Daeron.archive.segment.file.length=128k")))
        {
            final ClusterTarget target = testCluster.target();
            final LocalCluster cluster = testCluster.cluster();
            final ByteArrayOutputStream output = new ByteArrayOutputStream();
            final ControlOperations control = new ControlOperations(target, null, 60_000,
                new PrintStream(output, true, StandardCharsets.UTF_8));
            awaitLeader(target, testCluster);

            final MassCancelCount listener = new MassCancelCount();
            ExchangeClient trader = null;
            try
            {
                try (AdminClient admin = AdminClient.connect(context("admin", target)))
                {
                    final AdminClient.Ack ack = admin.defineInstrument(INSTRUMENT, 1, 1, "COMPACT");
                    assertTrue(ack.isAccepted(), "instrument: " + ack);
                }
                trader = ExchangeClient.connect(context("loadgen", target).listener(listener));
                send(trader, 0, BEFORE_SNAPSHOT);

                final ControlOperations.SnapshotResult snapshot = control.snapshot();
                assertEquals(3, snapshot.after().size(), "every member took the snapshot: " + output);
                send(trader, BEFORE_SNAPSHOT, AFTER_SNAPSHOT);

                final long archiveBefore = LogCompactor.directorySize(cluster.archiveDir(0));
                final List<LogCompactor.Result> results = control.compact();
                System.out.print(output.toString(StandardCharsets.UTF_8));
                assertEquals(3, results.size());
                for (final LogCompactor.Result result : results)
                {
                    assertTrue(result.segmentsDeleted() > 0, "segments deleted on member " + result.memberId() +
                        ": " + result);
                    assertTrue(result.bytesFreed() >= 128 * 1024, "bytes freed: " + result);
                    assertTrue(result.newStart() > 0 && result.newStart() <= result.snapshotPosition(),
                        "the log now starts after 0 and at or before the snapshot: " + result);
                }
                assertTrue(LogCompactor.directorySize(cluster.archiveDir(0)) < archiveBefore, "the archive shrank");
                final LogCompactor.Result again = new LogCompactor(cluster.clusterDir(0), null, 30_000)
                    .compact(0, results.get(0).snapshotPosition());
                assertEquals(0, again.segmentsDeleted(), "a second compact finds nothing more to purge");

                final NodeLog.Agreement before = awaitCommonCheckpoint(target, commitPosition(target));
                final String snapshotHash = target.checkpointHistories().get(snapshot.leader())
                    .get(results.get(0).snapshotPosition());
                assertTrue(null != snapshotHash, "the leader logged a checkpoint at the snapshot");

                cluster.stopAll(TimeUnit.SECONDS.toNanos(20));
                for (int id = 0; id < cluster.memberCount(); id++)
                {
                    cluster.start(id);
                }
                awaitLeader(target, testCluster);
                for (int id = 0; id < cluster.memberCount(); id++)
                {
                    final int member = id;
                    Waits.await("member " + id + " restores the snapshot", 60_000,
                        () -> !NodeLog.read(cluster.logFile(member)).restoredHashes().isEmpty());
                    assertEquals(List.of(snapshotHash), NodeLog.read(cluster.logFile(id)).restoredHashes(),
                        "member " + id + " restored the snapshot's state");
                }
                final NodeLog.Agreement after = awaitCommonCheckpoint(target, before.commonPosition());
                assertEquals(before.commonHash(), histories(target, 0).get(before.commonPosition()),
                    "the replayed log reaches the state it had before the restart");
                assertTrue(after.agrees(), "hashes agree after the restart: " + after);

                final ExchangeClient client = trader;
                final long massCancel = client.massCancel(INSTRUMENT);
                assertTrue(massCancel > 0);
                Waits.await("the mass cancel is answered", 60_000, () ->
                {
                    client.poll();
                    return listener.cancelled >= 0;
                });
                assertEquals(BEFORE_SNAPSHOT + AFTER_SNAPSHOT, listener.cancelled,
                    "every order, from before and after the snapshot, was restored");
            }
            catch (final AssertionError | RuntimeException ex)
            {
                System.out.print(output.toString(StandardCharsets.UTF_8));
                System.out.println(testCluster.logTails());
                throw ex;
            }
            finally
            {
                CloseHelper.quietClose(trader);
            }
        }
    }

    private static ExchangeClient.Context context(final String user, final ClusterTarget target)
    {
        return new ExchangeClient.Context()
            .ingressEndpoints(target.ingressEndpoints())
            .username(user)
            .password(user + "-pass");
    }

    private static void send(final ExchangeClient trader, final int first, final int count)
    {
        for (int i = first; i < first + count; i++)
        {
            final long price = 1_000 + i % 500;
            final int index = i;
            Waits.await("order " + index + " is sent", 30_000, () ->
            {
                trader.poll();
                return trader.placeLimitOrder(INSTRUMENT, Side.BUY, 1, price, TimeInForce.GTC) > 0;
            });
        }
        Waits.await("every order is answered", 60_000, () ->
        {
            trader.poll();
            return 0 == trader.pendingCount();
        });
    }

    private static void awaitLeader(final ClusterTarget target, final OpsTestCluster cluster)
    {
        if (!Waits.poll(60_000, () -> null != Drill.leaderOf(target.quickStates())))
        {
            throw new AssertionError("no leader within 60 s\n" + cluster.logTails());
        }
    }

    private static long commitPosition(final ClusterTarget target)
    {
        final MemberState leader = Drill.leaderOf(target.quickStates());
        return null == leader ? 0 : leader.commitPosition();
    }

    private static NavigableMap<Long, String> histories(final ClusterTarget target, final int member)
    {
        return target.checkpointHistories().get(member);
    }

    private static NodeLog.Agreement awaitCommonCheckpoint(final ClusterTarget target, final long minPosition)
    {
        final NodeLog.Agreement[] agreement = new NodeLog.Agreement[1];
        Waits.await("every member records a checkpoint at or after " + minPosition, 60_000, () ->
        {
            agreement[0] = NodeLog.compare(target.checkpointHistories(), minPosition);
            assertTrue(agreement[0].conflicts().isEmpty(), "members disagree: " + agreement[0].conflicts());
            return agreement[0].commonPosition() >= minPosition;
        });
        return agreement[0];
    }

    static final class MassCancelCount implements ExecutionListener
    {
        int cancelled = -1;

        public void onMassCancelReport(
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final RejectReason rejectReason,
            final int cancelledCount,
            final long transactTimeNs)
        {
            cancelled = cancelledCount;
        }
    }
}
