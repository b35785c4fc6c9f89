package dev.bourse.orderbook.risk;

import dev.bourse.orderbook.EngineListener;
import dev.bourse.orderbook.FastMatchingEngine;
import dev.bourse.orderbook.MatchingEngine;
import dev.bourse.orderbook.ReferenceMatchingEngine;

import java.util.function.Function;

/**
 * The two inner engine implementations the risk layer is tested on.
 */
enum Inner
{
    REFERENCE
    {
        MatchingEngine create(final EngineListener listener)
        {
            return new ReferenceMatchingEngine(listener, DAY_END_OFFSET_NS);
        }
    },
    FAST
    {
        MatchingEngine create(final EngineListener listener)
        {
            return new FastMatchingEngine(listener, DAY_END_OFFSET_NS);
        }
    };

    static final long DAY_END_OFFSET_NS = 16L * 3600 * 1_000_000_000L;

    abstract MatchingEngine create(EngineListener listener);

    Function<EngineListener, MatchingEngine> factory()
    {
        return this::create;
    }

    RiskCheckedEngine wrap(final EngineListener downstream)
    {
        return new RiskCheckedEngine(factory(), downstream);
    }
}
