/**
 * Console tools built on the SDK: {@link dev.bourse.client.tools.MdTail}, a live view of the market-data feed.
 */
package dev.bourse.client.tools;
