package dev.bourse.orderbook.risk;

import dev.bourse.schemas.orderentry.StpMode;

/**
 * Receives one account's limits and usage from {@link RiskControls#queryAccount}: {@link #onAccount} once, then
 * {@link #onPosition} per instrument in instrument id order.
 */
public interface AccountRiskVisitor
{
    /**
     * The account's limits, settings and totals.
     *
     * @param account                     the account.
     * @param maxOpenOrders               limit or {@link RiskControls#NO_LIMIT_32}.
     * @param maxLongPosition             limit or {@link RiskControls#NO_LIMIT}.
     * @param maxShortPosition            limit or {@link RiskControls#NO_LIMIT}.
     * @param creditLimit                 limit or {@link RiskControls#NO_LIMIT}.
     * @param throttleRejectPerSecond     limit or {@link RiskControls#NO_LIMIT_32}.
     * @param throttleDisconnectPerSecond limit or {@link RiskControls#NO_LIMIT_32}.
     * @param cancelOnDisconnect          cancel-on-disconnect flag.
     * @param stpMode                     self-trade prevention mode (NONE when never set).
     * @param stpGroup                    STP group, 0 for none.
     * @param killSwitchEngaged           whether the kill switch is engaged.
     * @param openOrders                  live orders of the account.
     * @param creditUsed                  credit usage as the credit check computes it.
     * @param positionCount               how many {@link #onPosition} calls follow.
     */
    void onAccount(
        long account,
        int maxOpenOrders,
        long maxLongPosition,
        long maxShortPosition,
        long creditLimit,
        int throttleRejectPerSecond,
        int throttleDisconnectPerSecond,
        boolean cancelOnDisconnect,
        StpMode stpMode,
        long stpGroup,
        boolean killSwitchEngaged,
        int openOrders,
        long creditUsed,
        int positionCount);

    /**
     * The account's usage on one instrument.
     *
     * @param account          the account.
     * @param instrumentId     instrument.
     * @param position         signed net filled quantity: positive long, negative short.
     * @param openBuyQuantity  leaves quantity of the account's live buy orders.
     * @param openSellQuantity leaves quantity of the account's live sell orders.
     * @param netNotional      signed notional of the fills at their orders' reserve prices (buy +, sell -).
     */
    void onPosition(
        long account, int instrumentId, long position, long openBuyQuantity, long openSellQuantity, long netNotional);
}
