package dev.bourse.client.marketdata;

import java.util.Arrays;

/**
 * What one publisher's image of the snapshot stream has delivered so far: where it is in its loop, the last
 * InstrumentDefinition, and the chunks of the SnapshotBook being assembled. Chunks of one book are taken from
 * one image only, so two publishers' loops never mix.
 */
final class SnapshotAssembly
{
    final int sessionId;

    boolean isSynced;
    long nextSnapshotSequence;

    boolean isInLoop;
    long loopId;
    long loopLastSequence;
    int loopInstrumentCount;
    int loopBooksSeen;
    int loopBooksRecovered;

    boolean hasDefinition;
    int definitionInstrumentId;
    long definitionTickSize;
    long definitionLotSize;
    final byte[] definitionSymbol = new byte[OrderBook.SYMBOL_LENGTH];
    long definitionReferencePrice;
    int definitionPriceBandBps;

    boolean isAssembling;
    int instrumentId;
    long bookLoopId;
    long lastSequence;
    long instrumentSequence;
    long transactTimeNs;
    short tradingStatusCode;
    int chunkCount;
    int nextChunkIndex;
    int totalOrderCount;
    int orderCount;
    long[] orderIds = new long[64];
    long[] prices = new long[64];
    long[] quantities = new long[64];
    byte[] sideCodes = new byte[64];

    SnapshotAssembly(final int sessionId)
    {
        this.sessionId = sessionId;
    }

    /**
     * Forget the position in the stream: after lost snapshot packets, or when a recovery starts after the stream
     * was skipped while live.
     */
    void desync()
    {
        isSynced = false;
        isInLoop = false;
        isAssembling = false;
        hasDefinition = false;
    }

    void beginLoop(final long loopId, final int instrumentCount, final long lastSequence)
    {
        isInLoop = true;
        this.loopId = loopId;
        loopLastSequence = lastSequence;
        loopInstrumentCount = instrumentCount;
        loopBooksSeen = 0;
        loopBooksRecovered = 0;
        isAssembling = false;
        hasDefinition = false;
    }

    void addOrder(final long orderId, final byte sideCode, final long price, final long quantity)
    {
        if (orderCount == orderIds.length)
        {
            final int capacity = orderCount * 2;
            orderIds = Arrays.copyOf(orderIds, capacity);
            prices = Arrays.copyOf(prices, capacity);
            quantities = Arrays.copyOf(quantities, capacity);
            sideCodes = Arrays.copyOf(sideCodes, capacity);
        }
        orderIds[orderCount] = orderId;
        sideCodes[orderCount] = sideCode;
        prices[orderCount] = price;
        quantities[orderCount] = quantity;
        orderCount++;
    }
}
