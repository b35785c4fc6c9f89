package dev.bourse.client.marketdata;

/**
 * The book hash shared by the engine, the publisher and the subscriber, to prove that two books hold the same
 * resting orders in the same priority order.
 * <p>
 * Start from {@link #INITIAL}; for each resting order, bids first then asks, each side best price first and in
 * time priority within a price level, fold in the orderId, the side code (1 buy, 2 sell), the price and the
 * quantity, in that order, with {@link #update(long, long)}.
 */
public final class BookHash
{
    /**
     * The hash of an empty book.
     */
    public static final long INITIAL = 0x2545F4914F6CDD1DL;

    private BookHash()
    {
    }

    /**
     * Fold one value into the hash: {@code mix(h ^ (v * 0x9E3779B97F4A7C15L) + 0x632BE59BD9B4E019L)}, evaluated
     * with Java's precedence, that is {@code mix(h ^ ((v * 0x9E3779B97F4A7C15L) + 0x632BE59BD9B4E019L))}.
     *
     * @param hash  the hash so far.
     * @param value the value to fold in.
     * @return the new hash.
     */
    public static long update(final long hash, final long value)
    {
        return mix(hash ^ (value * 0x9E3779B97F4A7C15L) + 0x632BE59BD9B4E019L);
    }

    /**
     * Fold one resting order into the hash.
     *
     * @param hash     the hash so far.
     * @param orderId  the order id.
     * @param sideCode 1 for buy, 2 for sell.
     * @param price    the order's price.
     * @param quantity the order's remaining quantity.
     * @return the new hash.
     */
    public static long update(
        final long hash, final long orderId, final int sideCode, final long price, final long quantity)
    {
        return update(update(update(update(hash, orderId), sideCode), price), quantity);
    }

    /**
     * The finalizer of splitmix64.
     *
     * @param value the value to mix.
     * @return the mixed value.
     */
    public static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
