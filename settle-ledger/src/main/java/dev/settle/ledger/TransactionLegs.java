package dev.settle.ledger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a balanced transaction becomes transfers, deterministically.
 *
 * <p>Entries are grouped by currency (ledger), in the order in which each currency first
 * appears. Within a currency the debit entries and the credit entries, each in entry order, are
 * matched greedily: a leg moves the smaller of the two remaining amounts from the current debit
 * entry's account to the current credit entry's account. A currency with D debits and C credits
 * gives at most D + C - 1 legs.
 *
 * <p>Leg {@code k} has a UUIDv8 id derived from the transaction id and {@code k} by SHA-256, so
 * the same transaction always yields the same leg ids.
 */
public final class TransactionLegs {
    private static final byte[] DOMAIN = "settle.transaction.leg.v1".getBytes(StandardCharsets.US_ASCII);

    /** One leg: from the debit entry's account to the credit entry's account. */
    public record Leg(int debitEntry, int creditEntry, UInt128 amount) {}

    private TransactionLegs() {}

    /** The id of leg {@code index} of the transaction {@code transactionId}. */
    public static UInt128 legId(UInt128 transactionId, int index) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOMAIN);
            sha.update(longBytes(transactionId.high()));
            sha.update(longBytes(transactionId.low()));
            sha.update(longBytes(index));
            byte[] hash = sha.digest();
            hash[6] = (byte) ((hash[6] & 0x0F) | 0x80); // version 8
            hash[8] = (byte) ((hash[8] & 0x3F) | 0x80); // IETF variant
            return new UInt128(readLong(hash, 0), readLong(hash, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /**
     * The legs of a transaction whose entries are balanced per currency; {@code ledgerOfEntry}
     * gives each entry's currency.
     */
    public static List<Leg> decompose(List<TransactionEntry> entries, long[] ledgerOfEntry) {
        Map<Long, List<Integer>> debitsByLedger = new LinkedHashMap<>();
        Map<Long, List<Integer>> creditsByLedger = new LinkedHashMap<>();
        for (int k = 0; k < entries.size(); k++) {
            Map<Long, List<Integer>> side =
                    entries.get(k).direction() == EntryDirection.DEBIT ? debitsByLedger : creditsByLedger;
            debitsByLedger.computeIfAbsent(ledgerOfEntry[k], l -> new ArrayList<>());
            creditsByLedger.computeIfAbsent(ledgerOfEntry[k], l -> new ArrayList<>());
            side.get(ledgerOfEntry[k]).add(k);
        }
        List<Leg> legs = new ArrayList<>();
        for (Map.Entry<Long, List<Integer>> group : debitsByLedger.entrySet()) {
            matchGreedily(entries, group.getValue(), creditsByLedger.get(group.getKey()), legs);
        }
        Invariants.check(legs.size() <= Math.max(0, entries.size() - 1), "a transaction has fewer legs than entries");
        return legs;
    }

    private static void matchGreedily(List<TransactionEntry> entries, List<Integer> debits, List<Integer> credits,
            List<Leg> legs) {
        int d = 0;
        int c = 0;
        BigInteger debitLeft = debits.isEmpty() ? BigInteger.ZERO : amount(entries, debits.get(0));
        BigInteger creditLeft = credits.isEmpty() ? BigInteger.ZERO : amount(entries, credits.get(0));
        while (d < debits.size() && c < credits.size()) {
            BigInteger moved = debitLeft.min(creditLeft);
            legs.add(new Leg(debits.get(d), credits.get(c), UInt128.of(moved)));
            debitLeft = debitLeft.subtract(moved);
            creditLeft = creditLeft.subtract(moved);
            if (debitLeft.signum() == 0 && ++d < debits.size()) {
                debitLeft = amount(entries, debits.get(d));
            }
            if (creditLeft.signum() == 0 && ++c < credits.size()) {
                creditLeft = amount(entries, credits.get(c));
            }
        }
        Invariants.check(d == debits.size() && c == credits.size(), "balanced entries match completely");
    }

    private static BigInteger amount(List<TransactionEntry> entries, int k) {
        return entries.get(k).amount().toBigInteger();
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
