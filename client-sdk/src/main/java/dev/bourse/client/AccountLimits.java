package dev.bourse.client;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.bourse.schemas.orderentry.StpMode;

/**
 * An account's risk limits and trading settings, as {@link AdminClient#setAccountLimits} sets them (the whole set at
 * once) and {@link AccountReport#limits()} reports them. Immutable; build one with {@link #builder(long)}:
 * <pre>{@code
 * AccountLimits.builder(200)
 *     .maxOpenOrders(50)                 // MAX_OPEN_ORDERS_EXCEEDED beyond it
 *     .maxLongPosition(1_000)            // per instrument: position + open buys
 *     .maxShortPosition(1_000)           // per instrument: open sells - position
 *     .creditLimit(10_000_000)           // notional of open orders and net fills
 *     .throttleRejectPerSecond(100)      // THROTTLE_EXCEEDED above it
 *     .throttleDisconnectPerSecond(200)  // the session is closed above it
 *     .cancelOnDisconnect(true)          // DAY orders cancelled when the account's last session closes
 *     .stpMode(StpMode.CANCEL_RESTING)
 *     .build();
 * }</pre>
 * An empty limit means "no limit"; a present one is a ceiling and zero allows nothing. Throttles count the
 * account's order-entry messages per second of cluster time. Unset values are: no limits, no throttle,
 * cancel-on-disconnect off, self-trade prevention {@link StpMode#NONE} in STP group 0 (the account alone).
 */
public final class AccountLimits
{
    /**
     * Largest throttle threshold, in messages per second (the cluster refuses more).
     */
    public static final int MAX_THROTTLE_PER_SECOND = 100_000;

    private final long account;
    private final OptionalInt maxOpenOrders;
    private final OptionalLong maxLongPosition;
    private final OptionalLong maxShortPosition;
    private final OptionalLong creditLimit;
    private final OptionalInt throttleRejectPerSecond;
    private final OptionalInt throttleDisconnectPerSecond;
    private final boolean cancelOnDisconnect;
    private final StpMode stpMode;
    private final long stpGroup;

    AccountLimits(
        final long account,
        final OptionalInt maxOpenOrders,
        final OptionalLong maxLongPosition,
        final OptionalLong maxShortPosition,
        final OptionalLong creditLimit,
        final OptionalInt throttleRejectPerSecond,
        final OptionalInt throttleDisconnectPerSecond,
        final boolean cancelOnDisconnect,
        final StpMode stpMode,
        final long stpGroup)
    {
        this.account = account;
        this.maxOpenOrders = maxOpenOrders;
        this.maxLongPosition = maxLongPosition;
        this.maxShortPosition = maxShortPosition;
        this.creditLimit = creditLimit;
        this.throttleRejectPerSecond = throttleRejectPerSecond;
        this.throttleDisconnectPerSecond = throttleDisconnectPerSecond;
        this.cancelOnDisconnect = cancelOnDisconnect;
        this.stpMode = stpMode;
        this.stpGroup = stpGroup;
    }

    /**
     * A builder for an account, starting from no limits.
     *
     * @param account the account, positive.
     * @return a new builder.
     * @throws IllegalArgumentException if the account is not positive.
     */
    public static Builder builder(final long account)
    {
        return new Builder(account);
    }

    /**
     * A builder starting from these values, to change some of them.
     *
     * @return a new builder.
     */
    public Builder toBuilder()
    {
        return new Builder(account)
            .maxOpenOrders(maxOpenOrders)
            .maxLongPosition(maxLongPosition)
            .maxShortPosition(maxShortPosition)
            .creditLimit(creditLimit)
            .throttleRejectPerSecond(throttleRejectPerSecond)
            .throttleDisconnectPerSecond(throttleDisconnectPerSecond)
            .cancelOnDisconnect(cancelOnDisconnect)
            .stpMode(StpMode.NULL_VAL == stpMode ? StpMode.NONE : stpMode)
            .stpGroup(stpGroup);
    }

    /**
     * The account.
     *
     * @return the account number.
     */
    public long account()
    {
        return account;
    }

    /**
     * The most live orders the account may have.
     *
     * @return the limit, empty for none.
     */
    public OptionalInt maxOpenOrders()
    {
        return maxOpenOrders;
    }

    /**
     * Per instrument, the ceiling on position plus open buy quantity.
     *
     * @return the limit, empty for none.
     */
    public OptionalLong maxLongPosition()
    {
        return maxLongPosition;
    }

    /**
     * Per instrument, the ceiling on open sell quantity minus position (a positive quantity).
     *
     * @return the limit, empty for none.
     */
    public OptionalLong maxShortPosition()
    {
        return maxShortPosition;
    }

    /**
     * The ceiling on credit used: the notional of open orders plus the absolute net notional of fills.
     *
     * @return the limit, empty for none.
     */
    public OptionalLong creditLimit()
    {
        return creditLimit;
    }

    /**
     * Order-entry messages per second above which messages are rejected THROTTLE_EXCEEDED.
     *
     * @return the threshold, empty for none.
     */
    public OptionalInt throttleRejectPerSecond()
    {
        return throttleRejectPerSecond;
    }

    /**
     * Order-entry messages per second above which the session is also closed.
     *
     * @return the threshold, empty for none.
     */
    public OptionalInt throttleDisconnectPerSecond()
    {
        return throttleDisconnectPerSecond;
    }

    /**
     * Are the account's DAY orders cancelled when its last open session closes?
     *
     * @return the setting.
     */
    public boolean cancelOnDisconnect()
    {
        return cancelOnDisconnect;
    }

    /**
     * The account's self-trade prevention mode.
     *
     * @return the mode; {@link StpMode#NULL_VAL} only in a report carrying a code this client does not know.
     */
    public StpMode stpMode()
    {
        return stpMode;
    }

    /**
     * The STP group: accounts in one non-zero group cannot trade with each other.
     *
     * @return the group, 0 for the account alone.
     */
    public long stpGroup()
    {
        return stpGroup;
    }

    /**
     * Equal when every value is equal.
     *
     * @param o the other object.
     * @return true if equal.
     */
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof AccountLimits))
        {
            return false;
        }
        final AccountLimits that = (AccountLimits)o;
        return account == that.account && cancelOnDisconnect == that.cancelOnDisconnect &&
            stpGroup == that.stpGroup && stpMode == that.stpMode && maxOpenOrders.equals(that.maxOpenOrders) &&
            maxLongPosition.equals(that.maxLongPosition) && maxShortPosition.equals(that.maxShortPosition) &&
            creditLimit.equals(that.creditLimit) && throttleRejectPerSecond.equals(that.throttleRejectPerSecond) &&
            throttleDisconnectPerSecond.equals(that.throttleDisconnectPerSecond);
    }

    /**
     * A hash of every value.
     *
     * @return the hash code.
     */
    public int hashCode()
    {
        return Objects.hash(account, maxOpenOrders, maxLongPosition, maxShortPosition, creditLimit,
            throttleRejectPerSecond, throttleDisconnectPerSecond, cancelOnDisconnect, stpMode, stpGroup);
    }

    /**
     * A readable form; "none" for an empty limit.
     *
     * @return the values as text.
     */
    public String toString()
    {
        return "AccountLimits{account=" + account +
            ", maxOpenOrders=" + text(maxOpenOrders) +
            ", maxLongPosition=" + text(maxLongPosition) +
            ", maxShortPosition=" + text(maxShortPosition) +
            ", creditLimit=" + text(creditLimit) +
            ", throttleRejectPerSecond=" + text(throttleRejectPerSecond) +
            ", throttleDisconnectPerSecond=" + text(throttleDisconnectPerSecond) +
            ", cancelOnDisconnect=" + cancelOnDisconnect +
            ", stpMode=" + stpMode +
            ", stpGroup=" + stpGroup + '}';
    }

    static String text(final OptionalLong value)
    {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "none";
    }

    static String text(final OptionalInt value)
    {
        return value.isPresent() ? Integer.toString(value.getAsInt()) : "none";
    }

    static OptionalLong limit(final String name, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(name + " must be >= 0 (use an empty value for no limit): " + value);
        }
        return OptionalLong.of(value);
    }

    static OptionalLong limit(final String name, final OptionalLong value)
    {
        Objects.requireNonNull(value, name);
        return value.isPresent() ? limit(name, value.getAsLong()) : value;
    }

    static OptionalInt limit(final String name, final int value, final int max)
    {
        if (value < 0 || value > max)
        {
            throw new IllegalArgumentException(name + " must be in [0, " + max + "] (use an empty value for no " +
                "limit): " + value);
        }
        return OptionalInt.of(value);
    }

    static OptionalInt limit(final String name, final OptionalInt value, final int max)
    {
        Objects.requireNonNull(value, name);
        return value.isPresent() ? limit(name, value.getAsInt(), max) : value;
    }

    /**
     * Builds {@link AccountLimits}; every setter checks its argument at once ({@link IllegalArgumentException}
     * with the reason).
     */
    public static final class Builder
    {
        private final long account;
        private OptionalInt maxOpenOrders = OptionalInt.empty();
        private OptionalLong maxLongPosition = OptionalLong.empty();
        private OptionalLong maxShortPosition = OptionalLong.empty();
        private OptionalLong creditLimit = OptionalLong.empty();
        private OptionalInt throttleRejectPerSecond = OptionalInt.empty();
        private OptionalInt throttleDisconnectPerSecond = OptionalInt.empty();
        private boolean cancelOnDisconnect;
        private StpMode stpMode = StpMode.NONE;
        private long stpGroup;

        private Builder(final long account)
        {
            if (account <= 0)
            {
                throw new IllegalArgumentException("account must be positive: " + account);
            }
            this.account = account;
        }

        /**
         * Set the most live orders the account may have.
         *
         * @param orders a ceiling, {@code >= 0}.
         * @return this builder.
         */
        public Builder maxOpenOrders(final int orders)
        {
            maxOpenOrders = limit("maxOpenOrders", orders, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Set or clear the most live orders the account may have.
         *
         * @param orders a ceiling {@code >= 0}, or empty for no limit.
         * @return this builder.
         */
        public Builder maxOpenOrders(final OptionalInt orders)
        {
            maxOpenOrders = limit("maxOpenOrders", orders, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Set the per-instrument ceiling on position plus open buys.
         *
         * @param quantity a ceiling, {@code >= 0}.
         * @return this builder.
         */
        public Builder maxLongPosition(final long quantity)
        {
            maxLongPosition = limit("maxLongPosition", quantity);
            return this;
        }

        /**
         * Set or clear the per-instrument ceiling on position plus open buys.
         *
         * @param quantity a ceiling {@code >= 0}, or empty for no limit.
         * @return this builder.
         */
        public Builder maxLongPosition(final OptionalLong quantity)
        {
            maxLongPosition = limit("maxLongPosition", quantity);
            return this;
        }

        /**
         * Set the per-instrument ceiling on open sells minus position.
         *
         * @param quantity a ceiling, {@code >= 0}.
         * @return this builder.
         */
        public Builder maxShortPosition(final long quantity)
        {
            maxShortPosition = limit("maxShortPosition", quantity);
            return this;
        }

        /**
         * Set or clear the per-instrument ceiling on open sells minus position.
         *
         * @param quantity a ceiling {@code >= 0}, or empty for no limit.
         * @return this builder.
         */
        public Builder maxShortPosition(final OptionalLong quantity)
        {
            maxShortPosition = limit("maxShortPosition", quantity);
            return this;
        }

        /**
         * Set the ceiling on credit used.
         *
         * @param notional a ceiling, {@code >= 0}.
         * @return this builder.
         */
        public Builder creditLimit(final long notional)
        {
            creditLimit = limit("creditLimit", notional);
            return this;
        }

        /**
         * Set or clear the ceiling on credit used.
         *
         * @param notional a ceiling {@code >= 0}, or empty for no limit.
         * @return this builder.
         */
        public Builder creditLimit(final OptionalLong notional)
        {
            creditLimit = limit("creditLimit", notional);
            return this;
        }

        /**
         * Set the message rate above which messages are rejected.
         *
         * @param perSecond messages per second in {@code [0, MAX_THROTTLE_PER_SECOND]}.
         * @return this builder.
         */
        public Builder throttleRejectPerSecond(final int perSecond)
        {
            throttleRejectPerSecond = limit("throttleRejectPerSecond", perSecond, MAX_THROTTLE_PER_SECOND);
            return this;
        }

        /**
         * Set or clear the message rate above which messages are rejected.
         *
         * @param perSecond messages per second in {@code [0, MAX_THROTTLE_PER_SECOND]}, or empty for none.
         * @return this builder.
         */
        public Builder throttleRejectPerSecond(final OptionalInt perSecond)
        {
            throttleRejectPerSecond = limit("throttleRejectPerSecond", perSecond, MAX_THROTTLE_PER_SECOND);
            return this;
        }

        /**
         * Set the message rate above which the session is closed.
         *
         * @param perSecond messages per second in {@code [0, MAX_THROTTLE_PER_SECOND]}.
         * @return this builder.
         */
        public Builder throttleDisconnectPerSecond(final int perSecond)
        {
            throttleDisconnectPerSecond =
                limit("throttleDisconnectPerSecond", perSecond, MAX_THROTTLE_PER_SECOND);
            return this;
        }

        /**
         * Set or clear the message rate above which the session is closed.
         *
         * @param perSecond messages per second in {@code [0, MAX_THROTTLE_PER_SECOND]}, or empty for none.
         * @return this builder.
         */
        public Builder throttleDisconnectPerSecond(final OptionalInt perSecond)
        {
            throttleDisconnectPerSecond =
                limit("throttleDisconnectPerSecond", perSecond, MAX_THROTTLE_PER_SECOND);
            return this;
        }

        /**
         * Cancel the account's DAY orders when its last open session closes.
         *
         * @param cancel the setting.
         * @return this builder.
         */
        public Builder cancelOnDisconnect(final boolean cancel)
        {
            cancelOnDisconnect = cancel;
            return this;
        }

        /**
         * Set the self-trade prevention mode, applied when this account's order is the aggressor.
         *
         * @param mode any mode but {@link StpMode#NULL_VAL}.
         * @return this builder.
         */
        public Builder stpMode(final StpMode mode)
        {
            if (null == mode || StpMode.NULL_VAL == mode)
            {
                throw new IllegalArgumentException("stpMode must be one of NONE, CANCEL_RESTING, CANCEL_AGGRESSING, " +
                    "CANCEL_BOTH, DECREMENT_AND_CANCEL: " + mode);
            }
            stpMode = mode;
            return this;
        }

        /**
         * Set the STP group: accounts in one non-zero group cannot trade with each other.
         *
         * @param group {@code >= 0}, 0 for the account alone.
         * @return this builder.
         */
        public Builder stpGroup(final long group)
        {
            if (group < 0)
            {
                throw new IllegalArgumentException("stpGroup must be >= 0: " + group);
            }
            stpGroup = group;
            return this;
        }

        /**
         * The limits.
         *
         * @return a new immutable instance.
         */
        public AccountLimits build()
        {
            return new AccountLimits(account, maxOpenOrders, maxLongPosition, maxShortPosition, creditLimit,
                throttleRejectPerSecond, throttleDisconnectPerSecond, cancelOnDisconnect, stpMode, stpGroup);
        }
    }
}
