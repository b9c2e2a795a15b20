package dev.settle.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What verification checked and found; at most {@link #PROBLEMS_SHOWN_MAX} problems are listed per check. */
public final class VerifyReport {
    static final int PROBLEMS_SHOWN_MAX = 20;

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, List<String>> problems = new LinkedHashMap<>();
    private final Map<String, Long> problemCounts = new LinkedHashMap<>();

    /** Records that {@code check} ran (so the report lists it even when it passed). */
    void checked(String check) {
        problems.computeIfAbsent(check, k -> new ArrayList<>());
        problemCounts.putIfAbsent(check, 0L);
    }

    void problem(String check, String detail) {
        checked(check);
        problemCounts.merge(check, 1L, Long::sum);
        List<String> list = problems.get(check);
        if (list.size() < PROBLEMS_SHOWN_MAX) {
            list.add(detail);
        }
    }

    void count(String what, long n) {
        counts.merge(what, n, Long::sum);
    }

    public boolean passed() {
        return problemCounts.values().stream().allMatch(n -> n == 0);
    }

    public long problemCount() {
        return problemCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> counts() {
        return counts;
    }

    /** Human-readable, one line per check, problems indented under it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        counts.forEach((what, n) -> out.append(String.format("  %-28s %,d%n", what, n)));
        problems.forEach((check, list) -> {
            long n = problemCounts.get(check);
            out.append(n == 0 ? "  ok      " : "  FAILED  ").append(check);
            out.append(n == 0 ? "" : " (" + n + " problem" + (n == 1 ? "" : "s") + ")").append('\n');
            list.forEach(detail -> out.append("          - ").append(detail).append('\n'));
            if (n > list.size()) {
                out.append("          ... and ").append(n - list.size()).append(" more\n");
            }
        });
        out.append(passed() ? "verify: OK" : "verify: FAILED, " + problemCount() + " problem(s)").append('\n');
        return out.toString();
    }
}
