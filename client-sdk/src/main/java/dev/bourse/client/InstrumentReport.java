package dev.bourse.client;

/**
 * An instrument's definition, controls and trading status, the answer to {@link AdminClient#queryInstrument}.
 *
 * @param instrumentId   the instrument.
 * @param symbol         its symbol.
 * @param tickSize       price increment.
 * @param lotSize        quantity increment.
 * @param tradingStatus  current trading status.
 * @param controls       price band and order limits.
 * @param transactTimeNs cluster time of the report, nanoseconds since the epoch.
 */
public record InstrumentReport(
    int instrumentId,
    String symbol,
    long tickSize,
    long lotSize,
    TradingStatus tradingStatus,
    InstrumentControls controls,
    long transactTimeNs)
{
}
