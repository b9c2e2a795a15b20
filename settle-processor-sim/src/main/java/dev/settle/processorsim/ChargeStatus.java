package dev.settle.processorsim;

import java.util.Arrays;

/**
 * Where a charge stands. Only {@link #AUTHORIZED} charges move on (to captured or voided); the
 * others are final, so every rule is a check of the current status.
 */
enum ChargeStatus {
    AUTHORIZED("authorized"),
    CAPTURED("captured"),
    DECLINED("declined"),
    REQUIRES_ACTION("requires_action"),
    VOIDED("voided");

    private final String wire;

    ChargeStatus(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    static ChargeStatus fromWire(String wire) {
        return Arrays.stream(values())
                .filter(status -> status.wire.equals(wire))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown charge status: " + wire));
    }
}
