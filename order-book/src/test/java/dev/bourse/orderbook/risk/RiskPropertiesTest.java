package dev.bourse.orderbook.risk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Properties of the risk layer over random instrument controls, random account limits and random command streams
 * ({@link RiskScenario}), on both inner engines: no account ever exceeds its position, credit or open-order limit
 * and its reported usage equals an independent recomputation after every step; no market order trades beyond its
 * protection price and no limit order or replace is accepted outside the band; no account trades between a
 * kill-switch engage and its release; replaying a stream gives the same throttle decisions, events and hashes; and a
 * snapshot taken mid-stream and restored (on either inner engine) continues exactly as the original.
 */
class RiskPropertiesTest
{
    @Provide
    Arbitrary<int[]> setup()
    {
        return Arbitraries.integers().between(0, 999).array(int[].class).ofSize(RiskScenario.setupLength());
    }

    @Provide
    Arbitrary<List<int[]>> steps()
    {
        return Arbitraries.integers().between(0, 999).array(int[].class).ofSize(RiskScenario.STEP_INTS)
            .list().ofMinSize(20).ofMaxSize(400);
    }

    @Property(tries = 150)
    void shouldNeverExceedLimitsOrTradeOutsideBandOrAfterKillSwitch(
        @ForAll("setup") final int[] setup, @ForAll("steps") final List<int[]> steps, @ForAll final Inner inner)
    {
        final RiskScenario scenario = new RiskScenario(setup, steps, false);
        final RiskScenario.Run run = scenario.new Run(inner);
        run.playUntil(steps.size(), true);
        assertEquals(List.of(), run.oracle.violations());
    }

    @Property(tries = 80)
    void shouldDecideIdenticallyWhenStreamIsReplayed(
        @ForAll("setup") final int[] setup, @ForAll("steps") final List<int[]> steps)
    {
        final RiskScenario scenario = new RiskScenario(setup, steps, true);
        final RiskScenario.Run first = scenario.new Run(Inner.FAST);
        final RiskScenario.Run second = scenario.new Run(Inner.FAST);
        final RiskScenario.Run reference = scenario.new Run(Inner.REFERENCE);
        first.playUntil(steps.size(), false);
        second.playUntil(steps.size(), false);
        reference.playUntil(steps.size(), false);
        assertEquals(first.transcript, second.transcript);
        assertEquals(first.transcript, reference.transcript);
        assertEquals(first.engine.riskStateHash(), second.engine.riskStateHash());
        assertEquals(first.engine.riskStateHash(), reference.engine.riskStateHash());
        assertEquals(first.engine.stateHash(), reference.engine.stateHash());
    }

    @Property(tries = 80)
    void shouldContinueIdenticallyAfterSnapshotAndRestore(
        @ForAll("setup") final int[] setup,
        @ForAll("steps") final List<int[]> steps,
        @ForAll @IntRange(min = 0, max = 100) final int cutPercent,
        @ForAll final Inner original,
        @ForAll final Inner restored)
    {
        final RiskScenario scenario = new RiskScenario(setup, steps, true);
        final int cut = steps.size() * cutPercent / 100;
        final RiskScenario.Run uninterrupted = scenario.new Run(original);
        uninterrupted.playUntil(steps.size(), false);

        final RiskScenario.Run interrupted = scenario.new Run(original);
        interrupted.playUntil(cut, false);
        interrupted.snapshotAndRestoreInto(restored);
        interrupted.playUntil(steps.size(), false);

        assertEquals(uninterrupted.transcript, interrupted.transcript);
        assertEquals(uninterrupted.engine.riskStateHash(), interrupted.engine.riskStateHash());
        assertEquals(uninterrupted.engine.stateHash(), interrupted.engine.stateHash());
    }
}
