package dev.bourse.perf.recovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code RecoveryBenchmark --smoke} (three node processes, twice) so the harness never rots: every part
 * produces its figures and every state-hash comparison agrees. Speed is not asserted.
 */
class RecoveryBenchmarkSmokeTest
{
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldProduceEveryFigureWithAgreeingStateHashes(@TempDir final Path dir) throws Exception
    {
        final Path out = dir.resolve("results");
        final RecoveryResults results = RecoveryBenchmark.run(
            "--smoke", "--out=" + out, "--work-dir=" + dir.resolve("nodes"));

        final RecoveryResults.SnapshotRestart restart = results.restart();
        assertNotNull(restart);
        assertEquals(20_000, restart.orders());
        assertTrue(restart.serviceSnapshotBytes() > 20_000L * 64, "snapshot holds every order: " + restart);
        assertTrue(restart.toSnapshotLoadedMs() > 0 && restart.toCaughtUpMs() >= restart.toSnapshotLoadedMs(),
            restart.toString());
        assertTrue(restart.snapshotHashVerified(), "restored hash equals the snapshot's: " + restart);
        assertTrue(restart.hashesAgree(), "three nodes agree after the restart: " + restart);

        final RecoveryResults.LogReplay replay = results.replay();
        assertNotNull(replay);
        assertEquals(50_000, replay.commandsSent());
        assertTrue(replay.commandsReplayed() >= replay.commandsSent(), "the whole log was replayed: " + replay);
        assertTrue(replay.replayMs() > 0 && replay.replayCommandsPerSecond() > 0, replay.toString());
        assertTrue(replay.inProcessBestCommandsPerSecond() > 0, replay.toString());
        assertTrue(replay.checkpointsCompared() > 0, replay.toString());
        assertTrue(replay.checkpointsAgree(), "replayed checkpoints equal the live ones: " + replay);
        assertTrue(replay.hashesAgree(), "three nodes agree after the replay: " + replay);

        final RecoveryResults.SnapshotLoad snapshotLoad = results.snapshotLoad();
        assertNotNull(snapshotLoad);
        assertEquals(20_000, snapshotLoad.orders());
        assertTrue(snapshotLoad.bytes() > 0 && snapshotLoad.loadMedianMs() > 0, snapshotLoad.toString());

        assertTrue(RecoveryBenchmark.allChecksPassed(results));
        try (Stream<Path> runs = Files.list(out))
        {
            final Path run = runs.findFirst().orElseThrow();
            assertTrue(Files.readString(run.resolve("results.md")).contains("replay through Aeron"));
            assertTrue(Files.readString(run.resolve("results.json")).contains("\"replayCommandsPerSecond\""));
        }
    }
}
