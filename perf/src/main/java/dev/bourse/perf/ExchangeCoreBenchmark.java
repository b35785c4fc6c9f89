package dev.bourse.perf;

import exchange.core2.core.common.cmd.CommandResultCode;
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

import java.util.concurrent.TimeUnit;

/**
 * The baseline: exchange-core 0.5.3's order book ({@code OrderBookDirectImpl}) replaying exactly the same command
 * streams as {@link MatchingEngineBenchmark}, so the two can be compared from one JMH run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ExchangeCoreBenchmark
{
    @Param({"PASSIVE_PLACE", "AGGRESSIVE_SWEEP", "CANCEL", "REPLACE_KEEP_PRIORITY", "REPLACE_LOSE_PRIORITY", "MIX"})
    public Scenario scenario;

    private ExchangeCoreDriver driver;
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
        driver = new ExchangeCoreDriver(stream);
        driver.verifyCycle();
        cycleStart = stream.cycleStart();
        length = stream.length();
        cursor = cycleStart;
        System.out.println();
        System.out.println("# " + scenario + ": " + stream.describeComposition());
    }

    /**
     * One order-book command.
     *
     * @return the result code, consumed by JMH.
     */
    @Benchmark
    public CommandResultCode command()
    {
        final int i = cursor;
        final CommandResultCode code = driver.execute(i);
        final int next = i + 1;
        cursor = next == length ? cycleStart : next;
        return code;
    }
}
