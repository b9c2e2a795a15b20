package dev.settle.ledger.reference;

import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.NewTransfer;
import java.util.List;

/** One submission in a generated scenario. */
public sealed interface Command {
    record CreateAccounts(List<NewAccount> accounts) implements Command {}

    record CreateTransfers(List<NewTransfer> transfers) implements Command {}

    record CreateTransaction(NewTransaction transaction) implements Command {}

    /** Sends an earlier create-transfers command again, verbatim (a client retry): pick = which one. */
    record Resubmit(int pick) implements Command {}
}
