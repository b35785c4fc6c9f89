package dev.bourse.perf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The generator's model of the books: plain price-time priority with no self-trade prevention (every account runs
 * STP mode NONE), enough to know which slots are live and what each command will do. Every command goes through
 * here and into the stream, so the stream and the model never disagree. Not used at benchmark time.
 */
final class BookSimulator
{
    private final CommandStream.Builder out;
    private final int instrumentCount;
    private final List<TreeMap<Long, ArrayDeque<Integer>>> books = new ArrayList<>();

    private final int[] slotInstrument;
    private final byte[] slotSide;
    private final int[] slotAccount;
    private final long[] slotPrice;
    private final long[] slotQuantity;
    private final long[] slotFilled;
    private final boolean[] slotLive;

    private final int[] liveList;
    private final int[] livePos;
    private int liveCount;
    private final int[] liveByInstrument;

    private final int[] freeList;
    private final int[] freePos;
    private int freeCount;

    private List<List<int[]>> snapshotLevels;
    private List<long[]> snapshotPrices;
    private long[] snapshotQuantity;
    private int[] snapshotAccount;

    BookSimulator(final CommandStream.Builder out, final int instrumentCount, final int slotCapacity)
    {
        this.out = out;
        this.instrumentCount = instrumentCount;
        for (int i = 0; i < instrumentCount; i++)
        {
            books.add(new TreeMap<>(Collections.reverseOrder()));
            books.add(new TreeMap<>());
        }
        slotInstrument = new int[slotCapacity];
        slotSide = new byte[slotCapacity];
        slotAccount = new int[slotCapacity];
        slotPrice = new long[slotCapacity];
        slotQuantity = new long[slotCapacity];
        slotFilled = new long[slotCapacity];
        slotLive = new boolean[slotCapacity];
        liveList = new int[slotCapacity];
        livePos = new int[slotCapacity];
        liveByInstrument = new int[instrumentCount + 1];
        freeList = new int[slotCapacity];
        freePos = new int[slotCapacity];
        for (int s = slotCapacity - 1; s >= 0; s--)
        {
            freePos[s] = freeCount;
            freeList[freeCount++] = s;
        }
    }

    int liveCount()
    {
        return liveCount;
    }

    int liveCount(final int instrumentId)
    {
        return liveByInstrument[instrumentId];
    }

    int liveSlotAt(final int index)
    {
        return liveList[index];
    }

    int instrumentOf(final int slot)
    {
        return slotInstrument[slot];
    }

    byte sideOf(final int slot)
    {
        return slotSide[slot];
    }

    long priceOf(final int slot)
    {
        return slotPrice[slot];
    }

    long quantityOf(final int slot)
    {
        return slotQuantity[slot];
    }

    long leavesOf(final int slot)
    {
        return slotQuantity[slot] - slotFilled[slot];
    }

    /**
     * The best price of one side, or 0 when it is empty.
     */
    long bestPrice(final int instrumentId, final byte side)
    {
        final TreeMap<Long, ArrayDeque<Integer>> book = book(instrumentId, side);
        return book.isEmpty() ? 0 : book.firstKey();
    }

    /**
     * Open quantity at one price, 0 when the level is empty.
     */
    long levelQuantity(final int instrumentId, final byte side, final long price)
    {
        final ArrayDeque<Integer> level = book(instrumentId, side).get(price);
        long sum = 0;
        if (null != level)
        {
            for (final Integer s : level)
            {
                sum += leavesOf(s);
            }
        }
        return sum;
    }

    /**
     * The price of the n-th best level of one side (0 is the best), or 0 when there are fewer levels.
     */
    long levelPrice(final int instrumentId, final byte side, final int n)
    {
        int i = 0;
        for (final Long p : book(instrumentId, side).keySet())
        {
            if (i++ == n)
            {
                return p;
            }
        }
        return 0;
    }

    int place(
        final int instrumentId, final byte side, final long price, final long quantity, final int account)
    {
        final int slot = allocate(freeList[freeCount - 1]);
        placeInSlot(slot, instrumentId, side, price, quantity, account);
        return slot;
    }

    private void placeInSlot(
        final int slot,
        final int instrumentId,
        final byte side,
        final long price,
        final long quantity,
        final int account)
    {
        out.add(CommandStream.PLACE, side, instrumentId, slot, account, price, quantity, 0);
        slotInstrument[slot] = instrumentId;
        slotSide[slot] = side;
        slotAccount[slot] = account;
        slotPrice[slot] = price;
        slotQuantity[slot] = quantity;
        slotFilled[slot] = 0;
        addLive(slot);
        final long leaves = match(instrumentId, side, price, quantity);
        slotFilled[slot] = quantity - leaves;
        if (leaves > 0)
        {
            rest(slot);
        }
        else
        {
            kill(slot);
        }
    }

    void aggress(
        final int instrumentId, final byte side, final long limitPrice, final long quantity, final int account)
    {
        out.add(CommandStream.AGGRESS, side, instrumentId, -1, account, limitPrice, quantity, 0);
        match(instrumentId, side, limitPrice, quantity);
    }

    void cancel(final int slot)
    {
        requireLive(slot);
        out.add(CommandStream.CANCEL, slotSide[slot], slotInstrument[slot], slot, slotAccount[slot], 0, 0, 0);
        unrest(slot);
        kill(slot);
    }

    /**
     * Same price, lower total quantity that stays above the filled quantity: keeps priority.
     */
    void replaceKeep(final int slot, final long newQuantity)
    {
        requireLive(slot);
        if (newQuantity >= slotQuantity[slot] || newQuantity <= slotFilled[slot])
        {
            throw new IllegalStateException("not a priority-keeping replace");
        }
        out.add(CommandStream.REPLACE_KEEP, slotSide[slot], slotInstrument[slot], slot, slotAccount[slot],
            slotPrice[slot], newQuantity, slotQuantity[slot] - newQuantity);
        slotQuantity[slot] = newQuantity;
    }

    /**
     * New price, same quantity: loses priority and re-enters as a taker.
     */
    void replaceLose(final int slot, final long newPrice)
    {
        requireLive(slot);
        if (newPrice == slotPrice[slot])
        {
            throw new IllegalStateException("not a priority-losing replace");
        }
        out.add(CommandStream.REPLACE_LOSE, slotSide[slot], slotInstrument[slot], slot, slotAccount[slot],
            newPrice, slotQuantity[slot], 0);
        unrest(slot);
        slotPrice[slot] = newPrice;
        final long leaves = match(slotInstrument[slot], slotSide[slot], newPrice, leavesOf(slot));
        slotFilled[slot] = slotQuantity[slot] - leaves;
        if (leaves > 0)
        {
            rest(slot);
        }
        else
        {
            kill(slot);
        }
    }

    /**
     * Remember the current books; {@link #restoreSnapshot()} brings them back. Every order must be unfilled.
     */
    void takeSnapshot()
    {
        snapshotLevels = new ArrayList<>();
        snapshotPrices = new ArrayList<>();
        snapshotQuantity = slotQuantity.clone();
        snapshotAccount = slotAccount.clone();
        for (final TreeMap<Long, ArrayDeque<Integer>> book : books)
        {
            final List<int[]> levels = new ArrayList<>();
            final long[] prices = new long[book.size()];
            int i = 0;
            for (final Map.Entry<Long, ArrayDeque<Integer>> e : book.entrySet())
            {
                prices[i++] = e.getKey();
                final int[] slots = new int[e.getValue().size()];
                int j = 0;
                for (final Integer s : e.getValue())
                {
                    if (slotFilled[s] != 0)
                    {
                        throw new IllegalStateException("snapshot of a partly filled order");
                    }
                    slots[j++] = s;
                }
                levels.add(slots);
            }
            snapshotLevels.add(levels);
            snapshotPrices.add(prices);
        }
    }

    /**
     * Emit the commands that bring the books back to the snapshot: per level, the orders after the longest
     * unchanged prefix of the queue are cancelled, then the snapshot's orders are placed again in queue order.
     */
    void restoreSnapshot()
    {
        final List<Integer> toCancel = new ArrayList<>();
        final List<int[]> toPlace = new ArrayList<>();
        for (int b = 0; b < books.size(); b++)
        {
            final TreeMap<Long, ArrayDeque<Integer>> book = books.get(b);
            final TreeMap<Long, int[]> wanted = new TreeMap<>();
            final long[] prices = snapshotPrices.get(b);
            for (int i = 0; i < prices.length; i++)
            {
                wanted.put(prices[i], snapshotLevels.get(b).get(i));
            }
            final TreeSet<Long> allPrices = new TreeSet<>(wanted.keySet());
            allPrices.addAll(book.keySet());
            for (final Long p : allPrices)
            {
                final int[] want = wanted.getOrDefault(p, new int[0]);
                final ArrayDeque<Integer> have = book.getOrDefault(p, new ArrayDeque<>());
                int k = 0;
                final Iterator<Integer> it = have.iterator();
                while (it.hasNext())
                {
                    final int s = it.next();
                    if (k < want.length && s == want[k] && slotFilled[s] == 0 &&
                        slotQuantity[s] == snapshotQuantity[s] && slotAccount[s] == snapshotAccount[s])
                    {
                        k++;
                    }
                    else
                    {
                        toCancel.add(s);
                        while (it.hasNext())
                        {
                            toCancel.add(it.next());
                        }
                    }
                }
                for (int j = k; j < want.length; j++)
                {
                    toPlace.add(new int[]{want[j], b});
                }
            }
        }
        for (final Integer s : toCancel)
        {
            cancel(s);
        }
        for (final int[] sp : toPlace)
        {
            final int s = sp[0];
            final int b = sp[1];
            allocate(s);
            placeInSlot(s, b / 2 + 1, (byte)(b % 2), findSnapshotPrice(b, s), snapshotQuantity[s], snapshotAccount[s]);
        }
        verifySnapshot();
    }

    private long findSnapshotPrice(final int book, final int slot)
    {
        final List<int[]> levels = snapshotLevels.get(book);
        for (int i = 0; i < levels.size(); i++)
        {
            for (final int s : levels.get(i))
            {
                if (s == slot)
                {
                    return snapshotPrices.get(book)[i];
                }
            }
        }
        throw new IllegalStateException("slot not in snapshot " + slot);
    }

    private void verifySnapshot()
    {
        for (int b = 0; b < books.size(); b++)
        {
            final TreeMap<Long, ArrayDeque<Integer>> book = books.get(b);
            final long[] prices = snapshotPrices.get(b);
            if (book.size() != prices.length)
            {
                throw new IllegalStateException("restore failed: level count of book " + b);
            }
            int i = 0;
            for (final Map.Entry<Long, ArrayDeque<Integer>> e : book.entrySet())
            {
                final int[] want = snapshotLevels.get(b).get(i);
                if (e.getKey() != prices[i] || e.getValue().size() != want.length)
                {
                    throw new IllegalStateException("restore failed: level " + prices[i]);
                }
                int j = 0;
                for (final Integer s : e.getValue())
                {
                    if (s != want[j++] || slotFilled[s] != 0 || slotQuantity[s] != snapshotQuantity[s])
                    {
                        throw new IllegalStateException("restore failed: queue at " + prices[i]);
                    }
                }
                i++;
            }
        }
    }

    private TreeMap<Long, ArrayDeque<Integer>> book(final int instrumentId, final byte side)
    {
        if (instrumentId < 1 || instrumentId > instrumentCount)
        {
            throw new IllegalArgumentException("instrument " + instrumentId);
        }
        return books.get((instrumentId - 1) * 2 + side);
    }

    /**
     * Match an aggressor against the opposite side; returns the quantity left.
     */
    private long match(final int instrumentId, final byte side, final long limitPrice, final long quantity)
    {
        final TreeMap<Long, ArrayDeque<Integer>> opposite =
            book(instrumentId, side == CommandStream.BUY ? CommandStream.SELL : CommandStream.BUY);
        long remaining = quantity;
        while (remaining > 0 && !opposite.isEmpty())
        {
            final long best = opposite.firstKey();
            final boolean crosses = side == CommandStream.BUY ? best <= limitPrice : best >= limitPrice;
            if (!crosses)
            {
                break;
            }
            final ArrayDeque<Integer> level = opposite.get(best);
            while (remaining > 0 && !level.isEmpty())
            {
                final int maker = level.peekFirst();
                final long fill = Math.min(remaining, leavesOf(maker));
                slotFilled[maker] += fill;
                remaining -= fill;
                if (leavesOf(maker) == 0)
                {
                    level.pollFirst();
                    kill(maker);
                }
            }
            if (level.isEmpty())
            {
                opposite.remove(best);
            }
        }
        return remaining;
    }

    private void rest(final int slot)
    {
        book(slotInstrument[slot], slotSide[slot]).computeIfAbsent(slotPrice[slot], p -> new ArrayDeque<>())
            .addLast(slot);
    }

    private void unrest(final int slot)
    {
        final TreeMap<Long, ArrayDeque<Integer>> book = book(slotInstrument[slot], slotSide[slot]);
        final ArrayDeque<Integer> level = book.get(slotPrice[slot]);
        if (null == level || !level.remove(slot))
        {
            throw new IllegalStateException("slot not in book " + slot);
        }
        if (level.isEmpty())
        {
            book.remove(slotPrice[slot]);
        }
    }

    private void requireLive(final int slot)
    {
        if (!slotLive[slot])
        {
            throw new IllegalStateException("slot not live " + slot);
        }
    }

    private int allocate(final int slot)
    {
        if (slotLive[slot])
        {
            throw new IllegalStateException("slot in use " + slot);
        }
        final int pos = freePos[slot];
        final int last = freeList[--freeCount];
        freeList[pos] = last;
        freePos[last] = pos;
        return slot;
    }

    private void addLive(final int slot)
    {
        slotLive[slot] = true;
        livePos[slot] = liveCount;
        liveList[liveCount++] = slot;
        liveByInstrument[slotInstrument[slot]]++;
    }

    private void kill(final int slot)
    {
        slotLive[slot] = false;
        final int pos = livePos[slot];
        final int last = liveList[--liveCount];
        liveList[pos] = last;
        livePos[last] = pos;
        liveByInstrument[slotInstrument[slot]]--;
        freePos[slot] = freeCount;
        freeList[freeCount++] = slot;
    }
}
