package dev.bourse.client;

import java.util.concurrent.TimeUnit;

import dev.bourse.schemas.admin.AdminAckEncoder;
import dev.bourse.schemas.admin.DefineInstrumentDecoder;
import dev.bourse.schemas.admin.TradingStatus;
import dev.bourse.schemas.orderentry.LogonDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderDecoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.MessageRejectEncoder;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedEncoder;
import dev.bourse.schemas.orderentry.StpMode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin conversation without Aeron (Logon, encoding of DefineInstrument, validation, matching of AdminAck and
 * MessageReject, resends), and the Aeron glue against the stand-in cluster, whose only user is a TRADER.
 */
class AdminClientTest
{
    private static final long TOKEN = 0x0123_4567_89AB_CDEFL;
    private static final long RESPONSE_TIMEOUT_NS = 1_000;
    private static final int EGRESS_OFFSET = 32;

    private final FakeIngress ingress = new FakeIngress();
    private final AdminClient.AdminProtocol protocol = new AdminClient.AdminProtocol(RESPONSE_TIMEOUT_NS, 500);
    private final UnsafeBuffer egress = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    @BeforeEach
    void connect()
    {
        protocol.onConnected(ingress, 0);
    }

    @Test
    void shouldLogOnAndTakeTheSessionTokenFromSessionEstablished()
    {
        assertEquals(1, ingress.sent.size());
        headerDecoder.wrap(ingress.last(), 0);
        assertEquals(LogonDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(LogonDecoder.TEMPLATE_ID, headerDecoder.templateId());
        assertFalse(protocol.isEstablished());

        sessionEstablished(Role.ADMIN, TOKEN);

        assertTrue(protocol.isEstablished());
        assertEquals(TOKEN, protocol.sessionToken());
        assertEquals(1, protocol.account());
        assertEquals(Role.ADMIN, protocol.role());
    }

    @Test
    void shouldResendLogonUntilAnswered()
    {
        protocol.doWork(RESPONSE_TIMEOUT_NS - 1);
        assertEquals(1, ingress.sent.size());

        protocol.doWork(RESPONSE_TIMEOUT_NS);
        assertEquals(2, ingress.sent.size());
        assertEquals(LogonDecoder.TEMPLATE_ID, ingress.templateId(1));
    }

    @Test
    void shouldEncodeDefineInstrument()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        ingress.clear();

        final long requestId = protocol.defineInstrument(7, 5, 10, "BTC-USD", 0);

        assertEquals(1, requestId);
        assertEquals(1, ingress.sent.size());
        final UnsafeBuffer sent = ingress.last();
        final dev.bourse.schemas.admin.MessageHeaderDecoder header =
            new dev.bourse.schemas.admin.MessageHeaderDecoder().wrap(sent, 0);
        assertEquals(DefineInstrumentDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(DefineInstrumentDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(DefineInstrumentDecoder.SCHEMA_VERSION, header.version());
        final DefineInstrumentDecoder decoder = new DefineInstrumentDecoder().wrap(
            sent, dev.bourse.schemas.admin.MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
        assertEquals(TOKEN, decoder.sessionToken());
        assertEquals(1, decoder.requestId());
        assertEquals(7, decoder.instrumentId());
        assertEquals(5, decoder.tickSize());
        assertEquals(10, decoder.lotSize());
        assertEquals(DefineInstrumentDecoder.referencePriceNullValue(), decoder.referencePrice());
        assertEquals(0, decoder.priceBandBps());
        assertEquals(DefineInstrumentDecoder.maxOrderQuantityNullValue(), decoder.maxOrderQuantity());
        assertEquals(DefineInstrumentDecoder.maxOrderNotionalNullValue(), decoder.maxOrderNotional());
        assertEquals(TradingStatus.OPEN, decoder.tradingStatus());
        assertEquals("BTC-USD", decoder.symbol());
        assertEquals(0, decoder.symbol(7), "symbol padded with NUL");
        assertEquals(dev.bourse.schemas.admin.MessageHeaderDecoder.ENCODED_LENGTH +
            DefineInstrumentDecoder.BLOCK_LENGTH, sent.capacity());
    }

    @Test
    void shouldRefuseImpossibleDefinitions()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        ingress.clear();

        assertRejected("instrumentId must be positive: 0", () -> define(0, 1, 1, "X"));
        assertRejected("instrumentId must be positive: -3", () -> define(-3, 1, 1, "X"));
        assertRejected("tickSize must be positive: 0", () -> define(1, 0, 1, "X"));
        assertRejected("lotSize must be positive: -1", () -> define(1, 1, -1, "X"));
        assertRejected("symbol must have 1 to 16 characters: null", () -> define(1, 1, 1, null));
        assertRejected("symbol must have 1 to 16 characters: ''", () -> define(1, 1, 1, ""));
        assertRejected("symbol must have 1 to 16 characters: '12345678901234567'",
            () -> define(1, 1, 1, "12345678901234567"));
        assertRejected("symbol must be printable US-ASCII without spaces: 'BTC USD'",
            () -> define(1, 1, 1, "BTC USD"));
        assertRejected("symbol must be printable US-ASCII without spaces: 'BTC-\u20ac'",
            () -> define(1, 1, 1, "BTC-\u20ac"));
        assertTrue(ingress.sent.isEmpty(), "nothing sent");

        define(1, 1, 1, "1234567890123456");
        assertEquals(1, ingress.sent.size(), "16 characters fit");
    }

    @Test
    void shouldRefuseCommandsBeforeTheSessionIsEstablished()
    {
        assertThrows(IllegalStateException.class, () -> define(1, 1, 1, "X"));
    }

    @Test
    void shouldAnswerWithTheAdminAckOfTheRequest()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        final long requestId = protocol.defineInstrument(3, 1, 1, "ETH-USD", 0);

        adminAck(requestId + 100, RejectReason.NONE);
        assertFalse(protocol.hasAnswer(), "another request's ack is ignored");

        adminAck(requestId, RejectReason.INSTRUMENT_ALREADY_DEFINED);
        assertTrue(protocol.hasAnswer());
        final AdminClient.Ack ack = protocol.takeAnswer();
        assertEquals(requestId, ack.requestId());
        assertEquals(DefineInstrumentDecoder.TEMPLATE_ID, ack.refTemplateId());
        assertEquals(RejectReason.INSTRUMENT_ALREADY_DEFINED, ack.rejectReason());
        assertEquals(17, ack.rejectReasonCode());
        assertEquals(1, ack.sendCount());
        assertFalse(ack.isAccepted());
        assertFalse(ack.isMessageReject());
        assertFalse(protocol.isPending());
        assertNull(protocol.takeAnswer());
    }

    @Test
    void shouldAnswerAcceptedAndCountAnUnknownReasonCode()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        final long first = protocol.defineInstrument(3, 1, 1, "ETH-USD", 0);
        adminAck(first, RejectReason.NONE);
        assertTrue(protocol.takeAnswer().isAccepted());

        final long second = protocol.defineInstrument(4, 1, 1, "SOL-USD", 0);
        assertEquals(first + 1, second);
        adminAckRaw(second, 999);
        final AdminClient.Ack ack = protocol.takeAnswer();
        assertEquals(RejectReason.NULL_VAL, ack.rejectReason());
        assertEquals(999, ack.rejectReasonCode());
        assertFalse(ack.isAccepted());
    }

    @Test
    void shouldAnswerWithAMessageRejectOfTheAdminSchema()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        protocol.defineInstrument(3, 1, 1, "ETH-USD", 0);

        messageReject(MessageHeaderDecoder.SCHEMA_ID, DefineInstrumentDecoder.TEMPLATE_ID, RejectReason.INVALID_LENGTH);
        assertFalse(protocol.hasAnswer(), "a reject of an order-entry message is not the answer");

        messageReject(DefineInstrumentDecoder.SCHEMA_ID, DefineInstrumentDecoder.TEMPLATE_ID,
            RejectReason.UNKNOWN_TEMPLATE);
        final AdminClient.Ack ack = protocol.takeAnswer();
        assertTrue(ack.isMessageReject());
        assertEquals(RejectReason.UNKNOWN_TEMPLATE, ack.rejectReason());
    }

    @Test
    void shouldResendWhenOverdueOrOnANewLeaderAndCountTheSends()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        ingress.clear();
        final long requestId = protocol.defineInstrument(3, 1, 1, "ETH-USD", 0);
        assertEquals(1, ingress.sent.size());

        protocol.doWork(RESPONSE_TIMEOUT_NS - 1);
        assertEquals(1, ingress.sent.size());
        protocol.doWork(RESPONSE_TIMEOUT_NS);
        assertEquals(2, ingress.sent.size());

        protocol.onNewLeader();
        protocol.doWork(RESPONSE_TIMEOUT_NS + 1);
        assertEquals(3, ingress.sent.size());
        assertEquals(DefineInstrumentDecoder.TEMPLATE_ID, ingress.templateId(2));

        adminAck(requestId, RejectReason.INSTRUMENT_ALREADY_DEFINED);
        assertEquals(3, protocol.takeAnswer().sendCount());
        protocol.doWork(10 * RESPONSE_TIMEOUT_NS);
        assertEquals(3, ingress.sent.size(), "nothing resent once answered");
    }

    @Test
    void shouldRetryASendRefusedByBackPressure()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        ingress.clear();
        ingress.backPressure();
        protocol.defineInstrument(3, 1, 1, "ETH-USD", 0);
        assertEquals(0, protocol.sendCount());

        ingress.accept();
        protocol.doWork(1);
        assertEquals(1, protocol.sendCount());
        assertEquals(1, ingress.sent.size());
    }

    @Test
    void shouldPatchTheNewTokenIntoAPendingRequestAfterANewSession()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        protocol.defineInstrument(3, 1, 1, "ETH-USD", 0);
        protocol.onDisconnected();

        final FakeIngress next = new FakeIngress();
        protocol.onConnected(next, 10);
        sessionEstablished(Role.ADMIN, TOKEN + 1);
        protocol.doWork(11);

        assertEquals(2, next.sent.size(), "Logon, then the resend");
        final DefineInstrumentDecoder decoder = new DefineInstrumentDecoder().wrap(
            next.last(), dev.bourse.schemas.admin.MessageHeaderDecoder.ENCODED_LENGTH,
            DefineInstrumentDecoder.BLOCK_LENGTH, DefineInstrumentDecoder.SCHEMA_VERSION);
        assertEquals(TOKEN + 1, decoder.sessionToken());
    }

    @Test
    void shouldSendKeepAlivesWhenIdle()
    {
        sessionEstablished(Role.ADMIN, TOKEN);
        protocol.doWork(499);
        assertEquals(0, ingress.keepAlives);
        protocol.doWork(500);
        assertEquals(1, ingress.keepAlives);
    }

    @Test
    void shouldIgnoreShortAndUnknownMessages()
    {
        protocol.onMessage(egress, 0, 4);
        egress.putShort(EGRESS_OFFSET + 4, (short)99);
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderDecoder.ENCODED_LENGTH);
        assertEquals(2, protocol.unknownMessageCount());
        assertFalse(protocol.isEstablished());
    }

    @Test
    @Timeout(60)
    void shouldRefuseToConnectAsAUserWithoutTheAdminRole() throws Exception
    {
        try (FakeExchangeCluster ignored = new FakeExchangeCluster())
        {
            final ExchangeClientException notAdmin = assertThrows(ExchangeClientException.class,
                () -> AdminClient.connect(context("secret")));
            assertEquals("user alice is not an ADMIN (role TRADER, account " + FakeExchangeCluster.ACCOUNT + ")",
                notAdmin.getMessage());

            final ExchangeClientException wrong = assertThrows(ExchangeClientException.class,
                () -> AdminClient.connect(context("wrong")));
            assertTrue(wrong.getMessage().startsWith("authentication failed for user alice"), wrong.getMessage());
        }
    }

    private static ExchangeClient.Context context(final String password)
    {
        return new ExchangeClient.Context()
            .username("alice")
            .password(password)
            .ingressEndpoints(FakeExchangeCluster.INGRESS_ENDPOINTS)
            .connectTimeoutNs(TimeUnit.SECONDS.toNanos(10))
            .responseTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500));
    }

    private long define(final int instrumentId, final long tickSize, final long lotSize, final String symbol)
    {
        return protocol.defineInstrument(instrumentId, tickSize, lotSize, symbol, 0);
    }

    private static void assertRejected(final String message, final Executable executable)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    private void sessionEstablished(final Role role, final long token)
    {
        final SessionEstablishedEncoder encoder = new SessionEstablishedEncoder()
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new MessageHeaderEncoder())
            .account(1)
            .role(role)
            .sessionToken(token)
            .clusterSessionId(7)
            .leadershipTermId(3)
            .dedupWindow(1024)
            .stpMode(StpMode.NONE)
            .highestClientOrderId(0);
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void adminAck(final long requestId, final RejectReason reason)
    {
        adminAckRaw(requestId, reason.value());
    }

    private void adminAckRaw(final long requestId, final int reasonCode)
    {
        final AdminAckEncoder encoder = new AdminAckEncoder()
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new dev.bourse.schemas.admin.MessageHeaderEncoder())
            .requestId(requestId)
            .refTemplateId(DefineInstrumentDecoder.TEMPLATE_ID)
            .rejectReason(reasonCode)
            .transactTimeNs(123);
        protocol.onMessage(egress, EGRESS_OFFSET,
            dev.bourse.schemas.admin.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void messageReject(final int refSchemaId, final int refTemplateId, final RejectReason reason)
    {
        final MessageRejectEncoder encoder = new MessageRejectEncoder()
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new MessageHeaderEncoder())
            .refSchemaId(refSchemaId)
            .refTemplateId(refTemplateId)
            .clientOrderId(0)
            .rejectReason(reason)
            .transactTimeNs(123);
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }
}
