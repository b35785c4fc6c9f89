package dev.bourse.orderbook;

/**
 * The behavioural contract run against {@link ReferenceMatchingEngine}.
 */
class ReferenceMatchingEngineTest extends AbstractMatchingEngineTest
{
    MatchingEngine newEngine(final EngineListener listener)
    {
        return new ReferenceMatchingEngine(listener, DAY_END_OFFSET_NS);
    }
}
