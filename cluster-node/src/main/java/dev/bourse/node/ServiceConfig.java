package dev.bourse.node;

/**
 * What the exchange service needs from the node configuration. Every node of a cluster must use the same values:
 * they shape the replicated state.
 *
 * @param dedupWindow          clientOrderIds remembered per account.
 * @param checkpointIntervalNs cluster time between (logPosition, stateHash) checkpoints.
 * @param sessionTokenKey      key for session tokens, at least 16 bytes, shared by all nodes, kept secret.
 * @param dayEndOffsetNs       time of day after UTC midnight at which DAY orders expire.
 */
public record ServiceConfig(int dedupWindow, long checkpointIntervalNs, byte[] sessionTokenKey, long dayEndOffsetNs)
{
    /**
     * Validate the values.
     */
    public ServiceConfig
    {
        if (dedupWindow < 1 || dedupWindow > 1 << 20)
        {
            throw new IllegalArgumentException("dedup window must be in [1, 1048576]: " + dedupWindow);
        }
        if (checkpointIntervalNs < 1_000_000)
        {
            throw new IllegalArgumentException("checkpoint interval must be at least 1 ms: " + checkpointIntervalNs);
        }
        if (null == sessionTokenKey || sessionTokenKey.length < 16)
        {
            throw new IllegalArgumentException("session token key must be at least 16 bytes");
        }
        sessionTokenKey = sessionTokenKey.clone();
    }

    /**
     * A copy of the key.
     *
     * @return the session token key.
     */
    public byte[] sessionTokenKey()
    {
        return sessionTokenKey.clone();
    }
}
