package dev.bourse.orderbook.risk;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the property tests against vacuity: the scenarios they draw from do hit every risk reject, throttle
 * decision, band stop and kill-switch cancel, and do trade.
 */
class RiskScenarioCoverageTest
{
    @Test
    void shouldExerciseEveryControlInRandomScenarios()
    {
        final SplittableRandom random = new SplittableRandom(0x5EED_B0L);
        final TreeSet<String> seen = new TreeSet<>();
        int trades = 0;
        for (int scenarioIndex = 0; scenarioIndex < 80; scenarioIndex++)
        {
            final int[] setup = new int[RiskScenario.setupLength()];
            for (int i = 0; i < setup.length; i++)
            {
                setup[i] = random.nextInt(1000);
            }
            final List<int[]> steps = new ArrayList<>();
            for (int s = 0; s < 400; s++)
            {
                final int[] step = new int[RiskScenario.STEP_INTS];
                for (int i = 0; i < step.length; i++)
                {
                    step[i] = random.nextInt(1000);
                }
                steps.add(step);
            }
            final RiskScenario.Run run = new RiskScenario(setup, steps, false).new Run(Inner.FAST);
            run.playUntil(steps.size(), true);
            assertEquals(List.of(), run.oracle.violations());
            for (final String line : run.transcript)
            {
                for (final String token : line.split("[ |]+"))
                {
                    if (token.matches("[A-Z_]+") && token.length() > 3)
                    {
                        seen.add(token);
                    }
                }
                trades += line.split("TRADE ", -1).length - 1;
            }
        }
        for (final String expected : new String[]{
            "INSTRUMENT_HALTED", "INSTRUMENT_CLOSED", "INSTRUMENT_PRE_OPEN", "PRICE_OUTSIDE_BAND",
            "MAX_ORDER_QUANTITY_EXCEEDED", "MAX_ORDER_NOTIONAL_EXCEEDED", "MAX_OPEN_ORDERS_EXCEEDED",
            "MAX_LONG_POSITION_EXCEEDED", "MAX_SHORT_POSITION_EXCEEDED", "CREDIT_LIMIT_EXCEEDED",
            "KILL_SWITCH_ACTIVE", "REJECT", "DISCONNECT", "PRICE_BAND", "KILL_SWITCH", "EXPIRED"})
        {
            assertTrue(seen.contains(expected), () -> expected + " never happened; seen " + seen);
        }
        assertTrue(trades > 1_000, "too few trades: " + trades);
    }
}
