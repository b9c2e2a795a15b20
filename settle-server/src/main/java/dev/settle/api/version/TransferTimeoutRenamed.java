package dev.settle.api.version;

import dev.settle.api.error.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/** 2026-11-01: a transfer's {@code timeout} became {@code timeout_seconds}, to say its unit. */
final class TransferTimeoutRenamed implements VersionChange {
    private static final String OLD_NAME = "timeout";
    private static final String NEW_NAME = "timeout_seconds";

    @Override
    public String since() {
        return "2026-11-01";
    }

    @Override
    public String description() {
        return "Transfers: `timeout` renamed `timeout_seconds`.";
    }

    @Override
    public void upgradeTransferRequest(Map<String, Object> transfer, String param) {
        if (transfer.containsKey(NEW_NAME)) {
            String name = param.isEmpty() ? NEW_NAME : param + "." + NEW_NAME;
            throw ApiException.invalid("parameter_unknown", "unknown parameter: " + name
                    + " (this API version calls it " + OLD_NAME + ")", name);
        }
        if (transfer.containsKey(OLD_NAME)) {
            rename(transfer, OLD_NAME, NEW_NAME);
        }
    }

    @Override
    public void downgradeTransfer(Map<String, Object> transfer) {
        if (transfer.containsKey(NEW_NAME)) {
            rename(transfer, NEW_NAME, OLD_NAME);
        }
    }

    /** Renames a key in place, keeping its position. */
    private static void rename(Map<String, Object> map, String from, String to) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        map.clear();
        copy.forEach((k, v) -> map.put(k.equals(from) ? to : k, v));
    }
}
