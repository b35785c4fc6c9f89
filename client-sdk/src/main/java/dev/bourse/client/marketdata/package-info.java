/**
 * The market-data subscriber: joins the multicast incremental and snapshot streams of every publishing node
 * (schemas/src/main/resources/sbe/market-data.xml), arbitrates the copies by sequence, keeps a full-depth,
 * order-by-order book per instrument, and recovers from the snapshot loop after a late join, a gap or a stale
 * feed. Start with {@link dev.bourse.client.marketdata.MarketDataSubscriber}.
 */
package dev.bourse.client.marketdata;
