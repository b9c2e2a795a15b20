package dev.settle.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;

/**
 * The wire rules of amounts: unsigned integers up to 2^128 − 1, sent and answered as JSON numbers
 * up to 2^53 (exact in every JSON reader, JavaScript included) and as decimal strings above.
 */
final class Amounts {
    /** The largest amount sent as a JSON number; larger amounts travel as strings. */
    static final BigInteger JSON_NUMBER_MAX = BigInteger.ONE.shiftLeft(53);
    /** Balances and amounts are 128-bit unsigned in the ledger. */
    static final BigInteger AMOUNT_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    /** 2^128 − 1 has 39 decimal digits. */
    static final int AMOUNT_DIGITS_MAX = 39;

    static {
        if (AMOUNT_MAX.toString().length() != AMOUNT_DIGITS_MAX || JSON_NUMBER_MAX.compareTo(AMOUNT_MAX) >= 0) {
            throw new AssertionError("amount limits disagree");
        }
    }

    private Amounts() {}

    /** The amount itself when it is null or in 0..2^128 − 1; otherwise refuses it, naming it. */
    static BigInteger requireValid(BigInteger amount, String name) {
        if (amount != null && (amount.signum() < 0 || amount.compareTo(AMOUNT_MAX) > 0)) {
            throw new IllegalArgumentException(name + " must be 0..2^128-1, got " + amount);
        }
        return amount;
    }

    static JsonNode toJson(BigInteger amount) {
        if (amount.compareTo(JSON_NUMBER_MAX) <= 0) {
            return BigIntegerNode.valueOf(amount);
        }
        return TextNode.valueOf(amount.toString());
    }

    /** An amount answered as a JSON integer or a string of decimal digits. */
    static BigInteger fromJson(JsonNode node, String field) {
        if (node.isIntegralNumber()) {
            return requireAnswered(node.bigIntegerValue(), field);
        }
        if (node.isTextual() && isDecimalDigits(node.textValue())) {
            return requireAnswered(new BigInteger(node.textValue()), field);
        }
        throw new MalformedAnswerException(field + " is not an amount: " + node);
    }

    private static BigInteger requireAnswered(BigInteger amount, String field) {
        if (amount.signum() < 0 || amount.compareTo(AMOUNT_MAX) > 0) {
            throw new MalformedAnswerException(field + " is outside 0..2^128-1: " + amount);
        }
        return amount;
    }

    private static boolean isDecimalDigits(String text) {
        if (text.isEmpty() || text.length() > AMOUNT_DIGITS_MAX) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
