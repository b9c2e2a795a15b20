package dev.settle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settle.client.Account;
import dev.settle.client.AccountFlags;
import dev.settle.client.BatchResult;
import dev.settle.client.CreateAccount;
import dev.settle.client.CreateTransaction;
import dev.settle.client.CreateTransfer;
import dev.settle.client.LedgerException;
import dev.settle.client.ListParams;
import dev.settle.client.RequestOptions;
import dev.settle.client.SettleClient;
import dev.settle.client.Transfer;
import dev.settle.client.TransactionEntry;
import dev.settle.client.TransferFlags;
import dev.settle.client.TransferStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against a real server: the README's example and every resource once. */
class ClientSdkTest {
    @TempDir
    Path data;

    @Test
    void theReadmeExampleRunsAgainstARealServer() throws Exception {
        try (TestServer server = TestServer.start(data);
                SettleClient settle = SettleClient.builder().baseUri("http://127.0.0.1:" + server.server.port())
                        .apiKey(server.defaultKey).build()) {
            Account bank = settle.accounts().create(CreateAccount.of("USD"));
            Account alice = settle.accounts().create(CreateAccount.of("USD")
                    .withFlag(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS));
            settle.transfers().create(CreateTransfer.of(bank.id(), alice.id(), 10_000));
            Transfer hold = settle.transfers().create(CreateTransfer.pending(alice.id(), bank.id(), 2_500, 3_600));
            assertThat(hold.status()).isEqualTo(TransferStatus.PENDING);
            settle.transfers().create(CreateTransfer.postPending(hold.id()));
            assertThat(settle.accounts().retrieve(alice.id()).debitsPosted()).isEqualTo(BigInteger.valueOf(2_500));

            assertThatThrownBy(() -> settle.transfers().create(CreateTransfer.of(alice.id(), bank.id(), 1_000_000)))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo("exceeds_credits");
                        assertThat(e.status()).isEqualTo(422);
                    });

            BatchResult batch = settle.transfers().createBatch(List.of(
                    CreateTransfer.of(bank.id(), alice.id(), 1).withFlag(TransferFlags.LINKED),
                    CreateTransfer.of(bank.id(), alice.id(), 2)));
            assertThat(batch.failures()).isEmpty();
            settle.transactions().create(CreateTransaction.of(TransactionEntry.debit(bank.id(), 5),
                    TransactionEntry.credit(alice.id(), 5)));
            Transfer once = settle.transfers().create(CreateTransfer.of(bank.id(), alice.id(), 7),
                    RequestOptions.idempotencyKey("sdk-once"));
            Transfer again = settle.transfers().create(CreateTransfer.of(bank.id(), alice.id(), 7),
                    RequestOptions.idempotencyKey("sdk-once"));
            assertThat(again.id()).isEqualTo(once.id());
            assertThat(settle.accounts().transfers(alice.id(), ListParams.limit(100)).data()).hasSize(7);
            assertThat(settle.accounts().list(ListParams.defaults()).data()).hasSize(2);
            assertThat(settle.accounts().retrieve(alice.id()).creditsPosted()).isEqualTo(BigInteger.valueOf(10_015));
        }
    }
}
