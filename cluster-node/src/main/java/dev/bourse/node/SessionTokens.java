package dev.bourse.node;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Derives each cluster session's token: HMAC-SHA256 under a key every node shares (node configuration, never in
 * the log) over the session id, its open time and the session sequence. The same inputs give the same token on
 * every node, so the token is replicated state; a client that does not hold it cannot compute it.
 */
final class SessionTokens
{
    private final SecretKeySpec key;

    SessionTokens(final byte[] key)
    {
        if (null == key || key.length < 16)
        {
            throw new IllegalArgumentException("session token key must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    long token(final long clusterSessionId, final long openTimestampNs, final long sessionSequence)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            final byte[] digest = mac.doFinal(ByteBuffer.allocate(3 * Long.BYTES)
                .putLong(clusterSessionId).putLong(openTimestampNs).putLong(sessionSequence).array());
            final long token = ByteBuffer.wrap(digest).getLong();
            return 0 == token ? 1 : token;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }
}
