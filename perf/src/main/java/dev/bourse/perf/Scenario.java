package dev.bourse.perf;

/**
 * The command streams the engine benchmarks replay. Every stream starts from the same kind of deep book
 * (several instruments, thousands of resting GTC orders over hundreds of price levels per side) and is a cycle:
 * its last commands put the book back exactly as it was at the start of the cycle, so it can be replayed forever
 * and the book stays bounded. {@link WorkloadGenerator} documents the composition of each.
 */
public enum Scenario
{
    /**
     * Passive limit orders placed 5 or more ticks behind the touch; the oldest of them is cancelled once 1,024 are
     * outstanding, so the stream is half places, half cancels.
     */
    PASSIVE_PLACE,

    /**
     * An IOC order sweeping exactly three single-order price levels at the touch, then three passive orders that
     * put the same liquidity back: one aggressive order in four commands, each sweep doing identical work.
     */
    AGGRESSIVE_SWEEP,

    /**
     * Cancel of a uniformly random resting order (any level, any queue position), followed by a passive place on
     * the same book side to keep the depth: half cancels, half places.
     */
    CANCEL,

    /**
     * Cancel/replace that keeps priority (same price, quantity down by one lot) on random resting orders; an
     * order that cannot go lower is cancelled and placed again (well under 1% of commands).
     */
    REPLACE_KEEP_PRIORITY,

    /**
     * Cancel/replace that loses priority: a random resting order moves 1 to 3 ticks, staying passive.
     */
    REPLACE_LOSE_PRIORITY,

    /**
     * The realistic mix over the deep book: about 50% passive places, 35% cancels, 10% aggressive IOC orders
     * (1 to 3 levels deep) and 5% replaces (half keep priority, half lose it), over 4 instruments.
     */
    MIX
}
