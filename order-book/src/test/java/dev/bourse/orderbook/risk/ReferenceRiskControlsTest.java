package dev.bourse.orderbook.risk;

class ReferenceRiskControlsTest extends AbstractRiskControlsTest
{
    Inner inner()
    {
        return Inner.REFERENCE;
    }
}
