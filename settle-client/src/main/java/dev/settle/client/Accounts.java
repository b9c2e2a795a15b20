package dev.settle.client;

import java.util.Objects;
import java.util.UUID;

/** The accounts of the tenant: {@code /v1/accounts}. Get it from {@link SettleClient#accounts()}. */
public final class Accounts {
    private static final String PATH = "/v1/accounts";

    private final Transport transport;

    Accounts(Transport transport) {
        this.transport = transport;
    }

    /** Creates an account; the same account again (same id, same fields) answers the existing one. */
    public Account create(CreateAccount account) {
        return create(account, RequestOptions.none());
    }

    public Account create(CreateAccount account, RequestOptions options) {
        return transport.post(PATH, Requests.account(account), options, Answers::account);
    }

    /** One account with its balances; {@link InvalidRequestException} {@code resource_missing} if none. */
    public Account retrieve(UUID id) {
        return transport.get(path(id), Answers::account);
    }

    /** The tenant's accounts, newest first. */
    public Page<Account> list(ListParams params) {
        return transport.get(PATH + params.toQuery(), Answers.page(Answers::account));
    }

    /** The account's transfers, newest first; the cursors are transfer ids. */
    public Page<Transfer> transfers(UUID accountId, ListParams params) {
        return transport.get(path(accountId) + "/transfers" + params.toQuery(), Answers.page(Answers::transfer));
    }

    /**
     * The account's balances after each of its transfers, newest first; the cursors are the rows'
     * timestamps. Only for accounts with {@link AccountFlags#HISTORY} (else 400 {@code history_not_enabled}).
     */
    public Page<Balance> balances(UUID accountId, ListParams params) {
        return transport.get(path(accountId) + "/balances" + params.toQuery(), Answers.page(Answers::balance));
    }

    private static String path(UUID id) {
        return PATH + "/" + Objects.requireNonNull(id, "id");
    }
}
