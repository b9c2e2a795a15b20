package dev.settle.client;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The transfers of the tenant: {@code /v1/transfers}. Get it from {@link SettleClient#transfers()}. */
public final class Transfers {
    private static final String PATH = "/v1/transfers";

    private final Transport transport;

    Transfers(Transport transport) {
        this.transport = transport;
    }

    /**
     * Creates one transfer (plain, pending, post or void). A ledger rule that refuses it throws
     * {@link LedgerException} with the rule in {@link LedgerException#code()}.
     */
    public Transfer create(CreateTransfer transfer) {
        return create(transfer, RequestOptions.none());
    }

    public Transfer create(CreateTransfer transfer, RequestOptions options) {
        return transport.post(PATH, Requests.transfer(transfer), options, Answers::transfer);
    }

    /**
     * Creates up to 8,190 transfers in one request, each with its own result (a refused item does
     * not throw: see {@link BatchResult#failures()}). Items flagged {@link TransferFlags#LINKED}
     * form a chain with the next one that applies whole or not at all.
     */
    public BatchResult createBatch(List<CreateTransfer> transfers) {
        return createBatch(transfers, RequestOptions.none());
    }

    public BatchResult createBatch(List<CreateTransfer> transfers, RequestOptions options) {
        return transport.post(PATH + "/batch", Requests.batch(transfers), options, Answers::batchResult);
    }

    /** One transfer, with its current status. */
    public Transfer retrieve(UUID id) {
        return transport.get(PATH + "/" + Objects.requireNonNull(id, "id"), Answers::transfer);
    }
}
