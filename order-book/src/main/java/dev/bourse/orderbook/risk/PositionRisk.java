package dev.bourse.orderbook.risk;

/**
 * One account's usage on one instrument.
 */
final class PositionRisk
{
    final AccountRisk account;
    final int instrumentId;
    long position;
    long openBuy;
    long openSell;
    long netNotional;

    PositionRisk(final AccountRisk account, final int instrumentId)
    {
        this.account = account;
        this.instrumentId = instrumentId;
    }
}
