package dev.bourse.client.marketdata;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bourse.client.tools.MdTail;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(60)
class MdTailTest
{
    private static final int INSTRUMENT = 5;

    @Test
    void shouldPrintHelp()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CommandLine commandLine = new CommandLine(new MdTail());
        commandLine.setOut(new PrintWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true));
        assertEquals(0, commandLine.execute("--help"));
        final String help = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--count"), help);
        assertTrue(help.contains("--depth"), help);
    }

    @Test
    void shouldJoinFeedShowBookAndStopAfterCount() throws Exception
    {
        final String channel = "aeron:udp?endpoint=224.0.1.1:40690|interface=127.0.0.1|ttl=0";
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(CommonContext.generateRandomDirName())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final TestFeed feed = new TestFeed();
        final TestPublisher publisher = new TestPublisher(aeron, feed, channel, 2001, 2002, 1);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try
        {
            feed.define(INSTRUMENT, "TAIL");
            feed.randomEvents(INSTRUMENT, 200, new Random(1));
            final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                new CommandLine(new MdTail(out)).execute(
                    "--channel", channel, "--incremental-stream", "2001", "--snapshot-stream", "2002",
                    "--aeron-dir", driver.aeronDirectoryName(), "--instrument", String.valueOf(INSTRUMENT),
                    "--depth", "3", "--count", "20", "--duration", "30s", "--plain"));

            // A live publisher: an event, a heartbeat and a snapshot loop every 20 ms until md-tail stops.
            final Random random = new Random(2);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            long nextNs = 0;
            while (!exit.isDone())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    fail("md-tail did not stop: " + bytes.toString(StandardCharsets.UTF_8));
                }
                if (System.nanoTime() - nextNs > 0)
                {
                    nextNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
                    final long from = feed.lastSequence() + 1;
                    feed.randomEvents(INSTRUMENT, 1, random);
                    publisher.send(0, from, feed.lastSequence(), 10);
                    publisher.snapshotLoop(0, 50, 4);
                }
                Thread.yield();
            }
            assertEquals(0, exit.get().intValue());
        }
        finally
        {
            CloseHelper.closeAll(publisher, aeron, driver);
        }

        final String screen = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(screen.contains("[5] TAIL"), screen);
        assertTrue(screen.startsWith("md-tail"), screen);
        assertTrue(screen.contains("LIVE"), screen);
        assertTrue(screen.contains("bid qty"), screen);
        assertTrue(screen.contains("events 20"), screen);
    }
}
