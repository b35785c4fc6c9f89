package dev.bourse.client.marketdata;

import java.util.List;

import dev.bourse.schemas.marketdata.HeartbeatEncoder;
import dev.bourse.schemas.marketdata.MessageHeaderEncoder;
import dev.bourse.schemas.marketdata.PacketHeaderEncoder;
import dev.bourse.schemas.marketdata.StreamKind;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Frames encoded messages into packets: messageHeader + PacketHeader, then the messages.
 */
final class PacketWriter
{
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PacketHeaderEncoder packetHeader = new PacketHeaderEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private int limit;
    private int count;

    PacketWriter begin(final long firstSequence, final StreamKind kind, final int publisherId)
    {
        packetHeader.wrapAndApplyHeader(buffer, 0, header)
            .firstSequence(firstSequence)
            .sendingTimeNs(System.nanoTime())
            .messageCount(0)
            .streamKind(kind)
            .publisherId((short)publisherId);
        limit = MessageHeaderEncoder.ENCODED_LENGTH + PacketHeaderEncoder.BLOCK_LENGTH;
        count = 0;
        return this;
    }

    PacketWriter add(final byte[] message)
    {
        buffer.putBytes(limit, message);
        limit += message.length;
        count++;
        return this;
    }

    PacketWriter addAll(final List<byte[]> messages)
    {
        for (final byte[] message : messages)
        {
            add(message);
        }
        return this;
    }

    int finish()
    {
        packetHeader.messageCount(count);
        return limit;
    }

    int heartbeat(final long nextSequence, final int publisherId)
    {
        begin(nextSequence, StreamKind.INCREMENTAL, publisherId);
        heartbeat.wrapAndApplyHeader(buffer, limit, header).nextSequence(nextSequence).lastTransactTimeNs(0);
        limit += MessageHeaderEncoder.ENCODED_LENGTH + HeartbeatEncoder.BLOCK_LENGTH;
        count++;
        return finish();
    }

    byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
