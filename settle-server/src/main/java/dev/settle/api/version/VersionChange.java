package dev.settle.api.version;

import java.util.Map;

/**
 * One backwards-incompatible change, Stripe style: the code always speaks the current shape;
 * a change turns an older request into the current shape and a current answer back into the
 * older shape, for clients pinned to a version before {@link #since()}.
 */
public interface VersionChange {
    /** The first version with the change (YYYY-MM-DD). */
    String since();

    /** One line for the changelog. */
    String description();

    /** Rewrites, in place, one transfer of an older request into the current shape. */
    void upgradeTransferRequest(Map<String, Object> transfer, String param);

    /** Rewrites, in place, one transfer object of a current answer into the older shape. */
    void downgradeTransfer(Map<String, Object> transfer);
}
