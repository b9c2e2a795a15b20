package dev.settle.health;

import dev.settle.pod.Pod;
import dev.settle.pod.Pods;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readiness probe's answer: ready once recovery is done, while every pod takes commands and
 * the disk has room; the body names each component's state so an operator sees which one fails.
 */
public final class Readiness {
    public static final String OK = "ok";
    public static final String STARTING = "starting";
    public static final String UNAVAILABLE = "unavailable";
    public static final String STOPPING = "stopping";
    static final String POD_DOWN = "down";
    static final String DISK_LOW = "low";
    static final String DISK_UNKNOWN = "unknown";

    private final Pods pods;
    private final DiskSpace disk;

    public Readiness(Pods pods, DiskSpace disk) {
        this.pods = pods;
        this.disk = disk;
    }

    /** What the server says while it recovers (before any component exists). */
    public static Map<String, Object> starting() {
        return Map.of("status", STARTING, "components", Map.of("recovery", Map.of("status", "in_progress")));
    }

    /**
     * The probe's answer now; ready when {@code status} is {@link #OK}. A file system that cannot
     * report its space does not make the server unready: it says so, and the store's own errors
     * stop the pods if the disk does fill.
     */
    public Map<String, Object> check() {
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("recovery", Map.of("status", OK));
        Map<String, Object> podsState = pods();
        components.put("pods", podsState);
        Map<String, Object> diskState = disk();
        components.put("disk", diskState);
        String status = !pods.isOpen() ? STOPPING
                : podsState.get("status").equals(OK) && !diskState.get("status").equals(DISK_LOW) ? OK : UNAVAILABLE;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status);
        answer.put("components", components);
        return answer;
    }

    /** Ready when {@link #check} says so. */
    public static boolean isReady(Map<String, Object> answer) {
        return OK.equals(answer.get("status"));
    }

    private Map<String, Object> pods() {
        List<Object> down = new ArrayList<>();
        for (int index = 0; index < pods.count(); index++) {
            Pod pod = pods.pod(index);
            if (!pod.isAvailable()) {
                down.add(index);
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", down.isEmpty() ? OK : POD_DOWN);
        state.put("count", pods.count());
        state.put("down", down);
        return state;
    }

    private Map<String, Object> disk() {
        long free = disk.freeBytes();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", free < 0 ? DISK_UNKNOWN : free < disk.freeBytesMin() ? DISK_LOW : OK);
        state.put("free_bytes", free);
        state.put("free_bytes_min", disk.freeBytesMin());
        return state;
    }
}
