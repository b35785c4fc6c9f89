package dev.bourse.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: GETs from a node's HTTP endpoint and reads the Prometheus text format and JSON bodies.
 */
final class HttpScrape
{
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpScrape()
    {
    }

    /**
     * One HTTP answer.
     */
    record Answer(int code, String contentType, String body)
    {
        JsonNode json()
        {
            try
            {
                return JSON.readTree(body);
            }
            catch (final IOException ex)
            {
                throw new AssertionError("not JSON: " + body, ex);
            }
        }
    }

    static Answer get(final int port, final String path)
    {
        return send(port, path, "GET");
    }

    static Answer send(final int port, final String path, final String method)
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        try
        {
            final HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
        }
        catch (final IOException ex)
        {
            throw new AssertionError("GET " + path + " on port " + port + " failed: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /**
     * A scrape in the Prometheus text format: every sample as (name, labels, value).
     */
    static final class Metrics
    {
        private final List<Sample> samples = new ArrayList<>();
        private final String text;

        Metrics(final String text)
        {
            this.text = text;
            for (final String line : text.split("\n"))
            {
                if (!line.isBlank() && !line.startsWith("#"))
                {
                    samples.add(Sample.parse(line));
                }
            }
        }

        static Metrics scrape(final int port)
        {
            final Answer answer = get(port, "/metrics");
            if (200 != answer.code())
            {
                throw new AssertionError("/metrics answered " + answer.code() + ": " + answer.body());
            }
            return new Metrics(answer.body());
        }

        String text()
        {
            return text;
        }

        List<Sample> samples()
        {
            return samples;
        }

        boolean has(final String name)
        {
            return samples.stream().anyMatch(s -> s.name().equals(name));
        }

        /**
         * The value of the one sample with this name and (at least) these labels, given as name, value pairs.
         */
        double value(final String name, final String... labels)
        {
            Sample found = null;
            for (final Sample sample : samples)
            {
                if (sample.name().equals(name) && sample.matches(labels))
                {
                    if (null != found)
                    {
                        throw new AssertionError("more than one sample " + name + " " + String.join(",", labels));
                    }
                    found = sample;
                }
            }
            if (null == found)
            {
                throw new AssertionError("no sample " + name + " " + String.join(",", labels) + " in\n" + text);
            }
            return found.value();
        }
    }

    /**
     * One sample line.
     */
    record Sample(String name, Map<String, String> labels, double value)
    {
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Sample parse(final String line)
        {
            final int brace = line.indexOf('{');
            final int space = line.lastIndexOf(' ');
            final Map<String, String> labels = new LinkedHashMap<>();
            final String name;
            if (brace >= 0 && brace < space)
            {
                name = line.substring(0, brace);
                final Matcher matcher = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
                while (matcher.find())
                {
                    labels.put(matcher.group(1), matcher.group(2));
                }
            }
            else
            {
                name = line.substring(0, space);
            }
            return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
        }

        boolean matches(final String... pairs)
        {
            for (int i = 0; i + 1 < pairs.length; i += 2)
            {
                if (!pairs[i + 1].equals(labels.get(pairs[i])))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
