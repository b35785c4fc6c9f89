package dev.bourse.node;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import org.agrona.collections.Long2ObjectHashMap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Aeron Cluster authenticator backed by the accounts file. Credentials are UTF-8 {@code username:password};
 * an accepted session's principal is its account and role ({@link Principal}). Runs on the consensus module's
 * thread; it keeps no password after the check.
 */
final class AccountsAuthenticator implements Authenticator
{
    private static final byte[] REJECTED = new byte[0];

    private final AccountsFile accounts;
    private final Long2ObjectHashMap<byte[]> principalsBySessionId = new Long2ObjectHashMap<>();
    private long rejectedCount;

    AccountsAuthenticator(final AccountsFile accounts)
    {
        this.accounts = accounts;
    }

    /**
     * {@inheritDoc}
     */
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        principalsBySessionId.put(sessionId, check(encodedCredentials));
    }

    private byte[] check(final byte[] encodedCredentials)
    {
        if (null == encodedCredentials || 0 == encodedCredentials.length || encodedCredentials.length > 1024)
        {
            return REJECTED;
        }
        final char[] chars;
        try
        {
            final CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(encodedCredentials));
            chars = new char[decoded.remaining()];
            decoded.get(chars);
        }
        catch (final CharacterCodingException ex)
        {
            return REJECTED;
        }
        try
        {
            int colon = -1;
            for (int i = 0; i < chars.length; i++)
            {
                if (':' == chars[i])
                {
                    colon = i;
                    break;
                }
            }
            if (colon <= 0)
            {
                return REJECTED;
            }
            final String username = new String(chars, 0, colon);
            final char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
            try
            {
                final AccountsFile.User user = accounts.authenticate(username, password);
                return null == user ? REJECTED : Principal.encode(user.account(), user.role());
            }
            finally
            {
                Arrays.fill(password, '\0');
            }
        }
        finally
        {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        principalsBySessionId.put(sessionId, check(encodedCredentials));
    }

    /**
     * {@inheritDoc}
     */
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        decide(sessionProxy);
    }

    /**
     * {@inheritDoc}
     */
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        decide(sessionProxy);
    }

    private void decide(final SessionProxy sessionProxy)
    {
        final long sessionId = sessionProxy.sessionId();
        final byte[] principal = principalsBySessionId.get(sessionId);
        if (null == principal || REJECTED == principal)
        {
            principalsBySessionId.remove(sessionId);
            rejectedCount++;
            sessionProxy.reject();
        }
        else if (sessionProxy.authenticate(principal))
        {
            principalsBySessionId.remove(sessionId);
        }
    }

    long rejectedCount()
    {
        return rejectedCount;
    }
}
