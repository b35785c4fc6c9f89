package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineConstants;

/**
 * Integer arithmetic of the risk checks: saturating products and sums, and the price band edges computed exactly
 * without overflow.
 */
final class RiskMath
{
    private static final long BPS = 10_000L;

    private RiskMath()
    {
    }

    /**
     * {@code a * b} for non-negative arguments, or {@link Long#MAX_VALUE} when the product does not fit.
     */
    static long saturatedProduct(final long a, final long b)
    {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if (0 != high || low < 0)
        {
            return Long.MAX_VALUE;
        }
        return low;
    }

    /**
     * {@code a + b}, clamped to {@code [Long.MIN_VALUE, Long.MAX_VALUE]}.
     */
    static long saturatedSum(final long a, final long b)
    {
        final long sum = a + b;
        // Overflow when both operands have the same sign and the sum's sign differs.
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /**
     * The lowest price of the band: {@code ceilToTick(ref * (10000 - bps) / 10000)}, at least one tick.
     *
     * @param referencePrice positive reference price, at most {@link EngineConstants#MAX_PRICE}.
     * @param bandBps        half-width in basis points, in {@code [0, MAX_PRICE_BAND_BPS]}.
     * @param tickSize       positive tick size.
     * @return the low edge.
     */
    static long bandLow(final long referencePrice, final int bandBps, final long tickSize)
    {
        final long factor = BPS - bandBps;
        // ref * factor / 10000 = q * factor + r * factor / 10000, with q = ref / 10000 and r = ref % 10000; every
        // product stays far below 2^63 for ref <= MAX_PRICE (1e15) and |factor| <= 1e6.
        final long partial = (referencePrice / BPS) * factor;
        final long remainder = (referencePrice % BPS) * factor;
        final long whole = partial + Math.floorDiv(remainder, BPS);
        final boolean exact = 0 == Math.floorMod(remainder, BPS);
        // The smallest multiple of the tick that is >= whole + fraction.
        final long low = exact ? -Math.floorDiv(-whole, tickSize) * tickSize : (Math.floorDiv(whole, tickSize) + 1) *
            tickSize;
        return Math.max(low, tickSize);
    }

    /**
     * The highest price of the band: {@code floorToTick(ref * (10000 + bps) / 10000)}.
     *
     * @param referencePrice positive reference price, at most {@link EngineConstants#MAX_PRICE}.
     * @param bandBps        half-width in basis points, in {@code [0, MAX_PRICE_BAND_BPS]}.
     * @param tickSize       positive tick size.
     * @return the high edge.
     */
    static long bandHigh(final long referencePrice, final int bandBps, final long tickSize)
    {
        final long factor = BPS + bandBps;
        final long partial = (referencePrice / BPS) * factor;
        final long remainder = (referencePrice % BPS) * factor;
        final long whole = partial + Math.floorDiv(remainder, BPS);
        return Math.floorDiv(whole, tickSize) * tickSize;
    }
}
