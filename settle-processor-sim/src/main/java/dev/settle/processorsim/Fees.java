package dev.settle.processorsim;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The processor's price: 2.9% of the captured amount, rounded half-up, plus 30 minor units. Kept
 * apart so that the charge answers and the settlement report cannot disagree.
 */
final class Fees {
    private static final BigDecimal PERCENT = new BigDecimal("0.029");
    private static final long FIXED_MINOR_UNITS = 30;

    private Fees() {}

    /** The fee on {@code captured} minor units; nothing captured costs nothing. */
    static long onCaptured(long captured) {
        if (captured <= 0) {
            return 0;
        }
        long percentage = BigDecimal.valueOf(captured)
                .multiply(PERCENT)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        return percentage + FIXED_MINOR_UNITS;
    }
}
