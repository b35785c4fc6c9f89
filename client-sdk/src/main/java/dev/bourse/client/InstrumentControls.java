package dev.bourse.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An instrument's price band and order limits, as {@link AdminClient#defineInstrument(int, long, long, String,
 * TradingStatus, InstrumentControls)} and {@link AdminClient#updateInstrument} set them and
 * {@link InstrumentReport#controls()} reports them. Immutable; build one with {@link #builder()}:
 * <pre>{@code
 * InstrumentControls.builder()
 *     .referencePrice(30_000)      // centre of the band until the first trade, then the last trade price is
 *     .priceBandBps(500)           // +-5%: limit orders outside are rejected PRICE_OUTSIDE_BAND
 *     .maxOrderQuantity(1_000)     // MAX_ORDER_QUANTITY_EXCEEDED above it
 *     .maxOrderNotional(50_000_000)// price x quantity; MAX_ORDER_NOTIONAL_EXCEEDED above it
 *     .build();
 * }</pre>
 * An empty limit means "no limit"; a present one is a ceiling, and zero allows nothing. Without a reference price
 * the band applies only once the instrument has traded; a band of 0 bps means no band.
 */
public final class InstrumentControls
{
    /**
     * Largest band half-width, in basis points (the cluster refuses more).
     */
    public static final int MAX_PRICE_BAND_BPS = 1_000_000;

    /**
     * Largest price the engine accepts.
     */
    public static final long MAX_PRICE = 1_000_000_000_000_000L;

    private static final InstrumentControls NONE =
        new InstrumentControls(OptionalLong.empty(), 0, OptionalLong.empty(), OptionalLong.empty());

    private final OptionalLong referencePrice;
    private final int priceBandBps;
    private final OptionalLong maxOrderQuantity;
    private final OptionalLong maxOrderNotional;

    InstrumentControls(
        final OptionalLong referencePrice,
        final int priceBandBps,
        final OptionalLong maxOrderQuantity,
        final OptionalLong maxOrderNotional)
    {
        this.referencePrice = referencePrice;
        this.priceBandBps = priceBandBps;
        this.maxOrderQuantity = maxOrderQuantity;
        this.maxOrderNotional = maxOrderNotional;
    }

    /**
     * No band and no order limits.
     *
     * @return the controls of an instrument defined without any.
     */
    public static InstrumentControls none()
    {
        return NONE;
    }

    /**
     * A builder starting from no band and no limits.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * A builder starting from these values, to change some of them.
     *
     * @return a new builder.
     */
    public Builder toBuilder()
    {
        return new Builder()
            .referencePrice(referencePrice)
            .priceBandBps(priceBandBps)
            .maxOrderQuantity(maxOrderQuantity)
            .maxOrderNotional(maxOrderNotional);
    }

    /**
     * The centre of the band before the first trade.
     *
     * @return the reference price, empty for none.
     */
    public OptionalLong referencePrice()
    {
        return referencePrice;
    }

    /**
     * The band half-width.
     *
     * @return basis points, 0 for no band.
     */
    public int priceBandBps()
    {
        return priceBandBps;
    }

    /**
     * The largest quantity of one order.
     *
     * @return the limit, empty for none.
     */
    public OptionalLong maxOrderQuantity()
    {
        return maxOrderQuantity;
    }

    /**
     * The largest notional (price x quantity) of one order.
     *
     * @return the limit, empty for none.
     */
    public OptionalLong maxOrderNotional()
    {
        return maxOrderNotional;
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
        if (!(o instanceof InstrumentControls))
        {
            return false;
        }
        final InstrumentControls that = (InstrumentControls)o;
        return priceBandBps == that.priceBandBps && referencePrice.equals(that.referencePrice) &&
            maxOrderQuantity.equals(that.maxOrderQuantity) && maxOrderNotional.equals(that.maxOrderNotional);
    }

    /**
     * A hash of every value.
     *
     * @return the hash code.
     */
    public int hashCode()
    {
        return Objects.hash(referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional);
    }

    /**
     * A readable form.
     *
     * @return the values as text.
     */
    public String toString()
    {
        return "InstrumentControls{referencePrice=" + AccountLimits.text(referencePrice) +
            ", priceBandBps=" + priceBandBps +
            ", maxOrderQuantity=" + AccountLimits.text(maxOrderQuantity) +
            ", maxOrderNotional=" + AccountLimits.text(maxOrderNotional) + '}';
    }

    /**
     * Builds {@link InstrumentControls}; every setter checks its argument at once
     * ({@link IllegalArgumentException} with the reason).
     */
    public static final class Builder
    {
        private OptionalLong referencePrice = OptionalLong.empty();
        private int priceBandBps;
        private OptionalLong maxOrderQuantity = OptionalLong.empty();
        private OptionalLong maxOrderNotional = OptionalLong.empty();

        private Builder()
        {
        }

        /**
         * Set the reference price, the centre of the band until the instrument first trades.
         *
         * @param price in {@code (0, MAX_PRICE]}.
         * @return this builder.
         */
        public Builder referencePrice(final long price)
        {
            if (price <= 0 || price > MAX_PRICE)
            {
                throw new IllegalArgumentException("referencePrice must be in (0, " + MAX_PRICE + "]: " + price);
            }
            referencePrice = OptionalLong.of(price);
            return this;
        }

        /**
         * Set or clear the reference price.
         *
         * @param price the price, or empty for none.
         * @return this builder.
         */
        public Builder referencePrice(final OptionalLong price)
        {
            Objects.requireNonNull(price, "referencePrice");
            if (price.isPresent())
            {
                return referencePrice(price.getAsLong());
            }
            referencePrice = price;
            return this;
        }

        /**
         * Set the band half-width.
         *
         * @param bps basis points in {@code [0, MAX_PRICE_BAND_BPS]}, 0 for no band.
         * @return this builder.
         */
        public Builder priceBandBps(final int bps)
        {
            if (bps < 0 || bps > MAX_PRICE_BAND_BPS)
            {
                throw new IllegalArgumentException(
                    "priceBandBps must be in [0, " + MAX_PRICE_BAND_BPS + "]: " + bps);
            }
            priceBandBps = bps;
            return this;
        }

        /**
         * Set the largest quantity of one order.
         *
         * @param quantity a ceiling, {@code >= 0}.
         * @return this builder.
         */
        public Builder maxOrderQuantity(final long quantity)
        {
            maxOrderQuantity = AccountLimits.limit("maxOrderQuantity", quantity);
            return this;
        }

        /**
         * Set or clear the largest quantity of one order.
         *
         * @param quantity a ceiling {@code >= 0}, or empty for no limit.
         * @return this builder.
         */
        public Builder maxOrderQuantity(final OptionalLong quantity)
        {
            maxOrderQuantity = AccountLimits.limit("maxOrderQuantity", quantity);
            return this;
        }

        /**
         * Set the largest notional (price x quantity) of one order.
         *
         * @param notional a ceiling, {@code >= 0}.
         * @return this builder.
         */
        public Builder maxOrderNotional(final long notional)
        {
            maxOrderNotional = AccountLimits.limit("maxOrderNotional", notional);
            return this;
        }

        /**
         * Set or clear the largest notional of one order.
         *
         * @param notional a ceiling {@code >= 0}, or empty for no limit.
         * @return this builder.
         */
        public Builder maxOrderNotional(final OptionalLong notional)
        {
            maxOrderNotional = AccountLimits.limit("maxOrderNotional", notional);
            return this;
        }

        /**
         * The controls.
         *
         * @return a new immutable instance.
         */
        public InstrumentControls build()
        {
            return new InstrumentControls(referencePrice, priceBandBps, maxOrderQuantity, maxOrderNotional);
        }
    }
}
