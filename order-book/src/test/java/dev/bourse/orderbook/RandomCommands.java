package dev.bourse.orderbook;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

import java.util.SplittableRandom;

/**
 * A seeded, reproducible generator of engine commands for differential and snapshot tests. Prices cluster
 * around a fixed mid per instrument so that orders cross often; a small share of commands carry invalid
 * arguments to exercise every reject; cancels and replaces mostly name live orders, picked from the shadow
 * book of a {@link BookInvariants} and looked up in the engine it watches.
 */
final class RandomCommands
{
    static final int[] INSTRUMENT_IDS = {1, 2, 7};
    static final long[] TICK_SIZES = {1, 5, 100};
    static final long[] LOT_SIZES = {1, 10, 100};
    static final long[] MIDS = {1_000, 5_000, 100_000};
    static final long START_NS = 1_700_000_000_000_000_000L;
    static final long DAY_END_OFFSET_NS = 21L * 3600 * 1_000_000_000L;
    static final int ACCOUNTS = 6;

    private static final CancelReason[] MASS_CANCEL_REASONS = {
        CancelReason.MASS_CANCEL, CancelReason.KILL_SWITCH, CancelReason.DISCONNECT, CancelReason.ADMIN};
    private static final StpMode[] STP_MODES = {
        StpMode.NONE, StpMode.CANCEL_RESTING, StpMode.CANCEL_AGGRESSING, StpMode.CANCEL_BOTH,
        StpMode.DECREMENT_AND_CANCEL};
    private static final TimeInForce[] ALL_TIFS = TimeInForce.values();

    /**
     * One command, applicable to any engine.
     */
    static final class Command
    {
        final char kind;
        final long nowNs;
        final long account;
        final long clientOrderId;
        final int instrumentId;
        final Side side;
        final OrderType orderType;
        final TimeInForce timeInForce;
        final boolean postOnly;
        final long price;
        final long quantity;
        final long expireTimeNs;
        final long orderId;
        final CancelReason reason;
        final StpMode stpMode;
        long protectionPrice;
        TimeInForce massCancelTimeInForce;

        Command(
            final char kind,
            final long nowNs,
            final long account,
            final long clientOrderId,
            final int instrumentId,
            final Side side,
            final OrderType orderType,
            final TimeInForce timeInForce,
            final boolean postOnly,
            final long price,
            final long quantity,
            final long expireTimeNs,
            final long orderId,
            final CancelReason reason,
            final StpMode stpMode)
        {
            this.protectionPrice = EngineConstants.NULL_PRICE;
            this.massCancelTimeInForce = TimeInForce.NULL_VAL;
            this.kind = kind;
            this.nowNs = nowNs;
            this.account = account;
            this.clientOrderId = clientOrderId;
            this.instrumentId = instrumentId;
            this.side = side;
            this.orderType = orderType;
            this.timeInForce = timeInForce;
            this.postOnly = postOnly;
            this.price = price;
            this.quantity = quantity;
            this.expireTimeNs = expireTimeNs;
            this.orderId = orderId;
            this.reason = reason;
            this.stpMode = stpMode;
        }

        /**
         * Apply the command.
         *
         * @param engine the engine.
         * @return the command's result as text: the reject reason, or the number of orders expired.
         */
        String apply(final MatchingEngine engine)
        {
            switch (kind)
            {
                case 'P':
                    if (EngineConstants.NULL_PRICE == protectionPrice)
                    {
                        return engine.placeOrder(nowNs, account, clientOrderId, instrumentId, side, orderType,
                            timeInForce, postOnly, price, quantity, expireTimeNs).name();
                    }
                    return engine.placeOrder(nowNs, account, clientOrderId, instrumentId, side, orderType,
                        timeInForce, postOnly, price, quantity, expireTimeNs, protectionPrice).name();
                case 'C':
                    return engine.cancelOrder(nowNs, account, orderId).name();
                case 'R':
                    return engine.replaceOrder(nowNs, account, orderId, clientOrderId, price, quantity).name();
                case 'M':
                    if (TimeInForce.NULL_VAL == massCancelTimeInForce)
                    {
                        return engine.massCancel(nowNs, account, instrumentId, side, reason).name();
                    }
                    return engine.massCancel(
                        nowNs, account, instrumentId, side, reason, massCancelTimeInForce).name();
                case 'E':
                    return "expired=" + engine.expireOrders(nowNs);
                case 'S':
                    return engine.setAccountStp(account, stpMode, orderId).name();
                case 'I':
                    return engine.addInstrument(instrumentId, price, quantity).name();
                default:
                    throw new IllegalStateException("unknown command kind " + kind);
            }
        }

        Command protection(final long price)
        {
            protectionPrice = price;
            return this;
        }

        Command timeInForceFilter(final TimeInForce timeInForce)
        {
            massCancelTimeInForce = timeInForce;
            return this;
        }

        /**
         * The side-effect-free structural check of a place or replace command.
         *
         * @param engine the engine.
         * @return the check's result for a place or replace, otherwise the empty string.
         */
        String check(final MatchingEngine engine)
        {
            switch (kind)
            {
                case 'P':
                    return engine.checkOrder(nowNs, account, instrumentId, side, orderType, timeInForce, postOnly,
                        price, quantity, expireTimeNs, protectionPrice).name();
                case 'R':
                    return engine.checkReplace(account, orderId, price, quantity).name();
                default:
                    return "";
            }
        }

        public String toString()
        {
            switch (kind)
            {
                case 'P':
                    return "placeOrder(" + nowNs + "L, " + account + ", " + clientOrderId + ", " + instrumentId +
                        ", " + side + ", " + orderType + ", " + timeInForce + ", " + postOnly + ", " + price + ", " +
                        quantity + ", " + expireTimeNs +
                        (EngineConstants.NULL_PRICE == protectionPrice ? "" : ", " + protectionPrice) + ")";
                case 'C':
                    return "cancelOrder(" + nowNs + "L, " + account + ", " + orderId + ")";
                case 'R':
                    return "replaceOrder(" + nowNs + "L, " + account + ", " + orderId + ", " + clientOrderId + ", " +
                        price + ", " + quantity + ")";
                case 'M':
                    return "massCancel(" + nowNs + "L, " + account + ", " + instrumentId + ", " + side + ", " +
                        reason + (TimeInForce.NULL_VAL == massCancelTimeInForce ? "" : ", " + massCancelTimeInForce) +
                        ")";
                case 'E':
                    return "expireOrders(" + nowNs + "L)";
                case 'S':
                    return "setAccountStp(" + account + ", " + stpMode + ", " + orderId + ")";
                case 'I':
                    return "addInstrument(" + instrumentId + ", " + price + ", " + quantity + ")";
                default:
                    return "?" + kind;
            }
        }
    }

    private final SplittableRandom random;
    private final int maxLiveOrders;
    private long nowNs = START_NS;
    private long nextClientOrderId = 1;
    private long foundAccount;
    private long foundPrice;
    private long foundQuantity;
    private long foundFilled;
    private int foundInstrumentId;
    private Side foundSide;
    private final OrderVisitor finder = (orderId, account, clientOrderId, instrumentId, side, timeInForce, postOnly,
        price, quantity, filledQuantity, expireTimeNs, stpGroup) ->
    {
        foundAccount = account;
        foundPrice = price;
        foundQuantity = quantity;
        foundFilled = filledQuantity;
        foundInstrumentId = instrumentId;
        foundSide = side;
    };

    RandomCommands(final long seed, final int maxLiveOrders)
    {
        this.random = new SplittableRandom(seed);
        this.maxLiveOrders = maxLiveOrders;
    }

    static void defineInstruments(final MatchingEngine engine)
    {
        for (int i = 0; i < INSTRUMENT_IDS.length; i++)
        {
            final RejectReason result = engine.addInstrument(INSTRUMENT_IDS[i], TICK_SIZES[i], LOT_SIZES[i]);
            if (result != RejectReason.NONE)
            {
                throw new IllegalStateException("addInstrument " + INSTRUMENT_IDS[i] + ": " + result);
            }
        }
    }

    /**
     * The next command.
     *
     * @param book   the shadow book of an engine that has applied every earlier command.
     * @param engine that engine, for looking up live orders.
     * @return the command.
     */
    Command next(final BookInvariants book, final MatchingEngine engine)
    {
        advanceTime();
        final int live = book.liveCount();
        final int placeWeight = live > maxLiveOrders ? 0 : 540;
        final int cancelWeight = live < maxLiveOrders / 4 ? 50 : live < maxLiveOrders / 2 ? 150 : 320;
        int roll = random.nextInt(placeWeight + cancelWeight + 180 + 6 + 40 + 12 + 3);
        if ((roll -= placeWeight) < 0)
        {
            return place();
        }
        if ((roll -= cancelWeight) < 0)
        {
            return cancel(book, engine);
        }
        if ((roll -= 180) < 0)
        {
            return replace(book, engine);
        }
        if ((roll -= 6) < 0)
        {
            return massCancel();
        }
        if ((roll -= 40) < 0)
        {
            return new Command('E', nowNs, 0, 0, 0, null, null, null, false, 0, 0, 0, 0, null, null);
        }
        if ((roll -= 12) < 0)
        {
            return setStp();
        }
        return addInstrument();
    }

    private void advanceTime()
    {
        final int roll = random.nextInt(100);
        if (roll < 20)
        {
            return;
        }
        nowNs += roll < 95 ? random.nextLong(1, 2_000_000_000L) : random.nextLong(1, 600_000_000_000L);
    }

    private boolean rare(final int perMille)
    {
        return random.nextInt(1000) < perMille;
    }

    private long account()
    {
        return 1 + random.nextInt(ACCOUNTS);
    }

    private long nearPrice(final int index)
    {
        return MIDS[index] + TICK_SIZES[index] * random.nextInt(-6, 7);
    }

    /**
     * A limit price mostly on the passive side of the mid, crossing it by up to three ticks, so that books build
     * depth while the best levels still trade often.
     */
    private long passivePrice(final int index, final Side side)
    {
        final long ticksAway = random.nextInt(-3, 10);
        return MIDS[index] + TICK_SIZES[index] * (side == Side.SELL ? ticksAway : -ticksAway);
    }

    private long lots(final int index)
    {
        return LOT_SIZES[index] * random.nextInt(1, 20);
    }

    private long badPrice(final int index)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return 0;
            case 1:
                return -TICK_SIZES[index];
            case 2:
                return EngineConstants.MAX_PRICE + TICK_SIZES[index];
            default:
                return TICK_SIZES[index] == 1 ? 0 : nearPrice(index) + 1;
        }
    }

    private long badQuantity(final int index)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return 0;
            case 1:
                return -LOT_SIZES[index];
            case 2:
                return EngineConstants.MAX_QUANTITY + LOT_SIZES[index];
            default:
                return LOT_SIZES[index] == 1 ? 0 : lots(index) + 1;
        }
    }

    private Command place()
    {
        final int index = random.nextInt(INSTRUMENT_IDS.length);
        final int instrumentId = rare(3) ? 99 : INSTRUMENT_IDS[index];
        final Side side = rare(3) ? (random.nextBoolean() ? null : Side.NULL_VAL) :
            (random.nextBoolean() ? Side.BUY : Side.SELL);
        final boolean market = random.nextInt(100) < 6;
        final OrderType orderType = rare(3) ? OrderType.NULL_VAL : (market ? OrderType.MARKET : OrderType.LIMIT);
        final TimeInForce timeInForce;
        if (rare(5))
        {
            timeInForce = ALL_TIFS[random.nextInt(ALL_TIFS.length)];
        }
        else if (market)
        {
            timeInForce = random.nextInt(100) < 65 ? TimeInForce.IOC : TimeInForce.FOK;
        }
        else
        {
            final int tifRoll = random.nextInt(100);
            timeInForce = tifRoll < 40 ? TimeInForce.GTC : tifRoll < 55 ? TimeInForce.IOC :
                tifRoll < 65 ? TimeInForce.FOK : tifRoll < 82 ? TimeInForce.DAY : TimeInForce.GTD;
        }
        final boolean resting = timeInForce == TimeInForce.GTC || timeInForce == TimeInForce.DAY ||
            timeInForce == TimeInForce.GTD;
        final boolean postOnly = (!market && resting && random.nextInt(100) < 12) || rare(4);
        final long price;
        if (rare(6))
        {
            price = badPrice(index);
        }
        else if (market)
        {
            price = rare(5) ? nearPrice(index) : 0;
        }
        else
        {
            price = passivePrice(index, side);
        }
        final long quantity = rare(6) ? badQuantity(index) : lots(index);
        final long expireTimeNs;
        if (timeInForce == TimeInForce.GTD)
        {
            expireTimeNs = rare(10) ? nowNs - random.nextLong(0, 1000) :
                nowNs + random.nextLong(1, random.nextBoolean() ? 1_000_000_000L : 600_000_000_000L);
        }
        else
        {
            expireTimeNs = rare(4) ? nowNs + 1 : 0;
        }
        final long protectionPrice;
        if (rare(3))
        {
            protectionPrice = random.nextBoolean() ? 0 : nearPrice(index);
        }
        else if (market && random.nextBoolean())
        {
            protectionPrice = nearPrice(index);
        }
        else
        {
            protectionPrice = EngineConstants.NULL_PRICE;
        }
        return new Command('P', nowNs, account(), nextClientOrderId++, instrumentId, side, orderType, timeInForce,
            postOnly, price, quantity, expireTimeNs, 0, null, null).protection(protectionPrice);
    }

    private long pickLive(final BookInvariants book, final MatchingEngine engine)
    {
        final long orderId = book.liveOrderId(random.nextInt(book.liveCount()));
        if (!engine.lookupOrder(orderId, finder))
        {
            throw new IllegalStateException("shadow book order " + orderId + " is not live in the engine");
        }
        return orderId;
    }

    private Command cancel(final BookInvariants book, final MatchingEngine engine)
    {
        final int roll = random.nextInt(100);
        if (book.liveCount() == 0 || roll < 8)
        {
            final long orderId = random.nextLong(0, engine.nextOrderId() + 3);
            return new Command('C', nowNs, account(), 0, 0, null, null, null, false, 0, 0, 0, orderId, null, null);
        }
        final long orderId = pickLive(book, engine);
        final long account = roll < 15 ? foundAccount % ACCOUNTS + 1 : foundAccount;
        return new Command('C', nowNs, account, 0, 0, null, null, null, false, 0, 0, 0, orderId, null, null);
    }

    private Command replace(final BookInvariants book, final MatchingEngine engine)
    {
        final long clientOrderId = nextClientOrderId++;
        final int roll = random.nextInt(100);
        if (book.liveCount() == 0 || roll < 5)
        {
            final long orderId = random.nextLong(0, engine.nextOrderId() + 3);
            return new Command('R', nowNs, account(), clientOrderId, 0, null, null, null, false, 100, 10, 0,
                orderId, null, null);
        }
        final long orderId = pickLive(book, engine);
        final long account = roll < 10 ? foundAccount % ACCOUNTS + 1 : foundAccount;
        int index = 0;
        while (INSTRUMENT_IDS[index] != foundInstrumentId)
        {
            index++;
        }
        final long lot = LOT_SIZES[index];
        final long price;
        final int priceRoll = random.nextInt(100);
        if (priceRoll < 55)
        {
            price = foundPrice;
        }
        else if (priceRoll < 98)
        {
            price = passivePrice(index, foundSide);
        }
        else
        {
            price = badPrice(index);
        }
        final long quantity;
        final int quantityRoll = random.nextInt(100);
        if (quantityRoll < 40)
        {
            quantity = Math.max(lot, foundQuantity - lot * random.nextInt(1, 5));
        }
        else if (quantityRoll < 75)
        {
            quantity = foundQuantity + lot * random.nextInt(1, 8);
        }
        else if (quantityRoll < 90)
        {
            quantity = foundQuantity;
        }
        else if (quantityRoll < 96)
        {
            quantity = foundFilled - lot * random.nextInt(0, 2);
        }
        else
        {
            quantity = badQuantity(index);
        }
        return new Command('R', nowNs, account, clientOrderId, 0, null, null, null, false, price, quantity, 0,
            orderId, null, null);
    }

    private Command massCancel()
    {
        final int roll = random.nextInt(100);
        final int instrumentId = roll < 50 ? EngineConstants.ANY_INSTRUMENT :
            roll < 92 ? INSTRUMENT_IDS[random.nextInt(INSTRUMENT_IDS.length)] : 98;
        final int sideRoll = random.nextInt(20);
        final Side side = sideRoll == 0 ? null : sideRoll < 7 ? Side.NULL_VAL : sideRoll < 14 ? Side.BUY : Side.SELL;
        final CancelReason reason = rare(30) ? null : MASS_CANCEL_REASONS[random.nextInt(MASS_CANCEL_REASONS.length)];
        final int tifRoll = random.nextInt(20);
        final TimeInForce timeInForce = tifRoll < 12 ? TimeInForce.NULL_VAL : tifRoll < 15 ? TimeInForce.DAY :
            tifRoll < 17 ? TimeInForce.GTC : tifRoll < 19 ? TimeInForce.GTD : null;
        return new Command('M', nowNs, account(), 0, instrumentId, side, null, null, false, 0, 0, 0, 0, reason,
            null).timeInForceFilter(timeInForce);
    }

    private Command setStp()
    {
        final StpMode mode = rare(30) ? StpMode.NULL_VAL : STP_MODES[random.nextInt(STP_MODES.length)];
        final int groupRoll = random.nextInt(100);
        final long group = groupRoll < 50 ? 0 : groupRoll < 75 ? 1 : groupRoll < 97 ? 2 : -1;
        return new Command('S', nowNs, account(), 0, 0, null, null, null, false, 0, 0, 0, group, null, mode);
    }

    private Command addInstrument()
    {
        final int roll = random.nextInt(4);
        final int instrumentId = roll == 0 ? 0 : INSTRUMENT_IDS[random.nextInt(INSTRUMENT_IDS.length)];
        final long tick = roll == 1 ? 0 : 1;
        final long lot = roll == 2 ? -1 : 1;
        return new Command('I', nowNs, 0, 0, instrumentId, null, null, null, false, tick, lot, 0, 0, null, null);
    }
}
