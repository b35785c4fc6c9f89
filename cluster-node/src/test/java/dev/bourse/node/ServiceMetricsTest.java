package dev.bourse.node;

import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.admin.DefineInstrumentEncoder;
import dev.bourse.schemas.orderentry.CancelOrderEncoder;
import dev.bourse.schemas.orderentry.LogonEncoder;
import dev.bourse.schemas.orderentry.MassCancelEncoder;
import dev.bourse.schemas.orderentry.MessageHeaderEncoder;
import dev.bourse.schemas.orderentry.NewOrderEncoder;
import dev.bourse.schemas.orderentry.OrderStatusRequestEncoder;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.ReplaceOrderEncoder;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service thread's metrics without a cluster: no allocation in steady state, command types read from the SBE
 * header, book figures per instrument copied at most once a second, the service-time histogram as Prometheus sees it.
 */
class ServiceMetricsTest
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);

    private final NodeConfig config = NodeConfig.of(new Properties());
    private final ExchangeService service =
        new ExchangeService(config.serviceConfig(), config.marketDataConfig(), 0);
    private final ServiceMetrics metrics = service.metrics();
    private final ServiceCounters counters = service.counters();
    private final MatchingEngine engine = service.engine();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long nextClientOrderId = 1;

    @Test
    void shouldNotAllocateOnTheServiceThread()
    {
        for (int instrument = 1; instrument <= 4; instrument++)
        {
            engine.addInstrument(instrument, 1, 1);
            for (int level = 0; level < 25; level++)
            {
                place(instrument, Side.BUY, 1_000 - level, 10);
                place(instrument, Side.SELL, 1_001 + level, 10);
            }
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH +
            new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength();

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        long nowNs = 0;
        long fewestBytes = Long.MAX_VALUE;
        // The first passes include JIT compilation; a steady state that allocates would allocate in every pass.
        for (int pass = 0; pass < 10 && fewestBytes > 0; pass++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 20_000; i++)
            {
                metrics.onMessage(buffer, 0, length, System.nanoTime());
                counters.reject(RejectReason.PRICE_NOT_TICK_MULTIPLE);
                nowNs += SECOND_NS / 100;
                metrics.publish(nowNs, i);
            }
            fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
        }

        assertEquals(0, fewestBytes, "bytes allocated in the best pass of 20,000 messages and 200 book copies");
        assertTrue(counters.commandsByType.get(ServiceCounters.COMMAND_NEW_ORDER) >= 20_000);
        assertEquals(counters.rejects,
            counters.rejectsByReason.get(RejectReason.PRICE_NOT_TICK_MULTIPLE.value()));
        assertEquals(50, metrics.bookStats().value(3, BookStats.OPEN_ORDERS));
    }

    @Test
    void shouldCountEachCommandTypeFromTheMessageHeader()
    {
        countMessage(new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength());
        countMessage(new CancelOrderEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength());
        countMessage(new CancelOrderEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength());
        countMessage(new ReplaceOrderEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength());
        countMessage(new MassCancelEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength());
        countMessage(new OrderStatusRequestEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength());
        countMessage(new LogonEncoder().wrapAndApplyHeader(buffer, 0, header).encodedLength());
        countMessage(new DefineInstrumentEncoder()
            .wrapAndApplyHeader(buffer, 0, new dev.bourse.schemas.admin.MessageHeaderEncoder()).encodedLength());
        new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header);
        header.templateId(999);
        countMessage(0);
        metrics.onMessage(buffer, 0, 4, metrics.startTiming());

        final long[] expected = {1, 2, 1, 1, 1, 1, 1};
        final long[] actual = new long[ServiceCounters.COMMAND_TYPES.length];
        for (int i = 0; i < actual.length; i++)
        {
            actual[i] = counters.commandsByType.get(i);
        }
        assertArrayEquals(expected, actual, "unknown templates and short messages are not counted by type");
        final MatchingHistogramCollector collector = new MatchingHistogramCollector(metrics, 0);
        collector.collect();
        assertEquals(2 * ServiceMetrics.TIMING_SAMPLE, collector.count(),
            "messages 1 and 9 of 10 are timed, whatever their type, each standing for " + ServiceMetrics.TIMING_SAMPLE);
    }

    @Test
    void shouldPublishTheAppliedPositionOfACheckpointAtOnceAndNeverMoveItBack()
    {
        metrics.publish(0, 64);
        metrics.applied(160);
        assertEquals(160, counters.appliedLogPosition, "before the next duty cycle's publish");
        metrics.applied(100);
        assertEquals(160, counters.appliedLogPosition);
        metrics.publish(1, 192);
        assertEquals(192, counters.appliedLogPosition);
    }

    @Test
    void shouldCopyBookFiguresInInstrumentOrderAtMostOnceASecond()
    {
        engine.addInstrument(30, 1, 1);
        engine.addInstrument(10, 1, 1);
        engine.addInstrument(20, 1, 1);
        place(10, Side.BUY, 100, 5);
        place(10, Side.BUY, 100, 7);
        place(10, Side.BUY, 99, 1);
        place(10, Side.SELL, 105, 4);
        place(30, Side.SELL, 200, 9);

        metrics.publish(0, 64);
        assertArrayEquals(new int[]{10, 20, 30}, metrics.bookStats().instrumentIds());
        assertEquals(4, metrics.bookStats().value(10, BookStats.OPEN_ORDERS));
        assertEquals(2, metrics.bookStats().value(10, BookStats.BID_LEVELS));
        assertEquals(1, metrics.bookStats().value(10, BookStats.ASK_LEVELS));
        assertEquals(13, metrics.bookStats().value(10, BookStats.BID_QUANTITY));
        assertEquals(4, metrics.bookStats().value(10, BookStats.ASK_QUANTITY));
        assertEquals(0, metrics.bookStats().value(20, BookStats.OPEN_ORDERS));
        assertEquals(9, metrics.bookStats().value(30, BookStats.ASK_QUANTITY));
        assertTrue(Double.isNaN(metrics.bookStats().value(40, BookStats.OPEN_ORDERS)));
        assertEquals(64, counters.appliedLogPosition);

        place(20, Side.BUY, 50, 3);
        metrics.publish(SECOND_NS - 1, 128);
        assertEquals(0, metrics.bookStats().value(20, BookStats.OPEN_ORDERS), "not copied again within a second");
        assertEquals(128, counters.appliedLogPosition, "the log position is copied every time");
        metrics.publish(SECOND_NS, 128);
        assertEquals(1, metrics.bookStats().value(20, BookStats.OPEN_ORDERS));
        assertEquals(3, metrics.bookStats().value(20, BookStats.BID_QUANTITY));

        for (int instrument = 100; instrument < 140; instrument++)
        {
            engine.addInstrument(instrument, 1, 1);
        }
        metrics.publish(2 * SECOND_NS, 128);
        assertEquals(43, metrics.bookStats().instrumentIds().length, "the array grows with the instruments");
        assertEquals(1, metrics.bookStats().value(20, BookStats.OPEN_ORDERS));
        assertEquals(0, metrics.bookStats().value(139, BookStats.OPEN_ORDERS));
    }

    @Test
    void shouldExposeServiceTimesAsACumulativePrometheusHistogram()
    {
        final MatchingHistogramCollector collector = new MatchingHistogramCollector(metrics, 2);
        metrics.recordServiceTime(300);
        metrics.recordServiceTime(300);
        metrics.recordServiceTime(300);
        metrics.recordServiceTime(TimeUnit.MILLISECONDS.toNanos(2));
        metrics.recordServiceTime(TimeUnit.SECONDS.toNanos(100));

        HistogramSnapshot.HistogramDataPointSnapshot point = dataPoint(collector);
        assertEquals("2", point.getLabels().get("member"));
        assertEquals(5, point.getCount());
        assertEquals((900 + 2_000_000 + 100_000_000_000L) / 1e9, point.getSum(), 1e-12, "the sum is exact");
        assertEquals(3, cumulativeCount(point.getClassicBuckets(), 500e-9));
        assertEquals(3, cumulativeCount(point.getClassicBuckets(), 1e-3));
        assertEquals(4, cumulativeCount(point.getClassicBuckets(), 2.5e-3));
        assertEquals(4, cumulativeCount(point.getClassicBuckets(), 10.0), "100 s is beyond the last bound");
        assertEquals(5, cumulativeCount(point.getClassicBuckets(), Double.POSITIVE_INFINITY));

        metrics.recordServiceTime(1_000);
        point = dataPoint(collector);
        assertEquals(6, point.getCount(), "counts accumulate over scrapes");
        assertEquals(4, cumulativeCount(point.getClassicBuckets(), 1e-6));
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot dataPoint(final MatchingHistogramCollector collector)
    {
        final HistogramSnapshot snapshot = (HistogramSnapshot)collector.collect();
        assertEquals(MatchingHistogramCollector.NAME, snapshot.getMetadata().getPrometheusName());
        assertEquals(1, snapshot.getDataPoints().size());
        return snapshot.getDataPoints().get(0);
    }

    private static long cumulativeCount(final ClassicHistogramBuckets buckets, final double upperBound)
    {
        long count = 0;
        for (int i = 0; i < buckets.size() && buckets.getUpperBound(i) <= upperBound; i++)
        {
            count += buckets.getCount(i);
        }
        return count;
    }

    private void countMessage(final int bodyLength)
    {
        metrics.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength, metrics.startTiming());
    }

    private void place(final int instrument, final Side side, final long price, final long quantity)
    {
        assertEquals(RejectReason.NONE, engine.placeOrder(0, 101, nextClientOrderId++, instrument, side,
            OrderType.LIMIT, TimeInForce.GTC, false, price, quantity, 0));
    }
}
