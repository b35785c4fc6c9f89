package dev.bourse.client.marketdata;

/**
 * One price level of one side: its orders in time priority and their total quantity.
 */
final class PriceLevel
{
    long price;
    long quantity;
    int orderCount;
    Order head;
    Order tail;

    void init(final long price)
    {
        this.price = price;
        quantity = 0;
        orderCount = 0;
        head = null;
        tail = null;
    }

    void append(final Order order)
    {
        order.level = this;
        order.previous = tail;
        order.next = null;
        if (null == tail)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        tail = order;
        quantity += order.quantity;
        orderCount++;
    }

    void remove(final Order order)
    {
        if (null == order.previous)
        {
            head = order.next;
        }
        else
        {
            order.previous.next = order.next;
        }
        if (null == order.next)
        {
            tail = order.previous;
        }
        else
        {
            order.next.previous = order.previous;
        }
        quantity -= order.quantity;
        orderCount--;
        order.reset();
    }
}
