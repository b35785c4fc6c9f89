package dev.bourse.node.ops;

import picocli.CommandLine.Model.CommandSpec;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A command's standard output (picocli's writer, which tests can replace) as a line-flushed PrintStream.
 */
final class CommandOutput
{
    private CommandOutput()
    {
    }

    static PrintStream of(final CommandSpec spec)
    {
        final PrintWriter writer = spec.commandLine().getOut();
        return new PrintStream(new OutputStream()
        {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            public void write(final int b)
            {
                line.write(b);
                if ('\n' == b)
                {
                    flush();
                }
            }

            public void flush()
            {
                writer.print(line.toString(StandardCharsets.UTF_8));
                writer.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
