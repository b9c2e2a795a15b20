package dev.settle.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.api.json.JsonReader;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.UInt128;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The end-of-run checks of the payments tests: every step settled, the processor's captures and
 * refunds (its settlement reports and charges) equal to the intents', at most one capture per
 * intent, and the payments accounts of each currency holding exactly what the intents say.
 */
public final class ProcessorAgreement {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProcessorAgreement() {}

    /** Every intent of the ledger, oldest first. */
    public static List<PaymentIntent> intents(PaymentReads reads, int ledger) {
        List<PaymentIntent> all = new ArrayList<>();
        UInt128 after = null;
        while (true) {
            PaymentReads.Page<PaymentIntent> page = reads.intents(ledger, 100, after, null);
            all.addAll(page.data());
            if (!page.hasMore()) {
                break;
            }
            after = page.data().get(page.data().size() - 1).id();
        }
        Collections.reverse(all);
        return all;
    }

    public static List<Refund> refunds(PaymentReads reads, int ledger) {
        List<Refund> all = new ArrayList<>();
        UInt128 after = null;
        while (true) {
            PaymentReads.Page<Refund> page = reads.refunds(ledger, 100, after, null);
            all.addAll(page.data());
            if (!page.hasMore()) {
                break;
            }
            after = page.data().get(page.data().size() - 1).id();
        }
        return all;
    }

    /** True while a step or a refund waits for its outcome. */
    public static boolean open(PaymentReads reads, int ledger) {
        return intents(reads, ledger).stream().anyMatch(p -> p.step() != null)
                || refunds(reads, ledger).stream().anyMatch(r -> r.status() == Refund.Status.PENDING);
    }

    /** Checks the intents against the processor at {@code processor} and the accounts; returns how many captured. */
    public static int check(List<PaymentIntent> intents, List<Refund> refunds,
            BiFunction<PaymentLedger.Role, String, AccountRecord> accounts, URI processor) throws Exception {
        Map<String, long[]> report = settlementReport(processor);
        Map<String, long[]> expected = new HashMap<>();
        int captured = 0;
        for (PaymentIntent p : intents) {
            String id = PaymentRecords.INTENT_IDS.format(p.id());
            assertThat(p.step()).as("open step of %s", id).isNull();
            assertThat(p.refundsInFlight()).as("refunds in flight of %s", id).isZero();
            long[] reported = report.getOrDefault(id, new long[3]);
            assertThat(reported[2]).as("captures of %s at the processor", id).isLessThanOrEqualTo(1);
            assertThat(reported[0]).as("captured for %s at the processor", id).isEqualTo(p.amountReceived());
            assertThat(-reported[1]).as("refunded for %s at the processor", id).isEqualTo(p.amountRefunded());
            if (p.latestCharge() != null) {
                Map<String, Object> charge = charge(processor, p.latestCharge());
                assertThat(number(charge, "amount_captured")).as("charge of %s", id).isEqualTo(p.amountReceived());
                assertThat(number(charge, "fee")).as("fee of %s", id).isEqualTo(p.feeCharged());
                if (p.status() == PaymentIntent.Status.REQUIRES_CAPTURE) {
                    assertThat(charge.get("status")).as("charge of %s", id).isEqualTo("authorized");
                }
            }
            switch (p.status()) {
                case SUCCEEDED -> assertThat(p.amountReceived()).isPositive();
                case REQUIRES_CAPTURE -> assertThat(p.amountCapturable()).isEqualTo(p.amount());
                default -> assertThat(p.amountReceived() + p.amountCapturable()).as("money of %s %s", id, p.status())
                        .isZero();
            }
            captured += p.amountReceived() > 0 ? 1 : 0;
            long[] b = expected.computeIfAbsent(p.currency(), c -> new long[4]);
            b[0] += p.amountReceived();
            b[1] += p.amountRefunded();
            b[2] += p.feeCharged();
            b[3] += p.amountCapturable();
        }
        for (Refund r : refunds) {
            assertThat(r.status()).as("refund %s", r.id()).isNotEqualTo(Refund.Status.PENDING);
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long[] b = e.getValue();
            AccountRecord sales = accounts.apply(PaymentLedger.Role.SALES, e.getKey());
            AccountRecord receivable = accounts.apply(PaymentLedger.Role.PROCESSOR_RECEIVABLE, e.getKey());
            AccountRecord fees = accounts.apply(PaymentLedger.Role.PROCESSOR_FEES, e.getKey());
            if (sales == null) {
                assertThat(b).as("money in %s without its accounts", e.getKey()).containsOnly(0);
                continue;
            }
            assertThat(value(sales.creditsPosted()) - value(sales.debitsPosted())).as("sales in " + e.getKey())
                    .isEqualTo(b[0] - b[1]);
            assertThat(value(sales.creditsPending())).as("authorized in " + e.getKey()).isEqualTo(b[3]);
            assertThat(value(receivable.debitsPosted()) - value(receivable.creditsPosted()))
                    .as("receivable in " + e.getKey()).isEqualTo(b[0] - b[2] - b[1]);
            assertThat(value(fees.debitsPosted())).as("fees in " + e.getKey()).isEqualTo(b[2]);
        }
        return captured;
    }

    /** Per intent id: captured, refunded (negative), number of captures, from yesterday's and today's reports. */
    private static Map<String, long[]> settlementReport(URI processor) throws Exception {
        Map<String, long[]> byIntent = new HashMap<>();
        Instant now = Instant.now();
        for (Instant day : List.of(now.minus(Duration.ofDays(1)), now)) {
            String date = day.atZone(ZoneOffset.UTC).toLocalDate().toString();
            for (String line : get(processor, "/v1/settlement_reports/" + date).split("\n")) {
                String[] cells = line.split(",", -1);
                if (cells[0].equals("charge") || cells[0].equals("refund")) {
                    long[] sums = byIntent.computeIfAbsent(cells[3], r -> new long[3]);
                    if (cells[0].equals("charge")) {
                        sums[0] += Long.parseLong(cells[4]);
                        sums[2]++;
                    } else {
                        sums[1] += Long.parseLong(cells[4]);
                    }
                }
            }
        }
        return byIntent;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> charge(URI processor, String id) throws Exception {
        return (Map<String, Object>) JsonReader.parse(get(processor, "/v1/charges/" + id).getBytes());
    }

    private static String get(URI processor, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(processor + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private static long number(Map<String, Object> v, String name) {
        return ((BigInteger) v.get(name)).longValueExact();
    }

    private static long value(UInt128 amount) {
        return amount.low();
    }
}
