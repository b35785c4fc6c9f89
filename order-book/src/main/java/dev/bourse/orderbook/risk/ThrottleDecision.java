package dev.bourse.orderbook.risk;

/**
 * Outcome of {@link RiskControls#checkThrottle}.
 */
public enum ThrottleDecision
{
    /**
     * Within the reject threshold: process the message.
     */
    ACCEPT,

    /**
     * Above the reject threshold: answer THROTTLE_EXCEEDED and do not apply the message.
     */
    REJECT,

    /**
     * Above the disconnect threshold: reject the message as for {@link #REJECT} and close the session.
     */
    DISCONNECT
}
