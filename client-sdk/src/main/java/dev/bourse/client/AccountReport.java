package dev.bourse.client;

import java.util.List;
import java.util.Optional;

/**
 * An account's limits and current usage, the answer to {@link AdminClient#queryAccount(long)}. An account the
 * exchange has never seen reports its defaults: no limits, no usage, no positions.
 *
 * @param limits            the account's limits and settings.
 * @param killSwitchEngaged whether the kill switch is engaged (new orders refused KILL_SWITCH_ACTIVE).
 * @param openOrders        the account's live orders.
 * @param creditUsed        credit used, as the credit check computes it: notional of open orders plus the absolute
 *                          net notional of fills.
 * @param positions         usage per instrument, in instrument id order: every instrument where the account has
 *                          had an order or a fill (only the one asked for, if any).
 * @param transactTimeNs    cluster time of the report, nanoseconds since the epoch.
 */
public record AccountReport(
    AccountLimits limits,
    boolean killSwitchEngaged,
    int openOrders,
    long creditUsed,
    List<Position> positions,
    long transactTimeNs)
{
    /**
     * An immutable copy of the positions.
     *
     * @param limits            the account's limits and settings.
     * @param killSwitchEngaged whether the kill switch is engaged.
     * @param openOrders        the account's live orders.
     * @param creditUsed        credit used.
     * @param positions         usage per instrument.
     * @param transactTimeNs    cluster time of the report.
     */
    public AccountReport
    {
        positions = List.copyOf(positions);
    }

    /**
     * The account.
     *
     * @return the account number.
     */
    public long account()
    {
        return limits.account();
    }

    /**
     * The usage on one instrument.
     *
     * @param instrumentId the instrument.
     * @return the position, empty if the account has none there.
     */
    public Optional<Position> position(final int instrumentId)
    {
        for (final Position position : positions)
        {
            if (position.instrumentId() == instrumentId)
            {
                return Optional.of(position);
            }
        }
        return Optional.empty();
    }

    /**
     * An account's usage on one instrument.
     *
     * @param instrumentId     the instrument.
     * @param position         net filled quantity: positive long, negative short.
     * @param openBuyQuantity  leaves quantity of the account's live buy orders.
     * @param openSellQuantity leaves quantity of the account's live sell orders.
     */
    public record Position(int instrumentId, long position, long openBuyQuantity, long openSellQuantity)
    {
    }
}
