package dev.bourse.node.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The cluster at a glance: each member's state, the leader, whether a quorum follows it, and whether the members'
 * state hashes agree, compared at a log position where they all recorded a checkpoint.
 */
final class ClusterStatus
{
    /** Exit code: every member reachable, a leader with a quorum, no hash disagreement. */
    static final int HEALTHY = 0;
    /** Exit code: a leader with a quorum, but some member is unreachable. */
    static final int DEGRADED = 1;
    /** Exit code: no leader, or fewer than a majority of members follow it. */
    static final int NO_QUORUM = 2;
    /** Exit code: members recorded different state hashes at the same log position. */
    static final int HASHES_DISAGREE = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<MemberState> members;
    private final int leader;
    private final long leaderTerm;
    private final int followingLeader;
    private final boolean quorum;
    private final Boolean hashesAgree;
    private final long hashPosition;
    private final String hashNote;
    private final Map<Integer, String> memberHashVerdict = new TreeMap<>();

    private ClusterStatus(
        final List<MemberState> members,
        final Map<Integer, NavigableMap<Long, String>> histories)
    {
        this.members = List.copyOf(members);
        int leaderId = -1;
        long term = -1;
        for (final MemberState member : members)
        {
            if (member.isLeader() && (leaderId < 0 || member.leadershipTermId() > term))
            {
                leaderId = member.memberId();
                term = member.leadershipTermId();
            }
        }
        this.leader = leaderId;
        this.leaderTerm = term;
        int following = 0;
        for (final MemberState member : members)
        {
            if (leaderId >= 0 && (member.isLeader() || member.isFollower()) &&
                (member.leadershipTermId() < 0 || term < 0 || member.leadershipTermId() == term))
            {
                following++;
            }
        }
        this.followingLeader = following;
        this.quorum = leaderId >= 0 && following >= members.size() / 2 + 1;

        // Hashes: the local logs' full checkpoint histories if given, plus each member's reported last checkpoint.
        final Map<Integer, NavigableMap<Long, String>> compared = new TreeMap<>();
        for (final MemberState member : members)
        {
            if (!member.reachable() && !member.source().contains("paused"))
            {
                continue;
            }
            final NavigableMap<Long, String> history = new TreeMap<>();
            if (null != histories && null != histories.get(member.memberId()))
            {
                history.putAll(histories.get(member.memberId()));
            }
            if (member.hasCheckpoint())
            {
                history.put(member.checkpointLogPosition(), member.stateHash());
            }
            if (!history.isEmpty())
            {
                compared.put(member.memberId(), history);
            }
        }
        final NodeLog.Agreement agreement = NodeLog.compare(compared, 0);
        if (!agreement.conflicts().isEmpty())
        {
            hashesAgree = false;
            hashPosition = -1;
            hashNote = "members disagree at " + String.join("; ", agreement.conflicts());
            for (final Integer id : compared.keySet())
            {
                memberHashVerdict.put(id, "NO");
            }
        }
        else if (compared.size() >= 2 && agreement.commonPosition() >= 0)
        {
            hashesAgree = true;
            hashPosition = agreement.commonPosition();
            hashNote = "at log position " + hashPosition + " (" + compared.size() + " members)";
            for (final Integer id : compared.keySet())
            {
                memberHashVerdict.put(id, "yes");
            }
        }
        else
        {
            hashesAgree = null;
            hashPosition = -1;
            hashNote = compared.size() < 2 ? "n/a: fewer than two members have a checkpoint" :
                "n/a: no checkpoint common to the members yet";
        }
    }

    /**
     * Summarise member states.
     *
     * @param members   every member's state.
     * @param histories local checkpoint histories by member, or null.
     * @return the status.
     */
    static ClusterStatus of(final List<MemberState> members, final Map<Integer, NavigableMap<Long, String>> histories)
    {
        return new ClusterStatus(members, histories);
    }

    List<MemberState> members()
    {
        return members;
    }

    int leader()
    {
        return leader;
    }

    boolean quorum()
    {
        return quorum;
    }

    /**
     * @return true, false, or null when there is nothing to compare yet.
     */
    Boolean hashesAgree()
    {
        return hashesAgree;
    }

    long hashPosition()
    {
        return hashPosition;
    }

    boolean allReachable()
    {
        for (final MemberState member : members)
        {
            if (!member.reachable())
            {
                return false;
            }
        }
        return true;
    }

    int exitCode()
    {
        if (Boolean.FALSE.equals(hashesAgree))
        {
            return HASHES_DISAGREE;
        }
        if (!quorum)
        {
            return NO_QUORUM;
        }
        return allReachable() ? HEALTHY : DEGRADED;
    }

    /**
     * The readable table and summary.
     *
     * @param header a first line (which cluster), or null.
     * @return the text.
     */
    String table(final String header)
    {
        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"member", "role", "term", "log position", "commit position", "lag (bytes)",
            "last checkpoint (position, state hash)", "hashes agree", "reachable"});
        for (final MemberState member : members)
        {
            rows.add(new String[]{
                Integer.toString(member.memberId()),
                member.role(),
                number(member.leadershipTermId()),
                number(member.appliedLogPosition()),
                number(member.commitPosition()),
                number(member.lagBytes()),
                member.hasCheckpoint() ? member.checkpointLogPosition() + " " + member.stateHash() : "-",
                memberHashVerdict.getOrDefault(member.memberId(), "n/a"),
                member.reachable() ? "yes" : "no"});
        }
        final int[] widths = new int[rows.get(0).length];
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder text = new StringBuilder();
        if (null != header)
        {
            text.append(header).append('\n');
        }
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++)
            {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
                line.append(i == row.length - 1 ? "" : "  ");
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        for (final MemberState member : members)
        {
            if (!member.reachable() || !"http".equals(member.source()))
            {
                text.append("  member ").append(member.memberId()).append(": ").append(member.source()).append('\n');
            }
        }
        text.append("leader: ").append(leader < 0 ? "none" : "member " + leader + " (term " + leaderTerm + ")")
            .append("; quorum: ").append(quorum ? "yes" : "NO").append(" (").append(followingLeader).append(" of ")
            .append(members.size()).append(" members with the leader)")
            .append("; hashes agree: ")
            .append(null == hashesAgree ? "n/a" : hashesAgree ? "yes" : "NO").append(' ').append(hashNote)
            .append('\n');
        text.append(verdict()).append('\n');
        return text.toString();
    }

    String verdict()
    {
        switch (exitCode())
        {
            case HEALTHY:
                return "HEALTHY";
            case DEGRADED:
                return "DEGRADED: some member is unreachable";
            case NO_QUORUM:
                return "NO QUORUM: no leader followed by a majority";
            case HASHES_DISAGREE:
                return "HASHES DISAGREE: the members' states have diverged";
            default:
                return "UNKNOWN";
        }
    }

    /**
     * One JSON document: {@code {"members":[...],"summary":{"leader":..,"quorum":..,"hashesAgree":..}}}.
     *
     * @return the JSON text.
     */
    String json()
    {
        final ObjectNode root = JSON.createObjectNode();
        final ArrayNode array = root.putArray("members");
        for (final MemberState member : members)
        {
            final ObjectNode node = array.addObject();
            node.put("memberId", member.memberId());
            node.put("reachable", member.reachable());
            node.put("role", member.role());
            node.put("leadershipTermId", member.leadershipTermId());
            node.put("leaderMemberId", member.leaderMemberId());
            node.put("logPosition", member.appliedLogPosition());
            node.put("commitPosition", member.commitPosition());
            node.put("lagBytes", member.lagBytes());
            node.put("snapshotCount", member.snapshotCount());
            node.put("electionCount", member.electionCount());
            final ObjectNode checkpoint = node.putObject("lastCheckpoint");
            checkpoint.put("logPosition", member.checkpointLogPosition());
            if (null == member.stateHash())
            {
                checkpoint.putNull("stateHash");
            }
            else
            {
                checkpoint.put("stateHash", member.stateHash());
            }
            node.put("hashAgrees", memberHashVerdict.getOrDefault(member.memberId(), "n/a"));
            node.put("source", member.source());
        }
        final ObjectNode summary = root.putObject("summary");
        summary.put("leader", leader);
        summary.put("leadershipTermId", leaderTerm);
        summary.put("quorum", quorum);
        if (null == hashesAgree)
        {
            summary.putNull("hashesAgree");
        }
        else
        {
            summary.put("hashesAgree", hashesAgree);
        }
        summary.put("hashesComparedAt", hashPosition);
        summary.put("hashNote", hashNote);
        summary.put("allReachable", allReachable());
        summary.put("verdict", verdict());
        try
        {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String number(final long value)
    {
        return value < 0 ? "-" : Long.toString(value);
    }
}
