package dev.bourse.node;

/**
 * What the service counts: observations, not replicated state (they are not in the state hash or snapshots; a
 * restarted node counts from zero). Written only by the service thread; volatile so that other threads (metrics,
 * tests) see current values.
 */
final class ServiceCounters
{
    volatile long commands;
    volatile long rejects;
    volatile long trades;
    volatile long malformed;
    volatile long forged;
    volatile long accountMismatch;
    volatile long unauthorized;
    volatile long duplicates;
    volatile long stale;
    volatile long throttled;
    volatile long throttleDisconnects;
    volatile long adminRejects;
    volatile long egressMessages;
    volatile long egressBackPressure;
    volatile long egressDropped;
    volatile long checkpoints;
    volatile long errors;
    volatile long marketDataPackets;
    volatile long marketDataMessages;
    volatile long marketDataDropped;
    volatile long marketDataStale;
    volatile long marketDataHistory;
    volatile long marketDataBackPressure;
    volatile long marketDataLastSequence;
    volatile long marketDataFirstSequence;
    volatile long marketDataSnapshotLoops;
    volatile long lastCheckpointLogPosition = -1;
    volatile long lastCheckpointStateHash;
}
