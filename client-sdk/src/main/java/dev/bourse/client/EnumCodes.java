package dev.bourse.client;

import java.util.function.ToIntFunction;

import dev.bourse.schemas.orderentry.CancelReason;
import dev.bourse.schemas.orderentry.ExecType;
import dev.bourse.schemas.orderentry.Liquidity;
import dev.bourse.schemas.orderentry.OrderStatus;
import dev.bourse.schemas.orderentry.OrderType;
import dev.bourse.schemas.orderentry.RejectReason;
import dev.bourse.schemas.orderentry.RequestType;
import dev.bourse.schemas.orderentry.Role;
import dev.bourse.schemas.orderentry.Side;
import dev.bourse.schemas.orderentry.StpMode;
import dev.bourse.schemas.orderentry.TimeInForce;

/**
 * Allocation-free, non-throwing lookups from wire codes to the generated enums. The generated {@code get(code)}
 * throws on a code it does not know, which a newer cluster may send (a new enum value comes with a schema version
 * bump); here an unknown code maps to the enum's {@code NULL_VAL}.
 */
final class EnumCodes
{
    static final Lookup<Side> SIDE = new Lookup<>(Side.values(), Side::value, Side.NULL_VAL);
    static final Lookup<OrderType> ORDER_TYPE = new Lookup<>(OrderType.values(), OrderType::value, OrderType.NULL_VAL);
    static final Lookup<TimeInForce> TIME_IN_FORCE =
        new Lookup<>(TimeInForce.values(), TimeInForce::value, TimeInForce.NULL_VAL);
    static final Lookup<ExecType> EXEC_TYPE = new Lookup<>(ExecType.values(), ExecType::value, ExecType.NULL_VAL);
    static final Lookup<OrderStatus> ORDER_STATUS =
        new Lookup<>(OrderStatus.values(), OrderStatus::value, OrderStatus.NULL_VAL);
    static final Lookup<Liquidity> LIQUIDITY = new Lookup<>(Liquidity.values(), Liquidity::value, Liquidity.NULL_VAL);
    static final Lookup<RejectReason> REJECT_REASON =
        new Lookup<>(RejectReason.values(), RejectReason::value, RejectReason.NULL_VAL);
    static final Lookup<CancelReason> CANCEL_REASON =
        new Lookup<>(CancelReason.values(), CancelReason::value, CancelReason.NULL_VAL);
    static final Lookup<RequestType> REQUEST_TYPE =
        new Lookup<>(RequestType.values(), RequestType::value, RequestType.NULL_VAL);
    static final Lookup<Role> ROLE = new Lookup<>(Role.values(), Role::value, Role.NULL_VAL);
    static final Lookup<StpMode> STP_MODE = new Lookup<>(StpMode.values(), StpMode::value, StpMode.NULL_VAL);

    private EnumCodes()
    {
    }

    /**
     * A table from code to constant, sized by the largest code that is not the null value.
     *
     * @param <E> the enum type.
     */
    static final class Lookup<E>
    {
        private final Object[] byCode;
        private final E nullValue;

        Lookup(final E[] values, final ToIntFunction<E> code, final E nullValue)
        {
            int maxCode = 0;
            for (final E value : values)
            {
                if (value != nullValue)
                {
                    maxCode = Math.max(maxCode, code.applyAsInt(value));
                }
            }

            byCode = new Object[maxCode + 1];
            for (final E value : values)
            {
                if (value != nullValue)
                {
                    byCode[code.applyAsInt(value)] = value;
                }
            }
            this.nullValue = nullValue;
        }

        @SuppressWarnings("unchecked")
        E get(final int code)
        {
            if (code >= 0 && code < byCode.length)
            {
                final Object value = byCode[code];
                if (null != value)
                {
                    return (E)value;
                }
            }

            return nullValue;
        }
    }
}
