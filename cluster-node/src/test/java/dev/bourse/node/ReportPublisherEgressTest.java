package dev.bourse.node;

import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.aeron.DirectBufferVector;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.ClientSession;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How execution reports reach the sessions' egress: claimed and encoded in place for an account with one session,
 * encoded once and offered to each session for an account with several, and the back-pressure bookkeeping of both.
 */
class ReportPublisherEgressTest
{
    private static final long ACCOUNT = 7;

    private final OrderRecords records = new OrderRecords();
    private final Sessions sessions = new Sessions();
    private final ServiceCounters counters = new ServiceCounters();
    private final ReportPublisher publisher = new ReportPublisher(records, sessions, counters);

    @Test
    void shouldEncodeAReportInPlaceForAnAccountWithOneSession()
    {
        final FakeSession session = open(1);
        publisher.egress(true);

        accept(11, 501);

        assertEquals(1, session.claims);
        assertEquals(0, session.offers);
        assertEquals(1, session.messages().size(), "the claim was committed");
        assertNewReport(session.messages().get(0), 11, 501);
        assertEquals(1, counters.egressMessages);
        assertEquals(0, counters.egressDropped);
    }

    @Test
    void shouldOfferTheSameReportToEverySessionOfAnAccountWithSeveral()
    {
        final FakeSession first = open(1);
        final FakeSession second = open(2);
        publisher.egress(true);

        accept(12, 502);

        for (final FakeSession session : List.of(first, second))
        {
            assertEquals(0, session.claims);
            assertEquals(1, session.offers);
            assertNewReport(session.messages().get(0), 12, 502);
        }
        assertEquals(2, counters.egressMessages);
    }

    @Test
    void shouldCountARefusedClaimAsDroppedAndSendTheNextReport()
    {
        final FakeSession session = open(1);
        publisher.egress(true);
        session.refusals = ReportPublisher.EGRESS_ATTEMPTS;

        accept(13, 503);

        assertEquals(0, session.messages().size());
        assertEquals(0, session.offers, "a refused report is not offered again");
        assertEquals(ReportPublisher.EGRESS_ATTEMPTS, counters.egressBackPressure);
        assertEquals(1, counters.egressDropped);

        accept(14, 504);

        assertEquals(1, session.messages().size());
        assertNewReport(session.messages().get(0), 14, 504);
        assertEquals(1, counters.egressDropped);
    }

    @Test
    void shouldSendNothingWithoutEgressButStillRecordTheOrder()
    {
        final FakeSession session = open(1);
        publisher.egress(false);

        accept(15, 505);

        assertEquals(0, session.claims + session.offers);
        assertEquals(0, counters.egressMessages);
        assertEquals(505, records.get(15).clientOrderId);
    }

    private FakeSession open(final long clusterSessionId)
    {
        final FakeSession clientSession = new FakeSession(clusterSessionId);
        final Sessions.Session session = new Sessions.Session(clusterSessionId, ACCOUNT, Role.TRADER, 99);
        session.clientSession = clientSession;
        sessions.add(session);
        return clientSession;
    }

    private void accept(final long orderId, final long clientOrderId)
    {
        publisher.beginRequest(1_000, 0, clientOrderId, 0);
        publisher.onOrderAccepted(orderId, ACCOUNT, clientOrderId, 3, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
            100, 10, 0);
    }

    private static void assertNewReport(final byte[] message, final long orderId, final long clientOrderId)
    {
        assertEquals(ReportPublisher.REPORT_LENGTH, message.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, header.templateId());
        final ExecutionReportDecoder report = new ExecutionReportDecoder()
            .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(ExecType.NEW, report.execType());
        assertEquals(orderId, report.orderId());
        assertEquals(ACCOUNT, report.account());
        assertEquals(clientOrderId, report.clientOrderId());
        assertEquals(100, report.price());
        assertEquals(10, report.leavesQuantity());
    }

    /**
     * A session's egress publication reduced to what ReportPublisher uses: claims are taken from a term buffer and
     * read back once committed (an uncommitted or aborted claim is never read); offers are copied.
     */
    static final class FakeSession implements ClientSession
    {
        int claims;
        int offers;
        int refusals;
        private final List<byte[]> messages = new ArrayList<>();
        private final long id;
        private final UnsafeBuffer term = new UnsafeBuffer(new byte[64 * 1024]);
        private final BufferClaim pending = new BufferClaim();
        private int position;
        private int pendingFrame = -1;

        FakeSession(final long id)
        {
            this.id = id;
        }

        /**
         * @return the messages sent so far: offered, or claimed and committed.
         */
        List<byte[]> messages()
        {
            collectCommitted();
            return messages;
        }

        public long id()
        {
            return id;
        }

        public int responseStreamId()
        {
            return 0;
        }

        public String responseChannel()
        {
            return "";
        }

        public byte[] encodedPrincipal()
        {
            return new byte[0];
        }

        public void close()
        {
        }

        public boolean isClosing()
        {
            return false;
        }

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (refusals > 0)
            {
                refusals--;
                return Publication.BACK_PRESSURED;
            }
            offers++;
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(copy);
            return ++position;
        }

        public long offer(final DirectBufferVector[] vectors)
        {
            throw new UnsupportedOperationException();
        }

        public long tryClaim(final int length, final BufferClaim bufferClaim)
        {
            collectCommitted();
            if (refusals > 0)
            {
                refusals--;
                return Publication.BACK_PRESSURED;
            }
            claims++;
            final int frameLength = DataHeaderFlyweight.HEADER_LENGTH + AeronCluster.SESSION_HEADER_LENGTH + length;
            term.putInt(position, -frameLength);
            term.putShort(position + DataHeaderFlyweight.TYPE_FIELD_OFFSET, (short)DataHeaderFlyweight.HDR_TYPE_DATA);
            bufferClaim.wrap(term, position, frameLength);
            pendingFrame = position;
            position += frameLength;
            return position;
        }

        /**
         * The message of the last claim, if it was committed: its frame length turned positive.
         */
        private void collectCommitted()
        {
            if (pendingFrame < 0)
            {
                return;
            }
            final int frameLength = term.getInt(pendingFrame);
            final boolean padding =
                DataHeaderFlyweight.HDR_TYPE_PAD == term.getShort(pendingFrame + DataHeaderFlyweight.TYPE_FIELD_OFFSET);
            if (frameLength > 0 && !padding)
            {
                final int headers = DataHeaderFlyweight.HEADER_LENGTH + AeronCluster.SESSION_HEADER_LENGTH;
                final byte[] copy = new byte[frameLength - headers];
                term.getBytes(pendingFrame + headers, copy);
                messages.add(copy);
            }
            pendingFrame = -1;
        }
    }
}
