package dev.settle.api.transfers;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.AnswerContext;
import dev.settle.api.http.AnswerRenderer;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.LedgerErrors;
import dev.settle.api.http.Views;
import dev.settle.api.json.Params;
import dev.settle.common.Ids;
import dev.settle.ledger.CreateTransferResult;
import dev.settle.ledger.LedgerLimits;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransferBatch;
import dev.settle.ledger.TransferRecord;
import dev.settle.ledger.UInt128;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.pod.TransferOutcomes;
import dev.settle.store.LedgerStore;
import dev.settle.store.StoreReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** {@code /v1/transfers}: one transfer, a batch with per-item results, and reads by id. */
public final class TransfersResource {
    /** The body limit of a batch: 8,190 transfers of about 400 bytes each, with room. */
    public static final int BATCH_BODY_BYTES_MAX = 4 * 1024 * 1024;
    private static final String OK = "ok";
    /** The answer to one transfer: the transfer (201, or 200 when it existed), or its error. */
    public static final AnswerRenderer<PodCommand.CreateTransfers, TransferOutcomes> TRANSFER = AnswerRenderer.of(1,
            "transfer", PodCommand.CreateTransfers.class, TransfersResource::answer);
    /** The answer to a batch: each transfer's result, in order. */
    public static final AnswerRenderer<PodCommand.CreateTransfers, TransferOutcomes> TRANSFER_BATCH =
            AnswerRenderer.of(2, "transfer_batch", PodCommand.CreateTransfers.class, TransfersResource::batchAnswer);

    private final Pods pods;
    private final LedgerStore store;
    private final LongSupplier clockMillis;

    public TransfersResource(Pods pods, LedgerStore store, LongSupplier clockMillis) {
        this.pods = pods;
        this.store = store;
        this.clockMillis = clockMillis;
    }

    public ApiResponse create(ApiRequest request) {
        NewTransfer transfer = TransferRequests.read(Params.of(request.jsonObject()), request.apiVersion(),
                TransferRequests.Placement.SINGLE, clockMillis.getAsLong());
        TransferBatch batch = new TransferBatch(1);
        batch.add(transfer);
        int ledger = request.tenant().ledger();
        return request.submit(pods, PodCommand.transfers(ledger, batch, PodCommand.Detail.RECORDS), TRANSFER);
    }

    private static ApiResponse answer(AnswerContext context, PodCommand.CreateTransfers command,
            TransferOutcomes outcome) {
        CreateTransferResult result = outcome.results().result(0);
        if (result == CreateTransferResult.OK || result == CreateTransferResult.EXISTS) {
            TransferRecord record = outcome.records()[0];
            // The request's metadata is the transfer's (or the answer is exists_with_different_metadata).
            return context.json(result == CreateTransferResult.OK ? 201 : 200,
                    Views.transfer(record, command.transfers().get(0).metadata()));
        }
        return context.error(LedgerErrors.of(result.code(), null));
    }

    public ApiResponse createBatch(ApiRequest request) {
        String sizeRule = "must hold 1 to " + LedgerLimits.TRANSFERS_PER_BATCH_MAX + " transfers";
        long now = clockMillis.getAsLong();
        List<NewTransfer> read = new ArrayList<>();
        // Streamed: each item becomes its transfer and is dropped, so no tree of the whole batch exists.
        request.forEachItem("transfers", LedgerLimits.TRANSFERS_PER_BATCH_MAX, sizeRule,
                (i, item) -> read.add(TransferRequests.read(Params.itemOf("transfers", item, i),
                        request.apiVersion(), TransferRequests.Placement.BATCH_ITEM, now)));
        if (read.isEmpty()) {
            throw ApiException.badValue("transfers", sizeRule);
        }
        TransferBatch batch = new TransferBatch(read.size());
        read.forEach(batch::add);
        int ledger = request.tenant().ledger();
        return request.submit(pods, PodCommand.transfers(ledger, batch, PodCommand.Detail.RESULTS), TRANSFER_BATCH);
    }

    private static ApiResponse batchAnswer(AnswerContext context, PodCommand.CreateTransfers command,
            TransferOutcomes outcome) {
        TransferBatch batch = command.transfers();
        List<Object> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>(4);
            r.put("index", i);
            r.put("id", Ids.format(new UInt128(batch.idHigh(i), batch.idLow(i))));
            CreateTransferResult result = outcome.results().result(i);
            r.put("result", result == CreateTransferResult.OK ? OK : result.code());
            results.add(r);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "batch_result");
        answer.put("results", results);
        return context.json(200, answer);
    }

    public ApiResponse get(ApiRequest request) {
        request.onlyQuery(Set.of());
        UInt128 id = Ids.parseOrNull(request.pathParam("id"));
        TransferRecord t = id == null ? null : StoreReader.transfer(store, request.tenant().ledger(), id);
        if (t == null) {
            throw ApiException.notFound("transfer", "id");
        }
        return request.json(200, Views.transfer(t, null));
    }
}
