package dev.bourse.node.ops;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Admin credentials: {@code --user} (default admin) and {@code --password-file}; for the local cluster the password
 * defaults to the demo admin's (admin-pass, deploy/accounts.txt).
 */
final class AdminOptions
{
    @Option(names = "--user", paramLabel = "USER", defaultValue = "admin",
        description = "A user with the ADMIN role (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "File holding the user's password (default for the local cluster: admin-pass).")
    Path passwordFile;

    Drill.Credentials credentials(final boolean local)
    {
        return new Drill.Credentials(user, DrillCommand.adminPassword(passwordFile, local));
    }
}
