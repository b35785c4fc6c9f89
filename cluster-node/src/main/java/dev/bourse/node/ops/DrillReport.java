package dev.bourse.node.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a drill measured and found, written as Markdown (for people) and JSON (for tools) and judged pass or fail:
 * it passes when every request was answered, no acknowledged order was lost or duplicated (or left unverifiable),
 * every member's state hash agrees at a common checkpoint, the subscriber's book equals the cluster's, and the
 * cluster is whole again at the end.
 */
final class DrillReport
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String fault;
    String cluster;
    String startedAt;
    double durationSeconds;
    double ratePerSecond;
    int traders;
    long warmupMs;
    long afterMs;

    int faultedMember = -1;
    int leaderBefore = -1;
    long termBefore = -1;
    int leaderAfter = -1;
    long termAfter = -1;
    double faultAtSeconds = -1;
    long timeToNewLeaderMs = -1;
    long clientSawNewLeaderMs = -1;
    long longestIngressOutageMs = -1;
    double longestIngressOutageAtSeconds = -1;

    long ordersSent;
    long ordersAcknowledged;
    long ordersRejected;
    long ordersUnanswered;
    long ordersLost;
    long ordersDuplicated;
    long ordersUnverified;
    long reportsRecoveredByStatus;
    long fills;
    long resends;
    long duplicateAnswers;
    long liveAtEnd;
    long massCancelled;

    boolean marketDataChecked;
    long mdGaps = -1;
    long mdRecoveries = -1;
    long mdDuplicates = -1;
    long mdEvents = -1;
    long mdLongestInterruptionMs = -1;
    Boolean mdBookMatches;
    String mdExpectedBookHash;
    String mdBookHash;
    Boolean mdBookEmptyAfterCancel;

    Boolean hashesAgree;
    long hashLogPosition = -1;
    String stateHash;
    Boolean snapshotRestored;
    String snapshotHash;
    long snapshotLogPosition = -1;
    boolean clusterWholeAtEnd;

    String aborted;
    final List<String> logTails = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> timeline = new ArrayList<>();

    boolean passed()
    {
        return failures.isEmpty();
    }

    /**
     * Judge the figures: add a failure for everything that must not happen.
     */
    void judge()
    {
        if (null != aborted)
        {
            failures.add(aborted);
            return;
        }
        if (ordersUnanswered > 0)
        {
            failures.add(ordersUnanswered + " order(s) never answered");
        }
        if (ordersLost > 0)
        {
            failures.add(ordersLost + " acknowledged order(s) lost");
        }
        if (ordersDuplicated > 0)
        {
            failures.add(ordersDuplicated + " order(s) duplicated");
        }
        if (ordersUnverified > 0)
        {
            failures.add(ordersUnverified + " order(s) could not be verified (older than the dedup window and " +
                "their last report missing)");
        }
        if (!Boolean.TRUE.equals(hashesAgree))
        {
            failures.add(null == hashesAgree ? "no checkpoint common to every member was found" :
                "the members' state hashes disagree");
        }
        if (marketDataChecked && !Boolean.TRUE.equals(mdBookMatches))
        {
            failures.add("the market-data subscriber's book differs from the cluster's");
        }
        if (marketDataChecked && Boolean.FALSE.equals(mdBookEmptyAfterCancel))
        {
            failures.add("the market-data subscriber's book is not empty after the final mass cancel");
        }
        if (Boolean.FALSE.equals(snapshotRestored))
        {
            failures.add("a member did not restore the snapshot's state hash");
        }
        if (!clusterWholeAtEnd)
        {
            failures.add("the cluster is not whole at the end (a member down or no leader)");
        }
    }

    /**
     * The report as Markdown.
     *
     * @return the text.
     */
    String markdown()
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Bourse failover drill: ").append(fault).append(" — ").append(passed() ? "PASS" : "FAIL")
            .append("\n\n");
        md.append("- Cluster: ").append(cluster).append('\n');
        md.append("- Started: ").append(startedAt).append(", ran ").append(fmt(durationSeconds)).append(" s\n");
        md.append("- Load: ").append(traders).append(" trader(s), ").append(fmt(ratePerSecond))
            .append(" orders/s open loop (70% resting GTC, 30% crossing IOC); warm-up ")
            .append(Durations.seconds(warmupMs)).append(", after the fault ").append(Durations.seconds(afterMs))
            .append("\n\n");
        md.append("| Figure | Value |\n|---|---|\n");
        row(md, "Fault", fault + (faultedMember >= 0 ? " (member " + faultedMember + ")" : ""));
        row(md, "Fault injected at", faultAtSeconds < 0 ? "n/a" : fmt(faultAtSeconds) + " s");
        row(md, "Leader before / after", member(leaderBefore, termBefore) + " / " + member(leaderAfter, termAfter));
        row(md, "Time to new leader (fault to a member LEADER in a new term)", ms(timeToNewLeaderMs));
        row(md, "Time to new leader seen by the clients (NEW_LEADER / reconnect)", ms(clientSawNewLeaderMs));
        row(md, "Longest ingress outage seen by the clients", ms(longestIngressOutageMs) +
            (longestIngressOutageAtSeconds >= 0 ? " (from " + fmt(longestIngressOutageAtSeconds) + " s)" : ""));
        row(md, "Orders sent", Long.toString(ordersSent));
        row(md, "Orders acknowledged", Long.toString(ordersAcknowledged));
        row(md, "Orders rejected", Long.toString(ordersRejected));
        row(md, "Orders unanswered", Long.toString(ordersUnanswered));
        row(md, "Orders lost", Long.toString(ordersLost));
        row(md, "Orders duplicated", Long.toString(ordersDuplicated));
        row(md, "Orders unverifiable", Long.toString(ordersUnverified));
        row(md, "Reports missed and recovered by order status", Long.toString(reportsRecoveredByStatus));
        row(md, "Fills, resends, duplicate answers", fills + ", " + resends + ", " + duplicateAnswers);
        row(md, "Live orders at the end = cancelled by the final mass cancel", liveAtEnd + " = " + massCancelled);
        row(md, "Market-data gaps / recoveries", marketDataChecked ? mdGaps + " / " + mdRecoveries : "n/a");
        row(md, "Longest market-data interruption", marketDataChecked ? ms(mdLongestInterruptionMs) : "n/a");
        row(md, "Subscriber's book equals the cluster's", !marketDataChecked ? "n/a" : yesNo(mdBookMatches) +
            (null == mdBookHash ? "" : " (" + mdBookHash + ")"));
        row(md, "State hashes agree", yesNo(hashesAgree) +
            (hashLogPosition >= 0 ? " at log position " + hashLogPosition + " (" + stateHash + ")" : ""));
        if (null != snapshotRestored || snapshotLogPosition >= 0)
        {
            row(md, "Snapshot restored by every member", yesNo(snapshotRestored) +
                (snapshotLogPosition >= 0 ? " (log position " + snapshotLogPosition + ", " + snapshotHash + ")" : ""));
        }
        row(md, "Cluster whole at the end", clusterWholeAtEnd ? "yes" : "no");
        md.append('\n');
        md.append("**Result: ").append(passed() ? "PASS" : "FAIL").append("**\n");
        for (final String failure : failures)
        {
            md.append("- ").append(failure).append('\n');
        }
        if (!notes.isEmpty())
        {
            md.append("\nNotes:\n");
            for (final String note : notes)
            {
                md.append("- ").append(note).append('\n');
            }
        }
        md.append("\nTimeline:\n\n```\n");
        for (final String line : timeline)
        {
            md.append(line).append('\n');
        }
        md.append("```\n");
        if (!logTails.isEmpty())
        {
            md.append("\nThe end of each node log:\n\n```\n");
            for (final String line : logTails)
            {
                md.append(line).append('\n');
            }
            md.append("```\n");
        }
        return md.toString();
    }

    /**
     * The report as one JSON document.
     *
     * @return the text.
     */
    String json()
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("fault", fault);
        root.put("passed", passed());
        root.put("failures", failures);
        root.put("cluster", cluster);
        root.put("startedAt", startedAt);
        root.put("durationSeconds", durationSeconds);
        final Map<String, Object> load = new LinkedHashMap<>();
        load.put("traders", traders);
        load.put("ratePerSecond", ratePerSecond);
        load.put("warmupMs", warmupMs);
        load.put("afterMs", afterMs);
        root.put("load", load);
        final Map<String, Object> failover = new LinkedHashMap<>();
        failover.put("faultedMember", faultedMember);
        failover.put("faultAtSeconds", faultAtSeconds);
        failover.put("leaderBefore", leaderBefore);
        failover.put("termBefore", termBefore);
        failover.put("leaderAfter", leaderAfter);
        failover.put("termAfter", termAfter);
        failover.put("timeToNewLeaderMs", timeToNewLeaderMs);
        failover.put("clientSawNewLeaderMs", clientSawNewLeaderMs);
        failover.put("longestIngressOutageMs", longestIngressOutageMs);
        failover.put("longestIngressOutageAtSeconds", longestIngressOutageAtSeconds);
        root.put("failover", failover);
        final Map<String, Object> orders = new LinkedHashMap<>();
        orders.put("sent", ordersSent);
        orders.put("acknowledged", ordersAcknowledged);
        orders.put("rejected", ordersRejected);
        orders.put("unanswered", ordersUnanswered);
        orders.put("lost", ordersLost);
        orders.put("duplicated", ordersDuplicated);
        orders.put("unverifiable", ordersUnverified);
        orders.put("reportsRecoveredByStatus", reportsRecoveredByStatus);
        orders.put("fills", fills);
        orders.put("resends", resends);
        orders.put("duplicateAnswers", duplicateAnswers);
        orders.put("liveAtEnd", liveAtEnd);
        orders.put("massCancelled", massCancelled);
        root.put("orders", orders);
        final Map<String, Object> marketData = new LinkedHashMap<>();
        marketData.put("checked", marketDataChecked);
        marketData.put("events", mdEvents);
        marketData.put("gaps", mdGaps);
        marketData.put("recoveries", mdRecoveries);
        marketData.put("duplicates", mdDuplicates);
        marketData.put("longestInterruptionMs", mdLongestInterruptionMs);
        marketData.put("bookMatches", mdBookMatches);
        marketData.put("expectedBookHash", mdExpectedBookHash);
        marketData.put("bookHash", mdBookHash);
        marketData.put("bookEmptyAfterMassCancel", mdBookEmptyAfterCancel);
        root.put("marketData", marketData);
        final Map<String, Object> state = new LinkedHashMap<>();
        state.put("hashesAgree", hashesAgree);
        state.put("logPosition", hashLogPosition);
        state.put("stateHash", stateHash);
        state.put("snapshotRestored", snapshotRestored);
        state.put("snapshotLogPosition", snapshotLogPosition);
        state.put("snapshotHash", snapshotHash);
        state.put("clusterWholeAtEnd", clusterWholeAtEnd);
        root.put("state", state);
        root.put("aborted", aborted);
        root.put("notes", notes);
        root.put("logTails", logTails);
        root.put("timeline", timeline);
        try
        {
            return JSON.writeValueAsString(root);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Write {@code drill-FAULT-TIMESTAMP.md} and {@code .json} into a directory.
     *
     * @param dir the report directory (created if missing).
     * @return the Markdown file.
     * @throws IOException if they cannot be written.
     */
    Path write(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .format(ZonedDateTime.now(ZoneOffset.UTC));
        final String base = "drill-" + fault + "-" + stamp;
        final Path markdown = dir.resolve(base + ".md");
        Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(base + ".json"), json() + "\n", StandardCharsets.UTF_8);
        return markdown;
    }

    private static void row(final StringBuilder md, final String name, final String value)
    {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String ms(final long millis)
    {
        return millis < 0 ? "n/a" : millis + " ms";
    }

    private static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String member(final int id, final long term)
    {
        return id < 0 ? "none" : "member " + id + " (term " + term + ")";
    }

    private static String yesNo(final Boolean value)
    {
        return null == value ? "n/a" : value ? "yes" : "NO";
    }
}
