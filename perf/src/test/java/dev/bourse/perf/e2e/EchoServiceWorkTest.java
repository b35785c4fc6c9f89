package dev.bourse.perf.e2e;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The echo's calibration knob: {@code bourse.echo.work} adds the same synthetic work to every message, and none
 * without it.
 */
class EchoServiceWorkTest
{
    private final UnsafeBuffer empty = new UnsafeBuffer(new byte[16]);

    @AfterEach
    void clearProperty()
    {
        System.clearProperty(EchoService.WORK_PROPERTY);
    }

    @Test
    void shouldDoNoSyntheticWorkByDefault()
    {
        final EchoService echo = new EchoService();
        echo.onSessionMessage(null, 0, empty, 0, 0, null);
        assertEquals(0, echo.workResult());
    }

    @Test
    void shouldRunTheConfiguredStepsForEveryMessage()
    {
        System.setProperty(EchoService.WORK_PROPERTY, "3");
        final EchoService echo = new EchoService();
        echo.onSessionMessage(null, 0, empty, 0, 0, null);
        long expected = 0;
        for (int i = 0; i < 3; i++)
        {
            expected = expected * 6364136223846793005L + 1442695040888963407L;
        }
        assertEquals(expected, echo.workResult(), "three steps for one message");

        echo.onSessionMessage(null, 0, empty, 0, 0, null);
        assertNotEquals(expected, echo.workResult(), "and three more for the next");
    }
}
