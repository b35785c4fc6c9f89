package dev.bourse.node.ops;

/**
 * One member's state as the ops tool sees it, from the node's {@code /status} endpoint or, for a local member, from
 * the consensus module's counters. Numbers that are not known are -1; {@code stateHash} is "0x" and 16 hex digits,
 * or null.
 *
 * @param memberId              the member.
 * @param reachable             whether the member answered (HTTP) or its process is alive (counters).
 * @param role                  LEADER, FOLLOWER, CANDIDATE, UNKNOWN, or DOWN when not reachable.
 * @param leadershipTermId      the leadership term.
 * @param leaderMemberId        the leader it follows, -1 if unknown.
 * @param commitPosition        the commit position, bytes.
 * @param appliedLogPosition    the log position the service has applied, bytes.
 * @param snapshotCount         snapshots taken by this member.
 * @param electionCount         elections this member went through.
 * @param checkpointLogPosition the last (logPosition, stateHash) checkpoint's position.
 * @param stateHash             the last checkpoint's state hash.
 * @param marketDataSequence    next market-data sequence, -1 if unknown.
 * @param source                where the state came from: http, counters, or the error when not reachable.
 */
record MemberState(
    int memberId,
    boolean reachable,
    String role,
    long leadershipTermId,
    int leaderMemberId,
    long commitPosition,
    long appliedLogPosition,
    long snapshotCount,
    long electionCount,
    long checkpointLogPosition,
    String stateHash,
    long marketDataSequence,
    String source)
{
    static final String DOWN = "DOWN";
    static final String LEADER = "LEADER";
    static final String FOLLOWER = "FOLLOWER";

    static MemberState unreachable(final int memberId, final String why)
    {
        return new MemberState(memberId, false, DOWN, -1, -1, -1, -1, -1, -1, -1, null, -1, why);
    }

    boolean isLeader()
    {
        return reachable && LEADER.equals(role);
    }

    boolean isFollower()
    {
        return reachable && FOLLOWER.equals(role);
    }

    /**
     * Bytes committed but not yet applied by the service, -1 when either position is unknown.
     *
     * @return the lag.
     */
    long lagBytes()
    {
        return commitPosition < 0 || appliedLogPosition < 0 ? -1 : Math.max(0, commitPosition - appliedLogPosition);
    }

    /**
     * This state with a checkpoint (from the node's log) and where it came from.
     *
     * @param logPosition the checkpoint's position.
     * @param hash        its state hash.
     * @param from        appended to the source.
     * @return the new state.
     */
    MemberState withCheckpoint(final long logPosition, final String hash, final String from)
    {
        return new MemberState(memberId, reachable, role, leadershipTermId, leaderMemberId, commitPosition,
            appliedLogPosition, snapshotCount, electionCount, logPosition, hash, marketDataSequence,
            source + from);
    }

    boolean hasCheckpoint()
    {
        return checkpointLogPosition >= 0 && null != stateHash;
    }
}
