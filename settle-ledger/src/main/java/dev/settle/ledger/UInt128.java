package dev.settle.ledger;

import java.math.BigInteger;
import java.util.UUID;

/**
 * An unsigned 128-bit integer: ids, amounts and balances.
 *
 * <p>The record is for values at the edges (parsing, tests, records). The engine's hot path keeps
 * the two halves in primitive arrays and uses the static helpers, which never allocate.
 * Arithmetic that could overflow is checked first by the caller; overflow is a result code,
 * never a wrap.
 *
 * @param high the most significant 64 bits, unsigned
 * @param low the least significant 64 bits, unsigned
 */
public record UInt128(long high, long low) implements Comparable<UInt128> {
    public static final UInt128 ZERO = new UInt128(0, 0);
    public static final UInt128 MAX = new UInt128(-1L, -1L);
    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MAX_BIG = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    /** The longest decimal form of a 128-bit value: 2^128 - 1 has 39 digits. */
    public static final int DECIMAL_DIGITS_MAX = 39;

    public static UInt128 of(long unsignedLow) {
        return new UInt128(0, unsignedLow);
    }

    public static UInt128 of(UUID uuid) {
        return new UInt128(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /** Parses a non-negative decimal string of at most 128 bits; throws NumberFormatException. */
    public static UInt128 parse(String decimal) {
        if (decimal.isEmpty() || decimal.length() > DECIMAL_DIGITS_MAX) {
            throw new NumberFormatException("not a 128-bit unsigned decimal");
        }
        for (int i = 0; i < decimal.length(); i++) {
            char c = decimal.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a 128-bit unsigned decimal");
            }
        }
        return of(new BigInteger(decimal));
    }

    public static UInt128 of(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(MAX_BIG) > 0) {
            throw new NumberFormatException("out of the 128-bit unsigned range");
        }
        return new UInt128(value.shiftRight(64).longValue(), value.longValue());
    }

    public BigInteger toBigInteger() {
        BigInteger hi = new BigInteger(Long.toUnsignedString(high));
        return hi.multiply(TWO_POW_64).add(new BigInteger(Long.toUnsignedString(low)));
    }

    public UUID toUuid() {
        return new UUID(high, low);
    }

    public boolean isZero() {
        return high == 0 && low == 0;
    }

    public boolean isMax() {
        return high == -1L && low == -1L;
    }

    /** True when the value fits in 2^53, the integers a JSON number carries exactly. */
    public boolean fitsInJsonNumber() {
        return high == 0 && low >= 0 && low <= (1L << 53);
    }

    @Override
    public int compareTo(UInt128 other) {
        return compare(high, low, other.high, other.low);
    }

    @Override
    public String toString() {
        return high == 0 ? Long.toUnsignedString(low) : toBigInteger().toString();
    }

    // Allocation-free helpers over (high, low) pairs.

    public static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int byHigh = Long.compareUnsigned(aHigh, bHigh);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(aLow, bLow);
    }

    /** The low half of a + b. */
    public static long addLow(long aLow, long bLow) {
        return aLow + bLow;
    }

    /** The high half of a + b (the caller has checked that the sum does not overflow). */
    public static long addHigh(long aHigh, long aLow, long bHigh, long bLow) {
        long carry = Long.compareUnsigned(aLow + bLow, aLow) < 0 ? 1 : 0;
        return aHigh + bHigh + carry;
    }

    /** True when a + b does not fit in 128 bits. */
    public static boolean addOverflows(long aHigh, long aLow, long bHigh, long bLow) {
        long carry = Long.compareUnsigned(aLow + bLow, aLow) < 0 ? 1 : 0;
        long high = aHigh + bHigh;
        if (Long.compareUnsigned(high, aHigh) < 0) {
            return true;
        }
        return carry == 1 && high == -1L;
    }

    /** The low half of a - b. */
    public static long subtractLow(long aLow, long bLow) {
        return aLow - bLow;
    }

    /** The high half of a - b (the caller has checked that a >= b). */
    public static long subtractHigh(long aHigh, long aLow, long bHigh, long bLow) {
        long borrow = Long.compareUnsigned(aLow, bLow) < 0 ? 1 : 0;
        return aHigh - bHigh - borrow;
    }

    public static boolean isZero(long high, long low) {
        return high == 0 && low == 0;
    }

    public static boolean isMax(long high, long low) {
        return high == -1L && low == -1L;
    }
}
