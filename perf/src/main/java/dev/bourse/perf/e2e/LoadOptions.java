package dev.bourse.perf.e2e;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options shared by {@link LoadGenerator} and {@link E2eSuite}: the accounts, instruments, load
 * threads and the order flow.
 */
public final class LoadOptions
{
    @Option(names = "--accounts", description = "Trading accounts, one client session each " +
        "(default: ${DEFAULT-VALUE}).")
    int accounts = 16;

    @Option(names = "--instruments", description = "Instruments (default: ${DEFAULT-VALUE}).")
    int instruments = 8;

    @Option(names = "--threads", description = "Load threads polling the clients, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--max-pending", description = "Each client's bound of unanswered requests " +
        "(default: ${DEFAULT-VALUE}).")
    int maxPending = 4096;

    @Option(names = "--passive", description = "Percentage of passive orders (default: ${DEFAULT-VALUE}).")
    int passivePct = Mix.defaults().passivePct();

    @Option(names = "--aggressive", description = "Percentage of aggressive orders (default: ${DEFAULT-VALUE}).")
    int aggressivePct = Mix.defaults().aggressivePct();

    @Option(names = "--cancel", description = "Percentage of cancels (default: ${DEFAULT-VALUE}).")
    int cancelPct = Mix.defaults().cancelPct();

    @Option(names = "--replace", description = "Percentage of replaces (default: ${DEFAULT-VALUE}).")
    int replacePct = Mix.defaults().replacePct();

    @Option(names = "--aggressive-limit-share", description = "Percentage of aggressive orders that are GTC limits, " +
        "not IOC (default: ${DEFAULT-VALUE}).")
    int aggressiveLimitShare = Mix.defaults().aggressiveLimitShare();

    @Option(names = "--depth", description = "Passive orders rest 1 to this many ticks from the mid " +
        "(default: ${DEFAULT-VALUE}).")
    int depth = Mix.defaults().passiveDepth();

    @Option(names = "--max-open", description = "Bound of each account's resting orders (default: ${DEFAULT-VALUE}).")
    int maxOpen = Mix.defaults().maxOpen();

    @Option(names = "--max-quantity", description = "Order quantities are 1 to this many lots " +
        "(default: ${DEFAULT-VALUE}).")
    int maxQuantity = Mix.defaults().maxQuantity();

    @Option(names = "--seed", description = "Random seed of the order flow (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--node-jvm-opts", description = "Extra JVM options for every node, space separated " +
        "(e.g. a profiler agent).")
    String nodeJvmOpts = "";

    /**
     * @return the order flow the options describe.
     */
    public Mix mix()
    {
        return new Mix(passivePct, aggressivePct, cancelPct, replacePct, aggressiveLimitShare, depth, maxOpen,
            maxQuantity);
    }

    /**
     * @return the extra node JVM options as a list.
     */
    public List<String> nodeJvmOptions()
    {
        final List<String> options = new ArrayList<>();
        if (null != nodeJvmOpts && !nodeJvmOpts.isBlank())
        {
            options.addAll(Arrays.asList(nodeJvmOpts.strip().split("\\s+")));
        }
        return options;
    }

    /**
     * @return the settings as text, for reports.
     */
    public String describe()
    {
        return accounts + " accounts (one client session each) x " + instruments + " instruments, " + threads +
            " load thread(s); " + mix().describe();
    }
}
