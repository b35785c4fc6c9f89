package dev.bourse.client;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportEncoder;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedEncoder;
import dev.bourse.schemas.orderentry.StpMode;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A one-member Aeron Cluster on loopback running a tiny stand-in for the exchange service, enough to exercise the
 * client's Aeron glue: authentication ("alice:secret" only), Logon and SessionEstablished with a per-session token,
 * NewOrder answered NEW on first delivery and ORDER_STATUS on a resend. A NewOrder for quantity 666 is applied
 * but unanswered, and the cluster closes the session, the first time, to make the client reconnect and resend.
 * The real service is tested end to end in cluster-node.
 */
final class FakeExchangeCluster implements AutoCloseable
{
    static final String INGRESS_ENDPOINTS = "0=127.0.0.1:23100";
    static final long ACCOUNT = 42;
    static final long CLOSE_SESSION_QUANTITY = 666;

    private final File dir;
    private final ClusteredMediaDriver clusteredMediaDriver;
    private final ClusteredServiceContainer container;

    FakeExchangeCluster() throws IOException
    {
        dir = Files.createTempDirectory("bourse-sdk-fake-cluster").toFile();
        final String aeronDir = new File(dir, "aeron").getAbsolutePath();
        final File clusterDir = new File(dir, "cluster");

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);

        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(new File(dir, "archive"))
            .controlChannel("aeron:udp?endpoint=127.0.0.1:23104")
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=127.0.0.1:0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED);

        final AeronArchive.Context aeronArchiveContext = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);

        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(0)
            .clusterMembers(
                "0,127.0.0.1:23100,127.0.0.1:23101,127.0.0.1:23102,127.0.0.1:23103,127.0.0.1:23104")
            .clusterDir(clusterDir)
            .aeronDirectoryName(aeronDir)
            .archiveContext(aeronArchiveContext.clone())
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=256k")
            .replicationChannel("aeron:udp?endpoint=127.0.0.1:0")
            .authenticatorSupplier(PasswordAuthenticator::new);

        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(aeronArchiveContext.clone())
            .clusterDir(clusterDir)
            .clusteredService(new Service());

        ClusteredMediaDriver launched = null;
        try
        {
            launched = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            container = ClusteredServiceContainer.launch(serviceContext);
            clusteredMediaDriver = launched;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(launched);
            IoUtil.delete(dir, true);
            throw ex;
        }
    }

    public void close()
    {
        CloseHelper.closeAll(container, clusteredMediaDriver);
        IoUtil.delete(dir, true);
    }

    private static final class PasswordAuthenticator implements Authenticator
    {
        private final LongHashSet accepted = new LongHashSet();
        private final LongHashSet rejected = new LongHashSet();

        public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
        {
            if (Arrays.equals("alice:secret".getBytes(StandardCharsets.UTF_8), encodedCredentials))
            {
                accepted.add(sessionId);
            }
            else
            {
                rejected.add(sessionId);
            }
        }

        public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
        {
        }

        public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
        {
            if (accepted.remove(sessionProxy.sessionId()))
            {
                sessionProxy.authenticate(null);
            }
            else if (rejected.remove(sessionProxy.sessionId()))
            {
                sessionProxy.reject();
            }
        }

        public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
        {
        }
    }

    private static final class Service implements ClusteredService
    {
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
        private final SessionEstablishedEncoder sessionEstablished = new SessionEstablishedEncoder();
        private final ExecutionReportEncoder executionReport = new ExecutionReportEncoder();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        private final Long2LongHashMap tokenBySessionId = new Long2LongHashMap(0);
        private final LongHashSet seenClientOrderIds = new LongHashSet();
        private Cluster cluster;
        private long highestClientOrderId;
        private boolean closedOnce;

        public void onStart(final Cluster cluster, final Image snapshotImage)
        {
            this.cluster = cluster;
        }

        public void onSessionOpen(final ClientSession session, final long timestamp)
        {
            tokenBySessionId.put(session.id(), 1_000_000 + session.id());
        }

        public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
        {
            tokenBySessionId.remove(session.id());
        }

        public void onSessionMessage(
            final ClientSession session,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            headerDecoder.wrap(buffer, offset);
            final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            if (LogonDecoder.TEMPLATE_ID == headerDecoder.templateId())
            {
                sessionEstablished.wrapAndApplyHeader(this.buffer, 0, headerEncoder)
                    .account(ACCOUNT)
                    .role(Role.TRADER)
                    .sessionToken(tokenBySessionId.get(session.id()))
                    .clusterSessionId(session.id())
                    .leadershipTermId(0)
                    .dedupWindow(1000)
                    .stpMode(StpMode.NONE)
                    .highestClientOrderId(highestClientOrderId);
                send(session, sessionEstablished.encodedLength());
            }
            else if (NewOrderDecoder.TEMPLATE_ID == headerDecoder.templateId())
            {
                newOrderDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                if (newOrderDecoder.sessionToken() != tokenBySessionId.get(session.id()))
                {
                    return; // a wrong token is dropped without an answer
                }

                final long clientOrderId = newOrderDecoder.clientOrderId();
                highestClientOrderId = Math.max(highestClientOrderId, clientOrderId);
                final boolean isDuplicate = !seenClientOrderIds.add(clientOrderId);
                if (!isDuplicate && CLOSE_SESSION_QUANTITY == newOrderDecoder.quantity() && !closedOnce)
                {
                    closedOnce = true;
                    cluster.closeClientSession(session.id());
                    return;
                }
                answer(session, clientOrderId, isDuplicate ? ExecType.ORDER_STATUS : ExecType.NEW);
            }
        }

        private void answer(final ClientSession session, final long clientOrderId, final ExecType execType)
        {
            executionReport.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .account(ACCOUNT)
                .clientOrderId(clientOrderId)
                .origClientOrderId(0)
                .orderId(clientOrderId + 5000)
                .execId(0)
                .instrumentId(newOrderDecoder.instrumentId())
                .execType(execType)
                .orderStatus(OrderStatus.NEW)
                .side(newOrderDecoder.side())
                .orderType(newOrderDecoder.orderType())
                .timeInForce(newOrderDecoder.timeInForce())
                .liquidity(Liquidity.NULL_VAL)
                .rejectReason(RejectReason.NONE)
                .cancelReason(CancelReason.NULL_VAL)
                .price(newOrderDecoder.price())
                .quantity(newOrderDecoder.quantity())
                .lastPrice(0)
                .lastQuantity(0)
                .leavesQuantity(newOrderDecoder.quantity())
                .cumQuantity(0)
                .transactTimeNs(cluster.time());
            send(session, executionReport.encodedLength());
        }

        private void send(final ClientSession session, final int blockLength)
        {
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
            for (int attempt = 0; attempt < 10 && session.offer(buffer, 0, length) < 0; attempt++)
            {
                cluster.idleStrategy().idle();
            }
        }

        public void onTimerEvent(final long correlationId, final long timestamp)
        {
        }

        public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
        {
        }

        public void onRoleChange(final Cluster.Role newRole)
        {
        }

        public void onTerminate(final Cluster cluster)
        {
        }
    }
}
