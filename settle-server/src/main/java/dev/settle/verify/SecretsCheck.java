package dev.settle.verify;

import dev.settle.secrets.KeyCheck;
import dev.settle.store.Bytes;
import dev.settle.store.LedgerStore;
import dev.settle.store.OwnerOnly;
import dev.settle.store.StoreLayout.ColumnFamily;
import dev.settle.webhooks.WebhookEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Secrets at rest, without the master key: the data directory is owner-only (0700 and 0600),
 * every webhook endpoint record holds its secrets sealed, no stored answer shows a webhook
 * secret in plaintext, and every sealed value is under a key the key check record lists.
 *
 * <p>The scan is scoped to the records that hold secrets (endpoints, idempotency answers), so a
 * tenant's metadata quoting {@code whsec_} is no false alarm. Its limit: a plaintext answer is
 * recognised by holding both {@code "object":"webhook_endpoint"} and {@code "secret":"whsec_};
 * and old versions of records that RocksDB has not compacted yet are not seen (start-up compacts
 * after it re-seals).
 */
final class SecretsCheck {
    static final String MODES = "data directory is owner-only (0700, files 0600)";
    static final String SEALED = "no webhook secret in plaintext";
    static final String KEYS = "sealed values are under the checked master keys";
    private static final byte[] ENDPOINT_OBJECT = "\"object\":\"webhook_endpoint\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET_FIELD = "\"secret\":\"whsec_".getBytes(StandardCharsets.US_ASCII);
    /** The first byte of a plaintext idempotency record (IdempotencyRecord's format 1). */
    private static final byte IDEMPOTENCY_PLAIN = 1;

    private SecretsCheck() {}

    /** The modes; run before the store opens (opening may create files). */
    static void modes(Path directory, VerifyReport report) {
        report.checked(MODES);
        try {
            for (String offender : OwnerOnly.offenders(directory)) {
                report.problem(MODES, offender + " (settle serve fixes it at start; or chmod -R go-rwx)");
            }
        } catch (IOException e) {
            report.problem(MODES, "cannot read the modes: " + e.getMessage());
        }
    }

    static void records(LedgerStore store, VerifyReport report) {
        report.checked(SEALED);
        report.checked(KEYS);
        KeyCheck check = KeyCheck.read(store);
        List<Integer> ids = check == null ? List.of() : check.keyIds();
        store.scan(ColumnFamily.WEBHOOK_ENDPOINTS, (key, value) -> {
            if (!WebhookEndpoints.recordIsSealed(value)) {
                report.problem(SEALED, "webhook endpoint record " + HexFormat.of().formatHex(key)
                        + " holds its secrets in plaintext (settle serve seals it at start)");
            } else {
                checkKey(WebhookEndpoints.recordKeyId(value), ids, "webhook endpoint record", key, report);
            }
        });
        long[] sealedAnswers = {0};
        store.scan(ColumnFamily.IDEMPOTENCY, (key, value) -> {
            if (value.length > 0 && value[0] == IDEMPOTENCY_PLAIN) {
                if (Bytes.contains(value, ENDPOINT_OBJECT) && Bytes.contains(value, SECRET_FIELD)) {
                    report.problem(SEALED, "stored answer " + HexFormat.of().formatHex(key)
                            + " shows a webhook secret in plaintext (settle serve seals it at start)");
                }
            } else {
                sealedAnswers[0]++;
            }
        });
        report.count("sealed stored answers", sealedAnswers[0]);
    }

    private static void checkKey(int id, List<Integer> ids, String what, byte[] key, VerifyReport report) {
        if (!ids.contains(id)) {
            report.problem(KEYS, what + " " + HexFormat.of().formatHex(key) + " is sealed under master key "
                    + dev.settle.secrets.MasterKey.idText(id) + ", which the key check record does not list");
        }
    }

}
