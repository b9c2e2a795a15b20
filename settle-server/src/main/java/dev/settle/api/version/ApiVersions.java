package dev.settle.api.version;

import dev.settle.api.error.ApiException;
import java.util.List;
import java.util.Map;

/**
 * The registry of API versions and the changes between them. A request names its version in
 * {@code Settle-Version}, else the tenant's pinned one applies; the code works in the current
 * shape and the changes after the request's version translate in and out.
 */
public final class ApiVersions {
    public static final String FIRST = "2026-06-01";
    public static final String CURRENT = "2026-11-01";
    /** Every version, oldest first. */
    public static final List<String> KNOWN = List.of(FIRST, CURRENT);
    /** Every change, oldest first. */
    private static final List<VersionChange> CHANGES = List.of(new TransferTimeoutRenamed());

    static {
        for (VersionChange change : CHANGES) {
            if (!KNOWN.contains(change.since())) {
                throw new IllegalStateException("a change names an unknown version: " + change.since());
            }
        }
    }

    private ApiVersions() {}

    /** The version named in a header; 400 {@code api_version_unknown} for any other. */
    public static String resolve(String header) {
        if (!KNOWN.contains(header)) {
            throw ApiException.invalid("api_version_unknown", "unknown Settle-Version; known versions: "
                    + String.join(", ", KNOWN), null);
        }
        return header;
    }

    public static List<VersionChange> changes() {
        return CHANGES;
    }

    /** Brings one transfer of a request made in {@code version} to the current shape. */
    public static void upgradeTransferRequest(String version, Map<String, Object> transfer, String param) {
        for (VersionChange change : CHANGES) {
            if (version.compareTo(change.since()) < 0) {
                change.upgradeTransferRequest(transfer, param);
            }
        }
    }

    /** Brings every transfer object in an answer tree back to {@code version}'s shape. */
    public static void downgradeAnswer(String version, Object answer) {
        if (version.equals(CURRENT)) {
            return;
        }
        for (int i = CHANGES.size() - 1; i >= 0; i--) {
            VersionChange change = CHANGES.get(i);
            if (version.compareTo(change.since()) < 0) {
                downgrade(change, answer);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void downgrade(VersionChange change, Object node) {
        if (node instanceof Map<?, ?> map) {
            if ("transfer".equals(map.get("object"))) {
                change.downgradeTransfer((Map<String, Object>) map);
            }
            map.values().forEach(v -> downgrade(change, v));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> downgrade(change, v));
        }
    }
}
