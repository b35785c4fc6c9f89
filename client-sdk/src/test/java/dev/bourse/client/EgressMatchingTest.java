package dev.bourse.client;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.ExecutionReportEncoder;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EgressMatchingTest
{
    private final FakeIngress ingress = new FakeIngress();
    private final RecordingListener listener = new RecordingListener();
    private final OrderEntrySession session = new OrderEntrySession(listener, 16, 0, 1_000, 1_000);
    private final Egress egress = new Egress(session);

    @BeforeEach
    void establish()
    {
        session.onConnected(ingress, 0);
        egress.sessionEstablished(42, 0xABCDL, 0);
        listener.events.clear();
    }

    @Test
    void shouldReportSessionEstablishedWithEveryField()
    {
        final RecordingListener fresh = new RecordingListener();
        final OrderEntrySession other = new OrderEntrySession(fresh, 16, 0, 1_000, 1_000);
        other.onConnected(new FakeIngress(), 0);
        new Egress(other).sessionEstablished(42, 0xABCDL, 17);

        assertEquals(
            "established account=42 role=TRADER clusterSessionId=7 term=3 dedupWindow=10000 stp=CANCEL_RESTING " +
            "highest=17", fresh.events.get(0));
        assertTrue(other.isEstablished());
        assertEquals(0xABCDL, other.sessionToken());
        assertEquals(18, other.nextClientOrderId());
        assertEquals(10_000, other.dedupWindow());
    }

    @Test
    void shouldMatchNewOrderAnswerAndForgetTheRequest()
    {
        final long id = newOrder();
        assertTrue(session.isPending(id));

        egress.executionReportAnswer(id, ExecType.NEW);

        assertFalse(session.isPending(id));
        assertEquals(0, session.pendingCount());
        assertEquals("report NEW " + id, listener.events.get(0));
    }

    @Test
    void shouldMatchRejectedNewOrder()
    {
        final long id = newOrder();
        egress.executionReport(id, ExecType.REJECTED).rejectReason(RejectReason.PRICE_NOT_TICK_MULTIPLE);
        egress.deliverExecutionReport();

        assertEquals(0, session.pendingCount());
        assertEquals(RejectReason.PRICE_NOT_TICK_MULTIPLE, listener.reports.get(0).rejectReason());
        assertEquals(OrderStatus.REJECTED, listener.reports.get(0).orderStatus());
    }

    @Test
    void shouldDeliverEveryExecutionReportField()
    {
        final long id = newOrder();
        egress.executionReport(id, ExecType.TRADE)
            .origClientOrderId(11)
            .orderId(77)
            .execId(88)
            .instrumentId(5)
            .orderStatus(OrderStatus.PARTIALLY_FILLED)
            .side(Side.SELL)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .liquidity(Liquidity.MAKER)
            .price(101)
            .quantity(10)
            .lastPrice(100)
            .lastQuantity(4)
            .leavesQuantity(6)
            .cumQuantity(4)
            .transactTimeNs(999_999);
        egress.deliverExecutionReport();

        final ExecutionReport report = listener.reports.get(0);
        assertEquals(42, report.account());
        assertEquals(id, report.clientOrderId());
        assertEquals(11, report.origClientOrderId());
        assertEquals(77, report.orderId());
        assertEquals(88, report.execId());
        assertEquals(5, report.instrumentId());
        assertEquals(ExecType.TRADE, report.execType());
        assertEquals(OrderStatus.PARTIALLY_FILLED, report.orderStatus());
        assertEquals(Side.SELL, report.side());
        assertEquals(OrderType.LIMIT, report.orderType());
        assertEquals(TimeInForce.DAY, report.timeInForce());
        assertEquals(Liquidity.MAKER, report.liquidity());
        assertEquals(RejectReason.NONE, report.rejectReason());
        assertEquals(CancelReason.NULL_VAL, report.cancelReason());
        assertEquals(101, report.price());
        assertEquals(10, report.quantity());
        assertEquals(100, report.lastPrice());
        assertEquals(4, report.lastQuantity());
        assertEquals(6, report.leavesQuantity());
        assertEquals(4, report.cumQuantity());
        assertEquals(999_999, report.transactTimeNs());
    }

    @Test
    void shouldMatchCancelByItsOwnClientOrderIdNotTheOrders()
    {
        final long orderId = newOrder();
        egress.executionReportAnswer(orderId, ExecType.NEW);
        final long cancelId = session.cancelOrder(0, 1000 + orderId, 0);

        egress.executionReport(orderId, ExecType.TRADE);
        egress.deliverExecutionReport();
        assertTrue(session.isPending(cancelId), "a fill of the order does not answer the cancel");

        egress.executionReport(cancelId, ExecType.CANCELED).origClientOrderId(orderId)
            .cancelReason(CancelReason.CLIENT_REQUEST).orderStatus(OrderStatus.CANCELED);
        egress.deliverExecutionReport();
        assertFalse(session.isPending(cancelId));
        assertEquals(CancelReason.CLIENT_REQUEST, listener.reports.get(2).cancelReason());
    }

    @Test
    void shouldMatchCancelReject()
    {
        final long id = session.cancelOrder(0, 0, 5);
        egress.cancelReject(id, RequestType.CANCEL, RejectReason.UNKNOWN_ORDER);

        assertEquals(0, session.pendingCount());
        assertEquals("cancelReject " + id + " 5 CANCEL UNKNOWN_ORDER 456", listener.events.get(0));
    }

    @Test
    void shouldMatchReplaceByTheNewClientOrderId()
    {
        final long id = session.replaceOrder(0, 1234, 0, 5, 100);
        egress.executionReportAnswer(id, ExecType.REPLACED);

        assertEquals(0, session.pendingCount());
    }

    @Test
    void shouldMatchMassCancelOnlyByItsReport()
    {
        final long orderId = newOrder();
        egress.executionReportAnswer(orderId, ExecType.NEW);
        final long massCancelId = session.massCancel(0, 0, null);

        egress.executionReport(orderId, ExecType.CANCELED).cancelReason(CancelReason.MASS_CANCEL);
        egress.deliverExecutionReport();
        assertTrue(session.isPending(massCancelId));

        egress.massCancelReport(massCancelId, 1);
        assertFalse(session.isPending(massCancelId));
        assertEquals("massCancelReport " + massCancelId + " 0 NULL_VAL NONE 1", listener.events.get(2));
    }

    @Test
    void shouldMatchOrderStatusAnswer()
    {
        final long id = session.orderStatus(0, 1234, 0);
        egress.executionReportAnswer(id, ExecType.ORDER_STATUS);

        assertEquals(0, session.pendingCount());
        assertEquals(0, session.duplicateAnswerCount());
    }

    @Test
    void shouldCountOrderStatusAnswerToACommandAsDuplicate()
    {
        final long id = newOrder();
        egress.executionReportAnswer(id, ExecType.ORDER_STATUS);

        assertEquals(0, session.pendingCount());
        assertEquals(1, session.duplicateAnswerCount());
    }

    @Test
    void shouldMatchMessageRejectWithClientOrderIdAndIgnoreOneWithout()
    {
        final long id = newOrder();
        egress.messageReject(0, RejectReason.MALFORMED_MESSAGE);
        assertTrue(session.isPending(id));

        egress.messageReject(id, RejectReason.ACCOUNT_MISMATCH);
        assertFalse(session.isPending(id));
        assertEquals("messageReject 1/1 " + id + " ACCOUNT_MISMATCH", listener.events.get(1));
    }

    @Test
    void shouldDeliverReportsThatAnswerNothing()
    {
        egress.executionReportAnswer(12345, ExecType.TRADE);

        assertEquals("report TRADE 12345", listener.events.get(0));
        assertEquals(0, session.unknownMessageCount());
    }

    @Test
    void shouldIgnoreAndCountMessagesOfAnotherSchemaOrTemplateOrTooShort()
    {
        final long id = newOrder();
        egress.executionReport(id, ExecType.NEW);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + egress.executionReport(id, ExecType.NEW)
            .encodedLength();
        final MessageHeaderEncoder header = new MessageHeaderEncoder().wrap(egress.buffer(), Egress.OFFSET);

        header.schemaId(99);
        session.onMessage(egress.buffer(), Egress.OFFSET, length);
        header.schemaId(1).templateId(77);
        session.onMessage(egress.buffer(), Egress.OFFSET, length);
        header.templateId(21).version(0);
        session.onMessage(egress.buffer(), Egress.OFFSET, length);
        header.version(1);
        session.onMessage(egress.buffer(), Egress.OFFSET, length - 1);
        header.blockLength(10);
        session.onMessage(egress.buffer(), Egress.OFFSET, length);
        session.onMessage(egress.buffer(), Egress.OFFSET, 5);

        assertEquals(6, session.unknownMessageCount());
        assertTrue(listener.events.isEmpty());
        assertTrue(session.isPending(id));
    }

    @Test
    void shouldDecodeANewerVersionWithALongerBlock()
    {
        final long id = newOrder();
        final int blockLength = egress.executionReport(id, ExecType.NEW).encodedLength() + 8;
        new MessageHeaderEncoder().wrap(egress.buffer(), Egress.OFFSET).blockLength(blockLength).version(2);
        session.onMessage(egress.buffer(), Egress.OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + blockLength);

        assertFalse(session.isPending(id));
        assertEquals(0, session.unknownMessageCount());
    }

    @Test
    void shouldReadUnknownEnumCodesAsNullValue()
    {
        final long id = newOrder();
        egress.executionReport(id, ExecType.NEW);
        egress.buffer().putByte(Egress.OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            ExecutionReportEncoder.execTypeEncodingOffset(), (byte)200);
        egress.buffer().putShort(Egress.OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            ExecutionReportEncoder.rejectReasonEncodingOffset(), (short)999);
        egress.deliverExecutionReport();

        assertEquals(ExecType.NULL_VAL, listener.reports.get(0).execType());
        assertEquals(RejectReason.NULL_VAL, listener.reports.get(0).rejectReason());
        assertFalse(session.isPending(id));
    }

    private long newOrder()
    {
        return session.newOrder(0, 1, Side.BUY, 10, 100, OrderType.LIMIT, TimeInForce.GTC, false, 0);
    }
}
