package dev.bourse.node.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a local node prints that the ops tool reads: its {@code (logPosition, stateHash)} checkpoints
 * ({@code bourse member N checkpoint logPosition=P stateHash=H}), the hash it restored from a snapshot
 * ({@code bourse service restored from snapshot, stateHash=H}) and its role changes ({@code is now LEADER}).
 */
final class NodeLog
{
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint logPosition=(\\d+) stateHash=([0-9a-fA-F]+)");
    private static final Pattern RESTORED = Pattern.compile("restored from snapshot, stateHash=([0-9a-fA-F]+)");
    private static final Pattern ROLE = Pattern.compile("bourse member \\d+ is now ([A-Z]+)");

    private final NavigableMap<Long, String> checkpoints = new TreeMap<>();
    private final List<String> restoredHashes = new ArrayList<>();
    private String lastRole;

    private NodeLog()
    {
    }

    /**
     * Read the given log files (missing ones are skipped); later files add to and override earlier ones.
     *
     * @param files the logs, oldest first.
     * @return what they say.
     */
    static NodeLog read(final Path... files)
    {
        final NodeLog log = new NodeLog();
        for (final Path file : files)
        {
            log.lastRole = null;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                String line;
                while (null != (line = reader.readLine()))
                {
                    log.accept(line);
                }
            }
            catch (final NoSuchFileException ignore)
            {
                // a member that never ran or was never restarted
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot read " + file + ": " + ex.getMessage(), ex);
            }
        }
        return log;
    }

    private void accept(final String line)
    {
        final Matcher checkpoint = CHECKPOINT.matcher(line);
        if (checkpoint.find())
        {
            checkpoints.put(Long.parseLong(checkpoint.group(1)), StatusClient.normaliseHash(checkpoint.group(2)));
            return;
        }
        final Matcher restored = RESTORED.matcher(line);
        if (restored.find())
        {
            restoredHashes.add(StatusClient.normaliseHash(restored.group(1)));
            return;
        }
        final Matcher role = ROLE.matcher(line);
        if (role.find())
        {
            lastRole = role.group(1);
        }
    }

    /**
     * Every checkpoint in the logs, by log position.
     *
     * @return position to "0x..." hash.
     */
    NavigableMap<Long, String> checkpoints()
    {
        return checkpoints;
    }

    /**
     * The state hashes the node restored from snapshots, in the order of its starts (of the files read).
     *
     * @return the hashes.
     */
    List<String> restoredHashes()
    {
        return restoredHashes;
    }

    /**
     * The last role the latest file announced, or null if it announced none (Aeron starts members as followers).
     *
     * @return the role.
     */
    String lastRole()
    {
        return lastRole;
    }

    /**
     * Compare the members' checkpoint histories: the highest log position at or above {@code minPosition} that every
     * history has, and whether any position held by two or more histories has different hashes.
     *
     * @param histories   member id to its checkpoints.
     * @param minPosition the lowest position of interest.
     * @return the comparison.
     */
    static Agreement compare(final Map<Integer, NavigableMap<Long, String>> histories, final long minPosition)
    {
        long common = -1;
        String commonHash = null;
        final List<String> conflicts = new ArrayList<>();
        final TreeMap<Long, Map<Integer, String>> byPosition = new TreeMap<>();
        for (final Map.Entry<Integer, NavigableMap<Long, String>> history : histories.entrySet())
        {
            for (final Map.Entry<Long, String> checkpoint : history.getValue().entrySet())
            {
                byPosition.computeIfAbsent(checkpoint.getKey(), k -> new TreeMap<>())
                    .put(history.getKey(), checkpoint.getValue());
            }
        }
        for (final Map.Entry<Long, Map<Integer, String>> position : byPosition.entrySet())
        {
            final Map<Integer, String> hashes = position.getValue();
            if (hashes.values().stream().distinct().count() > 1)
            {
                conflicts.add("log position " + position.getKey() + ": " + hashes);
            }
            else if (hashes.size() == histories.size() && position.getKey() >= minPosition)
            {
                common = position.getKey();
                commonHash = hashes.values().iterator().next();
            }
        }
        return new Agreement(common, commonHash, conflicts);
    }

    /**
     * The outcome of {@link #compare(Map, long)}.
     *
     * @param commonPosition highest position every member recorded (at or above the minimum), -1 if none.
     * @param commonHash     the hash all agree on there, or null.
     * @param conflicts      positions where members recorded different hashes.
     */
    record Agreement(long commonPosition, String commonHash, List<String> conflicts)
    {
        boolean agrees()
        {
            return commonPosition >= 0 && conflicts.isEmpty();
        }
    }
}
