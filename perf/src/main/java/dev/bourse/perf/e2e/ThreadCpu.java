package dev.bourse.perf.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of every thread of the benchmark's processes, summed by process kind and thread name, from Linux's
 * {@code /proc/<pid>/task/<tid>/comm} and {@code schedstat} (nanoseconds on CPU). Two samples around a run say
 * which agent the CPU went to: the nodes' media drivers, services, archives and consensus modules, and the load
 * generator's own threads. Empty where /proc is not there.
 */
final class ThreadCpu
{
    private ThreadCpu()
    {
    }

    /**
     * @param nodePids the node processes.
     * @return nanoseconds on CPU so far by "kind: thread name".
     */
    static Map<String, Long> sample(final long[] nodePids)
    {
        final Map<String, Long> byName = new TreeMap<>();
        for (final long pid : nodePids)
        {
            add(byName, "node", pid);
        }
        add(byName, "load generator", ProcessHandle.current().pid());
        return byName;
    }

    private static void add(final Map<String, Long> byName, final String kind, final long pid)
    {
        final Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks))
        {
            return;
        }
        final long[] live = {0};
        try (Stream<Path> threads = Files.list(tasks))
        {
            threads.forEach(thread ->
            {
                try
                {
                    final String comm = Files.readString(thread.resolve("comm"), StandardCharsets.US_ASCII).trim();
                    final String schedstat =
                        Files.readString(thread.resolve("schedstat"), StandardCharsets.US_ASCII).trim();
                    final long onCpuNs = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    byName.merge(kind + ": " + name(comm), onCpuNs, Long::sum);
                    live[0] += onCpuNs;
                }
                catch (final IOException | RuntimeException ignore)
                {
                    // The thread ended between listing and reading: its time is lost from both samples.
                }
            });
        }
        catch (final IOException ignore)
        {
            // The process ended.
            return;
        }
        // The process total (utime + stime, in 1/100 s) also holds the threads that have ended, e.g. the load threads
        // once a run is over: what the live threads do not account for is theirs.
        try
        {
            final String stat =
                Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            final long totalNs = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
            byName.merge(kind + ": threads that ended", Math.max(0, totalNs - live[0]), Long::sum);
        }
        catch (final IOException | RuntimeException ignore)
        {
            // No process total: the live threads are all there is.
        }
    }

    /**
     * Linux keeps 15 characters of a thread name: name Aeron's shared driver thread (named after its directory)
     * and drop the numbers that tell threads of one kind apart.
     */
    static String name(final String comm)
    {
        if (comm.startsWith("/"))
        {
            return "media driver";
        }
        return comm.replaceAll("[-#]?\\d+$", "");
    }

    /**
     * A Markdown table of the CPU between two samples per request, largest first, rows under 0.05 µs left out.
     *
     * @param before   the first sample.
     * @param after    the second.
     * @param requests requests sent between them.
     * @return the table, or an empty string without /proc.
     */
    static String describe(final Map<String, Long> before, final Map<String, Long> after, final long requests)
    {
        if (after.isEmpty() || requests <= 0)
        {
            return "";
        }
        final List<Map.Entry<String, Long>> rows = new ArrayList<>();
        final Map<String, Long> totals = new TreeMap<>();
        for (final Map.Entry<String, Long> entry : after.entrySet())
        {
            final long ns = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            rows.add(Map.entry(entry.getKey(), ns));
            totals.merge(entry.getKey().substring(0, entry.getKey().indexOf(':')), ns, Long::sum);
        }
        rows.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        final StringBuilder table =
            new StringBuilder("| process: thread | CPU s | µs per request |\n|---|---:|---:|\n");
        for (final Map.Entry<String, Long> row : rows)
        {
            final double perRequestUs = row.getValue() / 1e3 / requests;
            if (perRequestUs >= 0.05)
            {
                table.append(
                    String.format("| %s | %.2f | %.2f |%n", row.getKey(), row.getValue() / 1e9, perRequestUs));
            }
        }
        for (final Map.Entry<String, Long> total : totals.entrySet())
        {
            table.append(String.format("| **%s, all threads** | %.2f | %.2f |%n", total.getKey(),
                total.getValue() / 1e9, total.getValue() / 1e3 / requests));
        }
        return table.toString();
    }
}
