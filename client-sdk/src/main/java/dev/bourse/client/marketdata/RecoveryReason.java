package dev.bourse.client.marketdata;

/**
 * Why the subscriber started recovering its books from the snapshot stream.
 */
public enum RecoveryReason
{
    /**
     * The subscriber has just started and has no books yet.
     */
    LATE_JOIN,

    /**
     * A sequence number above the next expected one arrived: messages were lost on every feed.
     */
    GAP,

    /**
     * Neither data nor a heartbeat arrived within the stale-feed timeout.
     */
    STALE_FEED,

    /**
     * A message did not fit the book (an unknown order or instrument, a quantity that does not add up, an
     * instrument sequence out of order): the book cannot be trusted.
     */
    BOOK_INCONSISTENT,

    /**
     * The live messages buffered during a recovery outgrew the recovery buffer; recovery started again.
     */
    BUFFER_OVERFLOW
}
