package dev.bourse.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Prints the accounts-file secret for a password read from standard input (one line), so that passwords never
 * appear in shell history or process lists: {@code echo -n secret | java ... dev.bourse.node.PasswordHash}.
 */
public final class PasswordHash
{
    private PasswordHash()
    {
    }

    /**
     * The accounts-file secret for a password: {@code pbkdf2-sha256$iterations$salt$hash} with a fresh salt.
     * Slow by design (PBKDF2); callers that need many should cache the file they write.
     *
     * @param password the password.
     * @return the secret, for the last field of an accounts-file line.
     */
    public static String secret(final char[] password)
    {
        return AccountsFile.hashPassword(password);
    }

    /**
     * Read a password from standard input and print its salted hash.
     *
     * @param args ignored.
     * @throws IOException if standard input cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final String line = reader.readLine();
        if (null == line || line.isEmpty())
        {
            System.err.println("usage: echo -n PASSWORD | PasswordHash");
            System.exit(2);
        }
        System.out.println(AccountsFile.hashPassword(line.toCharArray()));
    }
}
