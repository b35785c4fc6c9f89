package dev.bourse.perf;

import dev.bourse.schemas.orderentry.RejectReason;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Throughput of a Bourse matching engine: each benchmark operation is one engine command of the scenario's
 * pre-generated stream, replayed cyclically over a bounded deep book. Run with {@code -prof gc} to check that the
 * fast engine allocates nothing per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class MatchingEngineBenchmark
{
    @Param({"PASSIVE_PLACE", "AGGRESSIVE_SWEEP", "CANCEL", "REPLACE_KEEP_PRIORITY", "REPLACE_LOSE_PRIORITY", "MIX"})
    public Scenario scenario;

    @Param({EngineFactory.FAST})
    public String engine;

    /**
     * {@code on}: the engine wrapped in the pre-trade risk layer with every control active and a throttle check per
     * command (see {@link BourseDriver}); {@code off}: the bare engine.
     */
    @Param({"off"})
    public String risk;

    private BourseDriver driver;
    private int cursor;
    private int cycleStart;
    private int length;

    /**
     * Generate the stream, build the initial book and replay one checked cycle (which also warms up).
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final CommandStream stream = WorkloadGenerator.generate(scenario);
        driver = new BourseDriver(engine, stream, parseRisk(risk));
        driver.verifyCycle();
        cycleStart = stream.cycleStart();
        length = stream.length();
        cursor = cycleStart;
        System.out.println();
        System.out.println("# " + scenario + ": " + stream.describeComposition());
    }

    static boolean parseRisk(final String value)
    {
        switch (value)
        {
            case "on":
                return true;
            case "off":
                return false;
            default:
                throw new IllegalArgumentException("risk must be on or off: " + value);
        }
    }

    /**
     * Fail the run if any command was rejected: the stream would no longer be what it claims to be.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (driver.listener().rejects() != 0)
        {
            throw new IllegalStateException("commands rejected: " + driver.listener().rejects());
        }
    }

    /**
     * One engine command.
     *
     * @return the engine's answer, consumed by JMH.
     */
    @Benchmark
    public RejectReason command()
    {
        final int i = cursor;
        final RejectReason reason = driver.execute(i);
        final int next = i + 1;
        cursor = next == length ? cycleStart : next;
        return reason;
    }
}
