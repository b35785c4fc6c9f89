package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RiskMathTest
{
    @ParameterizedTest
    @CsvSource({
        "1000, 100, 1, 990, 1010",
        "1005, 100, 1, 995, 1015",
        "1000, 33, 5, 1000, 1000",
        "1000, 10000, 1, 1, 2000",
        "1000, 20000, 5, 5, 3000",
        "100, 1, 1, 100, 100"})
    void shouldComputeBandEdgesRoundedInward(
        final long reference, final int bps, final long tick, final long low, final long high)
    {
        assertEquals(low, RiskMath.bandLow(reference, bps, tick));
        assertEquals(high, RiskMath.bandHigh(reference, bps, tick));
    }

    @Test
    void shouldMatchExactArithmeticWithoutOverflow()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++)
        {
            final long tick = random.nextBoolean() ? 1 + random.nextLong(1_000) : 1 + random.nextLong(1_000_000_000L);
            final long reference = tick * (1 + random.nextLong(EngineConstants.MAX_PRICE / tick));
            final int bps = random.nextInt(8) == 0 ? RiskControls.MAX_PRICE_BAND_BPS :
                random.nextInt(RiskControls.MAX_PRICE_BAND_BPS + 1);
            final BigInteger ref = BigInteger.valueOf(reference);
            final BigInteger denominator = BigInteger.valueOf(10_000L * tick);
            final BigInteger lowNumerator = ref.multiply(BigInteger.valueOf(10_000L - bps));
            final BigInteger highNumerator = ref.multiply(BigInteger.valueOf(10_000L + bps));
            final long expectedLow = Math.max(tick, ceilDiv(lowNumerator, denominator).longValueExact() * tick);
            final long expectedHigh = floorDiv(highNumerator, denominator).longValueExact() * tick;
            assertEquals(expectedLow, RiskMath.bandLow(reference, bps, tick), "low " + reference + " " + bps);
            assertEquals(expectedHigh, RiskMath.bandHigh(reference, bps, tick), "high " + reference + " " + bps);
        }
    }

    @Test
    void shouldSaturateProductsAndSums()
    {
        assertEquals(6, RiskMath.saturatedProduct(2, 3));
        assertEquals(Long.MAX_VALUE, RiskMath.saturatedProduct(EngineConstants.MAX_PRICE,
            EngineConstants.MAX_QUANTITY));
        assertEquals(Long.MAX_VALUE, RiskMath.saturatedProduct(1L << 32, 1L << 31));
        assertEquals(1L << 62, RiskMath.saturatedProduct(1L << 31, 1L << 31));
        assertEquals(Long.MAX_VALUE, RiskMath.saturatedSum(Long.MAX_VALUE - 1, 2));
        assertEquals(Long.MIN_VALUE, RiskMath.saturatedSum(Long.MIN_VALUE + 1, -2));
        assertEquals(-1, RiskMath.saturatedSum(Long.MAX_VALUE, Long.MIN_VALUE));
    }

    private static BigInteger floorDiv(final BigInteger a, final BigInteger b)
    {
        final BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    private static BigInteger ceilDiv(final BigInteger a, final BigInteger b)
    {
        return floorDiv(a.negate(), b).negate();
    }
}
