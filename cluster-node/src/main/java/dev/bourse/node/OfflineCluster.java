package dev.bourse.node;

import io.aeron.Aeron;
import io.aeron.DirectBufferVector;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.protocol.HeaderFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link Cluster} without Aeron, for driving an {@link ExchangeService} in process: the node's JIT warm-up
 * ({@link JitWarmup}) and perf's in-process log replay. The caller sets the log position, the cluster time and the
 * role; sessions are opened and closed by the caller; scheduled timers are only remembered (the caller fires them);
 * egress goes to an optional listener, offers at once and claims once they are committed (see
 * {@link #flushEgress()}). Single-threaded. There is no Aeron client: a service configured to publish market data
 * cannot start on it.
 */
public final class OfflineCluster implements Cluster
{
    /** Receives what the service sends to a session. */
    @FunctionalInterface
    public interface EgressListener
    {
        /**
         * One egress message.
         *
         * @param clusterSessionId the session it was sent to.
         * @param buffer           holds the message (valid during the call only).
         * @param offset           where it starts.
         * @param length           its length.
         */
        void onEgress(long clusterSessionId, DirectBuffer buffer, int offset, int length);
    }

    private final int memberId;
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final Long2LongHashMap timers = new Long2LongHashMap(Long.MAX_VALUE);
    private final ArrayList<Session> claimed = new ArrayList<>();
    private Role role;
    private long logPosition;
    private long timeNs;

    /**
     * A cluster of one member in a given role.
     *
     * @param memberId the member id the service sees.
     * @param role     the role the service sees until {@link #role(Role)} changes it.
     */
    public OfflineCluster(final int memberId, final Role role)
    {
        this.memberId = memberId;
        this.role = role;
    }

    /**
     * Set what the next callback sees as the log position and the cluster time.
     *
     * @param logPosition the log position after the message about to be delivered.
     * @param timeNs      its cluster timestamp.
     */
    public void position(final long logPosition, final long timeNs)
    {
        this.logPosition = logPosition;
        this.timeNs = timeNs;
    }

    /**
     * Change the role {@link #role()} answers (tell the service with {@code onRoleChange}).
     *
     * @param role the new role.
     */
    public void role(final Role role)
    {
        this.role = role;
    }

    /**
     * Open a session (then tell the service with {@code onSessionOpen}).
     *
     * @param clusterSessionId its id.
     * @param encodedPrincipal what the authenticator would have attached.
     * @param listener         receives its egress, or null to drop it.
     * @return the session.
     */
    public Session openSession(
        final long clusterSessionId, final byte[] encodedPrincipal, final EgressListener listener)
    {
        // Three classes in turn: call sites on ClientSession then see several receiver types, as they would in a
        // process whose Aeron container also delivers its own sessions, so that compiled code does not assume ours.
        final Session session = switch (sessions.size() % 3)
        {
            case 0 -> new Session(this, clusterSessionId, encodedPrincipal, listener);
            case 1 -> new SecondSession(this, clusterSessionId, encodedPrincipal, listener);
            default -> new ThirdSession(this, clusterSessionId, encodedPrincipal, listener);
        };
        sessions.put(clusterSessionId, session);
        return session;
    }

    /**
     * Forget a session (then tell the service with {@code onSessionClose}).
     *
     * @param clusterSessionId its id.
     * @return the session, or null if it was not open.
     */
    public Session removeSession(final long clusterSessionId)
    {
        return sessions.remove(clusterSessionId);
    }

    /**
     * The deadline of a scheduled timer.
     *
     * @param correlationId the timer.
     * @return its deadline in cluster nanoseconds, or {@link Long#MAX_VALUE} if it is not scheduled.
     */
    public long timerDeadline(final long correlationId)
    {
        return timers.get(correlationId);
    }

    /**
     * Deliver every committed claim to its session's listener. Call after each message handed to the service: a
     * claim is only complete once the service commits it, which happens after {@code tryClaim} returns.
     */
    public void flushEgress()
    {
        for (int i = 0, size = claimed.size(); i < size; i++)
        {
            claimed.get(i).deliverClaim();
        }
        claimed.clear();
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
        return role;
    }

    /**
     * {@inheritDoc}
     */
    public long logPosition()
    {
        return logPosition;
    }

    /**
     * No Aeron client: there is nothing to publish to.
     *
     * @return null.
     */
    public Aeron aeron()
    {
        return null;
    }

    /**
     * {@inheritDoc}
     */
    public ClusteredServiceContainer.Context context()
    {
        throw new UnsupportedOperationException("no container in an offline cluster");
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
        timers.put(correlationId, deadline);
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean cancelTimer(final long correlationId)
    {
        return Long.MAX_VALUE != timers.remove(correlationId);
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
        throw new UnsupportedOperationException("no log publication in an offline cluster");
    }

    /**
     * {@inheritDoc}
     */
    public IdleStrategy idleStrategy()
    {
        return NoOpIdleStrategy.INSTANCE;
    }

    /**
     * A client session of an {@link OfflineCluster}: offers and claims always succeed.
     */
    public static class Session implements ClientSession
    {
        private static final int MAX_CLAIM = 4096;
        private static final int MESSAGE_OFFSET =
            DataHeaderFlyweight.HEADER_LENGTH + AeronCluster.SESSION_HEADER_LENGTH;

        private final OfflineCluster cluster;
        private final long id;
        private final byte[] encodedPrincipal;
        private final EgressListener listener;
        private final UnsafeBuffer claimBuffer =
            new UnsafeBuffer(new byte[MESSAGE_OFFSET + MAX_CLAIM]);
        private int claimLength;
        private long position;

        Session(
            final OfflineCluster cluster,
            final long id,
            final byte[] encodedPrincipal,
            final EgressListener listener)
        {
            this.cluster = cluster;
            this.id = id;
            this.encodedPrincipal = encodedPrincipal;
            this.listener = listener;
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
            if (null != listener)
            {
                listener.onEgress(id, buffer, offset, length);
            }
            position += length;
            return position;
        }

        /**
         * {@inheritDoc}
         */
        public long offer(final DirectBufferVector[] vectors)
        {
            throw new UnsupportedOperationException("vector offers are not used by the service");
        }

        /**
         * {@inheritDoc}
         */
        public long tryClaim(final int length, final BufferClaim bufferClaim)
        {
            if (length > MAX_CLAIM)
            {
                throw new IllegalArgumentException("claim of " + length + " bytes, at most " + MAX_CLAIM);
            }
            deliverClaim();
            claimBuffer.putShort(HeaderFlyweight.TYPE_FIELD_OFFSET, (short)HeaderFlyweight.HDR_TYPE_DATA);
            // As Aeron's container does: the claim covers the egress session header, which the service skips.
            bufferClaim.wrap(claimBuffer, 0, MESSAGE_OFFSET + length);
            claimLength = length;
            cluster.claimed.add(this);
            position += length;
            return position;
        }

        private void deliverClaim()
        {
            if (0 == claimLength)
            {
                return;
            }
            final int length = claimLength;
            claimLength = 0;
            if (null != listener &&
                HeaderFlyweight.HDR_TYPE_DATA == claimBuffer.getShort(HeaderFlyweight.TYPE_FIELD_OFFSET))
            {
                listener.onEgress(id, claimBuffer, MESSAGE_OFFSET, length);
            }
        }
    }

    private static final class SecondSession extends Session
    {
        SecondSession(
            final OfflineCluster cluster,
            final long id,
            final byte[] encodedPrincipal,
            final EgressListener listener)
        {
            super(cluster, id, encodedPrincipal, listener);
        }
    }

    private static final class ThirdSession extends Session
    {
        ThirdSession(
            final OfflineCluster cluster,
            final long id,
            final byte[] encodedPrincipal,
            final EgressListener listener)
        {
            super(cluster, id, encodedPrincipal, listener);
        }
    }
}
