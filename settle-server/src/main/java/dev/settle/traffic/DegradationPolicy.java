package dev.settle.traffic;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The degradation policy: the fleet's in-flight cap, the limits of tenants without their own, and
 * when each priority class is shed. Read once at start-up from {@code config/degradation.yaml}
 * (which documents every setting) and immutable after; {@link #defaults()} equals the shipped file.
 */
public final class DegradationPolicy {
    public static final String DEFAULT_PATH = "config/degradation.yaml";
    public static final int IN_FLIGHT_MAX_DEFAULT = 4_096;
    /** Below this the fleet could not keep even one worker per core busy. */
    public static final int IN_FLIGHT_MAX_MIN = 16;
    public static final int IN_FLIGHT_MAX_LIMIT = 1_000_000;
    /** The shipped file is about 3 KiB; anything far larger is not a policy file. */
    public static final int POLICY_FILE_BYTES_MAX = 64 * 1024;

    private static final DegradationPolicy DEFAULTS = new DegradationPolicy(IN_FLIGHT_MAX_DEFAULT,
            TenantLimits.DEFAULTS,
            Map.of(Priority.BULK, new ShedThresholds(60, 250, 60),
                    Priority.READ, new ShedThresholds(80, 500, 80),
                    Priority.NORMAL, new ShedThresholds(90, 1_000, 90),
                    Priority.CRITICAL, new ShedThresholds(100, ShedThresholds.NEVER_MILLIS, 100)));

    private final int inFlightMax;
    private final TenantLimits tenantDefaults;
    /** Indexed by {@link Priority#ordinal()}: a lookup per request without hashing. */
    private final ShedThresholds[] thresholdsByPriority;

    DegradationPolicy(int inFlightMax, TenantLimits tenantDefaults, Map<Priority, ShedThresholds> thresholds) {
        if (inFlightMax < IN_FLIGHT_MAX_MIN || inFlightMax > IN_FLIGHT_MAX_LIMIT) {
            throw new IllegalArgumentException("in_flight_max must be " + IN_FLIGHT_MAX_MIN + ".."
                    + IN_FLIGHT_MAX_LIMIT + ", got " + inFlightMax);
        }
        this.inFlightMax = inFlightMax;
        this.tenantDefaults = Objects.requireNonNull(tenantDefaults, "tenantDefaults");
        this.thresholdsByPriority = new ShedThresholds[Priority.values().length];
        for (Priority priority : Priority.values()) {
            thresholdsByPriority[priority.ordinal()] =
                    Objects.requireNonNull(thresholds.get(priority), "thresholds of " + priority);
        }
        requireShedOrder();
    }

    /** The policy of the shipped {@code config/degradation.yaml}. */
    public static DegradationPolicy defaults() {
        return DEFAULTS;
    }

    /** Reads and validates a policy file; a missing, unreadable or invalid file is a PolicyException. */
    public static DegradationPolicy load(Path file) throws PolicyException {
        String sourceName = file.toString();
        try {
            long sizeBytes = Files.size(file);
            if (sizeBytes > POLICY_FILE_BYTES_MAX) {
                throw new PolicyException(sourceName + ": document: " + sizeBytes + " bytes is more than the "
                        + POLICY_FILE_BYTES_MAX + " a policy file may have");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), sourceName);
        } catch (NoSuchFileException e) {
            throw new PolicyException(sourceName + ": document: file not found", e);
        } catch (CharacterCodingException e) {
            throw new PolicyException(sourceName + ": document: not UTF-8 text", e);
        } catch (IOException e) {
            throw new PolicyException(sourceName + ": document: cannot read the file: " + e, e);
        }
    }

    /** Validates the policy in {@code yaml}; {@code sourceName} starts every problem's message. */
    public static DegradationPolicy parse(String yaml, String sourceName) throws PolicyException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        if (yaml.length() > POLICY_FILE_BYTES_MAX) {
            throw new PolicyException(sourceName + ": document: " + yaml.length() + " characters is more than the "
                    + POLICY_FILE_BYTES_MAX + " a policy file may have");
        }
        return PolicyReader.read(PolicyTree.read(yaml, sourceName), sourceName);
    }

    /** The cap on requests in flight in this process, all tenants together. */
    public int inFlightMax() {
        return inFlightMax;
    }

    /** The limits of a tenant that has none of its own. */
    public TenantLimits tenantDefaults() {
        return tenantDefaults;
    }

    public ShedThresholds thresholds(Priority priority) {
        return thresholdsByPriority[priority.ordinal()];
    }

    /**
     * A short phrase naming the first metric at/over the class's threshold, e.g. "pod queue 93% >=
     * 90%", "queue delay 812 ms >= 500 ms", "in-flight 95% >= 90%"; null when the class is admitted.
     */
    public String shedReason(Priority priority, LoadSnapshot load) {
        return thresholds(priority).reasonFor(load);
    }

    /** One line for the start-up log. */
    public String describe() {
        List<String> classes = new ArrayList<>();
        for (Priority priority : Priority.SHED_ORDER) {
            ShedThresholds thresholds = thresholds(priority);
            String delay = thresholds.queueDelayMillis() == ShedThresholds.NEVER_MILLIS
                    ? "never" : thresholds.queueDelayMillis() + " ms";
            classes.add(priority.wireName() + " at queue " + thresholds.queuePercent() + "%/" + delay
                    + "/in-flight " + thresholds.inFlightPercent() + "%");
        }
        return "in_flight_max=" + inFlightMax
                + "; shed " + String.join(", ", classes)
                + "; tenant_defaults reads " + tenantDefaults.readsPerSecond() + "/s, writes "
                + tenantDefaults.writesPerSecond() + "/s, concurrent " + tenantDefaults.concurrentRequestsMax();
    }

    /**
     * The reader reports a class shed before a lower one as a problem with the file; this re-checks it
     * where the policy is built, so no code path can make one that sheds critical traffic first.
     */
    private void requireShedOrder() {
        for (int i = 1; i < Priority.SHED_ORDER.size(); i++) {
            ShedThresholds lower = thresholds(Priority.SHED_ORDER.get(i - 1));
            ShedThresholds higher = thresholds(Priority.SHED_ORDER.get(i));
            if (lower.queuePercent() > higher.queuePercent()
                    || lower.queueDelayMillis() > higher.queueDelayMillis()
                    || lower.inFlightPercent() > higher.inFlightPercent()) {
                throw new IllegalArgumentException("thresholds of " + Priority.SHED_ORDER.get(i - 1)
                        + " exceed those of " + Priority.SHED_ORDER.get(i) + ": " + lower + " > " + higher);
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DegradationPolicy that
                && inFlightMax == that.inFlightMax
                && tenantDefaults.equals(that.tenantDefaults)
                && Arrays.equals(thresholdsByPriority, that.thresholdsByPriority);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inFlightMax, tenantDefaults, Arrays.hashCode(thresholdsByPriority));
    }

    @Override
    public String toString() {
        return describe();
    }
}
