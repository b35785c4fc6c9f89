package dev.bourse.node;

import dev.bourse.schemas.marketdata.HeartbeatDecoder;
import dev.bourse.schemas.marketdata.MessageHeaderDecoder;
import dev.bourse.schemas.marketdata.PacketHeaderDecoder;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heartbeats of the incremental stream: with nobody subscribed a publishing node does not encode and offer one on
 * every call of its idle service thread, and a subscriber that joins gets one within an interval.
 */
@Timeout(60)
class MarketDataHeartbeatTest
{
    private static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);

    @TempDir
    Path dir;

    @Test
    void shouldWaitAnIntervalWhenNobodySubscribesAndHeartbeatOnceSomeoneDoes() throws IOException
    {
        final String channel = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final ServiceCounters counters = new ServiceCounters();
        final MarketDataPublisher publisher = new MarketDataPublisher(new MarketDataConfig(true, channel, 1001, 1002,
            INTERVAL_NS, TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(2), 1 << 16, 3), 0, counters);
        publisher.publishing(true);

        try (MediaDriver driver = TestCluster.embeddedDriver(dir.resolve("aeron"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            ExclusivePublication incremental = aeron.addExclusivePublication(channel, 1001);
            ExclusivePublication snapshots = aeron.addExclusivePublication(channel, 1002))
        {
            publisher.publications(incremental, snapshots);
            final long startNs = TimeUnit.SECONDS.toNanos(10);

            assertEquals(0, publisher.doWork(startNs));
            assertEquals(startNs, publisher.lastSendNs(), "a heartbeat with nobody subscribed counts as sent");
            publisher.doWork(startNs + INTERVAL_NS / 2);
            assertEquals(startNs, publisher.lastSendNs(), "no new attempt inside the interval");

            try (Subscription subscription = aeron.addSubscription(channel, 1001))
            {
                TestCluster.await("the subscriber connects", incremental::isConnected);
                final long dueNs = startNs + INTERVAL_NS + 1;
                assertEquals(1, publisher.doWork(dueNs), "a heartbeat once the interval is over");
                assertEquals(dueNs, publisher.lastSendNs());

                final int[] heartbeats = {0};
                final MessageHeaderDecoder header = new MessageHeaderDecoder();
                TestCluster.await("the subscriber receives the heartbeat", () ->
                {
                    subscription.poll((buffer, offset, length, h) ->
                    {
                        final int messageOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH +
                            PacketHeaderDecoder.BLOCK_LENGTH;
                        header.wrap(buffer, messageOffset);
                        if (HeartbeatDecoder.TEMPLATE_ID == header.templateId())
                        {
                            heartbeats[0]++;
                        }
                    }, 10);
                    return heartbeats[0] > 0;
                });
                assertTrue(heartbeats[0] > 0);
            }
        }
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
