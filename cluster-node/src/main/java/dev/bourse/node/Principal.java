package dev.bourse.node;

import dev.bourse.schemas.orderentry.Role;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The authenticated identity the consensus module hands to the service with each session: account and role,
 * encoded in 9 bytes.
 */
final class Principal
{
    static final int ENCODED_LENGTH = Long.BYTES + 1;

    private Principal()
    {
    }

    static byte[] encode(final long account, final Role role)
    {
        final byte[] bytes = new byte[ENCODED_LENGTH];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        buffer.putLong(0, account);
        buffer.putByte(Long.BYTES, (byte)role.value());
        return bytes;
    }

    static boolean isValid(final byte[] encoded)
    {
        return null != encoded && ENCODED_LENGTH == encoded.length && null != role(encoded);
    }

    static long account(final byte[] encoded)
    {
        return new UnsafeBuffer(encoded).getLong(0);
    }

    static Role role(final byte[] encoded)
    {
        switch (encoded[Long.BYTES])
        {
            case 1:
                return Role.TRADER;
            case 2:
                return Role.ADMIN;
            default:
                return null;
        }
    }
}
