package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineConstants;
import dev.bourse.schemas.marketdata.TradingStatus;

/**
 * One instrument's controls, status and band reference.
 */
final class InstrumentRisk
{
    final int instrumentId;
    final long tickSize;
    final long lotSize;
    TradingStatus status = TradingStatus.OPEN;
    long referencePrice = EngineConstants.NULL_PRICE;
    int bandBps;
    long maxOrderQuantity = RiskControls.NO_LIMIT;
    long maxOrderNotional = RiskControls.NO_LIMIT;
    long lastTradePrice = EngineConstants.NULL_PRICE;
    private boolean bandDirty = true;
    private long bandLow = EngineConstants.NULL_PRICE;
    private long bandHigh = EngineConstants.NULL_PRICE;

    InstrumentRisk(final int instrumentId, final long tickSize, final long lotSize)
    {
        this.instrumentId = instrumentId;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
    }

    void controls(
        final long referencePrice, final int bandBps, final long maxOrderQuantity, final long maxOrderNotional)
    {
        this.referencePrice = referencePrice;
        this.bandBps = bandBps;
        this.maxOrderQuantity = maxOrderQuantity;
        this.maxOrderNotional = maxOrderNotional;
        bandDirty = true;
    }

    void onTrade(final long price)
    {
        if (price != lastTradePrice)
        {
            lastTradePrice = price;
            bandDirty = true;
        }
    }

    void restoreLastTradePrice(final long price)
    {
        lastTradePrice = price;
        bandDirty = true;
    }

    /**
     * The band reference: the last trade price, or the set reference price before the first trade.
     */
    long bandReference()
    {
        return EngineConstants.NULL_PRICE != lastTradePrice ? lastTradePrice : referencePrice;
    }

    boolean hasBand()
    {
        refreshBand();
        return EngineConstants.NULL_PRICE != bandLow;
    }

    long bandLow()
    {
        refreshBand();
        return bandLow;
    }

    long bandHigh()
    {
        refreshBand();
        return bandHigh;
    }

    private void refreshBand()
    {
        if (bandDirty)
        {
            final long reference = bandReference();
            if (0 == bandBps || EngineConstants.NULL_PRICE == reference)
            {
                bandLow = EngineConstants.NULL_PRICE;
                bandHigh = EngineConstants.NULL_PRICE;
            }
            else
            {
                bandLow = RiskMath.bandLow(reference, bandBps, tickSize);
                bandHigh = RiskMath.bandHigh(reference, bandBps, tickSize);
            }
            bandDirty = false;
        }
    }
}
