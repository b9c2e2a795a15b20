package dev.settle.reconciliation.matching;

import dev.settle.ledger.UInt128;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What the lines of one account's statement may match: the account's ledger transfers in the
 * statement's period and its open expected payments, with which of them are already claimed.
 * Held as parallel arrays indexed by candidate number and chained by id, amount and the
 * metadata values the rules name, so that a million transfers fit in tens of megabytes.
 *
 * <p>Amounts are signed from the account's side: money in (a transfer debiting the account, an
 * expected credit) is positive.
 */
public final class Candidates {
    public enum Kind { TRANSFER, EXPECTED_PAYMENT }

    private final List<String> metadataKeys;
    private int size;
    private Kind[] kind;
    private long[] idHigh;
    private long[] idLow;
    private long[] timestamp;
    private long[] amountMin;
    private long[] amountMax;
    private int[] dayFrom;
    private int[] dayTo;
    private String[][] values;
    private final BitSet claimed = new BitSet();
    private final KeyChains byId;
    private final KeyChains byAmount;
    private final KeyChains[] byValue;
    /** Expected payments, few, scanned by the amount-and-date rule (their amounts are ranges). */
    private int[] expected = new int[16];
    private int expectedCount;

    /** @param metadataKeys the metadata keys the rules read, in a fixed order */
    public Candidates(List<String> metadataKeys, int expectedSize) {
        this.metadataKeys = List.copyOf(metadataKeys);
        int capacity = Math.max(16, expectedSize);
        kind = new Kind[capacity];
        idHigh = new long[capacity];
        idLow = new long[capacity];
        timestamp = new long[capacity];
        amountMin = new long[capacity];
        amountMax = new long[capacity];
        dayFrom = new int[capacity];
        dayTo = new int[capacity];
        values = new String[capacity][];
        byId = new KeyChains(capacity);
        byAmount = new KeyChains(capacity);
        byValue = new KeyChains[metadataKeys.size()];
        for (int k = 0; k < byValue.length; k++) {
            byValue[k] = new KeyChains(capacity);
        }
    }

    /**
     * Adds a posted transfer of the account.
     *
     * @param values its metadata values for {@link #metadataKeys}, in order (null where absent)
     */
    public int addTransfer(UInt128 id, long timestampNanos, long signedAmount, int day, String[] values,
            boolean isClaimed) {
        return add(Kind.TRANSFER, id, timestampNanos, signedAmount, signedAmount, day, day, values, isClaimed);
    }

    /** Adds an open expected payment: any amount in [min, max], any date in [from, to]. */
    public int addExpected(UInt128 id, long amountMin, long amountMax, int dayFrom, int dayTo, String reference) {
        String[] v = new String[metadataKeys.size()];
        int at = metadataKeys.indexOf(MatchRule.METADATA_KEY_DEFAULT);
        if (at >= 0) {
            v[at] = reference;
        }
        int n = add(Kind.EXPECTED_PAYMENT, id, 0, amountMin, amountMax, dayFrom, dayTo, v, false);
        if (expectedCount == expected.length) {
            expected = Arrays.copyOf(expected, expectedCount * 2);
        }
        expected[expectedCount++] = n;
        return n;
    }

    private int add(Kind k, UInt128 id, long ts, long min, long max, int from, int to, String[] v, boolean isClaimed) {
        if (v.length != metadataKeys.size()) {
            throw new IllegalArgumentException("one value per metadata key");
        }
        int n = size++;
        if (n == kind.length) {
            grow();
        }
        kind[n] = k;
        idHigh[n] = id.high();
        idLow[n] = id.low();
        timestamp[n] = ts;
        amountMin[n] = min;
        amountMax[n] = max;
        dayFrom[n] = from;
        dayTo[n] = to;
        values[n] = v;
        claimed.set(n, isClaimed);
        byId.add(idKey(id.high(), id.low()), n);
        if (k == Kind.TRANSFER) {
            byAmount.add(min, n);
        }
        for (int key = 0; key < v.length; key++) {
            if (v[key] != null) {
                byValue[key].add(textKey(v[key]), n);
            }
        }
        return n;
    }

    private void grow() {
        int capacity = kind.length * 2;
        kind = Arrays.copyOf(kind, capacity);
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        timestamp = Arrays.copyOf(timestamp, capacity);
        amountMin = Arrays.copyOf(amountMin, capacity);
        amountMax = Arrays.copyOf(amountMax, capacity);
        dayFrom = Arrays.copyOf(dayFrom, capacity);
        dayTo = Arrays.copyOf(dayTo, capacity);
        values = Arrays.copyOf(values, capacity);
    }

    public int size() {
        return size;
    }

    public List<String> metadataKeys() {
        return metadataKeys;
    }

    public Kind kind(int n) {
        return kind[n];
    }

    public UInt128 id(int n) {
        return new UInt128(idHigh[n], idLow[n]);
    }

    public long timestamp(int n) {
        return timestamp[n];
    }

    /** A transfer's signed amount (an expected payment's lowest). */
    public long amount(int n) {
        return amountMin[n];
    }

    public int day(int n) {
        return dayFrom[n];
    }

    public boolean isClaimed(int n) {
        return claimed.get(n);
    }

    public void claim(int n) {
        if (claimed.get(n)) {
            throw new IllegalStateException("candidate " + n + " is claimed already");
        }
        claimed.set(n);
    }

    /** Gives back a claim whose write did not happen (a stale chunk to be matched again). */
    public void release(int n) {
        claimed.clear(n);
    }

    /** How far {@code amount} is from what candidate {@code n} allows (0: within). */
    long amountDistance(int n, long amount) {
        return amount < amountMin[n] ? amountMin[n] - amount : amount > amountMax[n] ? amount - amountMax[n] : 0;
    }

    /** How many days {@code day} is from what candidate {@code n} allows (0: within). */
    int dayDistance(int n, int day) {
        return day < dayFrom[n] ? dayFrom[n] - day : day > dayTo[n] ? day - dayTo[n] : 0;
    }

    /** Whether candidate {@code n} carries {@code text} as its id or as the value of metadata key {@code key}. */
    boolean carries(int n, int key, String text) {
        return text.equals(values[n][key]);
    }

    int keyIndex(String metadataKey) {
        return metadataKeys.indexOf(metadataKey);
    }

    int firstWithValue(int key, String text) {
        return byValue[key].first(textKey(text));
    }

    int nextWithValue(int key, int n) {
        return byValue[key].next(n);
    }

    int firstWithId(long high, long low) {
        return byId.first(idKey(high, low));
    }

    int nextWithId(int n) {
        return byId.next(n);
    }

    boolean hasId(int n, long high, long low) {
        return idHigh[n] == high && idLow[n] == low;
    }

    int firstWithAmount(long amount) {
        return byAmount.first(amount);
    }

    int nextWithAmount(int n) {
        return byAmount.next(n);
    }

    int expectedCount() {
        return expectedCount;
    }

    int expected(int i) {
        return expected[i];
    }

    private static long idKey(long high, long low) {
        return high * 31 + low;
    }

    private static long textKey(String text) {
        long h = 1125899906842597L;
        for (int i = 0; i < text.length(); i++) {
            h = 31 * h + text.charAt(i);
        }
        return h;
    }
}
