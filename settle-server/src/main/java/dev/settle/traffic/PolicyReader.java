package dev.settle.traffic;

import dev.settle.traffic.PolicyTree.Mapping;
import dev.settle.traffic.PolicyTree.Node;
import dev.settle.traffic.PolicyTree.Scalar;
import dev.settle.traffic.PolicyTree.ScalarKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a policy file's tree into a {@link DegradationPolicy}, checking every key and value. It
 * reads the whole file before judging it and reports every problem together, so the server never
 * starts with half a policy and an operator fixes a broken file in one pass.
 */
final class PolicyReader {
    private static final List<String> ROOT_KEYS = List.of("fleet", "tenant_defaults", "shed");
    private static final List<String> FLEET_KEYS = List.of("in_flight_max");
    private static final List<String> TENANT_KEYS =
            List.of("reads_per_second", "writes_per_second", "concurrent_requests_max");
    /** The metrics of a class, in the order of {@link ShedThresholds}'s components. */
    private static final List<String> THRESHOLD_KEYS = List.of("queue_percent", "queue_delay_ms", "in_flight_percent");
    private static final int QUEUE_PERCENT = 0;
    private static final int QUEUE_DELAY = 1;
    private static final int IN_FLIGHT_PERCENT = 2;
    private static final List<String> CLASS_KEYS =
            Priority.SHED_ORDER.stream().map(Priority::wireName).toList();
    /** Marks a value that is missing or wrong; every valid value is at least 1. */
    private static final long INVALID = -1;

    private final String sourceName;
    private final List<String> problems = new ArrayList<>();

    private PolicyReader(String sourceName) {
        this.sourceName = sourceName;
    }

    static DegradationPolicy read(Mapping root, String sourceName) throws PolicyException {
        PolicyReader reader = new PolicyReader(sourceName);
        DegradationPolicy policy = reader.readPolicy(root);
        if (!reader.problems.isEmpty()) {
            throw new PolicyException(reader.problems);
        }
        return policy;
    }

    /** The policy, or null when any problem was found. */
    private DegradationPolicy readPolicy(Mapping root) {
        rejectUnknownKeys(root, "", ROOT_KEYS);
        long inFlightMax = readFleet(section(root, "", "fleet"));
        TenantLimits tenantDefaults = readTenantDefaults(section(root, "", "tenant_defaults"));
        Map<Priority, ShedThresholds> thresholds = readShed(section(root, "", "shed"));
        if (!problems.isEmpty()) {
            return null;
        }
        return new DegradationPolicy(Math.toIntExact(inFlightMax), tenantDefaults, thresholds);
    }

    private long readFleet(Mapping fleet) {
        if (fleet == null) {
            return INVALID;
        }
        rejectUnknownKeys(fleet, "fleet", FLEET_KEYS);
        return integer(fleet, "fleet", "in_flight_max",
                DegradationPolicy.IN_FLIGHT_MAX_MIN, DegradationPolicy.IN_FLIGHT_MAX_LIMIT, false);
    }

    private TenantLimits readTenantDefaults(Mapping tenant) {
        if (tenant == null) {
            return null;
        }
        String path = "tenant_defaults";
        rejectUnknownKeys(tenant, path, TENANT_KEYS);
        long reads = integer(tenant, path, "reads_per_second", 1, TenantLimits.RATE_PER_SECOND_MAX, false);
        long writes = integer(tenant, path, "writes_per_second", 1, TenantLimits.RATE_PER_SECOND_MAX, false);
        long concurrent = integer(tenant, path, "concurrent_requests_max",
                1, TenantLimits.CONCURRENT_REQUESTS_LIMIT, false);
        if (reads == INVALID || writes == INVALID || concurrent == INVALID) {
            return null;
        }
        return new TenantLimits((int) reads, (int) writes, (int) concurrent);
    }

    /** The four classes' thresholds; null when any is missing, wrong or out of order. */
    private Map<Priority, ShedThresholds> readShed(Mapping shed) {
        long[][] values = new long[Priority.SHED_ORDER.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new long[THRESHOLD_KEYS.size()];
            Arrays.fill(values[i], INVALID);
        }
        if (shed != null) {
            rejectUnknownKeys(shed, "shed", CLASS_KEYS);
            for (int i = 0; i < values.length; i++) {
                Mapping thresholds = section(shed, "shed", CLASS_KEYS.get(i));
                if (thresholds != null) {
                    values[i] = readThresholds(thresholds, "shed." + CLASS_KEYS.get(i));
                }
            }
        }
        for (int metric = 0; metric < THRESHOLD_KEYS.size(); metric++) {
            checkShedFirst(values, metric);
        }
        Map<Priority, ShedThresholds> byPriority = new EnumMap<>(Priority.class);
        for (int i = 0; i < values.length; i++) {
            if (Arrays.stream(values[i]).anyMatch(value -> value == INVALID)) {
                return null;
            }
            byPriority.put(Priority.SHED_ORDER.get(i), new ShedThresholds((int) values[i][QUEUE_PERCENT],
                    values[i][QUEUE_DELAY], (int) values[i][IN_FLIGHT_PERCENT]));
        }
        return byPriority;
    }

    private long[] readThresholds(Mapping thresholds, String path) {
        rejectUnknownKeys(thresholds, path, THRESHOLD_KEYS);
        long[] values = new long[THRESHOLD_KEYS.size()];
        values[QUEUE_PERCENT] = integer(thresholds, path, THRESHOLD_KEYS.get(QUEUE_PERCENT),
                ShedThresholds.PERCENT_MIN, ShedThresholds.PERCENT_MAX, false);
        values[QUEUE_DELAY] = integer(thresholds, path, THRESHOLD_KEYS.get(QUEUE_DELAY),
                ShedThresholds.QUEUE_DELAY_MILLIS_MIN, ShedThresholds.QUEUE_DELAY_MILLIS_MAX, true);
        values[IN_FLIGHT_PERCENT] = integer(thresholds, path, THRESHOLD_KEYS.get(IN_FLIGHT_PERCENT),
                ShedThresholds.PERCENT_MIN, ShedThresholds.PERCENT_MAX, false);
        return values;
    }

    /**
     * A class shed earlier must have a threshold no higher than the next valid class's, or critical
     * traffic could be refused while bulk traffic still flows.
     */
    private void checkShedFirst(long[][] values, int metric) {
        int lower = -1;
        for (int higher = 0; higher < values.length; higher++) {
            if (values[higher][metric] == INVALID) {
                continue;
            }
            if (lower >= 0 && values[lower][metric] > values[higher][metric]) {
                problems.add(sourceName + ": " + metricPath(lower, metric) + " (" + valueText(values[lower][metric])
                        + ") must not exceed " + metricPath(higher, metric) + " ("
                        + valueText(values[higher][metric]) + "): a lower class must be shed first");
            }
            lower = higher;
        }
    }

    private static String metricPath(int classIndex, int metric) {
        return "shed." + CLASS_KEYS.get(classIndex) + "." + THRESHOLD_KEYS.get(metric);
    }

    private static String valueText(long value) {
        return ShedThresholds.delayText(value);
    }

    /** The mapping at {@code key}; null (with the problem recorded) when it is missing or not a mapping. */
    private Mapping section(Mapping parent, String parentPath, String key) {
        Node node = parent.entries().get(key);
        String path = join(parentPath, key);
        if (node == null) {
            problem(path, "is missing");
            return null;
        }
        if (!(node instanceof Mapping mapping)) {
            problem(path, "must be a mapping, got " + PolicyTree.describe(node));
            return null;
        }
        return mapping;
    }

    /** The integer at {@code key} within min..max (or {@code never} when allowed); INVALID when it is not. */
    private long integer(Mapping parent, String parentPath, String key, long min, long max, boolean neverAllowed) {
        Node node = parent.entries().get(key);
        String path = join(parentPath, key);
        String orNever = neverAllowed ? " or never" : "";
        if (node == null) {
            problem(path, "is missing");
            return INVALID;
        }
        if (node instanceof Scalar scalar) {
            if (neverAllowed && scalar.kind() == ScalarKind.STRING && scalar.text().equals("never")) {
                return ShedThresholds.NEVER_MILLIS;
            }
            if (scalar.kind() == ScalarKind.INTEGER && scalar.integer() >= min && scalar.integer() <= max) {
                return scalar.integer();
            }
            if (scalar.kind() == ScalarKind.INTEGER || scalar.kind() == ScalarKind.INTEGER_TOO_LARGE) {
                problem(path, "must be " + min + ".." + max + orNever + ", got " + scalar.text());
                return INVALID;
            }
        }
        problem(path, "must be an integer" + orNever + ", got " + PolicyTree.describe(node));
        return INVALID;
    }

    private void rejectUnknownKeys(Mapping mapping, String path, List<String> knownKeys) {
        for (String key : mapping.entries().keySet()) {
            if (!knownKeys.contains(key)) {
                problem(join(path, key), "unknown key (expected " + String.join(", ", knownKeys) + ")");
            }
        }
    }

    private void problem(String path, String what) {
        problems.add(sourceName + ": " + path + ": " + what);
    }

    private static String join(String parentPath, String key) {
        return parentPath.isEmpty() ? key : parentPath + "." + key;
    }
}
