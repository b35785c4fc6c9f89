package dev.bourse.node.ops;

/**
 * An operation that could not be carried out (a timeout, a member that does not answer, a refused action); the
 * command prints the message and exits non-zero.
 */
final class OpsException extends RuntimeException
{
    OpsException(final String message)
    {
        super(message);
    }

    OpsException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
