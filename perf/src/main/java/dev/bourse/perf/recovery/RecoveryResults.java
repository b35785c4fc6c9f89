package dev.bourse.perf.recovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Everything one {@link RecoveryBenchmark} run measured, as a Markdown table and as JSON (Jackson over these
 * records). A part that was not run is null.
 *
 * @param startedAt    when the run started (ISO-8601, UTC).
 * @param machine      processors, JVM and OS.
 * @param command      the options the run was given.
 * @param restart      (a) restart from a snapshot.
 * @param replay       (b) log replay without a snapshot.
 * @param snapshotLoad (c) the engine snapshot in process.
 */
public record RecoveryResults(
    String startedAt,
    String machine,
    String command,
    SnapshotRestart restart,
    LogReplay replay,
    SnapshotLoad snapshotLoad)
{
    /**
     * (a) A follower restarted from a snapshot of a deep resting book.
     *
     * @param orders                  resting orders built through the cluster.
     * @param buildSeconds            time to place them through the ingress (every one acknowledged).
     * @param buildOrdersPerSecond    the build rate.
     * @param snapshotTakeMs          from the snapshot toggle to every node's snapshot counter moving.
     * @param snapshotLogPosition     log position of the snapshot.
     * @param serviceSnapshotMessages messages in the service's snapshot recording.
     * @param serviceSnapshotBytes    recorded bytes of the service's snapshot (frames included).
     * @param snapshotFileBytes       the service snapshot's segment files on disk.
     * @param consensusSnapshotBytes  recorded bytes of the consensus module's snapshot.
     * @param logEntriesAfterSnapshot log bytes from the snapshot to the catch-up position.
     * @param toSnapshotLoadedMs      restarted process start to the service's "restored from snapshot" line.
     * @param toSnapshotLoadedCpuMs   the process's CPU time (all threads) by then.
     * @param toCaughtUpMs            process start to the service's checkpoint at the leader's position.
     * @param toCaughtUpCpuMs         the process's CPU time by then.
     * @param toElectionClosedMs      process start to the node's election closing (as a follower).
     * @param caughtUpLogPosition     the leader's checkpoint position used as the catch-up target.
     * @param stateHash               the state hash all three nodes agree on there (hex).
     * @param snapshotHashVerified    the restored hash equals the one recorded when the snapshot was taken.
     * @param hashesAgree             all three nodes agree at the catch-up checkpoint.
     */
    public record SnapshotRestart(
        long orders,
        double buildSeconds,
        double buildOrdersPerSecond,
        long snapshotTakeMs,
        long snapshotLogPosition,
        long serviceSnapshotMessages,
        long serviceSnapshotBytes,
        long snapshotFileBytes,
        long consensusSnapshotBytes,
        long logEntriesAfterSnapshot,
        long toSnapshotLoadedMs,
        long toSnapshotLoadedCpuMs,
        long toCaughtUpMs,
        long toCaughtUpCpuMs,
        long toElectionClosedMs,
        long caughtUpLogPosition,
        String stateHash,
        boolean snapshotHashVerified,
        boolean hashesAgree)
    {
    }

    /**
     * (b) A follower restarted with no snapshot replays the whole log.
     *
     * @param commandsSent          commands sent through the ingress (every one answered).
     * @param accepted              orders accepted.
     * @param fills                 fills (both sides of each trade).
     * @param cancels               cancels (requested and IOC remainders).
     * @param replaces              replaces.
     * @param cancelRejects         cancels and replaces of orders already gone.
     * @param buildCommandsPerSecond the rate the cluster took them.
     * @param logMessages           messages in the node's log (commands, timers, session events).
     * @param logBytes              recorded log bytes.
     * @param commandsReplayed      commands in the log up to the replay target.
     * @param replayTargetPosition  the node's last checkpoint before it was stopped.
     * @param processToServiceStartMs restarted process start to the service's onStart.
     * @param replayMs              service start to the service's checkpoint at the target.
     * @param replayCommandsPerSecond commandsReplayed / replayMs.
     * @param replayNodeCpuMs       the node process's CPU time (all threads) over replayMs.
     * @param steadyFromPosition    the replayed checkpoint where the second half of the replay starts (the first at
     *                              or after half the target), 0 if none.
     * @param steadyCommands        commands in the log from there to the target.
     * @param steadyMs              time between the node printing those two checkpoints.
     * @param steadyCommandsPerSecond steadyCommands / steadyMs: the replay rate once the fresh JVM has compiled its
     *                              hot code (the whole-replay rate includes interpreting and compiling it).
     * @param followerReplayStateMs time the node's election spent in FOLLOWER_REPLAY (the consensus module's view).
     * @param inProcessMs           each in-process replay of the same log into a fresh service.
     * @param inProcessCpuMs        the replaying thread's CPU time in each.
     * @param inProcessFirstCommandsPerSecond the first (cold) in-process replay.
     * @param inProcessBestCommandsPerSecond  the fastest in-process replay.
     * @param inProcessBestCommandsPerCpuSecond the best in-process rate per CPU second of the replaying thread.
     * @param checkpointsCompared   replayed checkpoints compared with those recorded live.
     * @param checkpointsAgree      every replayed checkpoint (node and in process) equals the live one.
     * @param hashesAgree           all three nodes agree at a checkpoint after the restart.
     */
    public record LogReplay(
        long commandsSent,
        long accepted,
        long fills,
        long cancels,
        long replaces,
        long cancelRejects,
        double buildCommandsPerSecond,
        long logMessages,
        long logBytes,
        long commandsReplayed,
        long replayTargetPosition,
        long processToServiceStartMs,
        long replayMs,
        double replayCommandsPerSecond,
        long replayNodeCpuMs,
        long steadyFromPosition,
        long steadyCommands,
        long steadyMs,
        double steadyCommandsPerSecond,
        long followerReplayStateMs,
        long[] inProcessMs,
        long[] inProcessCpuMs,
        double inProcessFirstCommandsPerSecond,
        double inProcessBestCommandsPerSecond,
        double inProcessBestCommandsPerCpuSecond,
        int checkpointsCompared,
        boolean checkpointsAgree,
        boolean hashesAgree)
    {
    }

    /**
     * (c) The engine snapshot of the same resting book, in process.
     *
     * @param orders        resting orders.
     * @param bytes         snapshot bytes.
     * @param writeMs       each round's write.
     * @param loadMs        each round's load.
     * @param writeMedianMs median write.
     * @param loadMedianMs  median load.
     * @param loadOrdersPerSecond orders restored per second (median load).
     * @param writeCpuMedianMs median CPU time of the writing thread.
     * @param loadCpuMedianMs  median CPU time of the loading thread (the JVM's GC threads not included).
     */
    public record SnapshotLoad(
        long orders, long bytes, double[] writeMs, double[] loadMs, double writeMedianMs, double loadMedianMs,
        double loadOrdersPerSecond, double writeCpuMedianMs, double loadCpuMedianMs)
    {
    }

    /**
     * The results as a Markdown table.
     *
     * @return the Markdown text.
     */
    public String toMarkdown()
    {
        final StringBuilder md = new StringBuilder();
        md.append("# Recovery benchmark, ").append(startedAt).append("\n\n");
        md.append("Machine: ").append(machine).append("  \n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| Measure | Value |\n|---|---:|\n");
        if (null != restart)
        {
            final SnapshotRestart r = restart;
            row(md, "(a) resting orders built through the cluster", fmt("%,d in %.1f s (%,.0f orders/s)",
                r.orders(), r.buildSeconds(), r.buildOrdersPerSecond()));
            row(md, "(a) snapshot taken (toggle to every node's snapshot counter)", fmt("%,d ms", r.snapshotTakeMs()));
            row(md, "(a) service snapshot size", fmt("%s (%,d messages; %s of segment files)",
                bytes(r.serviceSnapshotBytes()), r.serviceSnapshotMessages(), bytes(r.snapshotFileBytes())));
            row(md, "(a) consensus module snapshot size", bytes(r.consensusSnapshotBytes()));
            row(md, "(a) **restart: process start to snapshot loaded**", fmt("**%,d ms** (node CPU %,d ms)",
                r.toSnapshotLoadedMs(), r.toSnapshotLoadedCpuMs()));
            row(md, "(a) **restart: process start to caught up with the leader**", fmt("**%,d ms** (node CPU %,d " +
                "ms; log after the snapshot: %s)", r.toCaughtUpMs(), r.toCaughtUpCpuMs(),
                bytes(r.logEntriesAfterSnapshot())));
            row(md, "(a) restart: process start to election closed", fmt("%,d ms", r.toElectionClosedMs()));
            row(md, "(a) state hash at the catch-up checkpoint", fmt("`%s` at %,d: %s; restored snapshot hash %s",
                r.stateHash(), r.caughtUpLogPosition(), r.hashesAgree() ? "all three agree" : "DIFFER",
                r.snapshotHashVerified() ? "verified" : "NOT VERIFIED"));
        }
        if (null != replay)
        {
            final LogReplay b = replay;
            row(md, "(b) mixed commands sent through the cluster", fmt("%,d (%,d accepted, %,d fills, %,d cancels, " +
                "%,d replaces, %,d cancel rejects) at %,.0f/s", b.commandsSent(), b.accepted(), b.fills(),
                b.cancels(), b.replaces(), b.cancelRejects(), b.buildCommandsPerSecond()));
            row(md, "(b) log", fmt("%,d messages, %s", b.logMessages(), bytes(b.logBytes())));
            row(md, "(b) restart with no snapshot: process start to service start",
                fmt("%,d ms", b.processToServiceStartMs()));
            row(md, "(b) **replay through Aeron: commands per second**", fmt("**%,.0f/s** (%,d commands in %,d ms, " +
                "service start to the checkpoint at %,d; node CPU %,d ms, %,.0f commands per CPU second)",
                b.replayCommandsPerSecond(), b.commandsReplayed(), b.replayMs(), b.replayTargetPosition(),
                b.replayNodeCpuMs(), b.commandsReplayed() * 1e3 / Math.max(1, b.replayNodeCpuMs())));
            row(md, "(b) **replay through Aeron, second half** (the node's JIT warm)", fmt("**%,.0f/s** (%,d " +
                "commands in %,d ms, from the checkpoint at %,d)", b.steadyCommandsPerSecond(), b.steadyCommands(),
                b.steadyMs(), b.steadyFromPosition()));
            row(md, "(b) election state FOLLOWER_REPLAY lasted", fmt("%,d ms", b.followerReplayStateMs()));
            row(md, "(b) **in-process replay (service only): commands per second**", fmt("**%,.0f/s** first (cold), " +
                "%,.0f/s best of %d; %,.0f per CPU second of the replaying thread (best)",
                b.inProcessFirstCommandsPerSecond(), b.inProcessBestCommandsPerSecond(), b.inProcessMs().length,
                b.inProcessBestCommandsPerCpuSecond()));
            row(md, "(b) replayed checkpoints equal the live ones", fmt("%s (%,d compared); three nodes agree after " +
                "the restart: %s", b.checkpointsAgree() ? "yes" : "NO", b.checkpointsCompared(),
                b.hashesAgree() ? "yes" : "NO"));
        }
        if (null != snapshotLoad)
        {
            final SnapshotLoad c = snapshotLoad;
            row(md, "(c) engine snapshot in process: write (median)", fmt("%,.1f ms (CPU %,.1f ms) for %,d orders " +
                "(%s)", c.writeMedianMs(), c.writeCpuMedianMs(), c.orders(), bytes(c.bytes())));
            row(md, "(c) engine snapshot in process: load into a fresh engine (median)", fmt("%,.1f ms (CPU %,.1f " +
                "ms; %,.0f orders/s)", c.loadMedianMs(), c.loadCpuMedianMs(), c.loadOrdersPerSecond()));
        }
        return md.toString();
    }

    /**
     * Write results.md and results.json into a directory.
     *
     * @param dir the directory (created).
     * @throws IOException if a file cannot be written.
     */
    public void save(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), toMarkdown(), StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(dir.resolve("results.json").toFile(), this);
    }

    private static void row(final StringBuilder md, final String measure, final String value)
    {
        md.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    private static String fmt(final String format, final Object... args)
    {
        return String.format(Locale.ROOT, format, args);
    }

    private static String bytes(final long bytes)
    {
        return bytes >= 10L * 1024 * 1024 ? fmt("%,.1f MiB", bytes / 1048576.0) : fmt("%,.1f KiB", bytes / 1024.0);
    }
}
