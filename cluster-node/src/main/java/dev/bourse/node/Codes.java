package dev.bourse.node;

import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Maps raw wire codes to enums without throwing: the generated typed getters throw on an unknown code, and the
 * service must never throw on bad input. Unknown codes become {@code NULL_VAL}, which the engine rejects.
 */
final class Codes
{
    private Codes()
    {
    }

    static Side side(final short code)
    {
        switch (code)
        {
            case 1:
                return Side.BUY;
            case 2:
                return Side.SELL;
            default:
                return Side.NULL_VAL;
        }
    }

    static OrderType orderType(final short code)
    {
        switch (code)
        {
            case 1:
                return OrderType.LIMIT;
            case 2:
                return OrderType.MARKET;
            default:
                return OrderType.NULL_VAL;
        }
    }

    static TimeInForce timeInForce(final short code)
    {
        switch (code)
        {
            case 1:
                return TimeInForce.GTC;
            case 2:
                return TimeInForce.IOC;
            case 3:
                return TimeInForce.FOK;
            case 4:
                return TimeInForce.DAY;
            case 5:
                return TimeInForce.GTD;
            default:
                return TimeInForce.NULL_VAL;
        }
    }

    /**
     * A self-trade prevention mode from its code (the same in the order-entry and admin schemas).
     */
    static StpMode stpMode(final short code)
    {
        switch (code)
        {
            case 0:
                return StpMode.NONE;
            case 1:
                return StpMode.CANCEL_RESTING;
            case 2:
                return StpMode.CANCEL_AGGRESSING;
            case 3:
                return StpMode.CANCEL_BOTH;
            case 4:
                return StpMode.DECREMENT_AND_CANCEL;
            default:
                return StpMode.NULL_VAL;
        }
    }

    /**
     * A trading status from its code (the same in the market-data and admin schemas).
     */
    static TradingStatus tradingStatus(final short code)
    {
        switch (code)
        {
            case 1:
                return TradingStatus.PRE_OPEN;
            case 2:
                return TradingStatus.OPEN;
            case 3:
                return TradingStatus.HALTED;
            case 4:
                return TradingStatus.CLOSED;
            default:
                return TradingStatus.NULL_VAL;
        }
    }
}
