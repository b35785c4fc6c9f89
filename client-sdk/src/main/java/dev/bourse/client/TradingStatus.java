package dev.bourse.client;

/**
 * An instrument's trading status, as an admin sets it ({@link AdminClient#setTradingStatus}) and reports it
 * ({@link InstrumentReport#tradingStatus()}, the market-data feed). Independent of the generated codecs; the
 * {@link #code()} is the wire code of the admin and market-data schemas.
 * <ul>
 *     <li>{@link #PRE_OPEN}: only passive limit orders that do not cross, and cancels; nothing matches.</li>
 *     <li>{@link #OPEN}: everything is allowed.</li>
 *     <li>{@link #HALTED}: cancels and mass cancels only; new orders and replaces are rejected
 *     INSTRUMENT_HALTED.</li>
 *     <li>{@link #CLOSED}: as halted, rejected INSTRUMENT_CLOSED.</li>
 * </ul>
 */
public enum TradingStatus
{
    /**
     * Before the open: passive orders only, no matching.
     */
    PRE_OPEN(1),

    /**
     * Open for trading.
     */
    OPEN(2),

    /**
     * Halted: cancels only.
     */
    HALTED(3),

    /**
     * Closed: cancels only.
     */
    CLOSED(4),

    /**
     * A code this client does not know (from a newer cluster). Never sent.
     */
    UNKNOWN(0);

    private final int code;

    TradingStatus(final int code)
    {
        this.code = code;
    }

    /**
     * The wire code (admin and market-data schemas).
     *
     * @return 1 to 4, or 0 for {@link #UNKNOWN}.
     */
    public int code()
    {
        return code;
    }

    /**
     * The status of a wire code.
     *
     * @param code the code.
     * @return the status, {@link #UNKNOWN} for a code this client does not know.
     */
    public static TradingStatus fromCode(final int code)
    {
        switch (code)
        {
            case 1:
                return PRE_OPEN;
            case 2:
                return OPEN;
            case 3:
                return HALTED;
            case 4:
                return CLOSED;
            default:
                return UNKNOWN;
        }
    }
}
