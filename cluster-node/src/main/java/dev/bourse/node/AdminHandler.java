package dev.bourse.node;

import dev.bourse.orderbook.risk.AccountRiskVisitor;
import dev.bourse.orderbook.risk.InstrumentControlsVisitor;
import dev.bourse.orderbook.risk.RiskControls;
import dev.bourse.schemas.admin.AdminAckEncoder;
import dev.bourse.schemas.admin.BooleanType;
import dev.bourse.schemas.admin.DefineInstrumentDecoder;
import dev.bourse.schemas.admin.InstrumentReportEncoder;
import dev.bourse.schemas.admin.KillSwitchDecoder;
import dev.bourse.schemas.admin.LimitsReportEncoder;
import dev.bourse.schemas.admin.MessageHeaderEncoder;
import dev.bourse.schemas.admin.QueryLimitsDecoder;
import dev.bourse.schemas.admin.SetAccountLimitsDecoder;
import dev.bourse.schemas.admin.SetTradingStatusDecoder;
import dev.bourse.schemas.admin.UpdateInstrumentDecoder;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.marketdata.TradingStatusReason;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.StpMode;
import io.aeron.cluster.service.ClientSession;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The commands of the admin schema (id 4), one method per message. The service has checked the schema, version,
 * template and block length; each method then
 * <ol>
 *     <li>decodes every field, enums through their raw getters;</li>
 *     <li>authenticates the session token: a wrong token is dropped and counted as forged, never answered (an
 *     answer would reach the session that was impersonated);</li>
 *     <li>authorizes: a principal without the ADMIN role is answered {@code NOT_AUTHORIZED};</li>
 *     <li>validates: an unknown enum code or a field out of its range gets its reject code (below) and changes
 *     nothing;</li>
 *     <li>applies the command to the risk controls, and to market data when others must see it (instrument
 *     definitions and trading status on the incremental stream);</li>
 *     <li>answers exactly once: AdminAck, or LimitsReport / InstrumentReport for a query.</li>
 * </ol>
 * Reject codes: {@code NOT_AUTHORIZED} (50) for a non-admin; {@code UNKNOWN_INSTRUMENT} (1) for an instrument that
 * is not defined; {@code INVALID_INSTRUMENT_DEFINITION} (18) for a bad instrument field, trading status code or
 * symbol; {@code INVALID_STP_MODE} (19) for an unknown STP mode code or a negative STP group;
 * {@code MALFORMED_MESSAGE} (43) for an account that is not positive, a negative limit that is not the null value,
 * a throttle above {@link RiskControls#MAX_THROTTLE_PER_SECOND}, or an unknown boolean, kill-switch action or query
 * type code. Accounts are not registered in the replicated state (the accounts file is the authenticator's, not the
 * log's), so any positive account can be given limits before it first trades, and a query of an account never
 * seen answers its defaults: no limits, no usage.
 * <p>
 * Everything here runs on the service thread from the log and allocates nothing per command.
 */
final class AdminHandler implements AccountRiskVisitor, InstrumentControlsVisitor
{
    private static final int MAX_POSITIONS = 65_535;
    private static final int SYMBOL_LENGTH = DefineInstrumentDecoder.symbolLength();

    private final DefineInstrumentDecoder defineDecoder = new DefineInstrumentDecoder();
    private final UpdateInstrumentDecoder updateDecoder = new UpdateInstrumentDecoder();
    private final SetTradingStatusDecoder statusDecoder = new SetTradingStatusDecoder();
    private final SetAccountLimitsDecoder limitsDecoder = new SetAccountLimitsDecoder();
    private final KillSwitchDecoder killSwitchDecoder = new KillSwitchDecoder();
    private final QueryLimitsDecoder queryDecoder = new QueryLimitsDecoder();
    private final MutableDirectBuffer buffer = new ExpandableDirectByteBuffer(512);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AdminAckEncoder ackEncoder = new AdminAckEncoder();
    private final LimitsReportEncoder limitsReportEncoder = new LimitsReportEncoder();
    private final InstrumentReportEncoder instrumentReportEncoder = new InstrumentReportEncoder();
    private final byte[] symbol = new byte[SYMBOL_LENGTH];

    private final RiskControls risk;
    private final MarketDataPublisher marketData;
    private final ReportPublisher publisher;
    private final Sessions sessions;
    private final ServiceCounters counters;

    private long reportRequestId;
    private long reportTimeNs;
    private int positionsLeft;
    private LimitsReportEncoder.PositionsEncoder positions;

    AdminHandler(
        final RiskControls risk,
        final MarketDataPublisher marketData,
        final ReportPublisher publisher,
        final Sessions sessions,
        final ServiceCounters counters)
    {
        this.risk = risk;
        this.marketData = marketData;
        this.publisher = publisher;
        this.sessions = sessions;
        this.counters = counters;
    }

    // ------------------------------------------------------------------------------------------------ commands

    void onDefineInstrument(
        final ClientSession clientSession,
        final long nowNs,
        final DirectBuffer message,
        final int offset,
        final int blockLength,
        final int version)
    {
        final DefineInstrumentDecoder decoder = defineDecoder.wrap(message, offset, blockLength, version);
        final long token = decoder.sessionToken();
        final long requestId = decoder.requestId();
        final int instrumentId = decoder.instrumentId();
        final long tickSize = decoder.tickSize();
        final long lotSize = decoder.lotSize();
        final long referencePrice = decoder.referencePrice();
        final int priceBandBps = decoder.priceBandBps();
        final long maxOrderQuantity = decoder.maxOrderQuantity();
        final long maxOrderNotional = decoder.maxOrderNotional();
        final TradingStatus status = Codes.tradingStatus(decoder.tradingStatusRaw());
        decoder.getSymbol(symbol, 0);

        final Sessions.Session session = authenticate(clientSession, token);
        if (null == session)
        {
            return;
        }
        RejectReason reason = authorize(session);
        if (RejectReason.NONE == reason)
        {
            reason = isValidSymbol(symbol) ? RejectReason.NONE : RejectReason.INVALID_INSTRUMENT_DEFINITION;
        }
        if (RejectReason.NONE == reason)
        {
            reason = risk.defineInstrument(instrumentId, tickSize, lotSize, referencePrice, priceBandBps,
                maxOrderQuantity, maxOrderNotional, status);
        }
        if (RejectReason.NONE == reason)
        {
            marketData.onInstrumentDefined(instrumentId, tickSize, lotSize, symbol, referencePrice, priceBandBps);
            marketData.onTradingStatus(instrumentId, status, TradingStatusReason.INSTRUMENT_DEFINED);
        }
        sendAck(session, requestId, DefineInstrumentDecoder.TEMPLATE_ID, reason, nowNs);
    }

    void onUpdateInstrument(
        final ClientSession clientSession,
        final long nowNs,
        final DirectBuffer message,
        final int offset,
        final int blockLength,
        final int version)
    {
        final UpdateInstrumentDecoder decoder = updateDecoder.wrap(message, offset, blockLength, version);
        final long token = decoder.sessionToken();
        final long requestId = decoder.requestId();
        final int instrumentId = decoder.instrumentId();
        final long referencePrice = decoder.referencePrice();
        final int priceBandBps = decoder.priceBandBps();
        final long maxOrderQuantity = decoder.maxOrderQuantity();
        final long maxOrderNotional = decoder.maxOrderNotional();

        final Sessions.Session session = authenticate(clientSession, token);
        if (null == session)
        {
            return;
        }
        RejectReason reason = authorize(session);
        if (RejectReason.NONE == reason)
        {
            reason = risk.updateInstrument(
                instrumentId, referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional);
        }
        if (RejectReason.NONE == reason)
        {
            marketData.onInstrumentUpdated(instrumentId, referencePrice, priceBandBps);
        }
        sendAck(session, requestId, UpdateInstrumentDecoder.TEMPLATE_ID, reason, nowNs);
    }

    void onSetTradingStatus(
        final ClientSession clientSession,
        final long nowNs,
        final DirectBuffer message,
        final int offset,
        final int blockLength,
        final int version)
    {
        final SetTradingStatusDecoder decoder = statusDecoder.wrap(message, offset, blockLength, version);
        final long token = decoder.sessionToken();
        final long requestId = decoder.requestId();
        final int instrumentId = decoder.instrumentId();
        final TradingStatus status = Codes.tradingStatus(decoder.tradingStatusRaw());

        final Sessions.Session session = authenticate(clientSession, token);
        if (null == session)
        {
            return;
        }
        RejectReason reason = authorize(session);
        if (RejectReason.NONE == reason)
        {
            reason = risk.setTradingStatus(instrumentId, status);
        }
        if (RejectReason.NONE == reason)
        {
            marketData.onTradingStatus(instrumentId, status, TradingStatusReason.ADMIN);
        }
        sendAck(session, requestId, SetTradingStatusDecoder.TEMPLATE_ID, reason, nowNs);
    }

    void onSetAccountLimits(
        final ClientSession clientSession,
        final long nowNs,
        final DirectBuffer message,
        final int offset,
        final int blockLength,
        final int version)
    {
        final SetAccountLimitsDecoder decoder = limitsDecoder.wrap(message, offset, blockLength, version);
        final long token = decoder.sessionToken();
        final long requestId = decoder.requestId();
        final long account = decoder.account();
        final int maxOpenOrders = decoder.maxOpenOrders();
        final long maxLongPosition = decoder.maxLongPosition();
        final long maxShortPosition = decoder.maxShortPosition();
        final long creditLimit = decoder.creditLimit();
        final int throttleReject = decoder.throttleRejectPerSecond();
        final int throttleDisconnect = decoder.throttleDisconnectPerSecond();
        final short cancelOnDisconnect = decoder.cancelOnDisconnectRaw();
        final StpMode stpMode = Codes.stpMode(decoder.stpModeRaw());
        final long stpGroup = decoder.stpGroup();

        final Sessions.Session session = authenticate(clientSession, token);
        if (null == session)
        {
            return;
        }
        RejectReason reason = authorize(session);
        if (RejectReason.NONE == reason && (account <= 0 || cancelOnDisconnect > 1))
        {
            reason = RejectReason.MALFORMED_MESSAGE;
        }
        if (RejectReason.NONE == reason)
        {
            reason = risk.setAccountLimits(account, maxOpenOrders, maxLongPosition, maxShortPosition, creditLimit,
                throttleReject, throttleDisconnect, 1 == cancelOnDisconnect, stpMode, stpGroup);
        }
        sendAck(session, requestId, SetAccountLimitsDecoder.TEMPLATE_ID, reason, nowNs);
    }

    /**
     * Engage or release a kill switch. Engaging cancels every open order of the account within this one command:
     * each cancel is reported to the account's sessions (CANCELED, reason KILL_SWITCH) before the AdminAck.
     */
    void onKillSwitch(
        final ClientSession clientSession,
        final long nowNs,
        final DirectBuffer message,
        final int offset,
        final int blockLength,
        final int version)
    {
        final KillSwitchDecoder decoder = killSwitchDecoder.wrap(message, offset, blockLength, version);
        final long token = decoder.sessionToken();
        final long requestId = decoder.requestId();
        final long account = decoder.account();
        final short action = decoder.actionRaw();

        final Sessions.Session session = authenticate(clientSession, token);
        if (null == session)
        {
            return;
        }
        RejectReason reason = authorize(session);
        if (RejectReason.NONE == reason && (account <= 0 || (1 != action && 2 != action)))
        {
            reason = RejectReason.MALFORMED_MESSAGE;
        }
        if (RejectReason.NONE == reason)
        {
            reason = risk.killSwitch(nowNs, account, 1 == action);
        }
        sendAck(session, requestId, KillSwitchDecoder.TEMPLATE_ID, reason, nowNs);
    }

    void onQueryLimits(
        final ClientSession clientSession,
        final long nowNs,
        final DirectBuffer message,
        final int offset,
        final int blockLength,
        final int version)
    {
        final QueryLimitsDecoder decoder = queryDecoder.wrap(message, offset, blockLength, version);
        final long token = decoder.sessionToken();
        final long requestId = decoder.requestId();
        final short queryType = decoder.queryTypeRaw();
        final long account = decoder.account();
        final int instrumentId = decoder.instrumentId();

        final Sessions.Session session = authenticate(clientSession, token);
        if (null == session)
        {
            return;
        }
        RejectReason reason = authorize(session);
        if (RejectReason.NONE == reason)
        {
            switch (queryType)
            {
                case 1:
                    reason = queryAccount(session, requestId, account, instrumentId, nowNs);
                    break;
                case 2:
                    reason = queryInstrument(session, requestId, instrumentId, nowNs);
                    break;
                default:
                    reason = RejectReason.MALFORMED_MESSAGE;
                    break;
            }
        }
        if (RejectReason.NONE != reason)
        {
            sendAck(session, requestId, QueryLimitsDecoder.TEMPLATE_ID, reason, nowNs);
        }
    }

    private RejectReason queryAccount(
        final Sessions.Session session,
        final long requestId,
        final long account,
        final int instrumentId,
        final long nowNs)
    {
        if (account <= 0)
        {
            return RejectReason.MALFORMED_MESSAGE;
        }
        if (0 != instrumentId && TradingStatus.NULL_VAL == risk.tradingStatus(instrumentId))
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        reportRequestId = requestId;
        reportTimeNs = nowNs;
        positions = null;
        risk.queryAccount(account, instrumentId, this);
        if (null != positions)
        {
            publisher.send(session.clientSession, buffer,
                MessageHeaderEncoder.ENCODED_LENGTH + limitsReportEncoder.encodedLength());
        }
        positions = null;
        return RejectReason.NONE;
    }

    private RejectReason queryInstrument(
        final Sessions.Session session, final long requestId, final int instrumentId, final long nowNs)
    {
        reportRequestId = requestId;
        reportTimeNs = nowNs;
        if (!risk.queryInstrument(instrumentId, this))
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        publisher.send(session.clientSession, buffer,
            MessageHeaderEncoder.ENCODED_LENGTH + instrumentReportEncoder.encodedLength());
        return RejectReason.NONE;
    }

    // ------------------------------------------------------------------------------------------------ reports

    /**
     * {@inheritDoc}
     */
    public void onAccount(
        final long account,
        final int maxOpenOrders,
        final long maxLongPosition,
        final long maxShortPosition,
        final long creditLimit,
        final int throttleRejectPerSecond,
        final int throttleDisconnectPerSecond,
        final boolean cancelOnDisconnect,
        final StpMode stpMode,
        final long stpGroup,
        final boolean killSwitchEngaged,
        final int openOrders,
        final long creditUsed,
        final int positionCount)
    {
        positionsLeft = Math.min(positionCount, MAX_POSITIONS);
        positions = limitsReportEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .requestId(reportRequestId)
            .account(account)
            .maxOpenOrders(maxOpenOrders)
            .maxLongPosition(maxLongPosition)
            .maxShortPosition(maxShortPosition)
            .creditLimit(creditLimit)
            .throttleRejectPerSecond(throttleRejectPerSecond)
            .throttleDisconnectPerSecond(throttleDisconnectPerSecond)
            .cancelOnDisconnect(cancelOnDisconnect ? BooleanType.TRUE : BooleanType.FALSE)
            .stpMode(adminStpMode(stpMode))
            .stpGroup(stpGroup)
            .killSwitchEngaged(killSwitchEngaged ? BooleanType.TRUE : BooleanType.FALSE)
            .openOrders(openOrders)
            .creditUsed(creditUsed)
            .transactTimeNs(reportTimeNs)
            .positionsCount(positionsLeft);
    }

    /**
     * {@inheritDoc}
     */
    public void onPosition(
        final long account,
        final int instrumentId,
        final long position,
        final long openBuyQuantity,
        final long openSellQuantity,
        final long netNotional)
    {
        if (null != positions && positionsLeft > 0)
        {
            positionsLeft--;
            positions.next()
                .instrumentId(instrumentId)
                .position(position)
                .openBuyQuantity(openBuyQuantity)
                .openSellQuantity(openSellQuantity);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void visit(
        final int instrumentId,
        final long tickSize,
        final long lotSize,
        final TradingStatus tradingStatus,
        final long referencePrice,
        final int priceBandBps,
        final long maxOrderQuantity,
        final long maxOrderNotional,
        final long lastTradePrice,
        final long bandLow,
        final long bandHigh)
    {
        final InstrumentReportEncoder encoder = instrumentReportEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .requestId(reportRequestId)
            .instrumentId(instrumentId)
            .tickSize(tickSize)
            .lotSize(lotSize)
            .referencePrice(referencePrice)
            .priceBandBps(priceBandBps)
            .maxOrderQuantity(maxOrderQuantity)
            .maxOrderNotional(maxOrderNotional)
            .tradingStatus(adminTradingStatus(tradingStatus));
        final byte[] instrumentSymbol = marketData.symbolOf(instrumentId);
        if (null == instrumentSymbol)
        {
            for (int i = 0; i < SYMBOL_LENGTH; i++)
            {
                encoder.symbol(i, (byte)0);
            }
        }
        else
        {
            encoder.putSymbol(instrumentSymbol, 0);
        }
        encoder.transactTimeNs(reportTimeNs);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Sessions.Session authenticate(final ClientSession clientSession, final long token)
    {
        final Sessions.Session session = sessions.authenticate(clientSession.id(), token);
        if (null == session)
        {
            counters.forged++;
        }
        return session;
    }

    private RejectReason authorize(final Sessions.Session session)
    {
        if (Role.ADMIN != session.role)
        {
            counters.unauthorized++;
            return RejectReason.NOT_AUTHORIZED;
        }
        return RejectReason.NONE;
    }

    private void sendAck(
        final Sessions.Session session,
        final long requestId,
        final int refTemplateId,
        final RejectReason reason,
        final long nowNs)
    {
        if (RejectReason.NONE != reason)
        {
            counters.adminRejects++;
        }
        ackEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .requestId(requestId)
            .refTemplateId(refTemplateId)
            .rejectReason(reason.value())
            .transactTimeNs(nowNs);
        publisher.send(session.clientSession, buffer, MessageHeaderEncoder.ENCODED_LENGTH + ackEncoder.encodedLength());
    }

    /**
     * A symbol is 1 to 16 printable US-ASCII characters without spaces, padded with NUL bytes.
     */
    static boolean isValidSymbol(final byte[] symbol)
    {
        if (0 == symbol[0])
        {
            return false;
        }
        boolean padding = false;
        for (final byte b : symbol)
        {
            if (0 == b)
            {
                padding = true;
            }
            else if (padding || b < 0x21 || b > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    private static dev.bourse.schemas.admin.StpMode adminStpMode(final StpMode mode)
    {
        switch (mode)
        {
            case NONE:
                return dev.bourse.schemas.admin.StpMode.NONE;
            case CANCEL_RESTING:
                return dev.bourse.schemas.admin.StpMode.CANCEL_RESTING;
            case CANCEL_AGGRESSING:
                return dev.bourse.schemas.admin.StpMode.CANCEL_AGGRESSING;
            case CANCEL_BOTH:
                return dev.bourse.schemas.admin.StpMode.CANCEL_BOTH;
            case DECREMENT_AND_CANCEL:
                return dev.bourse.schemas.admin.StpMode.DECREMENT_AND_CANCEL;
            default:
                return dev.bourse.schemas.admin.StpMode.NULL_VAL;
        }
    }

    private static dev.bourse.schemas.admin.TradingStatus adminTradingStatus(final TradingStatus status)
    {
        switch (status)
        {
            case PRE_OPEN:
                return dev.bourse.schemas.admin.TradingStatus.PRE_OPEN;
            case OPEN:
                return dev.bourse.schemas.admin.TradingStatus.OPEN;
            case HALTED:
                return dev.bourse.schemas.admin.TradingStatus.HALTED;
            case CLOSED:
                return dev.bourse.schemas.admin.TradingStatus.CLOSED;
            default:
                return dev.bourse.schemas.admin.TradingStatus.NULL_VAL;
        }
    }
}
