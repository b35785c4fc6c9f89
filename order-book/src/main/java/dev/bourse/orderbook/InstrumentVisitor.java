package dev.bourse.orderbook;

/**
 * Receives one instrument definition.
 */
@FunctionalInterface
public interface InstrumentVisitor
{
    /**
     * One instrument.
     *
     * @param instrumentId id.
     * @param tickSize     price increment.
     * @param lotSize      quantity increment.
     */
    void visit(int instrumentId, long tickSize, long lotSize);
}
