package dev.bourse.node.ops;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Durations on the command line: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 100us}; a bare number is seconds.
 */
final class Durations
{
    private Durations()
    {
    }

    /**
     * Parse a duration.
     *
     * @param option the option it came from, for the message.
     * @param text   the text.
     * @return the duration.
     * @throws IllegalArgumentException if it is not a non-negative duration.
     */
    static Duration parse(final String option, final String text)
    {
        final String value = null == text ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        int split = 0;
        while (split < value.length() && (Character.isDigit(value.charAt(split)) || '.' == value.charAt(split)))
        {
            split++;
        }
        if (0 == split)
        {
            throw new IllegalArgumentException(option + ": not a duration: '" + text + "' (e.g. 500ms, 2s, 1m)");
        }
        final double number;
        try
        {
            number = Double.parseDouble(value.substring(0, split));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + ": not a duration: '" + text + "'", ex);
        }
        final String unit = value.substring(split).strip();
        final long nanosPerUnit;
        switch (unit)
        {
            case "":
            case "s":
                nanosPerUnit = TimeUnit.SECONDS.toNanos(1);
                break;
            case "ms":
                nanosPerUnit = TimeUnit.MILLISECONDS.toNanos(1);
                break;
            case "us":
                nanosPerUnit = TimeUnit.MICROSECONDS.toNanos(1);
                break;
            case "ns":
                nanosPerUnit = 1;
                break;
            case "m":
            case "min":
                nanosPerUnit = TimeUnit.MINUTES.toNanos(1);
                break;
            default:
                throw new IllegalArgumentException(option + ": unknown unit '" + unit + "' in '" + text +
                    "' (use ms, s or m)");
        }
        return Duration.ofNanos(Math.round(number * nanosPerUnit));
    }

    /**
     * Milliseconds as seconds with one decimal, e.g. "4.2 s".
     *
     * @param millis milliseconds, negative for none.
     * @return the text, "n/a" when negative.
     */
    static String seconds(final long millis)
    {
        return millis < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
