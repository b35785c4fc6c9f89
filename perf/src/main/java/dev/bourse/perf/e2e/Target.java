package dev.bourse.perf.e2e;

import dev.bourse.node.BourseNode;

import java.util.Locale;

/**
 * What runs in the benchmark cluster's service container: the exchange, or the echo baseline.
 */
public enum Target
{
    /** Bourse's {@code ExchangeService}. */
    BOURSE(BourseNode.class.getName()),
    /** {@link EchoService}, the baseline. */
    ECHO(EchoNode.class.getName());

    private final String mainClass;

    Target(final String mainClass)
    {
        this.mainClass = mainClass;
    }

    /**
     * The node's main class.
     *
     * @return the class name.
     */
    public String mainClass()
    {
        return mainClass;
    }

    /**
     * Lower-case name, as on the command line and in file names.
     *
     * @return the name.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
