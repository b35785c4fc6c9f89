package dev.bourse.client;

/**
 * Changes in the connection of an {@link ExchangeClient} to the cluster, reported through
 * {@link ExecutionListener#onConnectionEvent(ConnectionEvent, String)}.
 */
public enum ConnectionEvent
{
    /**
     * The client has connected and logged on; the session is established and commands may be sent.
     */
    CONNECTED,

    /**
     * The cluster elected a new leader and the same cluster session continues with it. Every unanswered request
     * is resent; the cluster's de-duplication makes each take effect at most once.
     */
    LEADER_CHANGED,

    /**
     * The cluster session was lost (closed by the cluster, timed out, or no leader found in time). The client
     * keeps every unanswered request and reconnects with backoff; commands issued meanwhile are queued.
     */
    RECONNECTING,

    /**
     * A new cluster session is established after {@link #RECONNECTING}: the client logged on again (a new session
     * token) and resends every unanswered request with it.
     */
    RECONNECTED,

    /**
     * The client is closed, by {@link ExchangeClient#close()} or because it could not continue (the message
     * says why). No more events follow.
     */
    CLOSED
}
