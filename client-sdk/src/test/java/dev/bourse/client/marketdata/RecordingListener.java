package dev.bourse.client.marketdata;

import java.util.ArrayList;
import java.util.List;

import dev.bourse.schemas.marketdata.Side;

/**
 * Records what a subscriber reports, for assertions.
 */
final class RecordingListener implements MarketDataListener
{
    final List<RecoveryReason> recoveriesStarted = new ArrayList<>();
    final List<Long> recoveriesFinished = new ArrayList<>();
    final List<Long> endOfEventSequences = new ArrayList<>();
    final List<Long> endOfEventHashes = new ArrayList<>();
    final List<Long> tradeIds = new ArrayList<>();
    final List<Integer> instrumentsDefined = new ArrayList<>();
    int staleCount;
    int orderUpdates;

    @Override
    public void onInstrument(final BookView book, final boolean recovery)
    {
        instrumentsDefined.add(book.instrumentId());
    }

    @Override
    public void onOrderUpdate(
        final BookView book,
        final OrderUpdate update,
        final long orderId,
        final Side side,
        final long price,
        final long quantity,
        final long sequence)
    {
        orderUpdates++;
    }

    @Override
    public void onTrade(
        final BookView book,
        final long tradeId,
        final long price,
        final long quantity,
        final Side aggressorSide,
        final long makerOrderId,
        final long takerOrderId,
        final long transactTimeNs,
        final long sequence)
    {
        tradeIds.add(tradeId);
    }

    @Override
    public void onEndOfEvent(final int instrumentId, final BookView book, final long sequence)
    {
        endOfEventSequences.add(sequence);
        endOfEventHashes.add(book.bookHash());
    }

    @Override
    public void onRecoveryStarted(final RecoveryReason reason)
    {
        recoveriesStarted.add(reason);
    }

    @Override
    public void onRecoveryFinished(final long sequence)
    {
        recoveriesFinished.add(sequence);
    }

    @Override
    public void onStale(final long silentNs)
    {
        staleCount++;
    }
}
