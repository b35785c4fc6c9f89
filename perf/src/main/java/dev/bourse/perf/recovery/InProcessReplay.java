package dev.bourse.perf.recovery;

import dev.bourse.node.ExchangeService;
import dev.bourse.node.NodeConfig;
import dev.bourse.node.OfflineCluster;
import io.aeron.cluster.codecs.ClusterTimeUnit;
import io.aeron.cluster.codecs.MessageHeaderDecoder;
import io.aeron.cluster.codecs.NewLeadershipTermEventDecoder;
import io.aeron.cluster.codecs.SessionCloseEventDecoder;
import io.aeron.cluster.codecs.SessionMessageHeaderDecoder;
import io.aeron.cluster.codecs.SessionOpenEventDecoder;
import io.aeron.cluster.codecs.TimerEventDecoder;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.Cluster;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state machine alone: a recorded {@link ClusterLog} applied to a fresh {@link ExchangeService} in this
 * process, dispatched the way Aeron's service container does (session message, timer, session open and close,
 * new leadership term), with no archive, no consensus module and no transport. The service runs as a follower,
 * with the nodes' own configuration except market data, which needs an Aeron client (its events are still built,
 * as on a node, only not queued for sending). Its checkpoints are captured so they can be compared with the
 * nodes'.
 */
final class InProcessReplay implements ClusterLog.Visitor
{
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint logPosition=(\\d+) stateHash=([0-9a-f]+)");

    /**
     * One replay.
     *
     * @param sessionMessages commands applied.
     * @param messages        log messages applied.
     * @param elapsedNs       time to apply them.
     * @param cpuNs           this thread's CPU time to apply them.
     * @param allocatedBytes  bytes this thread allocated to apply them (checkpoint log lines included).
     * @param checkpoints     the checkpoints recorded: log position to state hash.
     * @param finalStateHash  the state hash at the end.
     */
    record Result(
        long sessionMessages,
        long messages,
        long elapsedNs,
        long cpuNs,
        long allocatedBytes,
        Long2LongHashMap checkpoints,
        long finalStateHash)
    {
        double commandsPerSecond()
        {
            return sessionMessages * 1e9 / Math.max(1, elapsedNs);
        }

        double allocatedBytesPerCommand()
        {
            return (double)allocatedBytes / Math.max(1, sessionMessages);
        }

        double commandsPerCpuSecond()
        {
            return sessionMessages * 1e9 / Math.max(1, cpuNs);
        }
    }

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final SessionMessageHeaderDecoder sessionHeaderDecoder = new SessionMessageHeaderDecoder();
    private final TimerEventDecoder timerDecoder = new TimerEventDecoder();
    private final SessionOpenEventDecoder openDecoder = new SessionOpenEventDecoder();
    private final SessionCloseEventDecoder closeDecoder = new SessionCloseEventDecoder();
    private final NewLeadershipTermEventDecoder termDecoder = new NewLeadershipTermEventDecoder();
    private final Header header = new Header(0, 0);
    private final ExchangeService service;
    private final OfflineCluster cluster;
    private long sessionMessages;
    private long messages;

    private InProcessReplay(final ExchangeService service, final OfflineCluster cluster)
    {
        this.service = service;
        this.cluster = cluster;
    }

    /**
     * Replay a log into a fresh service configured like the benchmark nodes.
     *
     * @param log            the recorded log.
     * @param nodeProperties the nodes' {@code bourse.*} properties.
     * @return what it took.
     */
    static Result replay(final ClusterLog log, final Properties nodeProperties)
    {
        final Properties properties = new Properties();
        properties.putAll(nodeProperties);
        properties.setProperty(NodeConfig.MD_ENABLED, "false");
        final NodeConfig config = NodeConfig.of(properties);
        final ExchangeService service =
            new ExchangeService(config.serviceConfig(), config.marketDataConfig(), config.memberId());
        final OfflineCluster cluster = new OfflineCluster(config.memberId(), Cluster.Role.FOLLOWER);
        final InProcessReplay replay = new InProcessReplay(service, cluster);

        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final long elapsedNs;
        final long cpuNs;
        final long allocatedBytes;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8))
        {
            System.setOut(capture);
            service.onStart(cluster, null);
            final long startAllocated = threads.getThreadAllocatedBytes(threadId);
            final long startCpuNs = threads.getCurrentThreadCpuTime();
            final long startNs = System.nanoTime();
            log.forEach(replay);
            elapsedNs = System.nanoTime() - startNs;
            cpuNs = threads.getCurrentThreadCpuTime() - startCpuNs;
            allocatedBytes = threads.getThreadAllocatedBytes(threadId) - startAllocated;
        }
        finally
        {
            System.setOut(stdout);
        }
        final Long2LongHashMap checkpoints = new Long2LongHashMap(Long.MIN_VALUE);
        final Matcher matcher = CHECKPOINT.matcher(captured.toString(StandardCharsets.UTF_8));
        while (matcher.find())
        {
            checkpoints.put(Long.parseLong(matcher.group(1)), Long.parseUnsignedLong(matcher.group(2), 16));
        }
        return new Result(
            replay.sessionMessages, replay.messages, elapsedNs, cpuNs, allocatedBytes, checkpoints,
            service.stateHash());
    }

    /**
     * {@inheritDoc}
     */
    public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long positionAfter)
    {
        messages++;
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case SessionMessageHeaderDecoder.TEMPLATE_ID:
            {
                sessionMessages++;
                sessionHeaderDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final long timestamp = sessionHeaderDecoder.timestamp();
                cluster.position(positionAfter, timestamp);
                service.onSessionMessage(
                    cluster.getClientSession(sessionHeaderDecoder.clusterSessionId()),
                    timestamp,
                    buffer,
                    offset + AeronCluster.SESSION_HEADER_LENGTH,
                    length - AeronCluster.SESSION_HEADER_LENGTH,
                    header);
                break;
            }
            case TimerEventDecoder.TEMPLATE_ID:
                timerDecoder.wrap(buffer, bodyOffset, blockLength, version);
                cluster.position(positionAfter, timerDecoder.timestamp());
                service.onTimerEvent(timerDecoder.correlationId(), timerDecoder.timestamp());
                break;
            case SessionOpenEventDecoder.TEMPLATE_ID:
            {
                openDecoder.wrap(buffer, bodyOffset, blockLength, version);
                openDecoder.skipResponseChannel();
                final byte[] principal = new byte[openDecoder.encodedPrincipalLength()];
                openDecoder.getEncodedPrincipal(principal, 0, principal.length);
                cluster.position(positionAfter, openDecoder.timestamp());
                service.onSessionOpen(cluster.openSession(openDecoder.clusterSessionId(), principal, null),
                    openDecoder.timestamp());
                break;
            }
            case SessionCloseEventDecoder.TEMPLATE_ID:
            {
                closeDecoder.wrap(buffer, bodyOffset, blockLength, version);
                cluster.position(positionAfter, closeDecoder.timestamp());
                final OfflineCluster.Session session = cluster.removeSession(closeDecoder.clusterSessionId());
                if (null != session)
                {
                    service.onSessionClose(session, closeDecoder.timestamp(), closeDecoder.closeReason());
                }
                break;
            }
            case NewLeadershipTermEventDecoder.TEMPLATE_ID:
                termDecoder.wrap(buffer, bodyOffset, blockLength, version);
                cluster.position(positionAfter, termDecoder.timestamp());
                service.onNewLeadershipTermEvent(
                    termDecoder.leadershipTermId(),
                    termDecoder.logPosition(),
                    termDecoder.timestamp(),
                    termDecoder.termBaseLogPosition(),
                    termDecoder.leaderMemberId(),
                    termDecoder.logSessionId(),
                    timeUnit(termDecoder.timeUnit()),
                    termDecoder.appVersion());
                break;
            default:
                // cluster actions (snapshots) and membership changes: nothing for the state machine to apply
                break;
        }
    }

    private static TimeUnit timeUnit(final ClusterTimeUnit unit)
    {
        switch (unit)
        {
            case NANOS:
                return TimeUnit.NANOSECONDS;
            case MICROS:
                return TimeUnit.MICROSECONDS;
            default:
                return TimeUnit.MILLISECONDS;
        }
    }
}
