package dev.bourse.node.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists of member endpoints: {@code 0=host:port,1=host:port,...}.
 */
final class Endpoints
{
    private Endpoints()
    {
    }

    /**
     * One member's endpoint.
     *
     * @param id   member id.
     * @param host host name or address.
     * @param port port.
     */
    record Endpoint(int id, String host, int port)
    {
    }

    /**
     * Parse a list, checking that every entry is id=host:port with distinct ids.
     *
     * @param what what the list is, for messages.
     * @param text the list.
     * @return the endpoints in the order given.
     */
    static List<Endpoint> parse(final String what, final String text)
    {
        final List<Endpoint> endpoints = new ArrayList<>();
        for (final String entry : text.split(","))
        {
            final String trimmed = entry.strip();
            if (trimmed.isEmpty())
            {
                continue;
            }
            final int equals = trimmed.indexOf('=');
            final int colon = trimmed.lastIndexOf(':');
            if (equals <= 0 || colon <= equals + 1 || colon == trimmed.length() - 1)
            {
                throw new IllegalArgumentException(what + ": '" + trimmed + "' is not ID=HOST:PORT");
            }
            final int id;
            final int port;
            try
            {
                id = Integer.parseInt(trimmed.substring(0, equals).strip());
                port = Integer.parseInt(trimmed.substring(colon + 1).strip());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(what + ": '" + trimmed + "' is not ID=HOST:PORT", ex);
            }
            if (id < 0 || port <= 0 || port > 65535)
            {
                throw new IllegalArgumentException(what + ": '" + trimmed + "' has a bad member id or port");
            }
            for (final Endpoint endpoint : endpoints)
            {
                if (endpoint.id() == id)
                {
                    throw new IllegalArgumentException(what + ": member " + id + " is listed twice");
                }
            }
            endpoints.add(new Endpoint(id, trimmed.substring(equals + 1, colon).strip(), port));
        }
        if (endpoints.isEmpty())
        {
            throw new IllegalArgumentException(what + ": no endpoints in '" + text + "'");
        }
        return endpoints;
    }
}
