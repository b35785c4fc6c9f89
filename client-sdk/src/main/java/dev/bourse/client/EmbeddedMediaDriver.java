package dev.bourse.client;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The media driver a client launches in its own process when no external driver is configured: one shared thread
 * that backs off to parks of up to 1 ms when idle (no busy spin), sparse term buffers, its directory deleted on
 * start and on close. The driver's name-resolution executor sleeps 10 ms between polls instead of Aeron's 1 ms:
 * waking a thousand times a second cost about 1% of a core per driver on the 2-vCPU VM we measure on.
 */
public final class EmbeddedMediaDriver
{
    private EmbeddedMediaDriver()
    {
    }

    /**
     * Launch an embedded driver.
     *
     * @param aeronDirectoryName its directory.
     * @param errorHandler       where its errors go.
     * @return the running driver; close it to stop it and delete its directory.
     */
    public static MediaDriver launch(final String aeronDirectoryName, final ErrorHandler errorHandler)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1)))
            .asyncExecutorIdleStrategy(new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(10)))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .errorHandler(errorHandler));
    }
}
