package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.Stripe;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.param.RefundCreateParams;
import dev.settle.payments.PaymentsConfig;
import dev.settle.payments.processor.ProcessorConfig;
import dev.settle.processorsim.ProcessorSimulator;
import dev.settle.processorsim.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stripe's official Java client, pointed at a running Settle (only the base URL changed), against
 * the processor simulator: the calls a checkout makes, and Stripe's typed errors.
 */
class PaymentsStripeClientTest {
    @TempDir
    static Path dir;
    private static ProcessorSimulator processor;
    private static TestServer server;
    private static RequestOptions options;

    @BeforeAll
    static void start() throws Exception {
        processor = ProcessorSimulator.start(SimulatorConfig.defaults(dir.resolve("processor")).withSlowMillis(50));
        server = TestServer.start(dir.resolve("settle"), config -> config.payments(PaymentsConfig.defaults()
                .withProcessor(ProcessorConfig.defaults(processor.baseUri()))));
        Stripe.overrideApiBase("http://127.0.0.1:" + server.server.port());
        options = RequestOptions.builder().setApiKey(server.defaultKey).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        processor.close();
    }

    @Test
    void anAutomaticPaymentSucceedsAndIsRefundedInParts() throws StripeException {
        PaymentIntent paid = PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(2000L)
                .setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true)
                .putMetadata("order", "A-17").setDescription("two books").build(), options);
        assertThat(paid.getId()).startsWith("pi_");
        assertThat(paid.getObject()).isEqualTo("payment_intent");
        assertThat(paid.getStatus()).isEqualTo("succeeded");
        assertThat(paid.getAmountReceived()).isEqualTo(2000L);
        assertThat(paid.getLatestCharge()).startsWith("ch_");
        assertThat(paid.getMetadata()).containsEntry("order", "A-17");

        Refund first = Refund.create(RefundCreateParams.builder().setPaymentIntent(paid.getId()).setAmount(500L)
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER).build(), options);
        assertThat(first.getStatus()).isEqualTo("succeeded");
        assertThat(first.getAmount()).isEqualTo(500L);
        assertThat(first.getCharge()).isEqualTo(paid.getLatestCharge());
        Refund rest = Refund.create(RefundCreateParams.builder().setPaymentIntent(paid.getId()).build(), options);
        assertThat(rest.getAmount()).isEqualTo(1500L);
        assertThatThrownBy(() -> Refund.create(RefundCreateParams.builder().setPaymentIntent(paid.getId())
                .setAmount(1L).build(), options))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("charge_already_refunded"));
        assertThat(Refund.retrieve(first.getId(), options).getPaymentIntent()).isEqualTo(paid.getId());
    }

    @Test
    void aManualPaymentIsAuthorizedThenCapturedInPart() throws StripeException {
        PaymentIntent authorized = PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(5000L)
                .setCurrency("eur").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setPaymentMethod("4242424242424242").setConfirm(true).build(), options);
        assertThat(authorized.getStatus()).isEqualTo("requires_capture");
        assertThat(authorized.getAmountCapturable()).isEqualTo(5000L);
        assertThatThrownBy(() -> authorized.capture(PaymentIntentCaptureParams.builder().setAmountToCapture(6000L)
                .build(), options))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_large"));
        PaymentIntent captured = authorized.capture(PaymentIntentCaptureParams.builder().setAmountToCapture(3000L)
                .build(), options);
        assertThat(captured.getStatus()).isEqualTo("succeeded");
        assertThat(captured.getAmountReceived()).isEqualTo(3000L);
        assertThat(captured.getAmountCapturable()).isZero();
        assertThatThrownBy(() -> Refund.create(RefundCreateParams.builder().setPaymentIntent(captured.getId())
                .setAmount(3001L).build(), options))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("amount_too_large"));
    }

    @Test
    void aDeclineIsACardErrorAndTheIntentWaitsForAnotherMethod() throws StripeException {
        PaymentIntent intent = PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(700L)
                .setCurrency("usd").build(), options);
        assertThat(intent.getStatus()).isEqualTo("requires_payment_method");
        assertThatThrownBy(() -> intent.confirm(PaymentIntentConfirmParams.builder()
                .setPaymentMethod("pm_card_chargeDeclinedInsufficientFunds").build(), options))
                .isInstanceOfSatisfying(CardException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("card_declined");
                    assertThat(e.getDeclineCode()).isEqualTo("insufficient_funds");
                    assertThat(e.getStatusCode()).isEqualTo(402);
                });
        PaymentIntent failed = PaymentIntent.retrieve(intent.getId(), options);
        assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
        assertThat(failed.getLastPaymentError().getDeclineCode()).isEqualTo("insufficient_funds");
        PaymentIntent paid = failed.confirm(PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa")
                .build(), options);
        assertThat(paid.getStatus()).isEqualTo("succeeded");
        assertThat(paid.getLastPaymentError()).isNull();
    }

    @Test
    void authenticationRequiredNeedsASecondConfirm() throws StripeException {
        PaymentIntent intent = PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(1200L)
                .setCurrency("usd").setPaymentMethod("pm_card_authenticationRequired").setConfirm(true).build(),
                options);
        assertThat(intent.getStatus()).isEqualTo("requires_action");
        assertThat(intent.getNextAction().getType()).isEqualTo("use_stripe_sdk");
        PaymentIntent paid = intent.confirm(PaymentIntentConfirmParams.builder().build(), options);
        assertThat(paid.getStatus()).isEqualTo("succeeded");
    }

    @Test
    void updateCancelListAndErrors() throws StripeException {
        PaymentIntent intent = PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(900L)
                .setCurrency("usd").setPaymentMethod("pm_card_visa").build(), options);
        assertThat(intent.getStatus()).isEqualTo("requires_confirmation");
        PaymentIntent updated = intent.update(PaymentIntentUpdateParams.builder().setAmount(950L)
                .putMetadata("cart", "c-1").build(), options);
        assertThat(updated.getAmount()).isEqualTo(950L);
        assertThat(updated.getMetadata()).containsEntry("cart", "c-1");
        PaymentIntent canceled = updated.cancel(PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build(), options);
        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(canceled.getCancellationReason()).isEqualTo("abandoned");
        assertThatThrownBy(() -> canceled.confirm(PaymentIntentConfirmParams.builder().build(), options))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
        assertThatThrownBy(() -> PaymentIntent.retrieve("pi_00000000000000000000000000000000", options))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                });
        assertThatThrownBy(() -> PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(100L)
                .setCurrency("usd").setPaymentMethod("pm_card_nonexistent").build(), options))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("payment_method"));

        List<String> seen = new ArrayList<>();
        for (PaymentIntent p : PaymentIntent.list(PaymentIntentListParams.builder().setLimit(2L).build(), options)
                .autoPagingIterable(java.util.Map.of(), options)) {
            seen.add(p.getId());
        }
        assertThat(seen).contains(intent.getId()).doesNotHaveDuplicates();
        assertThat(seen.size()).isGreaterThanOrEqualTo(2);
    }
}
