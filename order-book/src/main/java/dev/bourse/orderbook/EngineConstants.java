package dev.bourse.orderbook;

/**
 * Limits and sentinels shared by every engine implementation.
 */
public final class EngineConstants
{
    /**
     * Price of an empty book side (the SBE int64 null value).
     */
    public static final long NULL_PRICE = Long.MIN_VALUE;

    /**
     * Instrument filter of a mass cancel that covers every instrument.
     */
    public static final int ANY_INSTRUMENT = 0;

    /**
     * Largest order quantity: keeps sums of quantities at a level far from overflow.
     */
    public static final long MAX_QUANTITY = 1_000_000_000_000L;

    /**
     * Largest price: keeps price arithmetic far from overflow.
     */
    public static final long MAX_PRICE = 1_000_000_000_000_000L;

    /**
     * Nanoseconds in a day.
     */
    public static final long DAY_NS = 86_400_000_000_000L;

    private EngineConstants()
    {
    }

    /**
     * The end of the trading day that contains {@code nowNs}: the first instant after {@code nowNs} that is
     * {@code dayEndOffsetNs} after a UTC midnight.
     *
     * @param nowNs          cluster time in nanoseconds since the epoch.
     * @param dayEndOffsetNs time of day of the close, in nanoseconds after UTC midnight, in {@code [0, DAY_NS)}.
     * @return the expire time of a DAY order entered at {@code nowNs}.
     */
    public static long dayEnd(final long nowNs, final long dayEndOffsetNs)
    {
        return (Math.floorDiv(nowNs - dayEndOffsetNs, DAY_NS) + 1) * DAY_NS + dayEndOffsetNs;
    }
}
