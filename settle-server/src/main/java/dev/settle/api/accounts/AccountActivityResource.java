package dev.settle.api.accounts;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Pagination;
import dev.settle.api.http.Views;
import dev.settle.api.json.Amounts;
import dev.settle.common.Ids;
import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.AccountRecord;
import dev.settle.ledger.Balances;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's transfers (newest first, following its transfer chain in the store) and its
 * balance history.
 */
public final class AccountActivityResource {
    private final AccountsResource accounts;
    private final LedgerStore store;

    public AccountActivityResource(AccountsResource accounts, LedgerStore store) {
        this.accounts = accounts;
        this.store = store;
    }

    public ApiResponse transfers(ApiRequest request) {
        Pagination page = Pagination.of(request);
        AccountRecord account = accounts.find(request, request.pathParam("id"));
        int ledger = request.tenant().ledger();
        List<TransferRecord> rows;
        boolean hasMore;
        if (page.endingBefore() != null) {
            long cursor = cursorTimestamp(ledger, account.id(), page.endingBefore(), "ending_before");
            List<TransferRecord> newer = newerThan(ledger, account, cursor);
            rows = newer.subList(Math.max(0, newer.size() - page.limit()), newer.size());
            hasMore = newer.size() > page.limit();
        } else {
            long after = page.startingAfter() == null ? 0
                    : cursorTimestamp(ledger, account.id(), page.startingAfter(), "starting_after");
            rows = StoreReader.accountTransfers(store, ledger, account.id(), account.lastTransferTimestamp(), after,
                    page.limit() + 1);
            hasMore = rows.size() > page.limit();
            rows = rows.subList(0, Math.min(rows.size(), page.limit()));
        }
        List<Object> data = new ArrayList<>(rows.size());
        rows.forEach(t -> data.add(Views.transfer(t, null)));
        return request.json(200, Views.list(data, hasMore));
    }

    /** Every transfer of the account newer than the one at {@code cursor}, newest first. */
    private List<TransferRecord> newerThan(int ledger, AccountRecord account, long cursor) {
        List<TransferRecord> newer = new ArrayList<>();
        long after = 0;
        while (true) {
            List<TransferRecord> chunk = StoreReader.accountTransfers(store, ledger, account.id(),
                    account.lastTransferTimestamp(), after, Pagination.LIMIT_MAX);
            for (TransferRecord t : chunk) {
                if (t.timestamp() <= cursor) {
                    return newer;
                }
                newer.add(t);
            }
            if (chunk.size() < Pagination.LIMIT_MAX) {
                return newer;
            }
            after = chunk.get(chunk.size() - 1).timestamp();
        }
    }

    private long cursorTimestamp(int ledger, UInt128 account, String idText, String param) {
        UInt128 id = Ids.parseOrNull(idText);
        TransferRecord t = id == null ? null : StoreReader.transfer(store, ledger, id);
        if (t == null || !(t.debitAccountId().equals(account) || t.creditAccountId().equals(account))) {
            throw Pagination.unknownCursor(param);
        }
        return t.timestamp();
    }

    public ApiResponse balances(ApiRequest request) {
        Pagination page = Pagination.of(request);
        AccountRecord account = accounts.find(request, request.pathParam("id"));
        if (!AccountFlags.has(account.flags(), AccountFlags.HISTORY)) {
            throw ApiException.invalid("history_not_enabled",
                    "this account keeps no balance history; create accounts with the history flag to keep it", "id");
        }
        List<Balances> oldestFirst = StoreReader.history(store, request.tenant().ledger(), account.id());
        int end = oldestFirst.size(); // exclusive; newest rows are at the end
        int start;
        if (page.endingBefore() != null) {
            int cursor = indexOf(oldestFirst, page.endingBefore(), "ending_before");
            start = cursor + 1;
            end = Math.min(oldestFirst.size(), start + page.limit());
        } else {
            if (page.startingAfter() != null) {
                end = indexOf(oldestFirst, page.startingAfter(), "starting_after");
            }
            start = Math.max(0, end - page.limit());
        }
        boolean hasMore = page.endingBefore() != null ? end < oldestFirst.size() : start > 0;
        List<Object> data = new ArrayList<>(end - start);
        for (int i = end - 1; i >= start; i--) {
            data.add(balance(oldestFirst.get(i)));
        }
        return request.json(200, Views.list(data, hasMore));
    }

    private static int indexOf(List<Balances> rows, String timestampText, String param) {
        for (int i = 0; i < rows.size(); i++) {
            if (Long.toUnsignedString(rows.get(i).timestamp()).equals(timestampText)) {
                return i;
            }
        }
        throw Pagination.unknownCursor(param);
    }

    private static Map<String, Object> balance(Balances b) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", "balance");
        Views.timestamps(v, b.timestamp());
        v.put("debits_pending", Amounts.render(b.debitsPending()));
        v.put("debits_posted", Amounts.render(b.debitsPosted()));
        v.put("credits_pending", Amounts.render(b.creditsPending()));
        v.put("credits_posted", Amounts.render(b.creditsPosted()));
        return v;
    }
}
