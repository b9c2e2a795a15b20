package dev.settle.processorsim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The day's settlement file, as processors send them: one CSV row per capture and per refund made
 * that UTC day, then one payout row per currency summing them. It is what a reconciliation job
 * matches the ledger against, so every amount here comes from the same charge snapshots the API
 * answered with.
 */
final class SettlementReport {
    static final String HEADER = "type,id,charge,reference,amount,fee,net,currency,created_at";

    private static final String CHARGE_ROW = "charge";
    private static final String REFUND_ROW = "refund";
    private static final String PAYOUT_ROW = "payout";
    private static final String PAYOUT_PREFIX = "po_";
    private static final long SECONDS_PER_DAY = 86_400;
    private static final String LINE_END = "\n";

    private SettlementReport() {}

    /** One line of the report; {@code time} in epoch seconds. */
    private record Row(
            String type, String id, String charge, String reference, long amount, long fee, String currency,
            long time) {
        String toCsv() {
            return String.join(",", type, cell(id), cell(charge), cell(reference), Long.toString(amount),
                    Long.toString(fee), Long.toString(amount - fee), currency, Instant.ofEpochSecond(time).toString());
        }
    }

    static String render(
            LocalDate day,
            Collection<Charge> charges,
            Collection<Refund> refunds,
            Function<String, Optional<Charge>> chargeById) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long end = start + SECONDS_PER_DAY;
        List<Row> rows = new ArrayList<>();
        for (Charge charge : charges) {
            Long capturedAt = charge.capturedAt();
            if (capturedAt != null && capturedAt >= start && capturedAt < end) {
                rows.add(new Row(CHARGE_ROW, charge.id(), charge.id(), charge.reference(), charge.amountCaptured(),
                        charge.fee(), charge.currency(), capturedAt));
            }
        }
        for (Refund refund : refunds) {
            if (refund.created() >= start && refund.created() < end) {
                String reference = chargeById.apply(refund.chargeId()).map(Charge::reference).orElse(null);
                rows.add(new Row(REFUND_ROW, refund.id(), refund.chargeId(), reference, -refund.amount(), 0,
                        refund.currency(), refund.created()));
            }
        }
        rows.sort(Comparator.comparingLong(Row::time).thenComparing(Row::id));

        StringBuilder csv = new StringBuilder(HEADER).append(LINE_END);
        rows.forEach(row -> csv.append(row.toCsv()).append(LINE_END));
        payouts(day, rows, end - 1).forEach(row -> csv.append(row.toCsv()).append(LINE_END));
        return csv.toString();
    }

    /** One payout per currency, in currency order, dated the last second of the day. */
    private static List<Row> payouts(LocalDate day, List<Row> rows, long endOfDay) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Row row : rows) {
            long[] sum = sums.computeIfAbsent(row.currency(), currency -> new long[2]);
            sum[0] += row.amount();
            sum[1] += row.fee();
        }
        List<Row> payouts = new ArrayList<>();
        sums.forEach((currency, sum) -> payouts.add(new Row(PAYOUT_ROW, PAYOUT_PREFIX + day + "_" + currency,
                null, null, sum[0], sum[1], currency, endOfDay)));
        return payouts;
    }

    /** A CSV cell: empty for null, quoted when it holds a comma, a quote or a line break. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
