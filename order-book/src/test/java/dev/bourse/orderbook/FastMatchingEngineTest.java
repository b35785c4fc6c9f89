package dev.bourse.orderbook;

/**
 * The behavioural contract run against {@link FastMatchingEngine}.
 */
class FastMatchingEngineTest extends AbstractMatchingEngineTest
{
    MatchingEngine newEngine(final EngineListener listener)
    {
        return new FastMatchingEngine(listener, DAY_END_OFFSET_NS);
    }
}
