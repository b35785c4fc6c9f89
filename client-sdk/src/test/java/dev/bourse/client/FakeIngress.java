package dev.bourse.client;

import java.util.ArrayList;
import java.util.List;

import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An ingress that records what the session sends (copies of the bytes) and answers with a chosen result.
 */
final class FakeIngress implements OrderEntrySession.Ingress
{
    final List<UnsafeBuffer> sent = new ArrayList<>();
    long result = 1;
    boolean record = true;
    int keepAlives;
    private long position;

    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        if (result <= 0)
        {
            return result;
        }

        if (record)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            sent.add(new UnsafeBuffer(copy));
        }
        position += length;
        return position;
    }

    public boolean sendKeepAlive()
    {
        if (result <= 0)
        {
            return false;
        }
        keepAlives++;
        return true;
    }

    void backPressure()
    {
        result = Publication.BACK_PRESSURED;
    }

    void notConnected()
    {
        result = Publication.NOT_CONNECTED;
    }

    void accept()
    {
        result = 1;
    }

    UnsafeBuffer last()
    {
        return sent.get(sent.size() - 1);
    }

    int templateId(final int index)
    {
        return new MessageHeaderDecoder().wrap(sent.get(index), 0).templateId();
    }

    void clear()
    {
        sent.clear();
    }
}
