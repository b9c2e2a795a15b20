package dev.settle.webhooks;

import dev.settle.events.Event;

/** Renders an event as the JSON body of its deliveries (in its tenant's pinned API version). */
@FunctionalInterface
public interface EventPayloads {
    byte[] render(Event event);
}
