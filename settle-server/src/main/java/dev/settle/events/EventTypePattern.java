package dev.settle.events;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A pattern naming event types: an exact type ({@code transfer.posted}), every type of one
 * object ({@code transfer.*}) or every type ({@code *}). Used by the events list filter and
 * by webhook endpoints' {@code enabled_events}.
 */
public final class EventTypePattern {
    public static final String ALL = "*";
    private static final String OBJECT_WILDCARD = ".*";

    private EventTypePattern() {}

    /** The types a pattern names; empty when it names none (an unknown type or object). */
    public static Set<EventType> typesOf(String pattern) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (EventType type : EventType.values()) {
            if (matches(pattern, type)) {
                types.add(type);
            }
        }
        return types;
    }

    /** The union of the patterns' types; throws IllegalArgumentException naming a pattern that names none. */
    public static Set<EventType> typesOf(List<String> patterns) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String pattern : patterns) {
            Set<EventType> named = typesOf(pattern);
            if (named.isEmpty()) {
                throw new IllegalArgumentException("'" + pattern + "' is not an event type; known types: "
                        + String.join(", ", EventType.NAMES) + ", or '*', or an object's wildcard such as 'transfer.*'");
            }
            types.addAll(named);
        }
        return types;
    }

    private static boolean matches(String pattern, EventType type) {
        if (pattern.equals(ALL)) {
            return true;
        }
        if (pattern.endsWith(OBJECT_WILDCARD)) {
            String object = pattern.substring(0, pattern.length() - 1);
            return type.typeName().startsWith(object);
        }
        return pattern.equals(type.typeName());
    }
}
