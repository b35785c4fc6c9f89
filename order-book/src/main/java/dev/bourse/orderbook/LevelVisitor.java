package dev.bourse.orderbook;

/**
 * Receives one price level of a book side.
 */
@FunctionalInterface
public interface LevelVisitor
{
    /**
     * One price level.
     *
     * @param price          the level's price.
     * @param totalQuantity  sum of the open quantity of its orders.
     * @param orderCount     number of orders.
     */
    void visit(long price, long totalQuantity, int orderCount);
}
