package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineSnapshotWriter;
import dev.bourse.orderbook.StateHash;
import dev.bourse.schemas.marketdata.TradingStatus;
import dev.bourse.schemas.snapshot.AccountRiskRecordDecoder;
import dev.bourse.schemas.snapshot.AccountRiskRecordEncoder;
import dev.bourse.schemas.snapshot.InstrumentRiskRecordDecoder;
import dev.bourse.schemas.snapshot.InstrumentRiskRecordEncoder;
import dev.bourse.schemas.snapshot.MessageHeaderDecoder;
import dev.bourse.schemas.snapshot.MessageHeaderEncoder;
import dev.bourse.schemas.snapshot.PositionRecordDecoder;
import dev.bourse.schemas.snapshot.PositionRecordEncoder;
import dev.bourse.schemas.snapshot.RiskSnapshotBeginDecoder;
import dev.bourse.schemas.snapshot.RiskSnapshotBeginEncoder;
import dev.bourse.schemas.snapshot.RiskSnapshotEndDecoder;
import dev.bourse.schemas.snapshot.RiskSnapshotEndEncoder;
import dev.bourse.schemas.snapshot.ThrottleEntryRecordDecoder;
import dev.bourse.schemas.snapshot.ThrottleEntryRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The risk state's hash, and its snapshot writer and loader (snapshot schema templates 20 to 25, see
 * snapshot.xml). Everything iterates instruments, accounts and positions in id order.
 */
final class RiskSnapshots
{
    /**
     * Version of the risk record layout, checked on restore.
     */
    static final int FORMAT_VERSION = 1;

    private RiskSnapshots()
    {
    }

    /**
     * The risk state hash: every instrument's controls, status and last trade; every account's limits, flags,
     * usage, positions and throttle window.
     */
    static long stateHash(final RiskLedger ledger)
    {
        long hash = 0x6A09E667F3BCC909L;
        for (int i = 0; i < ledger.instrumentCount(); i++)
        {
            final InstrumentRisk instrument = ledger.instrumentAt(i);
            hash = StateHash.combine(hash, instrument.instrumentId);
            hash = StateHash.combine(hash, instrument.status.value());
            hash = StateHash.combine(hash, instrument.referencePrice);
            hash = StateHash.combine(hash, instrument.bandBps);
            hash = StateHash.combine(hash, instrument.maxOrderQuantity);
            hash = StateHash.combine(hash, instrument.maxOrderNotional);
            hash = StateHash.combine(hash, instrument.lastTradePrice);
        }
        hash = StateHash.combine(hash, -1L);
        for (int i = 0; i < ledger.accountCount(); i++)
        {
            final AccountRisk account = ledger.accountAt(i);
            hash = StateHash.combine(hash, account.account);
            hash = StateHash.combine(hash, account.maxOpenOrders);
            hash = StateHash.combine(hash, account.maxLongPosition);
            hash = StateHash.combine(hash, account.maxShortPosition);
            hash = StateHash.combine(hash, account.creditLimit);
            hash = StateHash.combine(hash, account.throttleRejectPerSecond);
            hash = StateHash.combine(hash, account.throttleDisconnectPerSecond);
            hash = StateHash.combine(hash, account.cancelOnDisconnect ? 1 : 0);
            hash = StateHash.combine(hash, account.killSwitch ? 1 : 0);
            hash = StateHash.combine(hash, account.openOrders);
            hash = StateHash.combine(hash, account.openNotional);
            hash = StateHash.combine(hash, account.netAbsNotional);
            final ThrottleWindow throttle = account.throttle;
            final int entries = null == throttle ? 0 : throttle.count();
            hash = StateHash.combine(hash, entries);
            for (int e = entries - 1; e >= 0; e--)
            {
                hash = StateHash.combine(hash, throttle.newest(e));
            }
            hash = StateHash.combine(hash, account.positionCount());
            for (int p = 0; p < account.positionCount(); p++)
            {
                final PositionRisk position = account.positionAt(p);
                hash = StateHash.combine(hash, position.instrumentId);
                hash = StateHash.combine(hash, position.position);
                hash = StateHash.combine(hash, position.openBuy);
                hash = StateHash.combine(hash, position.openSell);
                hash = StateHash.combine(hash, position.netNotional);
            }
        }
        return StateHash.finish(hash);
    }

    /**
     * Writes the risk records. Not thread safe; one per engine.
     */
    static final class Writer
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final RiskSnapshotBeginEncoder beginEncoder = new RiskSnapshotBeginEncoder();
        private final InstrumentRiskRecordEncoder instrumentEncoder = new InstrumentRiskRecordEncoder();
        private final AccountRiskRecordEncoder accountEncoder = new AccountRiskRecordEncoder();
        private final ThrottleEntryRecordEncoder throttleEncoder = new ThrottleEntryRecordEncoder();
        private final PositionRecordEncoder positionEncoder = new PositionRecordEncoder();
        private final RiskSnapshotEndEncoder endEncoder = new RiskSnapshotEndEncoder();
        private final RiskLedger ledger;
        private final RiskControls controls;

        Writer(final RiskLedger ledger, final RiskControls controls)
        {
            this.ledger = ledger;
            this.controls = controls;
        }

        void write(final EngineSnapshotWriter.MessageSink sink)
        {
            long positionCount = 0;
            long throttleEntryCount = 0;
            for (int i = 0; i < ledger.accountCount(); i++)
            {
                final AccountRisk account = ledger.accountAt(i);
                positionCount += account.positionCount();
                throttleEntryCount += null == account.throttle ? 0 : account.throttle.count();
            }
            beginEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .formatVersion(FORMAT_VERSION)
                .instrumentCount(ledger.instrumentCount())
                .accountCount(ledger.accountCount())
                .positionCount(positionCount)
                .throttleEntryCount(throttleEntryCount);
            emit(sink, beginEncoder.encodedLength());

            for (int i = 0; i < ledger.instrumentCount(); i++)
            {
                final InstrumentRisk instrument = ledger.instrumentAt(i);
                instrumentEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .instrumentId(instrument.instrumentId)
                    .tradingStatus(instrument.status.value())
                    .priceBandBps(instrument.bandBps)
                    .referencePrice(instrument.referencePrice)
                    .lastTradePrice(instrument.lastTradePrice)
                    .maxOrderQuantity(instrument.maxOrderQuantity)
                    .maxOrderNotional(instrument.maxOrderNotional);
                emit(sink, instrumentEncoder.encodedLength());
            }

            for (int i = 0; i < ledger.accountCount(); i++)
            {
                writeAccount(sink, ledger.accountAt(i));
            }

            endEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .instrumentCount(ledger.instrumentCount())
                .accountCount(ledger.accountCount())
                .positionCount(positionCount)
                .throttleEntryCount(throttleEntryCount)
                .stateHash(controls.riskStateHash());
            emit(sink, endEncoder.encodedLength());
        }

        private void writeAccount(final EngineSnapshotWriter.MessageSink sink, final AccountRisk account)
        {
            final ThrottleWindow throttle = account.throttle;
            final int entries = null == throttle ? 0 : throttle.count();
            accountEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .account(account.account)
                .maxOpenOrders(account.maxOpenOrders)
                .maxLongPosition(account.maxLongPosition)
                .maxShortPosition(account.maxShortPosition)
                .creditLimit(account.creditLimit)
                .throttleRejectPerSecond(account.throttleRejectPerSecond)
                .throttleDisconnectPerSecond(account.throttleDisconnectPerSecond)
                .cancelOnDisconnect((short)(account.cancelOnDisconnect ? 1 : 0))
                .killSwitchEngaged((short)(account.killSwitch ? 1 : 0))
                .throttleEntryCount(entries)
                .positionCount(account.positionCount());
            emit(sink, accountEncoder.encodedLength());
            for (int e = entries - 1; e >= 0; e--)
            {
                throttleEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).timeNs(throttle.newest(e));
                emit(sink, throttleEncoder.encodedLength());
            }
            for (int p = 0; p < account.positionCount(); p++)
            {
                final PositionRisk position = account.positionAt(p);
                positionEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                    .instrumentId(position.instrumentId)
                    .position(position.position)
                    .netNotional(position.netNotional);
                emit(sink, positionEncoder.encodedLength());
            }
        }

        private void emit(final EngineSnapshotWriter.MessageSink sink, final int encodedLength)
        {
            sink.onMessage(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encodedLength);
        }
    }

    /**
     * Restores the risk records into a risk layer whose engine records have been restored through it.
     */
    static final class Loader
    {
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final RiskSnapshotBeginDecoder beginDecoder = new RiskSnapshotBeginDecoder();
        private final InstrumentRiskRecordDecoder instrumentDecoder = new InstrumentRiskRecordDecoder();
        private final AccountRiskRecordDecoder accountDecoder = new AccountRiskRecordDecoder();
        private final ThrottleEntryRecordDecoder throttleDecoder = new ThrottleEntryRecordDecoder();
        private final PositionRecordDecoder positionDecoder = new PositionRecordDecoder();
        private final RiskSnapshotEndDecoder endDecoder = new RiskSnapshotEndDecoder();
        private final RiskLedger ledger;
        private final RiskControls controls;
        private boolean begun;
        private boolean complete;
        private int expectedInstruments;
        private int expectedAccounts;
        private long expectedPositions;
        private long expectedThrottleEntries;
        private int instruments;
        private int accounts;
        private long positions;
        private long throttleEntries;
        private AccountRisk currentAccount;
        private int pendingThrottleEntries;
        private int pendingPositions;

        Loader(final RiskLedger ledger, final RiskControls controls)
        {
            this.ledger = ledger;
            this.controls = controls;
        }

        boolean isComplete()
        {
            return complete;
        }

        boolean onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            check(length >= MessageHeaderDecoder.ENCODED_LENGTH, "snapshot message shorter than its header");
            headerDecoder.wrap(buffer, offset);
            if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
            {
                return false;
            }
            final int templateId = headerDecoder.templateId();
            final int blockLength = headerDecoder.blockLength();
            final int version = headerDecoder.version();
            final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (templateId)
            {
                case RiskSnapshotBeginDecoder.TEMPLATE_ID:
                    checkBlock(length, blockLength, RiskSnapshotBeginDecoder.BLOCK_LENGTH);
                    onBegin(beginDecoder.wrap(buffer, bodyOffset, blockLength, version));
                    return true;
                case InstrumentRiskRecordDecoder.TEMPLATE_ID:
                    checkBlock(length, blockLength, InstrumentRiskRecordDecoder.BLOCK_LENGTH);
                    onInstrument(instrumentDecoder.wrap(buffer, bodyOffset, blockLength, version));
                    return true;
                case AccountRiskRecordDecoder.TEMPLATE_ID:
                    checkBlock(length, blockLength, AccountRiskRecordDecoder.BLOCK_LENGTH);
                    onAccount(accountDecoder.wrap(buffer, bodyOffset, blockLength, version));
                    return true;
                case ThrottleEntryRecordDecoder.TEMPLATE_ID:
                    checkBlock(length, blockLength, ThrottleEntryRecordDecoder.BLOCK_LENGTH);
                    onThrottleEntry(throttleDecoder.wrap(buffer, bodyOffset, blockLength, version));
                    return true;
                case PositionRecordDecoder.TEMPLATE_ID:
                    checkBlock(length, blockLength, PositionRecordDecoder.BLOCK_LENGTH);
                    onPosition(positionDecoder.wrap(buffer, bodyOffset, blockLength, version));
                    return true;
                case RiskSnapshotEndDecoder.TEMPLATE_ID:
                    checkBlock(length, blockLength, RiskSnapshotEndDecoder.BLOCK_LENGTH);
                    onEnd(endDecoder.wrap(buffer, bodyOffset, blockLength, version));
                    return true;
                default:
                    return false;
            }
        }

        private void onBegin(final RiskSnapshotBeginDecoder decoder)
        {
            check(!begun, "second risk snapshot begin marker");
            check(decoder.formatVersion() == FORMAT_VERSION, "unsupported risk format " + decoder.formatVersion());
            expectedInstruments = decoder.instrumentCount();
            expectedAccounts = decoder.accountCount();
            expectedPositions = decoder.positionCount();
            expectedThrottleEntries = decoder.throttleEntryCount();
            begun = true;
        }

        private void onInstrument(final InstrumentRiskRecordDecoder decoder)
        {
            checkOpen();
            check(0 == accounts, "instrument risk record out of order");
            final int instrumentId = decoder.instrumentId();
            final InstrumentRisk instrument = ledger.instrument(instrumentId);
            checkRecord(null != instrument, "risk record for undefined instrument ", instrumentId);
            final TradingStatus status = TradingStatus.get(decoder.tradingStatus());
            checkRecord(TradingStatus.NULL_VAL != status, "invalid trading status of instrument ", instrumentId);
            checkRecord(RiskCheckedEngine.validControls(instrument.tickSize, decoder.referencePrice(),
                decoder.priceBandBps(), decoder.maxOrderQuantity(), decoder.maxOrderNotional()),
                "invalid controls of instrument ", instrumentId);
            instrument.controls(decoder.referencePrice(), decoder.priceBandBps(), decoder.maxOrderQuantity(),
                decoder.maxOrderNotional());
            instrument.status = status;
            instrument.restoreLastTradePrice(decoder.lastTradePrice());
            instruments++;
        }

        private void onAccount(final AccountRiskRecordDecoder decoder)
        {
            checkOpen();
            checkAccountComplete();
            final long account = decoder.account();
            checkRecord(RiskCheckedEngine.validLimits(decoder.maxOpenOrders(), decoder.maxLongPosition(),
                decoder.maxShortPosition(), decoder.creditLimit(), decoder.throttleRejectPerSecond(),
                decoder.throttleDisconnectPerSecond()), "invalid limits of account ", account);
            check(null == currentAccount || currentAccount.account < account, "account risk record out of order");
            final AccountRisk risk = ledger.accountOrCreate(account);
            // Set directly: the STP settings were restored with the engine's records.
            risk.limits(decoder.maxOpenOrders(), decoder.maxLongPosition(), decoder.maxShortPosition(),
                decoder.creditLimit(), decoder.throttleRejectPerSecond(), decoder.throttleDisconnectPerSecond(),
                1 == decoder.cancelOnDisconnect());
            risk.killSwitch = 1 == decoder.killSwitchEngaged();
            pendingThrottleEntries = decoder.throttleEntryCount();
            pendingPositions = decoder.positionCount();
            checkRecord(pendingThrottleEntries >= 0 && pendingPositions >= 0, "negative counts in account ", account);
            checkRecord(0 == pendingThrottleEntries || (null != risk.throttle &&
                pendingThrottleEntries <= risk.throttle.capacity()), "throttle entries without room, account ",
                account);
            currentAccount = risk;
            accounts++;
        }

        private void onThrottleEntry(final ThrottleEntryRecordDecoder decoder)
        {
            checkOpen();
            check(null != currentAccount && pendingThrottleEntries > 0, "throttle entry out of order");
            currentAccount.throttle.record(decoder.timeNs());
            pendingThrottleEntries--;
            throttleEntries++;
        }

        private void onPosition(final PositionRecordDecoder decoder)
        {
            checkOpen();
            check(null != currentAccount && 0 == pendingThrottleEntries && pendingPositions > 0,
                "position record out of order");
            final PositionRisk position = currentAccount.positionOrCreate(decoder.instrumentId());
            position.position = decoder.position();
            currentAccount.setNetNotional(position, decoder.netNotional());
            pendingPositions--;
            positions++;
        }

        private void onEnd(final RiskSnapshotEndDecoder decoder)
        {
            checkOpen();
            checkAccountComplete();
            check(instruments == expectedInstruments && decoder.instrumentCount() == expectedInstruments,
                "instrument risk count mismatch");
            check(accounts == expectedAccounts && decoder.accountCount() == expectedAccounts,
                "account risk count mismatch");
            check(positions == expectedPositions && decoder.positionCount() == expectedPositions,
                "position count mismatch");
            check(throttleEntries == expectedThrottleEntries &&
                decoder.throttleEntryCount() == expectedThrottleEntries, "throttle entry count mismatch");
            final long restoredHash = controls.riskStateHash();
            check(restoredHash == decoder.stateHash(),
                "risk state hash mismatch: snapshot " + decoder.stateHash() + ", restored " + restoredHash);
            complete = true;
        }

        private void checkAccountComplete()
        {
            check(0 == pendingThrottleEntries && 0 == pendingPositions, "account records missing");
        }

        private void checkOpen()
        {
            check(begun, "risk snapshot record before the begin marker");
            check(!complete, "risk snapshot record after the end marker");
        }

        private static void checkBlock(final int length, final int actual, final int expected)
        {
            if (actual < expected)
            {
                check(false, "risk snapshot block length " + actual + " below " + expected);
            }
            check(length >= MessageHeaderDecoder.ENCODED_LENGTH + actual, "risk snapshot message truncated");
        }

        /**
         * A check on a per-record value: the message is built only when it fails.
         */
        private static void checkRecord(final boolean condition, final String message, final long id)
        {
            if (!condition)
            {
                check(false, message + id);
            }
        }

        private static void check(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalStateException("invalid risk snapshot: " + message);
            }
        }
    }
}
