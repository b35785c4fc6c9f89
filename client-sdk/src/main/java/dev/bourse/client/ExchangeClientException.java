package dev.bourse.client;

/**
 * A failure of the client itself, rather than a business outcome: authentication refused, no cluster reachable
 * within the connect timeout, no answer to Logon, or the client closed while a request was outstanding.
 * Business outcomes (rejects) arrive as messages through {@link ExecutionListener}.
 */
public class ExchangeClientException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what went wrong.
     */
    public ExchangeClientException(final String message)
    {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what went wrong.
     * @param cause   the underlying failure.
     */
    public ExchangeClientException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
