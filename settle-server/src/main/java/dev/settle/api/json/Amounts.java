package dev.settle.api.json;

import dev.settle.api.error.ApiException;
import dev.settle.ledger.UInt128;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Amounts on the wire: numbers or decimal strings in, numbers up to 2^53 or strings out. Only
 * canonical text is taken: a string {@code "00005"}, {@code "+5"} or {@code "-0"} is refused,
 * as the number {@code -0} is by {@link JsonReader}.
 */
public final class Amounts {
    private static final BigInteger MAX = UInt128.MAX.toBigInteger();

    private Amounts() {}

    public static UInt128 parse(Object value, String param) {
        BigInteger amount = switch (value) {
            case BigInteger i -> i;
            case String s -> digits(s, param);
            case BigDecimal d -> throw ApiException.badValue(param, "must be an integer in the currency's minor unit");
            default -> throw ApiException.badValue(param, "must be a number or a string of decimal digits");
        };
        if (amount.signum() < 0 || amount.compareTo(MAX) > 0) {
            throw ApiException.badValue(param, "must be between 0 and 2^128-1");
        }
        return UInt128.of(amount);
    }

    private static BigInteger digits(String s, String param) {
        if (s.isEmpty() || s.length() > UInt128.DECIMAL_DIGITS_MAX + 1) {
            throw ApiException.badValue(param, "must be a string of 1 to 39 decimal digits");
        }
        if (!UnsignedDecimal.isCanonical(s)) {
            throw ApiException.badValue(param, "must be a string of decimal digits, without a sign or leading zeros");
        }
        return new BigInteger(s);
    }

    /** A JSON number when it fits in 2^53, else a decimal string. */
    public static Object render(UInt128 amount) {
        return amount.fitsInJsonNumber() ? (Object) amount.low() : amount.toString();
    }
}
