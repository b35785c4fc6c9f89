package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineConstants;
import dev.bourse.orderbook.EngineSnapshotLoader;
import dev.bourse.orderbook.EngineSnapshotWriter;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.bourse.orderbook.EngineConstants.NULL_PRICE;
import static dev.bourse.orderbook.risk.RiskControls.NO_LIMIT;
import static dev.bourse.orderbook.risk.RiskControls.NO_LIMIT_32;

/**
 * A random risk scenario decoded from plain integers (so that jqwik can generate and shrink it): controls for two
 * instruments, limits for four accounts, and a stream of steps. {@link Run} plays it like the cluster service would
 * (a throttle check before every order-entry message, cancel-on-disconnect on a throttle disconnect) and can check
 * the risk guarantees after every step against the {@link Oracle}.
 */
final class RiskScenario
{
    static final int[] INSTRUMENT_IDS = {1, 2};
    static final long[] TICKS = {1, 5};
    static final long[] LOTS = {1, 10};
    static final long[] MIDS = {1_000, 5_000};
    static final int ACCOUNTS = 4;
    static final long T0 = 1_700_000_000_000_000_000L;
    static final int SETUP_INSTRUMENT_INTS = 4;
    static final int SETUP_ACCOUNT_INTS = 8;
    static final int STEP_INTS = 8;

    private static final int[] BAND_BPS = {0, 0, 30, 100, 500, 2_000};
    private static final int[] NEW_BAND_BPS = {0, 30, 30, 60, 2_000};
    private static final StpMode[] STP_MODES = {
        StpMode.NONE, StpMode.CANCEL_RESTING, StpMode.CANCEL_AGGRESSING, StpMode.CANCEL_BOTH,
        StpMode.DECREMENT_AND_CANCEL};
    private static final TradingStatus[] STATUSES = {
        TradingStatus.OPEN, TradingStatus.OPEN, TradingStatus.OPEN, TradingStatus.OPEN, TradingStatus.OPEN,
        TradingStatus.OPEN, TradingStatus.PRE_OPEN, TradingStatus.HALTED, TradingStatus.CLOSED};

    private final int[] setup;
    private final List<int[]> steps;
    private final boolean limitChanges;

    /**
     * @param setup        {@code 2 * SETUP_INSTRUMENT_INTS + ACCOUNTS * SETUP_ACCOUNT_INTS} values in [0, 1000).
     * @param steps        each {@code STEP_INTS} values in [0, 1000).
     * @param limitChanges whether steps may change account limits and instrument controls mid-stream.
     */
    RiskScenario(final int[] setup, final List<int[]> steps, final boolean limitChanges)
    {
        this.setup = setup;
        this.steps = steps;
        this.limitChanges = limitChanges;
    }

    static int setupLength()
    {
        return INSTRUMENT_IDS.length * SETUP_INSTRUMENT_INTS + ACCOUNTS * SETUP_ACCOUNT_INTS;
    }

    static int indexOf(final int instrumentId)
    {
        return instrumentId == INSTRUMENT_IDS[0] ? 0 : 1;
    }

    List<int[]> steps()
    {
        return steps;
    }

    int bandBps(final int index)
    {
        return BAND_BPS[setup[index * SETUP_INSTRUMENT_INTS] % BAND_BPS.length];
    }

    long referencePrice(final int index)
    {
        final int value = setup[index * SETUP_INSTRUMENT_INTS + 1];
        return value < 200 ? NULL_PRICE : MIDS[index] + TICKS[index] * (value % 7 - 3);
    }

    private long maxOrderQuantity(final int index)
    {
        final int value = setup[index * SETUP_INSTRUMENT_INTS + 2];
        return value < 600 ? NO_LIMIT : LOTS[index] * (10 + value % 40);
    }

    private long maxOrderNotional(final int index)
    {
        final int value = setup[index * SETUP_INSTRUMENT_INTS + 3];
        return value < 600 ? NO_LIMIT : MIDS[index] * LOTS[index] * (10 + value % 40);
    }

    private int accountInt(final long account, final int field)
    {
        return setup[INSTRUMENT_IDS.length * SETUP_INSTRUMENT_INTS + (int)(account - 1) * SETUP_ACCOUNT_INTS + field];
    }

    private static long limit(final int value, final long scale)
    {
        return value < 300 ? NO_LIMIT : scale * (value % 60);
    }

    private static int limit32(final int value, final int modulus)
    {
        return value < 300 ? NO_LIMIT_32 : value % modulus;
    }

    void configure(final RiskCheckedEngine engine)
    {
        for (int i = 0; i < INSTRUMENT_IDS.length; i++)
        {
            check(RejectReason.NONE == engine.defineInstrument(INSTRUMENT_IDS[i], TICKS[i], LOTS[i],
                referencePrice(i), bandBps(i), maxOrderQuantity(i), maxOrderNotional(i), TradingStatus.OPEN),
                "define instrument");
        }
        for (long account = 1; account <= ACCOUNTS; account++)
        {
            applyLimits(engine, account, 0);
        }
    }

    private void applyLimits(final RiskCheckedEngine engine, final long account, final int salt)
    {
        if (ACCOUNTS == account)
        {
            // The last account never has limits: the layer must stay exact for accounts without controls too.
            check(RejectReason.NONE == engine.setAccountLimits(account, NO_LIMIT_32, NO_LIMIT, NO_LIMIT, NO_LIMIT,
                NO_LIMIT_32, NO_LIMIT_32, false, StpMode.NONE, 0), "limits");
            return;
        }
        final int reject = limit32((accountInt(account, 4) + salt) % 1000, 25);
        final int disconnect = accountInt(account, 5) < 700 ? NO_LIMIT_32 : (NO_LIMIT_32 == reject ? 30 : reject + 5);
        final RejectReason result = engine.setAccountLimits(
            account,
            limit32((accountInt(account, 0) + salt) % 1000, 12),
            limit((accountInt(account, 1) + salt) % 1000, 5),
            limit((accountInt(account, 2) + salt) % 1000, 5),
            limit((accountInt(account, 3) + salt) % 1000, 40_000),
            reject,
            disconnect,
            accountInt(account, 6) % 2 == 0,
            STP_MODES[accountInt(account, 7) % STP_MODES.length],
            accountInt(account, 7) % 3 == 0 ? 1 : 0);
        check(RejectReason.NONE == result, "limits " + result);
    }

    private static void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalStateException("scenario setup failed: " + what);
        }
    }

    /**
     * One play of the scenario on one engine.
     */
    final class Run
    {
        final Oracle oracle = new Oracle(RiskScenario.this);
        final List<String> transcript = new ArrayList<>();
        RiskCheckedEngine engine;
        long now = T0;
        long nextClientOrderId = 1;
        int stepIndex;
        private final LiveOrders live = new LiveOrders();

        Run(final Inner inner)
        {
            engine = inner.wrap(oracle);
            configure(engine);
        }

        /**
         * Play the steps from the current one up to (excluding) {@code end}.
         *
         * @param end            index to stop at.
         * @param checkInvariants check the guarantees after every step.
         */
        void playUntil(final int end, final boolean checkInvariants)
        {
            while (stepIndex < end)
            {
                play(steps.get(stepIndex));
                transcript.add("#" + stepIndex + " " + String.join(" | ", oracle.drain()));
                if (checkInvariants)
                {
                    checkInvariants();
                }
                stepIndex++;
            }
        }

        private void play(final int[] step)
        {
            now += step[7] < 600 ? step[7] * 100_000L : step[7] * 5_000_000L;
            final long account = 1 + step[1] % ACCOUNTS;
            final int index = step[2] % INSTRUMENT_IDS.length;
            final int kind = step[0];
            if (kind < 880)
            {
                final ThrottleDecision decision = engine.checkThrottle(now, account);
                transcript.add("throttle " + account + " " + decision);
                if (ThrottleDecision.ACCEPT != decision)
                {
                    if (ThrottleDecision.DISCONNECT == decision && engine.isCancelOnDisconnect(account))
                    {
                        transcript.add("disconnect " + engine.cancelDayOrders(now, account));
                    }
                    return;
                }
                if (kind < 660)
                {
                    place(step, account, index);
                }
                else if (kind < 740)
                {
                    cancel(step);
                }
                else if (kind < 870)
                {
                    replace(step);
                }
                else
                {
                    transcript.add("mass " + engine.massCancel(now, account, EngineConstants.ANY_INSTRUMENT,
                        Side.NULL_VAL, CancelReason.MASS_CANCEL));
                }
            }
            else if (kind < 910)
            {
                final boolean engage = step[3] % 4 == 0;
                transcript.add("kill " + account + " " + engage + " " + engine.killSwitch(now, account, engage));
                oracle.killSwitch(account, engage);
            }
            else if (kind < 925)
            {
                final TradingStatus status = STATUSES[step[3] % STATUSES.length];
                transcript.add("status " + engine.setTradingStatus(INSTRUMENT_IDS[index], status));
            }
            else if (kind < 945)
            {
                transcript.add("expired " + engine.expireOrders(now));
            }
            else if (kind < 955)
            {
                transcript.add("day " + engine.cancelDayOrders(now, account));
            }
            else if (kind < 990)
            {
                // A new band: resting orders may now lie outside it, so market orders can be stopped by it.
                final int bps = NEW_BAND_BPS[step[3] % NEW_BAND_BPS.length];
                final long reference = step[4] < 100 ? NULL_PRICE : MIDS[index] + TICKS[index] * (step[4] % 21 - 10);
                transcript.add("band " + engine.updateInstrument(INSTRUMENT_IDS[index], reference, bps,
                    maxOrderQuantity(index), maxOrderNotional(index)));
                oracle.band(index, reference, bps);
            }
            else if (limitChanges)
            {
                applyLimits(engine, account, step[3]);
                transcript.add("limits " + account);
            }
        }

        private void place(final int[] step, final long account, final int index)
        {
            final Side side = step[3] % 2 == 0 ? Side.BUY : Side.SELL;
            final boolean market = step[4] < 150;
            // Some market orders are sweeps, large enough to run through the band.
            final long lots = market && step[5] > 800 ? 100 + step[5] % 100 : 1 + step[5] % 25;
            final long quantity = LOTS[index] * lots;
            // Mostly passive, up to four ticks through the mid, so that books build depth and still trade.
            final long ticksAway = step[6] % 13 - 4;
            final long price = market ? 0 : MIDS[index] + TICKS[index] * (Side.BUY == side ? -ticksAway : ticksAway);
            final TimeInForce timeInForce;
            if (market)
            {
                timeInForce = step[4] % 3 == 0 ? TimeInForce.FOK : TimeInForce.IOC;
                oracle.prepareMarket(engine, now, index, side, quantity);
            }
            else
            {
                final TimeInForce[] tifs = {TimeInForce.GTC, TimeInForce.GTC, TimeInForce.DAY, TimeInForce.GTD,
                    TimeInForce.IOC, TimeInForce.FOK};
                timeInForce = tifs[step[4] % tifs.length];
            }
            final long expire = TimeInForce.GTD == timeInForce ? now + 1 + step[5] * 20_000_000L : 0;
            final RejectReason result = engine.placeOrder(now, account, nextClientOrderId++, INSTRUMENT_IDS[index],
                side, market ? OrderType.MARKET : OrderType.LIMIT, timeInForce, false, price, quantity, expire);
            transcript.add("place " + result);
        }

        private void cancel(final int[] step)
        {
            live.collect(engine);
            if (live.orderIds.isEmpty())
            {
                return;
            }
            final int pick = step[3] % live.orderIds.size();
            transcript.add("cancel " + engine.cancelOrder(now, live.accounts.get(pick), live.orderIds.get(pick)));
        }

        private void replace(final int[] step)
        {
            live.collect(engine);
            if (live.orderIds.isEmpty())
            {
                return;
            }
            final int pick = step[3] % live.orderIds.size();
            final int index = indexOf(live.instruments.get(pick));
            final long price = Math.max(TICKS[index], live.prices.get(pick) + TICKS[index] * (step[6] % 7 - 3));
            final long quantity = live.filled.get(pick) + LOTS[index] * (1 + step[5] % 25);
            transcript.add("replace " + engine.replaceOrder(
                now, live.accounts.get(pick), live.orderIds.get(pick), nextClientOrderId++, price, quantity));
        }

        /**
         * The guarantees, recomputed independently from the engine's live orders and the oracle's fill ledger.
         */
        void checkInvariants()
        {
            live.collect(engine);
            final Map<String, long[]> open = new TreeMap<>();
            final long[] openOrders = new long[ACCOUNTS + 1];
            final long[] openNotional = new long[ACCOUNTS + 1];
            for (int i = 0; i < live.orderIds.size(); i++)
            {
                final long account = live.accounts.get(i);
                final long[] sides = open.computeIfAbsent(account + "/" + live.instruments.get(i), (k) -> new long[2]);
                sides[live.buys.get(i) ? 0 : 1] += live.leaves.get(i);
                openOrders[(int)account]++;
                openNotional[(int)account] += live.prices.get(i) * live.leaves.get(i);
            }
            for (long account = 1; account <= ACCOUNTS; account++)
            {
                final AccountReport report = new AccountReport();
                engine.queryAccount(account, EngineConstants.ANY_INSTRUMENT, report);
                long netAbs = 0;
                final List<String> expectedPositions = new ArrayList<>();
                for (final int instrumentId : INSTRUMENT_IDS)
                {
                    final long[] position = oracle.position(account, instrumentId);
                    final long[] sides = open.getOrDefault(account + "/" + instrumentId, new long[2]);
                    netAbs += Math.abs(position[1]);
                    if (report.positions.containsKey(instrumentId) || 0 != position[0] || 0 != sides[0] ||
                        0 != sides[1])
                    {
                        expectedPositions.add(instrumentId + ": pos=" + position[0] + " buy=" + sides[0] + " sell=" +
                            sides[1] + " net=" + position[1]);
                    }
                    if (NO_LIMIT != report.maxLong && position[0] + sides[0] > report.maxLong)
                    {
                        oracle.violations().add("account " + account + " long " + position[0] + " + " + sides[0] +
                            " above " + report.maxLong);
                    }
                    if (NO_LIMIT != report.maxShort && sides[1] - position[0] > report.maxShort)
                    {
                        oracle.violations().add("account " + account + " short " + sides[1] + " - " + position[0] +
                            " above " + report.maxShort);
                    }
                }
                final long creditUsed = openNotional[(int)account] + netAbs;
                if (NO_LIMIT != report.creditLimit && creditUsed > report.creditLimit)
                {
                    oracle.violations().add("account " + account + " credit " + creditUsed + " above " +
                        report.creditLimit);
                }
                if (NO_LIMIT_32 != report.maxOpenOrders && openOrders[(int)account] > report.maxOpenOrders)
                {
                    oracle.violations().add("account " + account + " has " + openOrders[(int)account] +
                        " open orders, limit " + report.maxOpenOrders);
                }
                if (creditUsed != report.creditUsed || openOrders[(int)account] != report.openOrders ||
                    !expectedPositions.equals(new ArrayList<>(report.positions.values())))
                {
                    oracle.violations().add("account " + account + " usage reported " + report.creditUsed + "/" +
                        report.openOrders + " " + report.positions.values() + ", recomputed " + creditUsed + "/" +
                        openOrders[(int)account] + " " + expectedPositions);
                }
            }
        }

        /**
         * Snapshot this run's engine and restore it into a fresh engine on another inner implementation, which
         * takes over the rest of the run.
         */
        void snapshotAndRestoreInto(final Inner inner)
        {
            final List<byte[]> messages = new ArrayList<>();
            final EngineSnapshotWriter.MessageSink sink = (buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                messages.add(bytes);
            };
            new EngineSnapshotWriter().write(engine, sink);
            engine.writeRiskSnapshot(sink);
            final long engineHash = engine.stateHash();
            final long riskHash = engine.riskStateHash();

            final RiskCheckedEngine restored = inner.wrap(oracle);
            final EngineSnapshotLoader loader = new EngineSnapshotLoader(restored);
            for (final byte[] message : messages)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(message);
                if (!loader.onMessage(buffer, 0, message.length) &&
                    !restored.onRiskSnapshotMessage(buffer, 0, message.length))
                {
                    throw new IllegalStateException("snapshot message nobody read");
                }
            }
            if (!loader.isComplete() || !restored.isRiskSnapshotComplete())
            {
                throw new IllegalStateException("snapshot incomplete");
            }
            if (engineHash != restored.stateHash() || riskHash != restored.riskStateHash())
            {
                throw new IllegalStateException("restored hashes differ");
            }
            engine = restored;
        }
    }

    /**
     * What queryAccount reports, positions by instrument.
     */
    static final class AccountReport implements AccountRiskVisitor
    {
        int maxOpenOrders;
        long maxLong;
        long maxShort;
        long creditLimit;
        int openOrders;
        long creditUsed;
        final Map<Integer, String> positions = new TreeMap<>();

        public void onAccount(
            final long account, final int maxOpenOrders, final long maxLongPosition, final long maxShortPosition,
            final long creditLimit, final int throttleRejectPerSecond, final int throttleDisconnectPerSecond,
            final boolean cancelOnDisconnect, final StpMode stpMode, final long stpGroup,
            final boolean killSwitchEngaged, final int openOrders, final long creditUsed, final int positionCount)
        {
            this.maxOpenOrders = maxOpenOrders;
            this.maxLong = maxLongPosition;
            this.maxShort = maxShortPosition;
            this.creditLimit = creditLimit;
            this.openOrders = openOrders;
            this.creditUsed = creditUsed;
        }

        public void onPosition(
            final long account, final int instrumentId, final long position, final long openBuyQuantity,
            final long openSellQuantity, final long netNotional)
        {
            positions.put(instrumentId, instrumentId + ": pos=" + position + " buy=" + openBuyQuantity + " sell=" +
                openSellQuantity + " net=" + netNotional);
        }
    }

    /**
     * The engine's live orders in order id order.
     */
    static final class LiveOrders
    {
        final List<Long> orderIds = new ArrayList<>();
        final List<Long> accounts = new ArrayList<>();
        final List<Integer> instruments = new ArrayList<>();
        final List<Boolean> buys = new ArrayList<>();
        final List<Long> prices = new ArrayList<>();
        final List<Long> leaves = new ArrayList<>();
        final List<Long> filled = new ArrayList<>();

        void collect(final MatchingEngine engine)
        {
            final TreeMap<Long, long[]> byId = new TreeMap<>();
            for (final int instrumentId : INSTRUMENT_IDS)
            {
                for (final Side side : new Side[]{Side.BUY, Side.SELL})
                {
                    engine.forEachOrder(instrumentId, side, (orderId, account, clientOrderId, instrument, orderSide,
                        timeInForce, postOnly, price, quantity, filledQuantity, expireTimeNs, stpGroup) ->
                        byId.put(orderId, new long[]{account, instrument, Side.BUY == orderSide ? 1 : 0, price,
                            quantity - filledQuantity, filledQuantity}));
                }
            }
            orderIds.clear();
            accounts.clear();
            instruments.clear();
            buys.clear();
            prices.clear();
            leaves.clear();
            filled.clear();
            for (final Map.Entry<Long, long[]> entry : byId.entrySet())
            {
                final long[] order = entry.getValue();
                orderIds.add(entry.getKey());
                accounts.add(order[0]);
                instruments.add((int)order[1]);
                buys.add(1 == order[2]);
                prices.add(order[3]);
                leaves.add(order[4]);
                filled.add(order[5]);
            }
        }
    }
}
