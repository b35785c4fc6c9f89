package dev.bourse.perf.recovery;

import io.aeron.Aeron;
import io.aeron.DirectBufferVector;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link Cluster} a service sees while {@link InProcessReplay} feeds it a recorded log: a follower (so egress
 * is not sent, as on a replaying node), no Aeron client (market data must be disabled), timers accepted and
 * forgotten (their firings are in the log), the log position and time of the message being applied.
 */
final class ReplayCluster implements Cluster
{
    private final int memberId;
    private final Long2ObjectHashMap<ReplaySession> sessions = new Long2ObjectHashMap<>();
    private long logPosition;
    private long timeNs;

    ReplayCluster(final int memberId)
    {
        this.memberId = memberId;
    }

    void position(final long logPosition, final long timeNs)
    {
        this.logPosition = logPosition;
        this.timeNs = timeNs;
    }

    ReplaySession openSession(final long clusterSessionId, final byte[] encodedPrincipal)
    {
        final ReplaySession session = new ReplaySession(clusterSessionId, encodedPrincipal);
        sessions.put(clusterSessionId, session);
        return session;
    }

    ReplaySession removeSession(final long clusterSessionId)
    {
        return sessions.remove(clusterSessionId);
    }

    /**
     * {@inheritDoc}
     */
    public int memberId()
    {
        return memberId;
    }

    /**
     * {@inheritDoc}
     */
    public Role role()
    {
        return Role.FOLLOWER;
    }

    /**
     * {@inheritDoc}
     */
    public long logPosition()
    {
        return logPosition;
    }

    /**
     * {@inheritDoc}
     */
    public Aeron aeron()
    {
        throw new UnsupportedOperationException("no Aeron client in an in-process replay");
    }

    /**
     * {@inheritDoc}
     */
    public ClusteredServiceContainer.Context context()
    {
        throw new UnsupportedOperationException("no container in an in-process replay");
    }

    /**
     * {@inheritDoc}
     */
    public ClientSession getClientSession(final long clusterSessionId)
    {
        return sessions.get(clusterSessionId);
    }

    /**
     * {@inheritDoc}
     */
    public Collection<ClientSession> clientSessions()
    {
        return new ArrayList<>(sessions.values());
    }

    /**
     * {@inheritDoc}
     */
    public void forEachClientSession(final Consumer<? super ClientSession> action)
    {
        sessions.values().forEach(action);
    }

    /**
     * {@inheritDoc}
     */
    public boolean closeClientSession(final long clusterSessionId)
    {
        return false;
    }

    /**
     * {@inheritDoc}
     */
    public long time()
    {
        return timeNs;
    }

    /**
     * {@inheritDoc}
     */
    public TimeUnit timeUnit()
    {
        return TimeUnit.NANOSECONDS;
    }

    /**
     * {@inheritDoc}
     */
    public boolean scheduleTimer(final long correlationId, final long deadline)
    {
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean cancelTimer(final long correlationId)
    {
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return ClientSession.MOCKED_OFFER;
    }

    /**
     * {@inheritDoc}
     */
    public long offer(final DirectBufferVector[] vectors)
    {
        return ClientSession.MOCKED_OFFER;
    }

    /**
     * {@inheritDoc}
     */
    public long tryClaim(final int length, final BufferClaim bufferClaim)
    {
        throw new UnsupportedOperationException("no log publication in an in-process replay");
    }

    /**
     * {@inheritDoc}
     */
    public IdleStrategy idleStrategy()
    {
        return NoOpIdleStrategy.INSTANCE;
    }

    /**
     * A client session of the replayed log: its id and principal; offers are mocked as on a follower.
     */
    static final class ReplaySession implements ClientSession
    {
        private final long id;
        private final byte[] encodedPrincipal;

        ReplaySession(final long id, final byte[] encodedPrincipal)
        {
            this.id = id;
            this.encodedPrincipal = encodedPrincipal;
        }

        /**
         * {@inheritDoc}
         */
        public long id()
        {
            return id;
        }

        /**
         * {@inheritDoc}
         */
        public int responseStreamId()
        {
            return 0;
        }

        /**
         * {@inheritDoc}
         */
        public String responseChannel()
        {
            return "";
        }

        /**
         * {@inheritDoc}
         */
        public byte[] encodedPrincipal()
        {
            return encodedPrincipal;
        }

        /**
         * {@inheritDoc}
         */
        public void close()
        {
        }

        /**
         * {@inheritDoc}
         */
        public boolean isClosing()
        {
            return false;
        }

        /**
         * {@inheritDoc}
         */
        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return MOCKED_OFFER;
        }

        /**
         * {@inheritDoc}
         */
        public long offer(final DirectBufferVector[] vectors)
        {
            return MOCKED_OFFER;
        }

        /**
         * {@inheritDoc}
         */
        public long tryClaim(final int length, final BufferClaim bufferClaim)
        {
            return MOCKED_OFFER;
        }
    }
}
