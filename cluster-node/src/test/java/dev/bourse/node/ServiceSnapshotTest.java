package dev.bourse.node;

import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.orderentry.NewOrderDecoder;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import dev.bourse.schemas.snapshot.MessageHeaderEncoder;
import dev.bourse.schemas.snapshot.ServiceSnapshotBeginEncoder;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service snapshot through a real Aeron publication: many messages per frame, restored to the same state hash,
 * and a snapshot in the old one-message-per-frame format or with a broken framing header refused with a reason.
 */
@Timeout(60)
class ServiceSnapshotTest
{
    private static final int ORDERS = 2_000;
    private static final int ACCOUNTS = 4;
    private static final String CHANNEL = "aeron:ipc?term-length=4m";
    private static final int STREAM_ID = 7;

    @TempDir
    Path dir;

    @Test
    void shouldRestoreTheSameStateFromBatchesOfManyMessages()
    {
        final ExchangeService original = newService();
        populate(original);

        try (MediaDriver driver = TestCluster.embeddedDriver(dir.resolve("aeron"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Subscription restoring = aeron.addSubscription(CHANNEL, STREAM_ID);
            Subscription counting = aeron.addSubscription(CHANNEL, STREAM_ID);
            ExclusivePublication publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID))
        {
            final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
            TestCluster.await("both subscriptions see the publication",
                () -> restoring.imageCount() > 0 && counting.imageCount() > 0);
            new ServiceSnapshot(original).write(publication, idle);

            final ExchangeService restored = newService();
            new ServiceSnapshot(restored).load(restoring.imageAtIndex(0), idle);

            assertEquals(original.stateHash(), restored.stateHash(), "restored state hash");
            assertEquals(ORDERS, restored.records().size());
            assertEquals(ORDERS, restored.engine().orderCount());

            final long[] fragments = {0};
            final long written = publication.position();
            TestCluster.await("the counting subscription reads the whole snapshot", () ->
            {
                fragments[0] += counting.poll((buffer, offset, length, header) -> { }, 100);
                return counting.imageAtIndex(0).position() == written;
            });
            // Two messages per order (the engine's order and the service's record) and one per dedup entry.
            assertTrue(fragments[0] * 10 < 3L * ORDERS,
                "frames for " + 3 * ORDERS + " messages, many to a frame: " + fragments[0]);
        }
    }

    @Test
    void shouldRefuseASnapshotWrittenOneMessagePerFrameNamingItsVersion()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final ServiceSnapshotBeginEncoder begin = new ServiceSnapshotBeginEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .formatVersion(3);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + begin.encodedLength();

        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> new ServiceSnapshot(newService()).onFragment(buffer, 0, length, null));
        assertTrue(refused.getMessage().contains("unsupported format 3"), refused.getMessage());
    }

    @Test
    void shouldRefuseABatchWhoseFramingHeaderIsBroken()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final ServiceSnapshotBeginEncoder begin = new ServiceSnapshotBeginEncoder()
            .wrapAndApplyHeader(buffer, ServiceSnapshot.FRAMING_HEADER_LENGTH, new MessageHeaderEncoder())
            .formatVersion(ServiceSnapshot.FORMAT_VERSION);
        final int framed = ServiceSnapshot.FRAMING_HEADER_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH +
            begin.encodedLength();

        buffer.putInt(0, framed + 1, ByteOrder.BIG_ENDIAN);
        buffer.putShort(4, (short)ServiceSnapshot.SBE_LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
        assertRefused(buffer, framed, "outside its batch");

        buffer.putInt(0, framed, ByteOrder.BIG_ENDIAN);
        buffer.putShort(4, (short)0x5BE0, ByteOrder.BIG_ENDIAN);
        assertRefused(buffer, framed, "unknown encoding type");

        buffer.putShort(4, (short)ServiceSnapshot.SBE_LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
        assertRefused(buffer, ServiceSnapshot.FRAMING_HEADER_LENGTH - 1, "ends inside a framing header");
    }

    private static void assertRefused(final UnsafeBuffer buffer, final int length, final String reason)
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> new ServiceSnapshot(newService()).onFragment(buffer, 0, length, null));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    private static ExchangeService newService()
    {
        final NodeConfig config = NodeConfig.of(new Properties());
        return new ExchangeService(config.serviceConfig(), config.marketDataConfig(), 0);
    }

    /**
     * Resting orders on two instruments (the engine's events make a live record for each), and dedup entries naming
     * them: what a snapshot of a busy book holds, set directly rather than through the cluster.
     */
    private static void populate(final ExchangeService service)
    {
        final MatchingEngine engine = service.engine();
        engine.addInstrument(1, 1, 1);
        engine.addInstrument(2, 1, 1);
        for (int i = 0; i < ORDERS; i++)
        {
            final long account = 1 + i % ACCOUNTS;
            final int instrument = 1 + i % 2;
            final Side side = 0 == (i / 2) % 2 ? Side.BUY : Side.SELL;
            final long price = Side.BUY == side ? 1_000 - i % 50 : 1_100 + i % 50;
            final long orderId = engine.nextOrderId();
            assertEquals(RejectReason.NONE, engine.placeOrder(0, account, i + 1, instrument, side, OrderType.LIMIT,
                TimeInForce.GTC, false, price, 10, 0));

            final OrderRecords.Record record = service.records().get(orderId);
            assertEquals(OrderStatus.NEW, record.status, "the engine's acceptance made the order's record");

            final DedupWindows.Window window = service.dedup().windowForUpdate(account);
            window.record(i + 1, NewOrderDecoder.TEMPLATE_ID, orderId, 0, 0, 0, record);
            window.highestClientOrderId = i + 1;
        }
    }
}
