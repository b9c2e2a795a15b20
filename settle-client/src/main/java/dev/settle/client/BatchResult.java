package dev.settle.client;

import java.util.List;
import java.util.UUID;

/**
 * The answer to a batch of transfers: one result per item, in request order.
 */
public record BatchResult(List<Item> results) {
    public static final String OK = "ok";
    /** The same transfer (same id, same body) was created before: a success for a retry. */
    public static final String EXISTS = "exists";

    public BatchResult {
        results = List.copyOf(results);
    }

    /** The items that were not applied ({@code result} neither {@code ok} nor {@code exists}). */
    public List<Item> failures() {
        return results.stream().filter(item -> !item.succeeded()).toList();
    }

    /**
     * The result of one item.
     *
     * @param index the item's position in the request
     * @param id the transfer's id (made by the server when the item had none)
     * @param result {@code ok}, {@code exists} or the engine's result code, e.g. {@code exceeds_credits}
     */
    public record Item(int index, UUID id, String result) {
        public boolean succeeded() {
            return OK.equals(result) || EXISTS.equals(result);
        }
    }
}
