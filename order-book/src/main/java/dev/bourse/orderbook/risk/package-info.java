/**
 * Pre-trade risk and trading controls around the matching engine: {@link dev.bourse.orderbook.risk.RiskControls}
 * (the specification) and {@link dev.bourse.orderbook.risk.RiskCheckedEngine} (the implementation).
 */
package dev.bourse.orderbook.risk;
