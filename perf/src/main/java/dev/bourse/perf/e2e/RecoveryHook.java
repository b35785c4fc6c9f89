package dev.bourse.perf.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The suite's recovery part. HOOK for the recovery benchmark ({@value E2eSuite#RECOVERY_CLASS}, built on another
 * branch): when that class is on the class path it is run in its own JVM (its picocli main, {@code --smoke} in
 * smoke mode, plus {@code --recovery-args}), its output saved to {@code recovery.log} in the suite's directory
 * and quoted in the summary; when it is not, the summary says so and nothing runs.
 */
final class RecoveryHook
{
    private static final long SMOKE_TIMEOUT_S = 180;
    private static final long FULL_TIMEOUT_S = 3600;
    private static final int TAIL_LINES = 40;

    /**
     * What happened.
     *
     * @param present  whether the recovery benchmark is in this build.
     * @param exitCode its exit code (-1 if it did not run or timed out).
     * @param log      its output, or null.
     * @param tail     the last lines of its output (its tables), or an explanation.
     */
    record Outcome(boolean present, int exitCode, Path log, String tail)
    {
    }

    private RecoveryHook()
    {
    }

    static boolean isPresent()
    {
        try
        {
            Class.forName(E2eSuite.RECOVERY_CLASS, false, RecoveryHook.class.getClassLoader());
            return true;
        }
        catch (final ClassNotFoundException ex)
        {
            return false;
        }
    }

    static Outcome run(final Path dir, final boolean smoke, final String extraArgs, final PrintStream console)
    {
        if (!isPresent())
        {
            console.println("-- recovery: " + E2eSuite.RECOVERY_CLASS + " is not in this build; skipped");
            return new Outcome(false, -1, null, "not run: " + E2eSuite.RECOVERY_CLASS +
                " is not in this build (the recovery benchmark lives on its own branch until merged)");
        }
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(E2eSuite.RECOVERY_CLASS);
        if (smoke)
        {
            command.add("--smoke");
        }
        if (null != extraArgs && !extraArgs.isBlank())
        {
            command.addAll(Arrays.asList(extraArgs.strip().split("\\s+")));
        }
        final Path log = dir.resolve("recovery.log");
        console.println("-- recovery: " + String.join(" ", command.subList(command.size() - 1 -
            (smoke ? 1 : 0), command.size())) + " (output in " + log + ")");
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            final long timeoutS = smoke ? SMOKE_TIMEOUT_S : FULL_TIMEOUT_S;
            if (!process.waitFor(timeoutS, TimeUnit.SECONDS))
            {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                }
                return new Outcome(true, -1, log, "timed out after " + timeoutS + " s\n" + tail(log));
            }
            return new Outcome(true, process.exitValue(), log, tail(log));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the recovery benchmark ran", ex);
        }
    }

    private static String tail(final Path log) throws IOException
    {
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
}
