package dev.bourse.node;

import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.util.Random;

/**
 * A seeded mix of limit, IOC and market orders, cancels, replaces and mass cancels from one raw test client, with
 * a bounded number in flight; every command must be answered exactly once.
 */
final class RandomLoad
{
    private final TestClient client;
    private final Random random;
    private final int[] instruments;
    private final LongHashSet pending = new LongHashSet();
    private final LongArrayList liveOrderIds = new LongArrayList();
    private long nextClientOrderId;
    private long answers;
    private long duplicateAnswers;

    RandomLoad(final TestClient client, final long seed, final long firstClientOrderId, final int... instruments)
    {
        this.client = client;
        this.random = new Random(seed);
        this.instruments = instruments;
        this.nextClientOrderId = firstClientOrderId;
        client.onReceived(this::onReceived);
    }

    private void onReceived(final TestClient.Received message)
    {
        if (pending.remove(message.clientOrderId()))
        {
            answers++;
        }
        else if (message.clientOrderId() != 0 && "ORDER_STATUS".equals(message.execType()))
        {
            duplicateAnswers++;
        }
        if ("NEW".equals(message.execType()) && message.orderId() != 0)
        {
            liveOrderIds.addLong(message.orderId());
        }
    }

    /**
     * Send {@code count} commands, at most {@code maxInFlight} unanswered at a time, and wait for every answer.
     */
    void run(final int count, final int maxInFlight)
    {
        for (int i = 0; i < count; i++)
        {
            TestCluster.await("room for another command in flight", () ->
            {
                client.poll();
                return pending.size() < maxInFlight;
            });
            sendOne();
        }
        awaitAllAnswered();
    }

    void awaitAllAnswered()
    {
        TestCluster.await("every command is answered", () ->
        {
            client.poll();
            return pending.isEmpty();
        });
    }

    private void sendOne()
    {
        final long id = nextClientOrderId++;
        pending.add(id);
        final int instrument = instruments[random.nextInt(instruments.length)];
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long price = 5L * (100 + random.nextInt(11) - 5);
        final long quantity = 10L * (1 + random.nextInt(10));
        final int kind = random.nextInt(100);
        if (kind < 50 || liveOrderIds.isEmpty())
        {
            client.newOrder(id, instrument, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity);
        }
        else if (kind < 62)
        {
            client.newOrder(id, instrument, side, OrderType.LIMIT, TimeInForce.IOC, price, quantity);
        }
        else if (kind < 65)
        {
            client.newOrder(id, instrument, side, OrderType.MARKET, TimeInForce.IOC, 0, quantity);
        }
        else if (kind < 85)
        {
            client.cancel(id, randomLiveOrder(), 0);
        }
        else if (kind < 99)
        {
            client.replace(id, randomLiveOrder(), price, quantity);
        }
        else
        {
            client.massCancel(id, instrument, side);
        }
    }

    private long randomLiveOrder()
    {
        final int index = random.nextInt(liveOrderIds.size());
        final long orderId = liveOrderIds.getLong(index);
        liveOrderIds.fastUnorderedRemove(index);
        return orderId;
    }

    long answers()
    {
        return answers;
    }

    long duplicateAnswers()
    {
        return duplicateAnswers;
    }
}
