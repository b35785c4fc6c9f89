package dev.bourse.orderbook;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Snapshots to and from one contiguous buffer: each message is framed by a 4-byte little-endian length.
 * The cluster node writes the messages straight to its snapshot publication instead.
 */
public final class EngineSnapshots
{
    private static final int FRAME_HEADER_LENGTH = Integer.BYTES;

    private EngineSnapshots()
    {
    }

    /**
     * Write an engine's whole state into a buffer.
     *
     * @param engine the engine.
     * @param buffer an expandable buffer to write into from offset 0.
     * @return the number of bytes written.
     */
    public static int write(final MatchingEngine engine, final MutableDirectBuffer buffer)
    {
        final int[] position = {0};
        new EngineSnapshotWriter().write(engine, (src, offset, length) ->
        {
            buffer.putInt(position[0], length);
            buffer.putBytes(position[0] + FRAME_HEADER_LENGTH, src, offset, length);
            position[0] += FRAME_HEADER_LENGTH + length;
        });
        return position[0];
    }

    /**
     * Restore an empty engine from a buffer written by {@link #write(MatchingEngine, MutableDirectBuffer)}.
     *
     * @param buffer the buffer.
     * @param length bytes written.
     * @param engine an empty engine.
     * @throws IllegalStateException if the snapshot is malformed, truncated or does not verify.
     */
    public static void read(final DirectBuffer buffer, final int length, final MatchingEngine engine)
    {
        final EngineSnapshotLoader loader = new EngineSnapshotLoader(engine);
        int position = 0;
        while (position < length)
        {
            if (length - position < FRAME_HEADER_LENGTH)
            {
                throw new IllegalStateException("invalid engine snapshot: truncated frame header");
            }
            final int messageLength = buffer.getInt(position);
            if (messageLength <= 0 || messageLength > length - position - FRAME_HEADER_LENGTH)
            {
                throw new IllegalStateException("invalid engine snapshot: bad frame length " + messageLength);
            }
            loader.onMessage(buffer, position + FRAME_HEADER_LENGTH, messageLength);
            position += FRAME_HEADER_LENGTH + messageLength;
        }
        if (!loader.isComplete())
        {
            throw new IllegalStateException("invalid engine snapshot: no end marker");
        }
    }
}
