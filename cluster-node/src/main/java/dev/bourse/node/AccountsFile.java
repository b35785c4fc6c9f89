package dev.bourse.node;

import dev.bourse.schemas.orderentry.Role;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users allowed to connect, read from a text file with one user per line:
 * <pre>
 * # username  account  role    secret
 * alice       200      TRADER  pbkdf2-sha256$10000$&lt;salt base64&gt;$&lt;hash base64&gt;
 * </pre>
 * Secrets are stored only as salted PBKDF2-HMAC-SHA256 hashes; {@code hash-password} prints one. Passwords never
 * appear in logs or errors.
 */
final class AccountsFile
{
    static final String SCHEME = "pbkdf2-sha256";
    static final int DEFAULT_ITERATIONS = 10_000;
    private static final int HASH_BITS = 256;

    /**
     * One user.
     *
     * @param username   login name.
     * @param account    account the user trades for.
     * @param role       TRADER or ADMIN.
     * @param iterations PBKDF2 iterations.
     * @param salt       salt.
     * @param hash       PBKDF2 hash of the password.
     */
    record User(String username, long account, Role role, int iterations, byte[] salt, byte[] hash)
    {
    }

    private final Map<String, User> usersByName;

    private AccountsFile(final Map<String, User> usersByName)
    {
        this.usersByName = usersByName;
    }

    static AccountsFile load(final Path path)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read accounts file " + path + ": " + ex.getMessage(), ex);
        }
        final Map<String, User> users = new HashMap<>();
        int lineNumber = 0;
        for (final String rawLine : lines)
        {
            lineNumber++;
            final String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final User user = parse(line, path, lineNumber);
            if (null != users.put(user.username(), user))
            {
                throw new IllegalArgumentException(path + ":" + lineNumber + ": duplicate user " + user.username());
            }
        }
        return new AccountsFile(users);
    }

    private static User parse(final String line, final Path path, final int lineNumber)
    {
        final String where = path + ":" + lineNumber + ": ";
        final String[] fields = line.split("\\s+");
        if (4 != fields.length)
        {
            throw new IllegalArgumentException(where + "expected: username account role secret");
        }
        final long account;
        try
        {
            account = Long.parseLong(fields[1]);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(where + "account is not a number", ex);
        }
        final Role role;
        try
        {
            role = Role.valueOf(fields[2]);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + "role must be TRADER or ADMIN", ex);
        }
        if (Role.NULL_VAL == role || account <= 0)
        {
            throw new IllegalArgumentException(where + "role must be TRADER or ADMIN and account positive");
        }
        final String[] secret = fields[3].split("\\$");
        if (4 != secret.length || !SCHEME.equals(secret[0]))
        {
            throw new IllegalArgumentException(where + "secret must be " + SCHEME + "$iterations$salt$hash");
        }
        try
        {
            final Base64.Decoder decoder = Base64.getDecoder();
            return new User(fields[0], account, role, Integer.parseInt(secret[1]), decoder.decode(secret[2]),
                decoder.decode(secret[3]));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + "malformed secret", ex);
        }
    }

    /**
     * Check a username and password.
     *
     * @param username username.
     * @param password password.
     * @return the user, or null when the user is unknown or the password wrong.
     */
    User authenticate(final String username, final char[] password)
    {
        final User user = usersByName.get(username);
        if (null == user)
        {
            return null;
        }
        final byte[] hash = pbkdf2(password, user.salt(), user.iterations());
        return MessageDigest.isEqual(hash, user.hash()) ? user : null;
    }

    int size()
    {
        return usersByName.size();
    }

    static String hashPassword(final char[] password)
    {
        final byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        final Base64.Encoder encoder = Base64.getEncoder();
        return SCHEME + "$" + DEFAULT_ITERATIONS + "$" + encoder.encodeToString(salt) + "$" +
            encoder.encodeToString(pbkdf2(password, salt, DEFAULT_ITERATIONS));
    }

    private static byte[] pbkdf2(final char[] password, final byte[] salt, final int iterations)
    {
        try
        {
            final PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
            try
            {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            }
            finally
            {
                spec.clearPassword();
            }
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", ex);
        }
    }
}
