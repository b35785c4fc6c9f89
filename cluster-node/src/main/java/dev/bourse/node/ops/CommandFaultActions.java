package dev.bourse.node.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Faults on a configured cluster through operator-supplied command templates, run with {@code sh -c} after
 * replacing {@code {member}} with the member id and {@code {host}} with its host, e.g.
 * {@code ssh {host} sudo systemctl kill -s KILL bourse@{member}}. Each command must return only once the action is
 * done (the process is gone, stopped, started) and exit 0.
 */
final class CommandFaultActions implements FaultActions
{
    static final String KILL = "kill";
    static final String STOP = "stop";
    static final String START = "start";
    static final String PAUSE = "pause";
    static final String RESUME = "resume";
    private static final long COMMAND_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(120);

    private final ClusterTarget target;
    private final Map<String, String> templates;

    CommandFaultActions(final ClusterTarget target, final Map<String, String> templates)
    {
        this.target = target;
        this.templates = Map.copyOf(templates);
    }

    public void kill(final int memberId)
    {
        run(KILL, memberId);
    }

    public void stop(final int memberId)
    {
        run(STOP, memberId);
    }

    public void start(final int memberId)
    {
        run(START, memberId);
    }

    public void pause(final int memberId)
    {
        run(PAUSE, memberId);
    }

    public void resume(final int memberId)
    {
        run(RESUME, memberId);
    }

    /**
     * The command for an action and a member.
     *
     * @param action   kill, stop, start, pause or resume.
     * @param memberId the member.
     * @return the shell command.
     */
    String command(final String action, final int memberId)
    {
        final String template = templates.get(action);
        if (null == template || template.isBlank())
        {
            throw new IllegalArgumentException("this drill needs --exec-" + action + " (or " +
                ClusterOptions.EXEC_PREFIX + action + " in --config) for a configured cluster");
        }
        return template.replace("{member}", Integer.toString(memberId))
            .replace("{host}", target.member(memberId).host());
    }

    private void run(final String action, final int memberId)
    {
        final String command = command(action, memberId);
        try
        {
            final Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                throw new OpsException("'" + command + "' did not finish within " + COMMAND_TIMEOUT_MS + " ms");
            }
            if (0 != process.exitValue())
            {
                throw new OpsException("'" + command + "' exited " + process.exitValue() + ": " +
                    new String(output, StandardCharsets.UTF_8).strip());
            }
        }
        catch (final IOException ex)
        {
            throw new OpsException("cannot run '" + command + "': " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted while running '" + command + "'", ex);
        }
    }

    /**
     * Check that the templates a fault needs are there, before the drill starts.
     *
     * @param actions the actions the fault uses.
     */
    void require(final String... actions)
    {
        for (final String action : actions)
        {
            command(action, target.members().get(0).id());
        }
    }
}
