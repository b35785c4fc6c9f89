package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.StpMode;

/**
 * Receives one account's self-trade prevention settings.
 */
@FunctionalInterface
public interface AccountVisitor
{
    /**
     * One account.
     *
     * @param account  account.
     * @param mode     STP mode.
     * @param stpGroup STP group, 0 for none.
     */
    void visit(long account, StpMode mode, long stpGroup);
}
