package dev.bourse.node.ops;

import io.aeron.Aeron;
import io.aeron.archive.client.AeronArchive;
import io.aeron.archive.client.RecordingSignalConsumer;
import io.aeron.archive.codecs.RecordingSignal;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.RecordingLog;
import io.aeron.cluster.service.ClusterNodeControlProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Purges one member's replicated log up to its latest snapshot while the node runs, with Aeron's own means: the
 * cluster's {@link RecordingLog} names the log recording and the latest snapshot's log position; the member's
 * archive (through its local IPC control channel) deletes the whole segment files before that position with
 * {@link AeronArchive#purgeSegments(long, long)}. A restart then recovers from the snapshot and replays the log that
 * is left; Aeron's own test suite does the same (ClusterTest, "trimming the cluster from the front").
 * <p>
 * Only whole segment files are deleted (the segment holding the snapshot position stays), so a log shorter than one
 * segment ({@code aeron.archive.segment.file.length}, at least the log's term length) frees nothing.
 */
final class LogCompactor
{
    /** The local control channel BourseNode gives its archive. */
    static final String ARCHIVE_CONTROL_CHANNEL = "aeron:ipc?term-length=64k";
    private static final int RESPONSE_STREAM_ID_BASE = 0x0B5E_0000;

    private final Path clusterDir;
    private final Path archiveDir;
    private final long timeoutMs;

    /**
     * A compactor for one member on this host.
     *
     * @param clusterDir the member's cluster directory.
     * @param archiveDir the member's archive directory (for sizes), or null to derive it as ../archive.
     * @param timeoutMs  how long to wait for the archive.
     */
    LogCompactor(final Path clusterDir, final Path archiveDir, final long timeoutMs)
    {
        this.clusterDir = clusterDir;
        this.archiveDir = null != archiveDir ? archiveDir : clusterDir.resolveSibling("archive");
        this.timeoutMs = timeoutMs;
    }

    /**
     * What a compaction did on one member.
     *
     * @param memberId         the member.
     * @param recordingId      its log recording.
     * @param snapshotPosition the log position of its latest snapshot.
     * @param oldStart         the recording's start position before.
     * @param newStart         the recording's start position after.
     * @param segmentsDeleted  segment files deleted.
     * @param bytesFreed       bytes the archive directory shrank by.
     * @param logBytesPurged   bytes of log before the new start (newStart - oldStart).
     */
    record Result(
        int memberId,
        long recordingId,
        long snapshotPosition,
        long oldStart,
        long newStart,
        long segmentsDeleted,
        long bytesFreed,
        long logBytesPurged)
    {
    }

    /**
     * The log position of this member's latest snapshot, from its recording log.
     *
     * @return the position, or -1 if it has no snapshot.
     */
    long latestSnapshotPosition()
    {
        try (RecordingLog recordingLog = new RecordingLog(clusterDir.toFile(), false))
        {
            final RecordingLog.Entry snapshot =
                recordingLog.getLatestSnapshot(ConsensusModule.Configuration.SERVICE_ID);
            return null == snapshot ? -1 : snapshot.logPosition;
        }
    }

    /**
     * Purge the log up to {@code upToPosition} (at most this member's latest snapshot position).
     *
     * @param memberId     the member (for the result).
     * @param upToPosition the position to purge to: the cluster's common latest snapshot position.
     * @return what was done.
     */
    Result compact(final int memberId, final long upToPosition)
    {
        final long recordingId;
        final long snapshotPosition;
        try (RecordingLog recordingLog = new RecordingLog(clusterDir.toFile(), false))
        {
            final RecordingLog.Entry snapshot =
                recordingLog.getLatestSnapshot(ConsensusModule.Configuration.SERVICE_ID);
            if (null == snapshot)
            {
                throw new OpsException("member " + memberId + " has no snapshot: take one first (snapshot)");
            }
            snapshotPosition = snapshot.logPosition;
            recordingId = recordingLog.findLastTermRecordingId();
        }
        if (upToPosition > snapshotPosition)
        {
            throw new OpsException("member " + memberId + "'s latest snapshot is at " + snapshotPosition +
                ", before " + upToPosition + ": it has not taken the latest snapshot");
        }
        if (recordingId < 0)
        {
            throw new OpsException("member " + memberId + " has no log recording in its recording log");
        }

        final ClusterNodeControlProperties properties =
            new ClusterControlClient(clusterDir, timeoutMs).controlProperties();
        final long sizeBefore = directorySize(archiveDir);
        final boolean[] deleted = {false};
        final RecordingSignalConsumer signals =
            (controlSessionId, correlationId, signalRecordingId, subscriptionId, position, signal) ->
            {
                if (RecordingSignal.DELETE == signal && signalRecordingId == recordingId)
                {
                    deleted[0] = true;
                }
            };
        try (Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(properties.aeronDirectoryName)
                .clientName("bourse-ops compact"));
            AeronArchive archive = AeronArchive.connect(new AeronArchive.Context()
                .aeron(aeron)
                .ownsAeronClient(false)
                .controlRequestChannel(ARCHIVE_CONTROL_CHANNEL)
                .controlRequestStreamId(AeronArchive.Configuration.localControlStreamId())
                .controlResponseChannel(ARCHIVE_CONTROL_CHANNEL)
                .controlResponseStreamId(RESPONSE_STREAM_ID_BASE + (int)(ProcessHandle.current().pid() & 0xFFFF))
                .messageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(timeoutMs))
                .recordingSignalConsumer(signals)))
        {
            final long[] descriptor = new long[4];
            final int found = archive.listRecording(recordingId,
                (controlSessionId, correlationId, id, startTimestamp, stopTimestamp, startPosition, stopPosition,
                initialTermId, segmentFileLength, termBufferLength, mtuLength, sessionId, streamId, strippedChannel,
                originalChannel, sourceIdentity) ->
                {
                    descriptor[0] = startPosition;
                    descriptor[1] = termBufferLength;
                    descriptor[2] = segmentFileLength;
                    descriptor[3] = stopPosition;
                });
            if (1 != found)
            {
                throw new OpsException("member " + memberId + "'s archive does not list log recording " + recordingId);
            }
            final long oldStart = descriptor[0];
            final long newStart = AeronArchive.segmentFileBasePosition(
                oldStart, upToPosition, (int)descriptor[1], (int)descriptor[2]);
            long segments = 0;
            if (newStart > oldStart)
            {
                segments = archive.purgeSegments(recordingId, newStart);
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                while (segments > 0 && !deleted[0] && System.nanoTime() - deadline < 0)
                {
                    if (0 == archive.pollForRecordingSignals())
                    {
                        Waits.pause();
                    }
                }
            }
            final long sizeAfter = directorySize(archiveDir);
            return new Result(memberId, recordingId, snapshotPosition, oldStart, Math.max(oldStart, newStart),
                segments, Math.max(0, sizeBefore - sizeAfter), Math.max(0, newStart - oldStart));
        }
    }

    /**
     * Bytes used by the regular files under a directory (0 if it does not exist).
     *
     * @param dir the directory.
     * @return the total size.
     */
    static long directorySize(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).mapToLong(LogCompactor::size).sum();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            // deleted while walking
            return 0;
        }
    }
}
