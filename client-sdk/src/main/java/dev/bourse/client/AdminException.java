package dev.bourse.client;

import dev.bourse.schemas.orderentry.RejectReason;

/**
 * The cluster refused an admin command: it answered AdminAck with a reject reason, or MessageReject. The state of
 * the cluster is unchanged by the refused command. Carries the reason as its wire code and name, and which command
 * and request it answers.
 * <pre>{@code
 * try
 * {
 *     admin.setTradingStatus(7, TradingStatus.HALTED);
 * }
 * catch (final AdminException ex)
 * {
 *     if (RejectReason.UNKNOWN_INSTRUMENT == ex.rejectReason()) ...
 * }
 * }</pre>
 */
public final class AdminException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String command;
    private final long requestId;
    private final int rejectReasonCode;
    private final boolean isMessageReject;

    /**
     * An exception for a refused command.
     *
     * @param command          what was refused, e.g. "SetTradingStatus 7 HALTED".
     * @param requestId        the request id the answer echoed.
     * @param rejectReasonCode the order-entry RejectReason code of the answer.
     * @param isMessageReject  true when the answer was a MessageReject rather than an AdminAck.
     */
    public AdminException(
        final String command, final long requestId, final int rejectReasonCode, final boolean isMessageReject)
    {
        super(command + " refused: " + reasonName(rejectReasonCode) + " (" + rejectReasonCode + ")" +
            (isMessageReject ? ", the cluster could not process the message" : ""));
        this.command = command;
        this.requestId = requestId;
        this.rejectReasonCode = rejectReasonCode;
        this.isMessageReject = isMessageReject;
    }

    /**
     * The reject reason.
     *
     * @return the reason; {@link RejectReason#NULL_VAL} for a code this client does not know.
     */
    public RejectReason rejectReason()
    {
        return EnumCodes.REJECT_REASON.get(rejectReasonCode);
    }

    /**
     * The reject reason as its wire code (order-entry RejectReason), e.g. 50 for NOT_AUTHORIZED.
     *
     * @return the code.
     */
    public int rejectReasonCode()
    {
        return rejectReasonCode;
    }

    /**
     * The reject reason's name, e.g. "NOT_AUTHORIZED", or "code N" for a code this client does not know.
     *
     * @return the name.
     */
    public String reasonName()
    {
        return reasonName(rejectReasonCode);
    }

    /**
     * The command that was refused, as text.
     *
     * @return the command.
     */
    public String command()
    {
        return command;
    }

    /**
     * The request id of the refused command.
     *
     * @return the request id.
     */
    public long requestId()
    {
        return requestId;
    }

    /**
     * Was the answer a MessageReject (the cluster could not process the message at all, e.g. a cluster too old
     * for this command) rather than an AdminAck?
     *
     * @return true for a MessageReject.
     */
    public boolean isMessageReject()
    {
        return isMessageReject;
    }

    private static String reasonName(final int code)
    {
        final RejectReason reason = EnumCodes.REJECT_REASON.get(code);
        return RejectReason.NULL_VAL == reason ? "code " + code : reason.name();
    }
}
