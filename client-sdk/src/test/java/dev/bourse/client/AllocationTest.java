package dev.bourse.client;

import java.lang.management.ManagementFactory;

import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AllocationTest
{
    private static final int ROUNDS = 20_000;

    private final FakeIngress ingress = new FakeIngress();
    private final ExecutionListener listener = new ExecutionListener()
    {
    };
    private final OrderEntrySession session = new OrderEntrySession(listener, 64, 0, 1_000_000, 1_000_000);
    private final Egress egress = new Egress(session);

    @Test
    void shouldNotAllocateWhenSendingResendingAndMatchingAnswers()
    {
        ingress.record = false;
        session.onConnected(ingress, 0);
        egress.sessionEstablished(42, 1, 0);

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();

        // The first passes include JIT compilation; a steady state that allocates would allocate in every pass.
        long fewestBytes = Long.MAX_VALUE;
        for (int pass = 0; pass < 10 && fewestBytes > 0; pass++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            run(ROUNDS);
            fewestBytes = Math.min(fewestBytes, threads.getThreadAllocatedBytes(threadId) - before);
        }

        assertEquals(0, session.pendingCount());
        assertEquals(0, fewestBytes, "bytes allocated in the best pass of " + ROUNDS + " rounds");
    }

    private void run(final int rounds)
    {
        long nowNs = 0;
        for (int i = 0; i < rounds; i++)
        {
            nowNs += 1_000;
            final long orderId = session.newOrder(0, 1, Side.BUY, 10, 100, OrderType.LIMIT, TimeInForce.GTC, false, 0);
            final long cancelId = session.cancelOrder(0, 1000 + orderId, 0);
            session.onNewLeader(nowNs);
            session.doWork(nowNs);
            egress.executionReport(orderId, ExecType.NEW);
            egress.deliverExecutionReport();
            egress.executionReport(cancelId, ExecType.ORDER_STATUS);
            egress.deliverExecutionReport();
        }
    }
}
