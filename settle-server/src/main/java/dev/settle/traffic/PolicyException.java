package dev.settle.traffic;

import java.util.List;

/**
 * A degradation policy file that cannot be used. Each problem reads {@code "<source>: <key.path>:
 * <what is wrong>"} (or {@code "<source>: line <n>: …"} for a YAML syntax error). Every problem
 * found is reported at once, so one fix-and-restart cycle is enough.
 */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    PolicyException(List<String> problems) {
        super(String.join("\n", requireNotEmpty(problems)));
        this.problems = List.copyOf(problems);
    }

    PolicyException(String problem) {
        this(List.of(problem));
    }

    PolicyException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Every problem found, in the order the file's schema lists its keys; the message joins them with newlines. */
    public List<String> problems() {
        return problems;
    }

    private static List<String> requireNotEmpty(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PolicyException needs at least one problem");
        }
        return problems;
    }
}
