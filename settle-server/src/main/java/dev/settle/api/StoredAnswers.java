package dev.settle.api;

import dev.settle.api.accounts.AccountsResource;
import dev.settle.api.transactions.TransactionsResource;
import dev.settle.api.transfers.TransfersResource;
import dev.settle.pod.DurableResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every renderer of stored answers, by the id a replication log names it with. A batch that comes
 * from a log is applied with the renderers found here, so an id must keep its meaning for as long
 * as a log or a snapshot may hold it: add new ids, never renumber or reuse one.
 */
public final class StoredAnswers {
    /** Every renderer; the ids are distinct (checked when this class loads). */
    public static final List<DurableResponse.Renderer> ALL = List.of(DurableResponse.AS_IS, TransfersResource.TRANSFER,
            TransfersResource.TRANSFER_BATCH, TransactionsResource.TRANSACTION, AccountsResource.ACCOUNT);

    private static final Map<Integer, DurableResponse.Renderer> BY_ID = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(DurableResponse.Renderer::id, Function.identity()));

    private StoredAnswers() {}

    /** The renderer with this id; IllegalArgumentException for an id nobody registered. */
    public static DurableResponse.Renderer byId(int id) {
        DurableResponse.Renderer renderer = BY_ID.get(id);
        if (renderer == null) {
            throw new IllegalArgumentException("no stored-answer renderer has id " + id);
        }
        return renderer;
    }
}
