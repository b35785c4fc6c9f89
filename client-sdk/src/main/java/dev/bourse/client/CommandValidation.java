package dev.bourse.client;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Fail-fast checks of command arguments, shared by {@link ExchangeClient} and {@link AsyncExchangeClient}. They
 * catch what is wrong whatever the instrument (a missing side, a non-positive quantity, a price on a market order,
 * an expire time on an order that is not GTD); what depends on the instrument or the book (tick and lot sizes,
 * price bands, limits) is the cluster's to decide and comes back as a reject. Every failure is an
 * {@link IllegalArgumentException} whose message names the argument and its value.
 */
final class CommandValidation
{
    private CommandValidation()
    {
    }

    static void clientOrderId(final long clientOrderId)
    {
        if (clientOrderId < 0)
        {
            throw new IllegalArgumentException(
                "clientOrderId must be positive, or 0 to generate one: " + clientOrderId);
        }
    }

    static void newOrder(
        final int instrumentId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean postOnly,
        final long price,
        final long quantity,
        final long expireTimeNs)
    {
        if (instrumentId <= 0)
        {
            throw new IllegalArgumentException("instrumentId must be positive: " + instrumentId);
        }
        side(side);
        if (null == orderType || OrderType.NULL_VAL == orderType)
        {
            throw new IllegalArgumentException("orderType must be LIMIT or MARKET: " + orderType);
        }
        if (null == timeInForce || TimeInForce.NULL_VAL == timeInForce)
        {
            throw new IllegalArgumentException("timeInForce must be GTC, IOC, FOK, DAY or GTD: " + timeInForce);
        }
        quantity(quantity);

        if (OrderType.LIMIT == orderType)
        {
            if (price <= 0)
            {
                throw new IllegalArgumentException("a limit order needs a positive price: " + price);
            }
        }
        else
        {
            if (0 != price)
            {
                throw new IllegalArgumentException("a market order carries no price (0): " + price);
            }
            if (TimeInForce.IOC != timeInForce && TimeInForce.FOK != timeInForce)
            {
                throw new IllegalArgumentException("a market order must be IOC or FOK: " + timeInForce);
            }
        }

        if (postOnly &&
            (OrderType.MARKET == orderType || TimeInForce.IOC == timeInForce || TimeInForce.FOK == timeInForce))
        {
            throw new IllegalArgumentException(
                "post-only is not allowed on a market, IOC or FOK order: " + orderType + " " + timeInForce);
        }

        if (TimeInForce.GTD == timeInForce)
        {
            if (expireTimeNs <= 0)
            {
                throw new IllegalArgumentException("a GTD order needs a positive expireTimeNs: " + expireTimeNs);
            }
        }
        else if (0 != expireTimeNs)
        {
            throw new IllegalArgumentException(
                "expireTimeNs is only for GTD orders (timeInForce " + timeInForce + "): " + expireTimeNs);
        }
    }

    static void orderReference(final long orderId, final long origClientOrderId)
    {
        if (orderId < 0)
        {
            throw new IllegalArgumentException("orderId must not be negative: " + orderId);
        }
        if (origClientOrderId < 0)
        {
            throw new IllegalArgumentException("origClientOrderId must not be negative: " + origClientOrderId);
        }
        if (0 == orderId && 0 == origClientOrderId)
        {
            throw new IllegalArgumentException("name the order by orderId or origClientOrderId: both are 0");
        }
    }

    static void replace(final long orderId, final long origClientOrderId, final long price, final long quantity)
    {
        orderReference(orderId, origClientOrderId);
        if (price <= 0)
        {
            throw new IllegalArgumentException("a replace needs a positive price: " + price);
        }
        if (quantity <= 0)
        {
            throw new IllegalArgumentException("a replace needs a positive total quantity: " + quantity);
        }
    }

    static void massCancel(final int instrumentId)
    {
        if (instrumentId < 0)
        {
            throw new IllegalArgumentException("instrumentId must be positive, or 0 for all: " + instrumentId);
        }
    }

    static void side(final Side side)
    {
        if (null == side || Side.NULL_VAL == side)
        {
            throw new IllegalArgumentException("side must be BUY or SELL: " + side);
        }
    }

    static void quantity(final long quantity)
    {
        if (quantity <= 0)
        {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }
}
