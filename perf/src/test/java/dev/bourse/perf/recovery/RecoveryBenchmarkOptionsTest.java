package dev.bourse.perf.recovery;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A bad option fails before anything starts, with a message that says what is allowed.
 */
class RecoveryBenchmarkOptionsTest
{
    @Test
    void shouldRefuseAnUnknownProfilerEvent()
    {
        final CommandLine.ParameterException ex = assertThrows(CommandLine.ParameterException.class,
            () -> RecoveryBenchmark.run("--profile-event=cpu"));
        assertEquals("--profile-event must be itimer or wall: cpu", ex.getMessage());
    }
}
