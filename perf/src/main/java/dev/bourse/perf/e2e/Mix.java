package dev.bourse.perf.e2e;

/**
 * The order flow: percentages of passive orders (GTC limits 1 to {@code passiveDepth} ticks behind the mid),
 * aggressive orders (priced 1 to 3 ticks through the mid, so they trade with the passive orders of other
 * accounts; {@code aggressiveLimitShare} percent of them are GTC limits whose remainder rests, the rest IOC),
 * cancels and replaces of the account's own open orders. An account never has more than {@code maxOpen} orders
 * resting: a passive order that would exceed it becomes a cancel; a cancel or replace without an open order to
 * act on becomes a passive order (or an IOC when no passive order fits). Every instrument has tick 1, lot 1 and a
 * fixed mid price.
 *
 * @param passivePct           percentage of passive orders.
 * @param aggressivePct        percentage of aggressive orders.
 * @param cancelPct            percentage of cancels.
 * @param replacePct           percentage of replaces (half keep priority: quantity down by one; half move price).
 * @param aggressiveLimitShare percentage of aggressive orders that are GTC limits rather than IOC.
 * @param passiveDepth         passive orders are 1 to this many ticks from the mid.
 * @param maxOpen              bound of each account's resting orders.
 * @param maxQuantity          quantities are 1 to this many lots.
 */
public record Mix(
    int passivePct,
    int aggressivePct,
    int cancelPct,
    int replacePct,
    int aggressiveLimitShare,
    int passiveDepth,
    int maxOpen,
    int maxQuantity)
{
    /** Request kind: passive GTC limit. */
    public static final int PASSIVE = 0;
    /** Request kind: aggressive IOC. */
    public static final int AGGRESSIVE_IOC = 1;
    /** Request kind: aggressive GTC limit. */
    public static final int AGGRESSIVE_LIMIT = 2;
    /** Request kind: cancel. */
    public static final int CANCEL = 3;
    /** Request kind: replace. */
    public static final int REPLACE = 4;
    /** Number of request kinds. */
    public static final int KINDS = 5;
    /** Names of the request kinds, by kind. */
    public static final String[] KIND_NAMES = {"passive", "aggressive IOC", "aggressive limit", "cancel", "replace"};
    /** Mid price of every instrument, in ticks. */
    public static final long MID_PRICE = 100_000;

    /**
     * Validates the percentages.
     */
    public Mix
    {
        if (passivePct < 0 || aggressivePct < 0 || cancelPct < 0 || replacePct < 0 ||
            passivePct + aggressivePct + cancelPct + replacePct != 100)
        {
            throw new IllegalArgumentException("the mix percentages must be non-negative and add up to 100: " +
                passivePct + " + " + aggressivePct + " + " + cancelPct + " + " + replacePct);
        }
        if (aggressiveLimitShare < 0 || aggressiveLimitShare > 100 || passiveDepth < 1 || maxOpen < 1 ||
            maxQuantity < 1)
        {
            throw new IllegalArgumentException("invalid mix: " + aggressiveLimitShare + "% limits, depth " +
                passiveDepth + ", max open " + maxOpen + ", max quantity " + maxQuantity);
        }
    }

    /**
     * The default flow: 50% passive, 15% aggressive (a quarter of them limits), 25% cancels, 10% replaces, 10
     * ticks of depth, at most 100 open orders per account, 1 to 10 lots.
     *
     * @return the default mix.
     */
    public static Mix defaults()
    {
        return new Mix(50, 15, 25, 10, 25, 10, 100, 10);
    }

    /**
     * The mix as text for reports.
     *
     * @return e.g. "passive 50%, aggressive 15% (25% limits), cancel 25%, replace 10%; ...".
     */
    public String describe()
    {
        return "passive " + passivePct + "%, aggressive " + aggressivePct + "% (" + aggressiveLimitShare +
            "% of them GTC limits, the rest IOC), cancel " + cancelPct + "%, replace " + replacePct +
            "%; passive 1-" + passiveDepth + " ticks from the mid, at most " + maxOpen +
            " open orders per account, 1-" + maxQuantity + " lots";
    }
}
