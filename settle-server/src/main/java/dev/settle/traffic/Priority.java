package dev.settle.traffic;

import java.util.List;

/**
 * How important a request is to the business when the fleet is overloaded. Under load whole classes
 * are shed, {@link #BULK} first, then {@link #READ}, then {@link #NORMAL}, {@link #CRITICAL} last.
 */
public enum Priority {
    /** Requests that keep money moving (creating and posting transfers). */
    CRITICAL("critical"),
    /** Other writes. */
    NORMAL("normal"),
    /** Reads: a client can retry them later without losing anything. */
    READ("read"),
    /** Exports, backfills and other batch traffic that can wait minutes. */
    BULK("bulk");

    /** The classes in the order they are shed: the first is refused at the lowest load. */
    static final List<Priority> SHED_ORDER = List.of(BULK, READ, NORMAL, CRITICAL);

    private final String wireName;

    Priority(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in config/degradation.yaml, logs and metrics. */
    public String wireName() {
        return wireName;
    }
}
