package dev.settle.api.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Pagination;
import dev.settle.ledger.UInt128;
import dev.settle.payments.PaymentIntent;
import dev.settle.payments.PaymentIntents;
import dev.settle.payments.PaymentReads;
import dev.settle.payments.PaymentRecords;
import dev.settle.payments.Refund;
import dev.settle.payments.Refunds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v1/refunds}: Stripe's refunds of payment intents (docs/payments.md). */
public final class RefundsResource {
    private final Refunds refunds;
    private final PaymentReads reads;

    public RefundsResource(Refunds refunds, PaymentReads reads) {
        this.refunds = refunds;
        this.reads = reads;
    }

    public ApiResponse create(ApiRequest request) {
        StripeParams p = StripeParams.of(request);
        String intentText = p.string("payment_intent", 64);
        if (intentText == null) {
            throw ApiException.missing("payment_intent");
        }
        UInt128 intent = PaymentRecords.INTENT_IDS.parseOrNull(intentText);
        if (intent == null) {
            throw ApiException.notFound("payment_intent", "payment_intent");
        }
        Long amount = p.integer("amount", 1, PaymentIntents.AMOUNT_MAX);
        String reason = p.oneOf("reason", Refunds.REASONS);
        Map<String, String> metadata = p.metadata("metadata");
        p.finish();
        int ledger = PaymentIntentsResource.ledger(request);
        RequestAnswers.ForRefunds answers = new RequestAnswers.ForRefunds(request, r -> chargeOf(ledger, r));
        var answered = refunds.create(ledger, intent, amount, reason, metadata == null ? Map.of() : metadata, answers);
        return answered.replayed() != null ? request.replay(answered.replayed()) : answers.refund(answered.value());
    }

    public ApiResponse get(ApiRequest request) {
        PaymentIntentsResource.checkQuery(request, Set.of());
        int ledger = PaymentIntentsResource.ledger(request);
        UInt128 id = PaymentRecords.REFUND_IDS.parseOrNull(request.pathParam("id"));
        if (id == null) {
            throw ApiException.notFound("refund", "id");
        }
        Refund r = refunds.existing(ledger, id);
        return request.json(200, PaymentViews.refund(r, chargeOf(ledger, r)));
    }

    public ApiResponse list(ApiRequest request) {
        Pagination page = Pagination.of(request);
        int ledger = PaymentIntentsResource.ledger(request);
        PaymentReads.Page<Refund> found = reads.refunds(ledger, page.limit(), cursor(page.startingAfter(),
                "starting_after"), cursor(page.endingBefore(), "ending_before"));
        List<Object> data = new ArrayList<>();
        for (Refund r : found.data()) {
            data.add(PaymentViews.refund(r, chargeOf(ledger, r)));
        }
        return request.json(200, PaymentIntentsResource.list(data, found.hasMore(), "/v1/refunds"));
    }

    private String chargeOf(int ledger, Refund r) {
        PaymentIntent p = reads.intent(ledger, r.paymentIntent());
        return p == null ? null : p.latestCharge();
    }

    private static UInt128 cursor(String text, String param) {
        if (text == null) {
            return null;
        }
        UInt128 id = PaymentRecords.REFUND_IDS.parseOrNull(text);
        if (id == null) {
            throw Pagination.unknownCursor(param);
        }
        return id;
    }
}
