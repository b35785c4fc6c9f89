package dev.bourse.orderbook.risk;

import dev.bourse.schemas.orderentry.RejectReason;

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
    DISCONNECT;

    /**
     * The reject reason the service answers with.
     *
     * @return NONE for {@link #ACCEPT}, otherwise THROTTLE_EXCEEDED.
     */
    public RejectReason rejectReason()
    {
        return ACCEPT == this ? RejectReason.NONE : RejectReason.THROTTLE_EXCEEDED;
    }
}
