package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ledger activity over HTTP, and a statement derived from it with differences injected (missing,
 * duplicated, changed, shifted and fee-netted lines), imported through the whole pipeline (spool,
 * chunks of guarded records, groups, exceptions): the run and the exceptions queue show exactly
 * the injected differences.
 */
class ReconciliationImportProperties {
    private static final long FEE_TOLERANCE = 100;
    private static final String MAPPING = "&format=csv&transfers_overdue_days=0&mapping%5Bdate%5D=date"
            + "&mapping%5Bamount%5D=amount&mapping%5Breference%5D=reference&mapping%5Bdescription%5D=description";

    enum Injected { NONE, MISSING, DUPLICATED, CHANGED_AMOUNT, SHIFTED_IN_WINDOW, SHIFTED_FAR, FEE_NETTED }

    private static Path directory;
    private static TestServer server;

    @BeforeContainer
    static void start() throws Exception {
        directory = Files.createTempDirectory("recon-properties");
        server = TestServer.start(directory);
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 15)
    void theRunShowsExactlyTheInjectedDifferences(@ForAll @IntRange(min = 1, max = 25) int transfers,
            @ForAll long seed) {
        Random random = new Random(seed);
        String key = server.newTenant("t" + UUID.randomUUID());
        assertThat(server.post("/v1/reconciliation/rules", key, "{\"type\":\"reference\",\"amount_tolerance\":"
                + FEE_TOLERANCE + "}").status()).isEqualTo(201);
        assertThat(server.post("/v1/reconciliation/rules", key, "{\"type\":\"amount_date\",\"amount_tolerance\":"
                + FEE_TOLERANCE + ",\"date_window_days\":3}").status()).isEqualTo(201);
        String bank = server.account(key, "USD");
        String other = server.account(key, "USD");
        List<String> lines = new ArrayList<>();
        Map<String, Integer> reasons = new HashMap<>();
        int matched = 0;
        int missing = 0;
        String today = null;
        for (int i = 0; i < transfers; i++) {
            // Amounts 10,000 apart: no change or fee below 5,000 makes one transfer look like another.
            long amount = (i + 1) * 10_000L;
            boolean in = random.nextBoolean();
            int referenceKind = random.nextInt(3);
            String metadata = referenceKind == 1 ? ",\"metadata\":{\"reference\":\"inv-" + i + "\"}" : "";
            TestServer.Answer t = server.post("/v1/transfers", key, "{\"debit_account_id\":\"" + (in ? bank : other)
                    + "\",\"credit_account_id\":\"" + (in ? other : bank) + "\",\"amount\":" + amount + ",\"code\":1"
                    + metadata + "}");
            assertThat(t.status()).as(t.body()).isEqualTo(201);
            String id = (String) t.field("id");
            today = ((String) t.field("created")).substring(0, 10);
            String reference = referenceKind == 0 ? id : referenceKind == 1 ? "inv-" + i : "";
            boolean hasReference = !reference.isEmpty();
            long signed = in ? amount : -amount;
            Injected injected = i == 0 ? Injected.NONE : Injected.values()[random.nextInt(Injected.values().length)];
            switch (injected) {
                case NONE -> {
                    lines.add(line(today, 0, signed, reference, "n" + i));
                    matched++;
                }
                case MISSING -> missing++;
                case DUPLICATED -> {
                    lines.add(line(today, 0, signed, reference, "d" + i));
                    lines.add(line(today, 0, signed, reference, "d" + i));
                    matched++;
                    reasons.merge("duplicate", 1, Integer::sum);
                }
                case CHANGED_AMOUNT -> {
                    lines.add(line(today, 0, signed + 5_000, reference, "c" + i));
                    reasons.merge(hasReference ? "amount_mismatch" : "no_candidate", 1, Integer::sum);
                    missing++;
                }
                case SHIFTED_IN_WINDOW -> {
                    lines.add(line(today, 1 + random.nextInt(3), signed, reference, "s" + i));
                    matched++;
                }
                case SHIFTED_FAR -> {
                    lines.add(line(today, 8, signed, reference, "f" + i));
                    if (hasReference) {
                        matched++;
                    } else {
                        reasons.merge("no_candidate", 1, Integer::sum);
                        missing++;
                    }
                }
                case FEE_NETTED -> {
                    lines.add(line(today, 0, signed - 1 - random.nextInt((int) FEE_TOLERANCE), reference, "e" + i));
                    matched++;
                }
            }
        }
        Collections.shuffle(lines, random);
        String csv = "date,amount,reference,description\n" + String.join("", lines);
        TestServer.Answer imported = server.send("POST", "/v1/reconciliation/statements?account_id=" + bank + MAPPING,
                key, csv.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/csv");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) imported.json().get("run");
        int unmatched = reasons.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(run).as(csv).containsEntry("lines", (long) lines.size()).containsEntry("matched", (long) matched)
                .containsEntry("unmatched", (long) unmatched).containsEntry("transfers_missing", (long) missing);
        Map<String, Integer> queued = new HashMap<>();
        for (Map<String, Object> line : server.get("/v1/reconciliation/exceptions?limit=100", key).data()) {
            queued.merge((String) line.get("reason"), 1, Integer::sum);
        }
        assertThat(queued).as(csv).isEqualTo(reasons);
        assertThat(server.get("/v1/reconciliation/exceptions?type=transfer_missing&limit=100", key).data())
                .hasSize(missing);
    }

    private static String line(String today, int daysLater, long amount, String reference, String description) {
        String date = java.time.LocalDate.parse(today).plusDays(daysLater).toString();
        String sign = amount < 0 ? "-" : "";
        long abs = Math.abs(amount);
        return date + "," + sign + abs / 100 + "." + String.format("%02d", abs % 100) + "," + reference + ","
                + description + "\n";
    }
}
