package dev.bourse.perf.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite's headline ratios are medians of the rounds' ratios.
 */
class SuiteSummaryTest
{
    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheMiddleTwo()
    {
        assertEquals(0.82, SuiteSummary.median(new double[]{0.92, 0.71, 0.82}), 1e-12);
        assertEquals(0.85, SuiteSummary.median(new double[]{0.9, 0.8}), 1e-12);
        assertEquals(0.7, SuiteSummary.median(new double[]{0.7}), 1e-12);
        assertTrue(Double.isNaN(SuiteSummary.median(new double[0])));
    }

    @Test
    void shouldNotReorderTheRoundsItIsGiven()
    {
        final double[] ratios = {0.92, 0.71, 0.82};
        SuiteSummary.median(ratios);
        assertEquals(0.92, ratios[0]);
        assertEquals(0.71, ratios[1]);
    }
}
