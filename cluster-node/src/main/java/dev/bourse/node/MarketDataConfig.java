package dev.bourse.node;

/**
 * Where and how a node publishes market data. Local to the node: it does not shape the replicated state.
 *
 * @param enabled             whether to create the publications at all.
 * @param channel             Aeron channel, e.g. a multicast group with interface=127.0.0.1.
 * @param incrementalStreamId stream id of the incremental stream.
 * @param snapshotStreamId    stream id of the snapshot loop.
 * @param heartbeatIntervalNs idle time after which a heartbeat is sent.
 * @param snapshotIntervalNs  pause between two snapshot loops.
 * @param maxAgeNs            events older than this (replayed history) are not published.
 * @param queueCapacityBytes  bound of the outbound queue; beyond it events are dropped and counted.
 * @param memberCount         members in the cluster: a one-member cluster publishes from its leader.
 */
public record MarketDataConfig(
    boolean enabled,
    String channel,
    int incrementalStreamId,
    int snapshotStreamId,
    long heartbeatIntervalNs,
    long snapshotIntervalNs,
    long maxAgeNs,
    int queueCapacityBytes,
    int memberCount)
{
    /**
     * Validate.
     */
    public MarketDataConfig
    {
        if (null == channel || channel.isBlank())
        {
            throw new IllegalArgumentException("market data channel must be set");
        }
        if (heartbeatIntervalNs <= 0 || snapshotIntervalNs <= 0 || maxAgeNs <= 0 || queueCapacityBytes < 1 << 16)
        {
            throw new IllegalArgumentException("market data intervals must be positive and the queue >= 64 KiB");
        }
        if (memberCount < 1)
        {
            throw new IllegalArgumentException("member count must be positive");
        }
    }
}
