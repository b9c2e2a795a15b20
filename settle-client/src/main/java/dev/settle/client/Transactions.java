package dev.settle.client;

/**
 * Balanced multi-leg transactions: {@code /v1/transactions}. Get it from
 * {@link SettleClient#transactions()}.
 */
public final class Transactions {
    private static final String PATH = "/v1/transactions";

    private final Transport transport;

    Transactions(Transport transport) {
        this.transport = transport;
    }

    /**
     * Applies all entries or none. A refusal throws {@link LedgerException}, with
     * {@code param} = {@code entries[i]} when one entry is at fault.
     */
    public Transaction create(CreateTransaction transaction) {
        return create(transaction, RequestOptions.none());
    }

    public Transaction create(CreateTransaction transaction, RequestOptions options) {
        return transport.post(PATH, Requests.transaction(transaction), options, Answers::transaction);
    }
}
