package dev.bourse.client;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.bourse.schemas.admin.AdminAckEncoder;
import dev.bourse.schemas.admin.BooleanType;
import dev.bourse.schemas.admin.DefineInstrumentDecoder;
import dev.bourse.schemas.admin.InstrumentReportEncoder;
import dev.bourse.schemas.admin.KillSwitchAction;
import dev.bourse.schemas.admin.KillSwitchDecoder;
import dev.bourse.schemas.admin.LimitsReportEncoder;
import dev.bourse.schemas.admin.MessageHeaderDecoder;
import dev.bourse.schemas.admin.MessageHeaderEncoder;
import dev.bourse.schemas.admin.QueryLimitsDecoder;
import dev.bourse.schemas.admin.QueryType;
import dev.bourse.schemas.admin.SetAccountLimitsDecoder;
import dev.bourse.schemas.admin.SetTradingStatusDecoder;
import dev.bourse.schemas.admin.UpdateInstrumentDecoder;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.SessionEstablishedEncoder;
import dev.bourse.schemas.orderentry.StpMode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin commands beyond DefineInstrument, without Aeron: encoding of every field, the typed reports decoded
 * from LimitsReport and InstrumentReport, refusals as {@link AdminException}, and argument validation of the
 * builders and commands (nothing is sent for an impossible argument).
 */
class AdminCommandsTest
{
    private static final long TOKEN = 0x7777_0000_1234L;
    private static final int EGRESS_OFFSET = 16;

    private final FakeIngress ingress = new FakeIngress();
    private final AdminClient.AdminProtocol protocol = new AdminClient.AdminProtocol(1_000, 500);
    private final UnsafeBuffer egress = new UnsafeBuffer(new byte[512]);

    @BeforeEach
    void establish()
    {
        protocol.onConnected(ingress, 0);
        final SessionEstablishedEncoder encoder = new SessionEstablishedEncoder()
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new dev.bourse.schemas.orderentry.MessageHeaderEncoder())
            .account(1)
            .role(Role.ADMIN)
            .sessionToken(TOKEN)
            .clusterSessionId(3)
            .leadershipTermId(0)
            .dedupWindow(1024)
            .stpMode(StpMode.NONE)
            .highestClientOrderId(0);
        protocol.onMessage(egress, EGRESS_OFFSET,
            dev.bourse.schemas.orderentry.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        ingress.clear();
    }

    @Test
    void shouldEncodeDefineInstrumentWithStatusBandAndLimits()
    {
        protocol.defineInstrument(9, 5, 10, "ETH-USD", TradingStatus.PRE_OPEN, InstrumentControls.builder()
            .referencePrice(2_000).priceBandBps(300).maxOrderQuantity(1_000).build(), 0);

        final DefineInstrumentDecoder d = new DefineInstrumentDecoder().wrap(ingress.last(),
            MessageHeaderDecoder.ENCODED_LENGTH, DefineInstrumentDecoder.BLOCK_LENGTH,
            DefineInstrumentDecoder.SCHEMA_VERSION);
        assertEquals(TOKEN, d.sessionToken());
        assertEquals(9, d.instrumentId());
        assertEquals(2_000, d.referencePrice());
        assertEquals(300, d.priceBandBps());
        assertEquals(1_000, d.maxOrderQuantity());
        assertEquals(DefineInstrumentDecoder.maxOrderNotionalNullValue(), d.maxOrderNotional(), "no limit is null");
        assertEquals(dev.bourse.schemas.admin.TradingStatus.PRE_OPEN, d.tradingStatus());
        assertEquals("ETH-USD", d.symbol());
    }

    @Test
    void shouldEncodeUpdateInstrumentAndSetTradingStatus()
    {
        protocol.updateInstrument(9, InstrumentControls.builder().maxOrderNotional(5_000_000).build(), 0);
        final UpdateInstrumentDecoder update = new UpdateInstrumentDecoder().wrap(ingress.last(),
            MessageHeaderDecoder.ENCODED_LENGTH, UpdateInstrumentDecoder.BLOCK_LENGTH,
            UpdateInstrumentDecoder.SCHEMA_VERSION);
        assertEquals(TOKEN, update.sessionToken());
        assertEquals(9, update.instrumentId());
        assertEquals(UpdateInstrumentDecoder.referencePriceNullValue(), update.referencePrice());
        assertEquals(0, update.priceBandBps());
        assertEquals(UpdateInstrumentDecoder.maxOrderQuantityNullValue(), update.maxOrderQuantity());
        assertEquals(5_000_000, update.maxOrderNotional());
        ack(update.requestId(), UpdateInstrumentDecoder.TEMPLATE_ID, RejectReason.NONE);
        assertTrue(protocol.takeAnswer().isAccepted());

        protocol.setTradingStatus(9, TradingStatus.HALTED, 0);
        final SetTradingStatusDecoder status = new SetTradingStatusDecoder().wrap(ingress.last(),
            MessageHeaderDecoder.ENCODED_LENGTH, SetTradingStatusDecoder.BLOCK_LENGTH,
            SetTradingStatusDecoder.SCHEMA_VERSION);
        assertEquals(9, status.instrumentId());
        assertEquals(dev.bourse.schemas.admin.TradingStatus.HALTED, status.tradingStatus());
        assertEquals(update.requestId() + 1, status.requestId());
    }

    @Test
    void shouldEncodeEveryAccountLimitAndNullForNoLimit()
    {
        protocol.setAccountLimits(AccountLimits.builder(200).maxOpenOrders(0).maxShortPosition(40)
            .creditLimit(9_000).throttleRejectPerSecond(100).cancelOnDisconnect(true)
            .stpMode(StpMode.DECREMENT_AND_CANCEL).stpGroup(12).build(), 0);

        final SetAccountLimitsDecoder d = new SetAccountLimitsDecoder().wrap(ingress.last(),
            MessageHeaderDecoder.ENCODED_LENGTH, SetAccountLimitsDecoder.BLOCK_LENGTH,
            SetAccountLimitsDecoder.SCHEMA_VERSION);
        assertEquals(TOKEN, d.sessionToken());
        assertEquals(200, d.account());
        assertEquals(0, d.maxOpenOrders(), "zero is a limit, not the null value");
        assertEquals(SetAccountLimitsDecoder.maxLongPositionNullValue(), d.maxLongPosition());
        assertEquals(40, d.maxShortPosition());
        assertEquals(9_000, d.creditLimit());
        assertEquals(100, d.throttleRejectPerSecond());
        assertEquals(SetAccountLimitsDecoder.throttleDisconnectPerSecondNullValue(), d.throttleDisconnectPerSecond());
        assertEquals(BooleanType.TRUE, d.cancelOnDisconnect());
        assertEquals(dev.bourse.schemas.admin.StpMode.DECREMENT_AND_CANCEL, d.stpMode());
        assertEquals(12, d.stpGroup());
    }

    @Test
    void shouldEncodeKillSwitchAndQueries()
    {
        protocol.killSwitch(300, true, 0);
        final KillSwitchDecoder engage = new KillSwitchDecoder().wrap(ingress.last(),
            MessageHeaderDecoder.ENCODED_LENGTH, KillSwitchDecoder.BLOCK_LENGTH, KillSwitchDecoder.SCHEMA_VERSION);
        assertEquals(300, engage.account());
        assertEquals(KillSwitchAction.ENGAGE, engage.action());
        ack(engage.requestId(), KillSwitchDecoder.TEMPLATE_ID, RejectReason.NONE);
        protocol.takeAnswer();

        protocol.killSwitch(300, false, 0);
        assertEquals(KillSwitchAction.RELEASE, new KillSwitchDecoder().wrap(ingress.last(),
            MessageHeaderDecoder.ENCODED_LENGTH, KillSwitchDecoder.BLOCK_LENGTH, KillSwitchDecoder.SCHEMA_VERSION)
            .action());
        ack(engage.requestId() + 1, KillSwitchDecoder.TEMPLATE_ID, RejectReason.NONE);
        protocol.takeAnswer();

        protocol.queryAccount(300, 4, 0);
        final QueryLimitsDecoder account = query();
        assertEquals(QueryType.ACCOUNT, account.queryType());
        assertEquals(300, account.account());
        assertEquals(4, account.instrumentId());
        ack(account.requestId(), QueryLimitsDecoder.TEMPLATE_ID, RejectReason.UNKNOWN_INSTRUMENT);
        assertFalse(protocol.takeAnswer().isAccepted());
        assertNull(protocol.takeReport());

        protocol.queryInstrument(4, 0);
        final QueryLimitsDecoder instrument = query();
        assertEquals(QueryType.INSTRUMENT, instrument.queryType());
        assertEquals(4, instrument.instrumentId());
    }

    @Test
    void shouldDecodeALimitsReportIntoAnAccountReport()
    {
        final long requestId = protocol.queryAccount(200, 0, 0);
        final LimitsReportEncoder report = new LimitsReportEncoder();
        final LimitsReportEncoder.PositionsEncoder positions = report
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new MessageHeaderEncoder())
            .requestId(requestId)
            .account(200)
            .maxOpenOrders(50)
            .maxLongPosition(LimitsReportEncoder.maxLongPositionNullValue())
            .maxShortPosition(40)
            .creditLimit(LimitsReportEncoder.creditLimitNullValue())
            .throttleRejectPerSecond(LimitsReportEncoder.throttleRejectPerSecondNullValue())
            .throttleDisconnectPerSecond(500)
            .cancelOnDisconnect(BooleanType.TRUE)
            .stpMode(dev.bourse.schemas.admin.StpMode.CANCEL_RESTING)
            .stpGroup(3)
            .killSwitchEngaged(BooleanType.TRUE)
            .openOrders(2)
            .creditUsed(12_345)
            .transactTimeNs(99)
            .positionsCount(2);
        positions.next().instrumentId(1).position(-20).openBuyQuantity(0).openSellQuantity(10);
        positions.next().instrumentId(7).position(5).openBuyQuantity(3).openSellQuantity(0);
        final int length = report.encodedLength();
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + length);

        assertTrue(protocol.takeAnswer().isAccepted());
        final AccountReport account = (AccountReport)protocol.takeReport();
        assertEquals(AccountLimits.builder(200).maxOpenOrders(50).maxShortPosition(40)
            .throttleDisconnectPerSecond(500).cancelOnDisconnect(true).stpMode(StpMode.CANCEL_RESTING).stpGroup(3)
            .build(), account.limits());
        assertEquals(200, account.account());
        assertTrue(account.killSwitchEngaged());
        assertEquals(2, account.openOrders());
        assertEquals(12_345, account.creditUsed());
        assertEquals(99, account.transactTimeNs());
        assertEquals(List.of(new AccountReport.Position(1, -20, 0, 10), new AccountReport.Position(7, 5, 3, 0)),
            account.positions());
        assertEquals(5, account.position(7).orElseThrow().position());
        assertTrue(account.position(2).isEmpty());
    }

    @Test
    void shouldIgnoreAReportWhoseGroupRunsPastTheMessage()
    {
        final long requestId = protocol.queryAccount(200, 0, 0);
        final LimitsReportEncoder report = new LimitsReportEncoder();
        final LimitsReportEncoder.PositionsEncoder positions = report
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new MessageHeaderEncoder())
            .requestId(requestId).account(200).maxOpenOrders(1).maxLongPosition(1).maxShortPosition(1)
            .creditLimit(1).throttleRejectPerSecond(1).throttleDisconnectPerSecond(1)
            .cancelOnDisconnect(BooleanType.FALSE).stpMode(dev.bourse.schemas.admin.StpMode.NONE).stpGroup(0)
            .killSwitchEngaged(BooleanType.FALSE).openOrders(0).creditUsed(0).transactTimeNs(1)
            .positionsCount(3);
        for (int i = 0; i < 3; i++)
        {
            positions.next().instrumentId(i + 1).position(0).openBuyQuantity(0).openSellQuantity(0);
        }
        final int length = report.encodedLength();
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + length - 10);

        assertFalse(protocol.hasAnswer());
        assertEquals(1, protocol.unknownMessageCount());
    }

    @Test
    void shouldDecodeAnInstrumentReport()
    {
        final long requestId = protocol.queryInstrument(4, 0);
        final InstrumentReportEncoder encoder = new InstrumentReportEncoder()
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new MessageHeaderEncoder())
            .requestId(requestId)
            .instrumentId(4)
            .tickSize(5)
            .lotSize(10)
            .referencePrice(InstrumentReportEncoder.referencePriceNullValue())
            .priceBandBps(250)
            .maxOrderQuantity(77)
            .maxOrderNotional(InstrumentReportEncoder.maxOrderNotionalNullValue())
            .tradingStatus(dev.bourse.schemas.admin.TradingStatus.CLOSED)
            .symbol("SOL-USD")
            .transactTimeNs(5);
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());

        assertTrue(protocol.takeAnswer().isAccepted());
        assertEquals(new InstrumentReport(4, "SOL-USD", 5, 10, TradingStatus.CLOSED,
            InstrumentControls.builder().priceBandBps(250).maxOrderQuantity(77).build(), 5), protocol.takeReport());
    }

    @Test
    void shouldIgnoreAReportForAnotherRequest()
    {
        final long requestId = protocol.queryInstrument(4, 0);
        final InstrumentReportEncoder encoder = new InstrumentReportEncoder()
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new MessageHeaderEncoder())
            .requestId(requestId + 1).instrumentId(4).tickSize(5).lotSize(10).referencePrice(1).priceBandBps(0)
            .maxOrderQuantity(1).maxOrderNotional(1).tradingStatus(dev.bourse.schemas.admin.TradingStatus.OPEN)
            .symbol("X").transactTimeNs(5);
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        assertFalse(protocol.hasAnswer());
    }

    @Test
    void shouldDescribeARefusalWithTheReasonCodeAndName()
    {
        final AdminException ex = new AdminException("KillSwitch ENGAGE 300", 7, 50, false);
        assertEquals("KillSwitch ENGAGE 300 refused: NOT_AUTHORIZED (50)", ex.getMessage());
        assertEquals(RejectReason.NOT_AUTHORIZED, ex.rejectReason());
        assertEquals(50, ex.rejectReasonCode());
        assertEquals("NOT_AUTHORIZED", ex.reasonName());
        assertEquals(7, ex.requestId());

        final AdminException unknown = new AdminException("QueryLimits INSTRUMENT 4", 8, 999, true);
        assertEquals(RejectReason.NULL_VAL, unknown.rejectReason());
        assertEquals("code 999", unknown.reasonName());
        assertTrue(unknown.isMessageReject());
    }

    @Test
    void shouldRefuseImpossibleArgumentsBeforeSendingAnything()
    {
        assertRejected("account must be positive: 0", () -> AccountLimits.builder(0));
        assertRejected("maxOpenOrders must be in [0, 2147483647] (use an empty value for no limit): -1",
            () -> AccountLimits.builder(1).maxOpenOrders(-1));
        assertRejected("maxLongPosition must be >= 0 (use an empty value for no limit): -5",
            () -> AccountLimits.builder(1).maxLongPosition(-5));
        assertRejected("creditLimit must be >= 0 (use an empty value for no limit): -1",
            () -> AccountLimits.builder(1).creditLimit(OptionalLong.of(-1)));
        assertRejected("throttleRejectPerSecond must be in [0, 100000] (use an empty value for no limit): 100001",
            () -> AccountLimits.builder(1).throttleRejectPerSecond(100_001));
        assertRejected("throttleDisconnectPerSecond must be in [0, 100000] (use an empty value for no limit): -2",
            () -> AccountLimits.builder(1).throttleDisconnectPerSecond(OptionalInt.of(-2)));
        assertRejected("stpMode must be one of NONE, CANCEL_RESTING, CANCEL_AGGRESSING, CANCEL_BOTH, " +
            "DECREMENT_AND_CANCEL: NULL_VAL", () -> AccountLimits.builder(1).stpMode(StpMode.NULL_VAL));
        assertRejected("stpGroup must be >= 0: -1", () -> AccountLimits.builder(1).stpGroup(-1));
        assertRejected("referencePrice must be in (0, 1000000000000000]: 0",
            () -> InstrumentControls.builder().referencePrice(0));
        assertRejected("priceBandBps must be in [0, 1000000]: 1000001",
            () -> InstrumentControls.builder().priceBandBps(1_000_001));
        assertRejected("maxOrderNotional must be >= 0 (use an empty value for no limit): -3",
            () -> InstrumentControls.builder().maxOrderNotional(-3));

        assertRejected("instrumentId must be positive: 0", () -> protocol.setTradingStatus(0, TradingStatus.OPEN, 0));
        assertRejected("status must be one of PRE_OPEN, OPEN, HALTED, CLOSED: UNKNOWN",
            () -> protocol.setTradingStatus(1, TradingStatus.UNKNOWN, 0));
        assertRejected("status must be one of PRE_OPEN, OPEN, HALTED, CLOSED: null",
            () -> protocol.defineInstrument(1, 1, 1, "X", null, InstrumentControls.none(), 0));
        assertRejected("account must be positive: -4", () -> protocol.killSwitch(-4, true, 0));
        assertRejected("account must be positive: 0", () -> protocol.queryAccount(0, 0, 0));
        assertRejected("instrumentId must be positive: -1", () -> protocol.queryInstrument(-1, 0));
        assertTrue(ingress.sent.isEmpty(), "nothing sent");
    }

    @Test
    void shouldRoundTripLimitsThroughTheBuilder()
    {
        final AccountLimits limits = AccountLimits.builder(5).maxOpenOrders(3).creditLimit(10)
            .stpMode(StpMode.CANCEL_BOTH).build();
        assertEquals(limits, limits.toBuilder().build());
        assertEquals(OptionalLong.empty(), limits.toBuilder().creditLimit(OptionalLong.empty()).build()
            .creditLimit());
        assertEquals("AccountLimits{account=5, maxOpenOrders=3, maxLongPosition=none, maxShortPosition=none, " +
            "creditLimit=10, throttleRejectPerSecond=none, throttleDisconnectPerSecond=none, " +
            "cancelOnDisconnect=false, stpMode=CANCEL_BOTH, stpGroup=0}", limits.toString());

        final InstrumentControls controls = InstrumentControls.builder().referencePrice(10).priceBandBps(5).build();
        assertEquals(controls, controls.toBuilder().build());
        assertEquals(InstrumentControls.none(), InstrumentControls.builder().build());
        assertEquals(TradingStatus.HALTED, TradingStatus.fromCode(3));
        assertEquals(TradingStatus.UNKNOWN, TradingStatus.fromCode(42));
    }

    private QueryLimitsDecoder query()
    {
        return new QueryLimitsDecoder().wrap(ingress.last(), MessageHeaderDecoder.ENCODED_LENGTH,
            QueryLimitsDecoder.BLOCK_LENGTH, QueryLimitsDecoder.SCHEMA_VERSION);
    }

    private void ack(final long requestId, final int templateId, final RejectReason reason)
    {
        final AdminAckEncoder encoder = new AdminAckEncoder()
            .wrapAndApplyHeader(egress, EGRESS_OFFSET, new MessageHeaderEncoder())
            .requestId(requestId)
            .refTemplateId(templateId)
            .rejectReason(reason.value())
            .transactTimeNs(1);
        protocol.onMessage(egress, EGRESS_OFFSET, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private static void assertRejected(final String message, final Executable executable)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }
}
