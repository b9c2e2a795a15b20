package dev.settle.api.payments;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.api.http.ApiResponse;
import dev.settle.api.http.Pagination;
import dev.settle.api.http.Views;
import dev.settle.ledger.UInt128;
import dev.settle.payments.Answered;
import dev.settle.payments.IntentUpdate;
import dev.settle.payments.NewPaymentIntent;
import dev.settle.payments.PaymentIntent;
import dev.settle.payments.PaymentIntents;
import dev.settle.payments.PaymentReads;
import dev.settle.payments.PaymentRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/payment_intents}: Stripe's payment intents (docs/payments.md), with JSON or form
 * bodies. Every write answers the intent as its change left it (or the card's decline, 402).
 */
public final class PaymentIntentsResource {
    public static final int DESCRIPTION_CHARS_MAX = 1000;
    public static final int CUSTOMER_CHARS_MAX = 255;
    public static final int PAYMENT_METHOD_CHARS_MAX = 64;
    private static final String EXPAND_CHARGE = "latest_charge";
    /** ISO 4217 codes, as the JDK knows them. */
    private static final Set<String> ISO_CURRENCIES = java.util.Currency.getAvailableCurrencies().stream()
            .map(java.util.Currency::getCurrencyCode).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final PaymentIntents intents;

    public PaymentIntentsResource(PaymentIntents intents) {
        this.intents = intents;
    }

    public ApiResponse create(ApiRequest request) {
        StripeParams p = StripeParams.of(request);
        Long amount = p.integer("amount", 1, PaymentIntents.AMOUNT_MAX);
        if (amount == null) {
            throw ApiException.missing("amount");
        }
        String currency = currency(p);
        if (currency == null) {
            throw ApiException.missing("currency");
        }
        PaymentIntent.CaptureMethod capture = captureMethod(p);
        NewPaymentIntent n = new NewPaymentIntent(amount, currency,
                capture == null ? PaymentIntent.CaptureMethod.AUTOMATIC : capture,
                p.string("payment_method", PAYMENT_METHOD_CHARS_MAX), p.bool("confirm"),
                p.string("description", DESCRIPTION_CHARS_MAX), orEmpty(p.metadata("metadata")),
                p.string("customer", CUSTOMER_CHARS_MAX));
        p.finish();
        RequestAnswers answers = new RequestAnswers(request, expandsCharge(p.expand()));
        return answers.answer(intents.create(ledger(request), n, answers), a -> answers.intent(a.value(), a.error()));
    }

    public ApiResponse get(ApiRequest request) {
        checkQuery(request, Set.of());
        PaymentIntent p = intents.reads().intent(ledger(request), id(request));
        if (p == null) {
            throw ApiException.notFound("payment_intent", "intent");
        }
        return request.json(200, PaymentViews.intent(p, expandsCharge(queryExpand(request))));
    }

    public ApiResponse list(ApiRequest request) {
        Pagination page = Pagination.of(request, expandNames(request));
        UInt128 after = cursor(page.startingAfter(), "starting_after");
        UInt128 before = cursor(page.endingBefore(), "ending_before");
        PaymentReads.Page<PaymentIntent> found = intents.reads().intents(ledger(request), page.limit(), after, before);
        boolean expand = expandsCharge(queryExpand(request));
        List<Object> data = new ArrayList<>();
        for (PaymentIntent p : found.data()) {
            data.add(PaymentViews.intent(p, expand));
        }
        return request.json(200, list(data, found.hasMore(), "/v1/payment_intents"));
    }

    public ApiResponse update(ApiRequest request) {
        StripeParams p = StripeParams.of(request);
        IntentUpdate u = new IntentUpdate(p.integer("amount", 1, PaymentIntents.AMOUNT_MAX), currency(p),
                p.string("payment_method", PAYMENT_METHOD_CHARS_MAX), captureMethod(p),
                p.string("description", DESCRIPTION_CHARS_MAX), p.metadata("metadata"), p.emptyString("metadata"),
                p.string("customer", CUSTOMER_CHARS_MAX));
        p.finish();
        RequestAnswers answers = new RequestAnswers(request, expandsCharge(p.expand()));
        return answers.answer(intents.update(ledger(request), id(request), u, answers),
                a -> answers.intent(a.value(), a.error()));
    }

    public ApiResponse confirm(ApiRequest request) {
        StripeParams p = StripeParams.of(request);
        String method = p.string("payment_method", PAYMENT_METHOD_CHARS_MAX);
        p.finish();
        RequestAnswers answers = new RequestAnswers(request, expandsCharge(p.expand()));
        return answers.answer(intents.confirm(ledger(request), id(request), method, answers),
                a -> answers.intent(a.value(), a.error()));
    }

    public ApiResponse capture(ApiRequest request) {
        StripeParams p = StripeParams.of(request);
        Long amount = p.integer("amount_to_capture", 1, PaymentIntents.AMOUNT_MAX);
        p.finish();
        RequestAnswers answers = new RequestAnswers(request, expandsCharge(p.expand()));
        return answers.answer(intents.capture(ledger(request), id(request), amount, answers),
                a -> answers.intent(a.value(), a.error()));
    }

    public ApiResponse cancel(ApiRequest request) {
        StripeParams p = StripeParams.of(request);
        String reason = p.oneOf("cancellation_reason", PaymentIntents.CANCELLATION_REASONS);
        p.finish();
        RequestAnswers answers = new RequestAnswers(request, expandsCharge(p.expand()));
        return answers.answer(intents.cancel(ledger(request), id(request), reason, answers),
                a -> answers.intent(a.value(), a.error()));
    }

    static int ledger(ApiRequest request) {
        return request.tenant().ledger();
    }

    private static UInt128 id(ApiRequest request) {
        UInt128 id = PaymentRecords.INTENT_IDS.parseOrNull(request.pathParam("id"));
        if (id == null) {
            throw ApiException.notFound("payment_intent", "intent");
        }
        return id;
    }

    private static UInt128 cursor(String text, String param) {
        if (text == null) {
            return null;
        }
        UInt128 id = PaymentRecords.INTENT_IDS.parseOrNull(text);
        if (id == null) {
            throw Pagination.unknownCursor(param);
        }
        return id;
    }

    /** Three lowercase letters, as Stripe's currencies (the ledger's currency is the same code, upper case). */
    static String currency(StripeParams p) {
        String currency = p.string("currency", 3);
        if (currency != null && !ISO_CURRENCIES.contains(currency.toUpperCase(java.util.Locale.ROOT))) {
            throw ApiException.badValue("currency", "must be a three-letter ISO 4217 currency code");
        }
        return currency == null ? null : currency.toLowerCase(java.util.Locale.ROOT);
    }

    private static PaymentIntent.CaptureMethod captureMethod(StripeParams p) {
        String method = p.oneOf("capture_method", Set.of("automatic", "manual", "automatic_async"));
        if (method == null) {
            return null;
        }
        return method.equals("manual") ? PaymentIntent.CaptureMethod.MANUAL : PaymentIntent.CaptureMethod.AUTOMATIC;
    }

    private static Map<String, String> orEmpty(Map<String, String> metadata) {
        return metadata == null ? Map.of() : metadata;
    }

    static boolean expandsCharge(List<String> expand) {
        for (String field : expand) {
            if (!field.equals(EXPAND_CHARGE)) {
                throw ApiException.badValue("expand", "may name latest_charge only");
            }
        }
        return !expand.isEmpty();
    }

    /** {@code expand[]=…} or {@code expand[0]=…} in a query. */
    static List<String> queryExpand(ApiRequest request) {
        List<String> expand = new ArrayList<>();
        for (String name : request.queryNames()) {
            if (name.startsWith("expand")) {
                expand.add(request.query(name));
            }
        }
        return expand;
    }

    static Set<String> expandNames(ApiRequest request) {
        Set<String> names = new java.util.HashSet<>();
        for (String name : request.queryNames()) {
            if (name.matches("expand\\[[0-9]{0,2}\\]")) {
                names.add(name);
            }
        }
        return names;
    }

    static void checkQuery(ApiRequest request, Set<String> known) {
        Set<String> allowed = new java.util.HashSet<>(known);
        allowed.addAll(expandNames(request));
        request.onlyQuery(allowed);
    }

    /** Stripe's list object: the common one, with the list's {@code url}. */
    static Map<String, Object> list(List<Object> data, boolean hasMore, String url) {
        Map<String, Object> v = Views.list(data, hasMore);
        v.put("url", url);
        return v;
    }
}
