package dev.bourse.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A node's HTTP endpoint (JDK {@link HttpServer}, one daemon thread, bound to the configured host only):
 * <ul>
 *     <li>{@code GET /metrics}: Prometheus text format (0.0.4) from {@link NodeMetrics};</li>
 *     <li>{@code GET /health}: 200 while the node is up and its consensus module runs, else 503;</li>
 *     <li>{@code GET /ready}: 200 when caught up (see {@link ClusterProbe#isCaughtUp(long)}), else 503;</li>
 *     <li>{@code GET /status}: the node's cluster state as one JSON object.</li>
 * </ul>
 * /health and /ready answer {@code {"up":true,"role":"LEADER","caughtUp":true}}. The same thread samples the
 * commit position every {@link Readiness#SAMPLE_INTERVAL_NS} for readiness.
 */
final class NodeHttpServer implements AutoCloseable
{
    static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    static final String JSON = "application/json";
    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int INTERNAL_ERROR = 500;
    private static final int UNAVAILABLE = 503;

    private final HttpServer server;
    private final ScheduledThreadPoolExecutor executor;
    private final ClusterProbe probe;
    private final NodeMetrics metrics;
    private final JsonFactory jsonFactory = new JsonFactory();

    private NodeHttpServer(
        final HttpServer server,
        final ScheduledThreadPoolExecutor executor,
        final ClusterProbe probe,
        final NodeMetrics metrics)
    {
        this.server = server;
        this.executor = executor;
        this.probe = probe;
        this.metrics = metrics;
    }

    /**
     * Bind and start serving.
     *
     * @param host    the address to bind (only this one).
     * @param port    the port, 0 for an ephemeral one.
     * @param probe   the cluster state.
     * @param metrics the metrics.
     * @return the running server.
     */
    static NodeHttpServer start(final String host, final int port, final ClusterProbe probe, final NodeMetrics metrics)
    {
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "bourse-http-" + probe.memberId());
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            final NodeHttpServer http = new NodeHttpServer(server, executor, probe, metrics);
            server.setExecutor(executor);
            server.createContext("/", http.handler("/", http::notFound));
            server.createContext("/metrics", http.handler("/metrics", http::metrics));
            server.createContext("/health", http.handler("/health", http::health));
            server.createContext("/ready", http.handler("/ready", http::ready));
            server.createContext("/status", http.handler("/status", http::status));
            probe.sample(System.nanoTime());
            executor.scheduleAtFixedRate(http::sample, Readiness.SAMPLE_INTERVAL_NS,
                Readiness.SAMPLE_INTERVAL_NS, TimeUnit.NANOSECONDS);
            server.start();
            return http;
        }
        catch (final IOException ex)
        {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind the HTTP endpoint to " + host + ":" + port, ex);
        }
    }

    /**
     * The bound port (the chosen one when configured as 0).
     *
     * @return the port.
     */
    int port()
    {
        return server.getAddress().getPort();
    }

    private void sample()
    {
        try
        {
            probe.sample(System.nanoTime());
        }
        catch (final RuntimeException ex)
        {
            // never let the periodic task die; the next sample tries again
            System.err.println("bourse member " + probe.memberId() + " readiness sample failed: " + ex);
        }
    }

    /**
     * What one endpoint answers: a status code, a content type and a body.
     */
    private record Response(int code, String contentType, byte[] body)
    {
    }

    @FunctionalInterface
    private interface Endpoint
    {
        Response respond() throws IOException;
    }

    private HttpHandler handler(final String path, final Endpoint endpoint)
    {
        return exchange ->
        {
            try
            {
                final boolean head = "HEAD".equals(exchange.getRequestMethod());
                send(exchange, respond(exchange, path, endpoint), head);
            }
            finally
            {
                exchange.close();
            }
        };
    }

    private Response respond(final HttpExchange exchange, final String path, final Endpoint endpoint)
    {
        final String method = exchange.getRequestMethod();
        if (!"HEAD".equals(method) && !"GET".equals(method))
        {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return text(METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        }
        if (!path.equals(exchange.getRequestURI().getPath()))
        {
            return notFound();
        }
        try
        {
            return endpoint.respond();
        }
        catch (final IOException | RuntimeException ex)
        {
            return text(INTERNAL_ERROR, "error: " + ex + "\n");
        }
    }

    private static void send(final HttpExchange exchange, final Response response, final boolean head)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head)
        {
            exchange.sendResponseHeaders(response.code(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.code(), response.body().length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(response.body());
        }
    }

    private static Response text(final int code, final String body)
    {
        return new Response(code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private Response notFound()
    {
        return text(NOT_FOUND, "not found; endpoints: /metrics /health /ready /status\n");
    }

    private Response metrics() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        metrics.scrape(out);
        return new Response(OK, TEXT_004, out.toByteArray());
    }

    private Response health() throws IOException
    {
        final boolean up = probe.isUp();
        return new Response(up ? OK : UNAVAILABLE, JSON, healthJson(up, probe.isCaughtUp(System.nanoTime())));
    }

    private Response ready() throws IOException
    {
        final boolean up = probe.isUp();
        final boolean caughtUp = probe.isCaughtUp(System.nanoTime());
        return new Response(up && caughtUp ? OK : UNAVAILABLE, JSON, healthJson(up, caughtUp));
    }

    private byte[] healthJson(final boolean up, final boolean caughtUp) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator json = jsonFactory.createGenerator(out))
        {
            json.writeStartObject();
            json.writeBooleanField("up", up);
            json.writeStringField("role", probe.roleName());
            json.writeBooleanField("caughtUp", caughtUp);
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private Response status() throws IOException
    {
        final ServiceCounters counters = probe.counters();
        final ExchangeService.Checkpoint checkpoint = probe.service().lastCheckpoint();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = jsonFactory.createGenerator(out))
        {
            json.writeStartObject();
            json.writeNumberField("memberId", probe.memberId());
            json.writeStringField("role", probe.roleName());
            json.writeNumberField("leadershipTermId", probe.leadershipTermId());
            json.writeNumberField("leaderMemberId", probe.leaderMemberId());
            json.writeNumberField("commitPosition", probe.commitPosition());
            json.writeNumberField("appliedLogPosition", probe.appliedLogPosition());
            json.writeNumberField("electionCount", probe.electionCount());
            json.writeNumberField("snapshotCount", probe.snapshotCount());
            json.writeObjectFieldStart("lastCheckpoint");
            json.writeNumberField("logPosition", checkpoint.logPosition());
            if (checkpoint.logPosition() < 0)
            {
                json.writeNullField("stateHash");
            }
            else
            {
                json.writeStringField("stateHash", String.format("0x%016x", checkpoint.stateHash()));
            }
            json.writeEndObject();
            json.writeNumberField("sessions", counters.sessions);
            json.writeNumberField("errors", probe.errors());
            json.writeObjectFieldStart("marketData");
            json.writeBooleanField("publishing", counters.marketDataPublishing);
            json.writeNumberField("nextSequence", counters.marketDataNextSequence);
            json.writeEndObject();
            json.writeNumberField("uptimeMs", probe.uptimeMs());
            json.writeEndObject();
        }
        return new Response(OK, JSON, out.toByteArray());
    }

    /**
     * Stop serving (waiting up to a second for exchanges under way), and stop the thread. After this returns no
     * handler runs, so the node can close its media driver.
     */
    public void close()
    {
        server.stop(1);
        executor.shutdownNow();
        try
        {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS))
            {
                System.err.println("bourse member " + probe.memberId() + ": HTTP thread did not stop within 10 s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
