package dev.bourse.node;

import dev.bourse.schemas.orderentry.RejectReason;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the service counts: observations, not replicated state (they are not in the state hash or snapshots; a
 * restarted node counts from zero). Written only by the service thread; volatile (or release stores into atomic
 * arrays) so that other threads (metrics, tests) see current values. Nothing here allocates after construction.
 */
final class ServiceCounters
{
    /** Command type labels, indexed by the {@code COMMAND_*} constants. */
    static final String[] COMMAND_TYPES =
        {"new_order", "cancel", "replace", "mass_cancel", "order_status", "logon", "admin"};
    static final int COMMAND_NEW_ORDER = 0;
    static final int COMMAND_CANCEL = 1;
    static final int COMMAND_REPLACE = 2;
    static final int COMMAND_MASS_CANCEL = 3;
    static final int COMMAND_ORDER_STATUS = 4;
    static final int COMMAND_LOGON = 5;
    static final int COMMAND_ADMIN = 6;

    /** One slot per reject reason code, indexed by {@link RejectReason#value()}. */
    static final int REJECT_REASON_SLOTS = rejectReasonSlots();

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

    /** Ingress messages by command type ({@link #COMMAND_TYPES}), whatever their outcome. */
    final AtomicLongArray commandsByType = new AtomicLongArray(COMMAND_TYPES.length);
    /** Refusals by reason code: every answer the node sends that carries a reject reason. */
    final AtomicLongArray rejectsByReason = new AtomicLongArray(REJECT_REASON_SLOTS);

    /** The log position the service has applied, published from the service's background work. */
    volatile long appliedLogPosition = -1;
    /** Leadership term of the last new-term event the service applied. */
    volatile long leadershipTermId = -1;
    /** Leader of the last new-term event the service applied. */
    volatile int leaderMemberId = -1;
    /** Open client sessions the service knows, published from the service's background work. */
    volatile int sessions;
    /** Whether the market-data publisher is publishing, published from the service's background work. */
    volatile boolean marketDataPublishing;
    /** The next market-data channel sequence, published from the service's background work. */
    volatile long marketDataNextSequence = -1;

    /**
     * Count one ingress message of a type. Service thread only.
     *
     * @param type one of the {@code COMMAND_*} constants.
     */
    void command(final int type)
    {
        commandsByType.setRelease(type, commandsByType.getPlain(type) + 1);
    }

    /**
     * Count one refusal. Service thread only.
     *
     * @param reason why the request was refused.
     */
    void reject(final RejectReason reason)
    {
        rejects++;
        final int slot = reason.value();
        if (slot >= 0 && slot < REJECT_REASON_SLOTS)
        {
            rejectsByReason.setRelease(slot, rejectsByReason.getPlain(slot) + 1);
        }
    }

    private static int rejectReasonSlots()
    {
        int max = 0;
        for (final RejectReason reason : RejectReason.values())
        {
            if (RejectReason.NULL_VAL != reason)
            {
                max = Math.max(max, reason.value());
            }
        }
        return max + 1;
    }
}
