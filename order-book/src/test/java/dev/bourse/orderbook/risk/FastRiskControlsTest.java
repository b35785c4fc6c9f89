package dev.bourse.orderbook.risk;

class FastRiskControlsTest extends AbstractRiskControlsTest
{
    Inner inner()
    {
        return Inner.FAST;
    }
}
