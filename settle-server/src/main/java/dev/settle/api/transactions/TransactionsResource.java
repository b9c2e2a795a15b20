package dev.settle.api.transactions;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.AnswerContext;
import dev.settle.api.http.AnswerRenderer;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.LedgerErrors;
import dev.settle.api.http.Views;
import dev.settle.api.json.Params;
import dev.settle.common.Ids;
import dev.settle.ledger.CreateTransactionResult;
import dev.settle.ledger.EntryDirection;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransactionOutcome;
import dev.settle.ledger.UInt128;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** {@code POST /v1/transactions}: a balanced multi-leg entry set, applied whole or not at all. */
public final class TransactionsResource {
    /** The answer to a transaction: the transaction (201, or 200 when it existed), or its error. */
    public static final AnswerRenderer<PodCommand.CreateTransaction, TransactionOutcome> TRANSACTION =
            AnswerRenderer.of(3, "transaction", PodCommand.CreateTransaction.class, TransactionsResource::answer);
    private final Pods pods;
    private final LongSupplier clockMillis;

    public TransactionsResource(Pods pods, LongSupplier clockMillis) {
        this.pods = pods;
        this.clockMillis = clockMillis;
    }

    public ApiResponse create(ApiRequest request) {
        Params p = Params.of(request.jsonObject()).allowOnly("id", "code", "entries", "metadata");
        UInt128 id = p.uuid("id");
        int code = (int) p.integer("code", 0, LedgerLimits.CODE_MAX, 0);
        List<Object> items = p.requireList("entries");
        if (items.isEmpty() || items.size() > LedgerLimits.TRANSACTION_ENTRIES_MAX) {
            throw ApiException.badValue("entries", "must hold 2 to " + LedgerLimits.TRANSACTION_ENTRIES_MAX
                    + " entries");
        }
        List<TransactionEntry> entries = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Params entry = p.item("entries", items, i).allowOnly("account_id", "direction", "amount");
            UInt128 account = entry.requireUuid("account_id");
            EntryDirection direction = direction(entry);
            UInt128 amount = entry.requireAmount("amount");
            entry.finish();
            entries.add(new TransactionEntry(account, direction, amount));
        }
        byte[] metadata = p.metadata("metadata");
        p.finish();
        NewTransaction transaction = new NewTransaction(id != null ? id : Ids.newV7(clockMillis.getAsLong()), code,
                entries, metadata);
        int ledger = request.tenant().ledger();
        return request.submit(pods, PodCommand.transaction(ledger, transaction), TRANSACTION);
    }

    private static EntryDirection direction(Params entry) {
        String text = entry.requireString("direction");
        return switch (text) {
            case "debit" -> EntryDirection.DEBIT;
            case "credit" -> EntryDirection.CREDIT;
            default -> throw ApiException.badValue(entry.param("direction"), "must be debit or credit");
        };
    }

    private static ApiResponse answer(AnswerContext context, PodCommand.CreateTransaction command,
            TransactionOutcome outcome) {
        NewTransaction t = command.transaction();
        CreateTransactionResult result = outcome.result();
        if (result != CreateTransactionResult.OK && result != CreateTransactionResult.EXISTS) {
            String param = outcome.entryIndex() >= 0 ? "entries[" + outcome.entryIndex() + "]" : null;
            return context.error(LedgerErrors.of(result.code(), param));
        }
        Map<String, Object> v = Views.transaction(t.id(), t.code(), t.entries(), t.metadata(), outcome.timestamp());
        return context.json(result == CreateTransactionResult.OK ? 201 : 200, v);
    }
}
