package dev.bourse.perf;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.orderbook.risk.RiskCheckedEngine;

import java.lang.reflect.InvocationTargetException;

/**
 * Creates engines by name through reflection, so this module builds whichever implementations exist.
 */
public final class EngineFactory
{
    /**
     * Name of the zero-allocation engine.
     */
    public static final String FAST = "fast";

    /**
     * Name of the reference engine.
     */
    public static final String REFERENCE = "reference";

    private EngineFactory()
    {
    }

    /**
     * Create an engine of the given name wrapped in the pre-trade risk layer (no controls configured yet).
     *
     * @param name           inner engine, as for {@link #create}.
     * @param listener       the downstream listener.
     * @param dayEndOffsetNs DAY expiry offset.
     * @return the risk-checked engine.
     */
    public static RiskCheckedEngine createRiskChecked(
        final String name, final EngineListener listener, final long dayEndOffsetNs)
    {
        return new RiskCheckedEngine((inner) -> create(name, inner, dayEndOffsetNs), listener);
    }

    /**
     * Create an engine.
     *
     * @param name           {@link #FAST}, {@link #REFERENCE} or a fully qualified class name with a
     *                       {@code (EngineListener, long)} constructor.
     * @param listener       the listener.
     * @param dayEndOffsetNs DAY expiry offset.
     * @return the engine.
     */
    public static MatchingEngine create(final String name, final EngineListener listener, final long dayEndOffsetNs)
    {
        final String className;
        switch (name)
        {
            case FAST:
                className = "dev.bourse.orderbook.FastMatchingEngine";
                break;
            case REFERENCE:
                className = "dev.bourse.orderbook.ReferenceMatchingEngine";
                break;
            default:
                className = name;
                break;
        }
        try
        {
            return (MatchingEngine)Class.forName(className)
                .getConstructor(EngineListener.class, long.class)
                .newInstance(listener, dayEndOffsetNs);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalArgumentException("engine not on the class path: " + className, ex);
        }
        catch (final NoSuchMethodException | InstantiationException | IllegalAccessException |
            InvocationTargetException ex)
        {
            throw new IllegalStateException("cannot create engine " + className, ex);
        }
    }
}
