package dev.bourse.node;

/**
 * What the service counts: observations, not replicated state (they are not in the state hash or snapshots; a
 * restarted node counts from zero). Written only by the service thread.
 */
final class ServiceCounters
{
    long commands;
    long rejects;
    long trades;
    long malformed;
    long forged;
    long accountMismatch;
    long unauthorized;
    long duplicates;
    long stale;
    long egressMessages;
    long egressBackPressure;
    long egressDropped;
    long checkpoints;
    long lastCheckpointLogPosition = -1;
    long lastCheckpointStateHash;
}
