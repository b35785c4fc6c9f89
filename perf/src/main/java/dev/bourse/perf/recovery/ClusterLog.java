package dev.bourse.perf.recovery;

import io.aeron.cluster.RecordingLog;
import io.aeron.cluster.codecs.MessageHeaderDecoder;
import io.aeron.cluster.codecs.SessionMessageHeaderDecoder;
import io.aeron.cluster.codecs.TimerEventDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.File;

/**
 * A node's replicated log, read from its stopped archive into memory: every log message (session messages, that
 * is the ingress commands, and the consensus module's timer, session and leadership events) with the log position
 * after it, in order. {@link InProcessReplay} feeds it to a fresh service.
 */
final class ClusterLog
{
    private static final int RECORD_HEADER_LENGTH = Integer.BYTES + Long.BYTES;

    private final ExpandableArrayBuffer buffer;
    private final int length;
    private final long messages;
    private final long sessionMessages;
    private final long timerEvents;
    private final long endPosition;
    private final long recordedBytes;

    private ClusterLog(
        final ExpandableArrayBuffer buffer,
        final int length,
        final long messages,
        final long sessionMessages,
        final long timerEvents,
        final long endPosition,
        final long recordedBytes)
    {
        this.buffer = buffer;
        this.length = length;
        this.messages = messages;
        this.sessionMessages = sessionMessages;
        this.timerEvents = timerEvents;
        this.endPosition = endPosition;
        this.recordedBytes = recordedBytes;
    }

    /**
     * Read a stopped node's log.
     *
     * @param clusterDir its cluster directory (for the recording log, which names the log recording).
     * @param archiveDir its archive directory.
     * @return the log in memory.
     */
    static ClusterLog read(final File clusterDir, final File archiveDir)
    {
        final long recordingId;
        try (RecordingLog recordingLog = new RecordingLog(clusterDir, false))
        {
            recordingId = recordingLog.findLastTermRecordingId();
        }
        if (recordingId < 0)
        {
            throw new IllegalStateException("no log recording in " + clusterDir);
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024 * 1024);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final int[] length = {0};
        final long[] counts = new long[2];
        final ArchivedRecording.Summary summary = ArchivedRecording.read(archiveDir, recordingId,
            (src, offset, messageLength, positionAfter) ->
            {
                final int at = length[0];
                buffer.putInt(at, messageLength);
                buffer.putLong(at + Integer.BYTES, positionAfter);
                buffer.putBytes(at + RECORD_HEADER_LENGTH, src, offset, messageLength);
                length[0] = at + RECORD_HEADER_LENGTH + messageLength;
                header.wrap(src, offset);
                if (SessionMessageHeaderDecoder.TEMPLATE_ID == header.templateId())
                {
                    counts[0]++;
                }
                else if (TimerEventDecoder.TEMPLATE_ID == header.templateId())
                {
                    counts[1]++;
                }
            });
        return new ClusterLog(
            buffer, length[0], summary.messages(), counts[0], counts[1], summary.endPosition(),
            summary.recordedBytes());
    }

    /**
     * Receives each message.
     */
    @FunctionalInterface
    interface Visitor
    {
        /**
         * @param buffer        holds the message.
         * @param offset        where it starts.
         * @param length        its length.
         * @param positionAfter the log position after it.
         */
        void onMessage(DirectBuffer buffer, int offset, int length, long positionAfter);
    }

    /**
     * Visit every message in log order.
     *
     * @param visitor receives them.
     */
    void forEach(final Visitor visitor)
    {
        int at = 0;
        while (at < length)
        {
            final int messageLength = buffer.getInt(at);
            final long positionAfter = buffer.getLong(at + Integer.BYTES);
            visitor.onMessage(buffer, at + RECORD_HEADER_LENGTH, messageLength, positionAfter);
            at += RECORD_HEADER_LENGTH + messageLength;
        }
    }

    /**
     * @param logPosition a position.
     * @return session messages (commands) at or before it.
     */
    long sessionMessagesUpTo(final long logPosition)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final long[] count = {0};
        forEach((src, offset, messageLength, positionAfter) ->
        {
            if (positionAfter <= logPosition &&
                SessionMessageHeaderDecoder.TEMPLATE_ID == header.wrap(src, offset).templateId())
            {
                count[0]++;
            }
        });
        return count[0];
    }

    long messages()
    {
        return messages;
    }

    long sessionMessages()
    {
        return sessionMessages;
    }

    long timerEvents()
    {
        return timerEvents;
    }

    long endPosition()
    {
        return endPosition;
    }

    long recordedBytes()
    {
        return recordedBytes;
    }
}
