package dev.bourse.node.ops;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for conditions that other processes make true: poll, park briefly, give up with a message that says
 * what did not happen.
 */
final class Waits
{
    static final long POLL_INTERVAL_MS = 20;

    private Waits()
    {
    }

    static void pause()
    {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_INTERVAL_MS));
    }

    /**
     * Poll a condition until it holds or the time is up.
     *
     * @param timeoutMs how long to wait.
     * @param condition the condition.
     * @return true if it held in time.
     */
    static boolean poll(final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            pause();
        }
        return true;
    }

    /**
     * Poll a condition until it holds; throw if it does not within the time.
     *
     * @param what      what we wait for, for the message ("a new leader is elected").
     * @param timeoutMs how long to wait.
     * @param condition the condition.
     * @throws OpsException if it did not hold in time.
     */
    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        if (!poll(timeoutMs, condition))
        {
            throw new OpsException("timed out after " + Durations.seconds(timeoutMs) + " waiting until " + what);
        }
    }
}
