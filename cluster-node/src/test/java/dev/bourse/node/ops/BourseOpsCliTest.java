package dev.bourse.node.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line: every command has --help, and bad arguments fail at once (exit status 2) with a message that
 * says what is wrong, before anything touches a cluster.
 */
class BourseOpsCliTest
{
    @TempDir
    Path tempDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine commandLine = BourseOps.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldHaveHelpOnEveryCommand()
    {
        final List<String> commands = List.copyOf(BourseOps.commandLine().getSubcommands().keySet());
        assertTrue(commands.containsAll(List.of("status", "snapshot", "compact", "suspend", "resume", "kill-switch",
            "trading-status", "drill")),
            "commands: " + commands);
        for (final String command : commands)
        {
            if ("help".equals(command))
            {
                continue;
            }
            out.getBuffer().setLength(0);
            assertEquals(0, run(command, "--help"), command + " --help: " + err);
            final String usage = out.toString();
            assertTrue(usage.startsWith("Usage: bourse-ops " + command), command + ": " + usage);
            assertTrue(usage.contains("--help"), command + ": " + usage);
            assertTrue(usage.contains("--members"), command + " takes the cluster selection: " + usage);
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("drill"), out.toString());
    }

    @Test
    void shouldPrintUsageWithoutACommand()
    {
        assertEquals(0, run());
        assertTrue(out.toString().startsWith("Usage: bourse-ops"), out.toString());
    }

    @Test
    void shouldRejectAnUnknownCommandOrOption()
    {
        assertEquals(2, run("statsu"));
        assertTrue(err.toString().contains("Unmatched argument") || err.toString().contains("Unknown"),
            err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("status", "--jsn"));
        assertTrue(err.toString().contains("Unknown option: '--jsn'"), err.toString());
    }

    @Test
    void shouldRequireTheFaultOfADrill()
    {
        assertEquals(2, run("drill"));
        assertTrue(err.toString().contains("Missing required option: '--fault=FAULT'"), err.toString());
    }

    @Test
    void shouldRejectAnUnknownFault()
    {
        assertEquals(2, run("drill", "--fault", "kill-everything", "--run-dir", tempDir.toString()));
        assertTrue(err.toString().contains("unknown fault 'kill-everything'"), err.toString());
        assertTrue(err.toString().contains("kill-leader"), "lists the faults: " + err);
    }

    @Test
    void shouldRejectBadNumbersAndDurations()
    {
        assertEquals(2, run("drill", "--fault", "kill-leader", "--rate", "0", "--run-dir", tempDir.toString()));
        assertTrue(err.toString().contains("--rate must be in (0, 100000]"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("drill", "--fault", "kill-leader", "--duration", "soon", "--run-dir", tempDir.toString()));
        assertTrue(err.toString().contains("--duration: not a duration: 'soon'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("drill", "--fault", "kill-leader", "--accounts", "9", "--run-dir", tempDir.toString()));
        assertTrue(err.toString().contains("--accounts 9 needs that many traders"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("drill", "--fault", "kill-leader", "--trader", "nopassword", "--run-dir",
            tempDir.toString()));
        assertTrue(err.toString().contains("--trader must be USER:PASSWORD"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("status", "--http-timeout", "2 fortnights"));
        assertTrue(err.toString().contains("--http-timeout: unknown unit 'fortnights'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("snapshot", "--timeout", "x", "--run-dir", tempDir.toString()));
        assertTrue(err.toString().contains("--timeout: not a duration: 'x'"), err.toString());
    }

    @Test
    void shouldCheckTheAdminCommandsArguments()
    {
        assertEquals(2, run("kill-switch", "--account", "5"));
        assertTrue(err.toString().contains("Missing required argument"), err.toString());
        assertTrue(err.toString().contains("--engage") && err.toString().contains("--release"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("kill-switch", "--account", "5", "--engage", "--release"));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("kill-switch", "--account", "0", "--engage", "--run-dir", tempDir.toString()));
        assertTrue(err.toString().contains("--account must be positive"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("trading-status", "--instrument", "1", "--status", "PAUSED", "--run-dir",
            tempDir.toString()));
        assertTrue(err.toString().contains("--status must be OPEN, HALTED, PRE_OPEN or CLOSED: 'PAUSED'"),
            err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("trading-status", "--status", "OPEN"));
        assertTrue(err.toString().contains("Missing required option: '--instrument=ID'"), err.toString());
    }

    @Test
    void shouldRejectBadMemberLists()
    {
        assertEquals(2, run("status", "--members", "0=localhost"));
        assertTrue(err.toString().contains("'0=localhost' is not ID=HOST:PORT"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("status", "--members", "0=a:1,0=b:2"));
        assertTrue(err.toString().contains("member 0 is listed twice"), err.toString());
    }

    @Test
    void shouldRejectTwoClusterSelections()
    {
        assertEquals(2, run("status", "--local", "--members", "0=127.0.0.1:20005"));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
    }

    @Test
    void shouldRequireWhatAConfiguredClusterNeeds()
    {
        assertEquals(2, run("snapshot", "--members", "0=127.0.0.1:20005"));
        assertTrue(err.toString().contains("a configured cluster needs --cluster-dir"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("drill", "--fault", "kill-leader", "--members", "0=127.0.0.1:20005", "--trader", "a:b",
            "--accounts", "1", "--password-file", tempDir.resolve("missing").toString()));
        assertTrue(err.toString().contains("cannot read --password-file"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("drill", "--fault", "pause-leader", "--members", "0=127.0.0.1:20005", "--trader", "a:b",
            "--accounts", "1"));
        assertTrue(err.toString().contains("needs --password-file"), err.toString());
    }

    @Test
    void shouldRefuseADrillWithoutARunningLocalCluster()
    {
        assertEquals(2, run("drill", "--fault", "kill-leader", "--run-dir", tempDir.toString()));
        assertTrue(err.toString().contains("no local cluster runs in"), err.toString());
        assertTrue(err.toString().contains("--start"), err.toString());
    }

    @Test
    void shouldReportAStoppedLocalClusterWithoutAskingIt()
    {
        assertEquals(ClusterStatus.NO_QUORUM, run("status", "--run-dir", tempDir.toString()));
        for (int id = 0; id < 3; id++)
        {
            assertTrue(out.toString().contains("member " + id + ": not running"), out.toString());
        }
        assertFalse(out.toString().contains("http://"), "no member was asked over HTTP: " + out);
        assertTrue(out.toString().contains("NO QUORUM"), out.toString());
        assertFalse(out.toString().contains("Exception"), out.toString());
    }
}
