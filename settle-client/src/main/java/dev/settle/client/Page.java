package dev.settle.client;

import java.util.List;

/**
 * One page of a list, newest first.
 *
 * @param hasMore whether more items follow the last one of {@code data}
 */
public record Page<T>(List<T> data, boolean hasMore) {
    public Page {
        data = List.copyOf(data);
    }
}
