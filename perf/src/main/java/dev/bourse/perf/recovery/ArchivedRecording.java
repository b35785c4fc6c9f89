package dev.bourse.perf.recovery;

import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Reads one recording straight from an Aeron Archive directory while the archive is stopped: its segment files
 * ({@code <recordingId>-<segmentBasePosition>.rec}) hold the recorded frames as they were on the stream, data
 * frames and padding, each 32-byte aligned, until the first zero frame length. Fragmented messages are
 * reassembled. The position handed with each message is the one after its last frame, which is what Aeron
 * Cluster reports as the log position of that message.
 */
final class ArchivedRecording
{
    /**
     * Receives each whole message.
     */
    @FunctionalInterface
    interface MessageHandler
    {
        /**
         * @param buffer        holds the message (valid only during the call).
         * @param offset        where it starts.
         * @param length        its length.
         * @param positionAfter the stream position after it.
         */
        void onMessage(DirectBuffer buffer, int offset, int length, long positionAfter);
    }

    /**
     * What a read found.
     *
     * @param messages      whole messages.
     * @param startPosition position of the first frame.
     * @param endPosition   position after the last frame.
     * @param fileBytes     the segment files' lengths added up.
     */
    record Summary(long messages, long startPosition, long endPosition, long fileBytes)
    {
        long recordedBytes()
        {
            return endPosition - startPosition;
        }
    }

    private ArchivedRecording()
    {
    }

    /**
     * Read a recording.
     *
     * @param archiveDir  the archive directory.
     * @param recordingId which recording.
     * @param handler     receives every message in order.
     * @return what was read.
     */
    static Summary read(final File archiveDir, final long recordingId, final MessageHandler handler)
    {
        final String prefix = recordingId + "-";
        final File[] segments = archiveDir.listFiles((dir, name) -> name.startsWith(prefix) && name.endsWith(".rec"));
        if (null == segments || 0 == segments.length)
        {
            throw new IllegalStateException("no segment files for recording " + recordingId + " in " + archiveDir);
        }
        Arrays.sort(segments, Comparator.comparingLong(ArchivedRecording::basePosition));
        final ExpandableArrayBuffer fragments = new ExpandableArrayBuffer(4096);
        int fragmentsLength = 0;
        long messages = 0;
        long fileBytes = 0;
        long startPosition = -1;
        long position = -1;
        boolean ended = false;
        for (final File segment : segments)
        {
            fileBytes += segment.length();
            if (ended)
            {
                continue;
            }
            final long basePosition = basePosition(segment);
            final MappedByteBuffer mapped = IoUtil.mapExistingFile(segment, "segment");
            try
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
                int offset = position < 0 ? 0 : (int)(position - basePosition);
                if (offset < 0 || offset > buffer.capacity())
                {
                    throw new IllegalStateException("segment " + segment + " does not follow position " + position);
                }
                while (offset + DataHeaderFlyweight.HEADER_LENGTH <= buffer.capacity())
                {
                    final int frameLength = buffer.getInt(offset);
                    if (frameLength <= 0)
                    {
                        ended = true;
                        break;
                    }
                    if (startPosition < 0)
                    {
                        startPosition = basePosition + offset;
                    }
                    final int alignedLength = BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT);
                    final int type = buffer.getShort(offset + DataHeaderFlyweight.TYPE_FIELD_OFFSET) & 0xFFFF;
                    position = basePosition + offset + alignedLength;
                    if (DataHeaderFlyweight.HDR_TYPE_DATA == type)
                    {
                        final byte flags = buffer.getByte(offset + DataHeaderFlyweight.FLAGS_FIELD_OFFSET);
                        final int payloadOffset = offset + DataHeaderFlyweight.HEADER_LENGTH;
                        final int payloadLength = frameLength - DataHeaderFlyweight.HEADER_LENGTH;
                        if ((flags & FrameDescriptor.UNFRAGMENTED) == FrameDescriptor.UNFRAGMENTED)
                        {
                            handler.onMessage(buffer, payloadOffset, payloadLength, position);
                            messages++;
                        }
                        else
                        {
                            if ((flags & FrameDescriptor.BEGIN_FRAG_FLAG) != 0)
                            {
                                fragmentsLength = 0;
                            }
                            fragments.putBytes(fragmentsLength, buffer, payloadOffset, payloadLength);
                            fragmentsLength += payloadLength;
                            if ((flags & FrameDescriptor.END_FRAG_FLAG) != 0)
                            {
                                handler.onMessage(fragments, 0, fragmentsLength, position);
                                messages++;
                                fragmentsLength = 0;
                            }
                        }
                    }
                    offset += alignedLength;
                }
            }
            finally
            {
                IoUtil.unmap(mapped);
            }
        }
        return new Summary(messages, Math.max(0, startPosition), Math.max(0, position), fileBytes);
    }

    private static long basePosition(final File segment)
    {
        final String name = segment.getName();
        return Long.parseLong(name.substring(name.indexOf('-') + 1, name.length() - ".rec".length()));
    }
}
