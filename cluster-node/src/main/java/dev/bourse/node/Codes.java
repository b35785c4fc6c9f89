package dev.bourse.node;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
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
}
