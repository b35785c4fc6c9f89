/**
 * Bourse client SDK: order entry over Aeron Cluster ingress and egress ({@link dev.bourse.client.ExchangeClient}),
 * administration ({@link dev.bourse.client.AdminClient}: instruments, trading status, risk limits, kill switch,
 * queries), and the market-data subscriber.
 * It depends only on the schemas module, never on the node or the engine. The order-entry client arrives
 * with the replicated exchange; the market-data subscriber with the multicast feed.
 */
package dev.bourse.client;
