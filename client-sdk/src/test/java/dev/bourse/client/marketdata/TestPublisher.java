package dev.bourse.client.marketdata;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.bourse.schemas.marketdata.StreamKind;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * Stands in for the publishing nodes: one exclusive publication per publisher on each stream (so a subscriber
 * sees one image per publisher, as with real followers), sending a {@link TestFeed}'s messages in packets.
 */
final class TestPublisher implements AutoCloseable
{
    private final TestFeed feed;
    private final ExclusivePublication[] incremental;
    private final ExclusivePublication[] snapshot;
    private final PacketWriter writer = new PacketWriter();
    private long loopId;

    TestPublisher(
        final Aeron aeron,
        final TestFeed feed,
        final String channel,
        final int incrementalStreamId,
        final int snapshotStreamId,
        final int publisherCount)
    {
        this.feed = feed;
        incremental = new ExclusivePublication[publisherCount];
        snapshot = new ExclusivePublication[publisherCount];
        for (int i = 0; i < publisherCount; i++)
        {
            incremental[i] = aeron.addExclusivePublication(channel, incrementalStreamId);
            snapshot[i] = aeron.addExclusivePublication(channel, snapshotStreamId);
        }
    }

    boolean isConnected()
    {
        for (int i = 0; i < incremental.length; i++)
        {
            if (!incremental[i].isConnected() || !snapshot[i].isConnected())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Send sequences from..to (inclusive) of the feed from one publisher, at most perPacket messages a packet.
     */
    void send(final int publisher, final long from, final long to, final int perPacket)
    {
        long sequence = from;
        while (sequence <= to)
        {
            final long last = Math.min(to, sequence + perPacket - 1);
            writer.begin(sequence, StreamKind.INCREMENTAL, publisher);
            for (long s = sequence; s <= last; s++)
            {
                writer.add(feed.message(s));
            }
            offer(incremental[publisher], writer.buffer, writer.finish());
            sequence = last + 1;
        }
    }

    void heartbeat(final int publisher)
    {
        offer(incremental[publisher], writer.buffer, writer.heartbeat(feed.lastSequence() + 1, publisher));
    }

    void sendRawIncremental(final int publisher, final DirectBuffer buffer, final int length)
    {
        offer(incremental[publisher], buffer, length);
    }

    void sendRawSnapshot(final int publisher, final DirectBuffer buffer, final int length)
    {
        offer(snapshot[publisher], buffer, length);
    }

    /**
     * One pass of the snapshot loop from one publisher, at most perPacket messages a packet.
     */
    void snapshotLoop(final int publisher, final int ordersPerChunk, final int perPacket)
    {
        sendSnapshot(publisher, feed.snapshotLoop(++loopId, ordersPerChunk), perPacket);
    }

    /**
     * Send a snapshot loop taken earlier from one publisher, at most perPacket messages a packet.
     */
    void sendSnapshot(final int publisher, final List<byte[]> loop, final int perPacket)
    {
        int index = 0;
        while (index < loop.size())
        {
            final int last = Math.min(loop.size(), index + perPacket);
            writer.begin(index + 1, StreamKind.SNAPSHOT, publisher);
            for (int i = index; i < last; i++)
            {
                writer.add(loop.get(i));
            }
            offer(snapshot[publisher], writer.buffer, writer.finish());
            index = last;
        }
    }

    PacketWriter writer()
    {
        return writer;
    }

    static void offer(final Publication publication, final DirectBuffer buffer, final int length)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0 || Publication.NOT_CONNECTED == result)
            {
                return;
            }
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
            {
                throw new IllegalStateException("publication " + result);
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("offer timed out: " + result);
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(incremental);
        CloseHelper.closeAll(snapshot);
    }
}
