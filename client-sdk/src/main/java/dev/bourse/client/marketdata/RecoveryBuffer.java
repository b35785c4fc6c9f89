package dev.bourse.client.marketdata;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The live messages buffered during a recovery, copied into a fixed-size buffer as
 * {@code [int length][long sequence][message with its messageHeader]}.
 */
final class RecoveryBuffer
{
    static final int LENGTH_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 4;
    static final int ENTRY_HEADER_LENGTH = 12;

    private final UnsafeBuffer buffer;
    private int limit;
    private int entryCount;

    RecoveryBuffer(final int capacity)
    {
        buffer = new UnsafeBuffer(new byte[capacity]);
    }

    /**
     * Copy one message in.
     *
     * @return false when it does not fit.
     */
    boolean append(final long sequence, final DirectBuffer src, final int offset, final int length)
    {
        if (limit + ENTRY_HEADER_LENGTH + length > buffer.capacity())
        {
            return false;
        }

        buffer.putInt(limit + LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(limit + SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(limit + ENTRY_HEADER_LENGTH, src, offset, length);
        limit += ENTRY_HEADER_LENGTH + length;
        entryCount++;
        return true;
    }

    void reset()
    {
        limit = 0;
        entryCount = 0;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int limit()
    {
        return limit;
    }

    int entryCount()
    {
        return entryCount;
    }

    int capacity()
    {
        return buffer.capacity();
    }

    static int messageLength(final DirectBuffer buffer, final int entryOffset)
    {
        return buffer.getInt(entryOffset + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    static long sequence(final DirectBuffer buffer, final int entryOffset)
    {
        return buffer.getLong(entryOffset + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}
