package dev.bourse.node.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads a node's {@code GET /status} JSON (the contract in shared/contracts: memberId, role, leadershipTermId,
 * leaderMemberId, commitPosition, appliedLogPosition, electionCount, snapshotCount, lastCheckpoint{logPosition,
 * stateHash}, marketData{publishing, nextSequence}, ...) into a {@link MemberState}.
 */
final class StatusClient
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    StatusClient(final Duration timeout)
    {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    }

    /**
     * GET http://host:port/status and parse it.
     *
     * @param memberId the member it should be.
     * @param host     its HTTP host.
     * @param port     its HTTP port.
     * @return its state, or an unreachable state saying why.
     */
    MemberState fetch(final int memberId, final String host, final int port)
    {
        final String url = "http://" + host + ":" + port + "/status";
        try
        {
            final HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            if (200 != response.statusCode())
            {
                return MemberState.unreachable(memberId, url + " answered HTTP " + response.statusCode());
            }
            return parse(memberId, response.body());
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return MemberState.unreachable(memberId, url + ": " + describe(ex));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return MemberState.unreachable(memberId, url + ": interrupted");
        }
    }

    static MemberState parse(final int memberId, final String body) throws IOException
    {
        final JsonNode root = JSON.readTree(body);
        if (null == root || !root.isObject())
        {
            throw new IOException("not a JSON object: " + body);
        }
        final int reportedId = root.path("memberId").asInt(memberId);
        if (reportedId != memberId)
        {
            throw new IOException("member " + memberId + "'s endpoint reports memberId " + reportedId);
        }
        final JsonNode checkpoint = root.path("lastCheckpoint");
        final String hash = checkpoint.path("stateHash").isTextual() ? checkpoint.path("stateHash").asText() : null;
        return new MemberState(
            memberId,
            true,
            root.path("role").asText("UNKNOWN"),
            root.path("leadershipTermId").asLong(-1),
            root.path("leaderMemberId").asInt(-1),
            root.path("commitPosition").asLong(-1),
            root.path("appliedLogPosition").asLong(-1),
            root.path("snapshotCount").asLong(-1),
            root.path("electionCount").asLong(-1),
            checkpoint.path("logPosition").asLong(-1),
            null == hash ? null : normaliseHash(hash),
            root.path("marketData").path("nextSequence").asLong(-1),
            "http");
    }

    /**
     * A state hash as "0x" and 16 lower-case hex digits, whatever form it was written in.
     *
     * @param hash hex digits, with or without 0x.
     * @return the normal form, or the input if it is not hex.
     */
    static String normaliseHash(final String hash)
    {
        final String digits = hash.startsWith("0x") || hash.startsWith("0X") ? hash.substring(2) : hash;
        try
        {
            return String.format("0x%016x", Long.parseUnsignedLong(digits, 16));
        }
        catch (final NumberFormatException ex)
        {
            return hash;
        }
    }

    private static String describe(final Exception ex)
    {
        final String message = ex.getMessage();
        return ex.getClass().getSimpleName() + (null == message ? "" : " " + message);
    }
}
