package dev.settle.api.accounts;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.AnswerContext;
import dev.settle.api.http.AnswerRenderer;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.LedgerErrors;
import dev.settle.api.http.Pagination;
import dev.settle.api.http.Views;
import dev.settle.api.json.Params;
import dev.settle.common.Ids;
import dev.settle.ledger.AccountBatch;
import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.CreateAccountResult;
import dev.settle.ledger.Currency;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.UInt128;
import dev.settle.pod.AccountOutcomes;
import dev.settle.pod.AccountReadModel;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** {@code /v1/accounts}: create, get, list. Reads come from the durable read model. */
public final class AccountsResource {
    /** The answer to one account: the account (201, or 200 when it existed), or its error. */
    public static final AnswerRenderer<PodCommand.CreateAccounts, AccountOutcomes> ACCOUNT = AnswerRenderer.of(4,
            "account", PodCommand.CreateAccounts.class, AccountsResource::answer);
    /** The flags a client may set on a new account. */
    private static final int CLIENT_FLAGS = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS
            | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS | AccountFlags.HISTORY;

    private final Pods pods;
    private final LedgerStore store;
    private final LongSupplier clockMillis;

    public AccountsResource(Pods pods, LedgerStore store, LongSupplier clockMillis) {
        this.pods = pods;
        this.store = store;
        this.clockMillis = clockMillis;
    }

    public ApiResponse create(ApiRequest request) {
        Params p = Params.of(request.jsonObject()).allowOnly("id", "currency", "code", "flags", "metadata");
        UInt128 id = p.uuid("id");
        String currency = p.requireString("currency");
        if (!Currency.isValid(currency)) {
            throw ApiException.badValue("currency", "must be 1 to 12 characters of A-Z and 0-9");
        }
        int code = (int) p.integer("code", 0, LedgerLimits.CODE_MAX, 0);
        int flags = 0;
        List<String> names = p.strings("flags");
        for (int i = 0; i < names.size(); i++) {
            int bit = AccountFlags.fromName(names.get(i));
            if ((bit & CLIENT_FLAGS) == 0) {
                throw ApiException.badValue("flags[" + i + "]", "must be one of debits_must_not_exceed_credits,"
                        + " credits_must_not_exceed_debits, history");
            }
            flags |= bit;
        }
        byte[] metadata = p.metadata("metadata");
        p.finish();
        NewAccount account = new NewAccount(id != null ? id : Ids.newV7(clockMillis.getAsLong()),
                Currency.toLedger(currency), code, flags, UInt128.ZERO, 0, 0, metadata);
        AccountBatch batch = new AccountBatch(1);
        batch.add(account);
        int ledger = request.tenant().ledger();
        return request.submit(pods, PodCommand.accounts(ledger, batch, PodCommand.Detail.RECORDS), ACCOUNT);
    }

    private static ApiResponse answer(AnswerContext context, PodCommand.CreateAccounts command,
            AccountOutcomes outcome) {
        CreateAccountResult result = outcome.results().result(0);
        if (result == CreateAccountResult.OK || result == CreateAccountResult.EXISTS) {
            int status = result == CreateAccountResult.OK ? 201 : 200;
            return context.json(status, Views.account(outcome.records()[0], command.accounts().get(0).metadata()));
        }
        return context.error(LedgerErrors.of(result.code(), null));
    }

    public ApiResponse get(ApiRequest request) {
        request.onlyQuery(java.util.Set.of());
        AccountRecord account = find(request, request.pathParam("id"));
        return request.json(200, view(request, account));
    }

    public ApiResponse list(ApiRequest request) {
        Pagination page = Pagination.of(request);
        AccountReadModel accounts = pods.accounts(request.tenant().ledger());
        AccountReadModel.Page found = accounts.list(page.limit(), cursor(page.startingAfter(), "starting_after"),
                cursor(page.endingBefore(), "ending_before"));
        if (found == null) {
            throw Pagination.unknownCursor(page.startingAfter() != null ? "starting_after" : "ending_before");
        }
        List<Object> data = new ArrayList<>(found.accounts().size());
        for (AccountRecord a : found.accounts()) {
            data.add(view(request, a));
        }
        return request.json(200, Views.list(data, found.hasMore()));
    }

    private Map<String, Object> view(ApiRequest request, AccountRecord account) {
        return Views.account(account, StoreReader.accountMetadata(store, request.tenant().ledger(), account.id()));
    }

    private static UInt128 cursor(String text, String param) {
        if (text == null) {
            return null;
        }
        UInt128 id = Ids.parseOrNull(text);
        if (id == null) {
            throw Pagination.unknownCursor(param);
        }
        return id;
    }

    /** The caller's account with the id in a path; 404 otherwise (also for another tenant's). */
    public AccountRecord find(ApiRequest request, String idText) {
        UInt128 id = Ids.parseOrNull(idText);
        AccountRecord account = id == null ? null : pods.accounts(request.tenant().ledger()).find(id);
        if (account == null) {
            throw ApiException.notFound("account", "id");
        }
        return account;
    }
}
