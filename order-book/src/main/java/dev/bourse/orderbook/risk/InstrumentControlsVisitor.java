package dev.bourse.orderbook.risk;

import dev.bourse.schemas.marketdata.TradingStatus;

/**
 * Receives one instrument's definition, controls and status from {@link RiskControls#queryInstrument}.
 */
@FunctionalInterface
public interface InstrumentControlsVisitor
{
    /**
     * One instrument.
     *
     * @param instrumentId     id.
     * @param tickSize         price increment.
     * @param lotSize          quantity increment.
     * @param tradingStatus    current status.
     * @param referencePrice   reference price set by an admin, or {@code EngineConstants.NULL_PRICE}.
     * @param priceBandBps     band half-width in basis points, 0 for none.
     * @param maxOrderQuantity ceiling on an order's quantity, or {@link RiskControls#NO_LIMIT}.
     * @param maxOrderNotional ceiling on an order's notional, or {@link RiskControls#NO_LIMIT}.
     * @param lastTradePrice   price of the last trade, or {@code EngineConstants.NULL_PRICE} before the first.
     * @param bandLow          lowest price inside the band now, or {@code EngineConstants.NULL_PRICE} without band.
     * @param bandHigh         highest price inside the band now, or {@code EngineConstants.NULL_PRICE} without band.
     */
    void visit(
        int instrumentId,
        long tickSize,
        long lotSize,
        TradingStatus tradingStatus,
        long referencePrice,
        int priceBandBps,
        long maxOrderQuantity,
        long maxOrderNotional,
        long lastTradePrice,
        long bandLow,
        long bandHigh);
}
