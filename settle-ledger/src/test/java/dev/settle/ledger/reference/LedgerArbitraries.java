package dev.settle.ledger.reference;

import dev.settle.ledger.AccountFlags;
import dev.settle.ledger.EntryDirection;
import dev.settle.ledger.NewAccount;
import dev.settle.ledger.NewTransaction;
import dev.settle.ledger.NewTransfer;
import dev.settle.ledger.TransactionEntry;
import dev.settle.ledger.TransferFlags;
import dev.settle.ledger.UInt128;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for scenarios over a small universe of ids, so that collisions (exists, posting a
 * pending transfer twice, chains over the same accounts) are frequent, plus rare edge values
 * (zero and maximum ids and amounts, reserved flags) so every result code gets exercised.
 */
public final class LedgerArbitraries {
    static final int ACCOUNT_IDS = 8;
    static final int TRANSFER_IDS = 32;
    /** Accounts 1..SETUP_ACCOUNTS exist from the first batch on; the others may be created later. */
    static final int SETUP_ACCOUNTS = 7;
    static final int TRANSACTION_IDS = 6;
    static final long[] LEDGERS = {1, 2};
    private static final UInt128 HALF = new UInt128(Long.MIN_VALUE, 0);

    private LedgerArbitraries() {}

    public static Arbitrary<Scenario> scenarios(int stepsMax) {
        return Combinators.combine(setupStep(), step().list().ofMinSize(1).ofMaxSize(stepsMax)).as((setup, steps) -> {
            List<Scenario.Step> all = new ArrayList<>();
            all.add(setup);
            all.addAll(steps);
            return new Scenario(all);
        });
    }

    /** Creates accounts 1..SETUP_ACCOUNTS with compatible flags, so that most transfers can succeed. */
    static Arbitrary<Scenario.Step> setupStep() {
        Arbitrary<Integer> flags = Arbitraries.of(0, 0, AccountFlags.HISTORY, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS,
                AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.HISTORY);
        Arbitrary<Long> ledger = Arbitraries.frequency(net.jqwik.api.Tuple.of(40, 0L), net.jqwik.api.Tuple.of(1, 2L));
        Arbitrary<NewAccount> account = Combinators.combine(flags, ledger)
                .as((f, l) -> NewAccount.of(UInt128.ZERO, l).withFlags(f));
        return account.list().ofSize(SETUP_ACCOUNTS).map(list -> {
            List<NewAccount> accounts = new ArrayList<>();
            for (int k = 0; k < list.size(); k++) {
                NewAccount a = list.get(k);
                // Ledger 0 here means "the account's usual ledger"; now and then one sits in the other ledger.
                long usual = k < 5 ? 1 : 2;
                long ledgerOfAccount = a.ledger() == 0 ? usual : 3 - usual;
                accounts.add(new NewAccount(UInt128.of(k + 1), ledgerOfAccount, 0, a.flags(), UInt128.ZERO, 0, 0, null));
            }
            return new Scenario.Step(0, List.of(new Command.CreateAccounts(accounts)), Scenario.Crash.NONE);
        });
    }

    static Arbitrary<Scenario.Step> step() {
        Arbitrary<Long> advance = Arbitraries.of(0L, 1_000_000L, 500_000_000L, 1_000_000_000L, 2_000_000_000L,
                3_000_000_000L, 7_000_000_000L);
        Arbitrary<Scenario.Crash> crash = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(18, Scenario.Crash.NONE),
                net.jqwik.api.Tuple.of(1, Scenario.Crash.AFTER_DURABLE),
                net.jqwik.api.Tuple.of(1, Scenario.Crash.LOSING_IN_FLIGHT));
        return Combinators.combine(advance, command().list().ofMinSize(0).ofMaxSize(4), crash)
                .as(Scenario.Step::new);
    }

    static Arbitrary<Command> command() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, mostlyClosedChain(newAccount().list().ofMinSize(1).ofMaxSize(3))
                        .map(Command.CreateAccounts::new)),
                net.jqwik.api.Tuple.of(8, mostlyClosedChain(newTransfer().list().ofMinSize(1).ofMaxSize(6))
                        .map(Command.CreateTransfers::new)),
                net.jqwik.api.Tuple.of(1, newTransaction().map(Command.CreateTransaction::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 1000).map(Command.Resubmit::new)));
    }

    static Arbitrary<UInt128> accountId() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.longs().between(1, ACCOUNT_IDS).map(UInt128::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(UInt128.ZERO, UInt128.MAX)));
    }

    static Arbitrary<UInt128> transferId() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(60, Arbitraries.longs().between(100, 100 + TRANSFER_IDS).map(UInt128::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(UInt128.ZERO, UInt128.MAX)));
    }

    static Arbitrary<UInt128> amount() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.longs().between(0, 20).map(UInt128::of)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(UInt128.MAX, HALF, new UInt128(-1L, -2L),
                        new UInt128(0, -1L))));
    }

    static Arbitrary<Long> ledger() {
        return Arbitraries.frequency(net.jqwik.api.Tuple.of(20, 1L), net.jqwik.api.Tuple.of(6, 2L),
                net.jqwik.api.Tuple.of(1, 0L));
    }

    static Arbitrary<byte[]> metadata() {
        return Arbitraries.frequency(net.jqwik.api.Tuple.of(8, (byte[]) null),
                net.jqwik.api.Tuple.of(1, new byte[] {1}), net.jqwik.api.Tuple.of(1, new byte[] {2, 3}));
    }

    static Arbitrary<NewAccount> newAccount() {
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, flagSet(new int[] {AccountFlags.LINKED, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS,
                        AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS, AccountFlags.HISTORY, AccountFlags.CLOSED},
                        new int[] {15, 25, 25, 35, 3})),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1 << 4, 1 << 9)));
        Arbitrary<Integer> code = Arbitraries.of(0, 1, 7);
        return Combinators.combine(accountId(), ledger(), code, flags, Arbitraries.of(0L, 5L), metadata())
                .as((id, ledger, c, f, data, meta) -> new NewAccount(id, ledger, c, f, UInt128.ZERO, data, 0, meta));
    }

    static Arbitrary<NewTransfer> newTransfer() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, plainTransfer()),
                net.jqwik.api.Tuple.of(5, resolvingTransfer()),
                net.jqwik.api.Tuple.of(1, Combinators.combine(plainTransfer(), Arbitraries.integers().between(0, 1023))
                        .as(NewTransfer::withFlags)));
    }

    static Arbitrary<NewTransfer> plainTransfer() {
        Arbitrary<Integer> flags = flagSet(new int[] {TransferFlags.LINKED, TransferFlags.PENDING,
                TransferFlags.BALANCING_DEBIT, TransferFlags.BALANCING_CREDIT, TransferFlags.CLOSING_DEBIT,
                TransferFlags.CLOSING_CREDIT}, new int[] {15, 35, 8, 8, 4, 4});
        Arbitrary<Long> timeout = Arbitraries.of(0L, 0L, 1L, 2L, 5L);
        Arbitrary<Integer> code = Arbitraries.of(0, 0, 1, 7);
        // Pending transfers take ids from the range that posts and voids name, the others from the rest.
        return Combinators.combine(transferId(), accountPair(), amount(), flags, timeout, code)
                .as((id, pair, amount, f, t, c) -> NewTransfer.of(pendingRange(id, (f & TransferFlags.PENDING) != 0),
                                pair.get(0), pair.get(1), amount, pair.get(2).low())
                        .withFlags(f).withTimeout((f & TransferFlags.PENDING) != 0 || t == 5 ? t : 0).withCode(c))
                .flatMap(t -> Combinators.combine(metadata(), Arbitraries.of(0L, 9L))
                        .as((meta, data) -> t.withMetadata(meta).withUserData(UInt128.ZERO, data, 0)));
    }

    /**
     * [debit, credit, ledger]: mostly two distinct accounts of the same setup ledger (accounts 1-5
     * and 8 are in ledger 1 unless the setup says otherwise, 6-7 in ledger 2), sometimes anything.
     */
    static Arbitrary<List<UInt128>> accountPair() {
        Arbitrary<List<UInt128>> sameLedger = Arbitraries.of(1, 1, 1, 2).flatMap(ledger -> {
            List<Long> members = ledger == 1 ? List.of(1L, 2L, 3L, 4L, 5L, 8L) : List.of(6L, 7L);
            return Arbitraries.of(members).list().ofSize(2).uniqueElements()
                    .map(ids -> List.of(UInt128.of(ids.get(0)), UInt128.of(ids.get(1)), UInt128.of(ledger)));
        });
        Arbitrary<List<UInt128>> anything = Combinators.combine(accountId(), accountId(), ledger())
                .as((dr, cr, ledger) -> List.of(dr, cr, UInt128.of(ledger)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, sameLedger), net.jqwik.api.Tuple.of(1, anything));
    }

    /** Maps a generated id into the lower half of the range for pending transfers, the upper half otherwise. */
    private static UInt128 pendingRange(UInt128 id, boolean pending) {
        if (id.isZero() || id.isMax()) {
            return id;
        }
        long pendingIds = TRANSFER_IDS / 4;
        return UInt128.of(pending ? 100 + (id.low() - 100) % pendingIds : 100 + pendingIds + (id.low() - 100));
    }

    static Arbitrary<NewTransfer> resolvingTransfer() {
        Arbitrary<Integer> flags = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(6, TransferFlags.POST_PENDING_TRANSFER),
                net.jqwik.api.Tuple.of(4, TransferFlags.VOID_PENDING_TRANSFER),
                net.jqwik.api.Tuple.of(2, TransferFlags.POST_PENDING_TRANSFER | TransferFlags.LINKED),
                net.jqwik.api.Tuple.of(1, TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER),
                net.jqwik.api.Tuple.of(1, TransferFlags.VOID_PENDING_TRANSFER | TransferFlags.PENDING));
        Arbitrary<UInt128> amount = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(UInt128.MAX, UInt128.ZERO)),
                net.jqwik.api.Tuple.of(3, amount()));
        Arbitrary<UInt128> sideAccount = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(UInt128.ZERO)), net.jqwik.api.Tuple.of(1, accountId()));
        Arbitrary<UInt128> ownId = Arbitraries.longs().between(300, 300 + 2 * TRANSFER_IDS).map(UInt128::of);
        return Combinators.combine(ownId, transferId(), flags, amount, sideAccount, Arbitraries.of(0L, 0L, 1L))
                .as((id, pending, f, a, side, ledger) -> NewTransfer.builder(id).debit(side).amount(a)
                        .pendingId(pendingRange(pending, true)).ledger(ledger).flags(f).build());
    }

    static Arbitrary<NewTransaction> newTransaction() {
        Arbitrary<UInt128> id = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.longs().between(500, 500 + TRANSACTION_IDS).map(UInt128::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(UInt128.ZERO)));
        Arbitrary<List<TransactionEntry>> balanced = Combinators.combine(
                accountId().list().ofMinSize(1).ofMaxSize(3), accountId().list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.longs().between(1, 30)).as(LedgerArbitraries::balancedEntries);
        Arbitrary<List<TransactionEntry>> any = Combinators.combine(accountId(), Arbitraries.of(EntryDirection.class),
                amount()).as(TransactionEntry::new).list().ofMinSize(0).ofMaxSize(4);
        Arbitrary<List<TransactionEntry>> entries = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, balanced),
                net.jqwik.api.Tuple.of(1, any));
        return Combinators.combine(id, Arbitraries.of(0, 3), entries, metadata()).as(NewTransaction::new);
    }

    /** Clears the linked flag of the last event most of the time, so chains mostly close. */
    @SuppressWarnings("unchecked")
    private static <T> Arbitrary<List<T>> mostlyClosedChain(Arbitrary<List<T>> lists) {
        return Combinators.combine(lists, Arbitraries.integers().between(0, 4)).as((events, dice) -> {
            List<T> out = new ArrayList<>(events);
            T last = out.get(out.size() - 1);
            if (dice != 0 && last instanceof NewTransfer t) {
                out.set(out.size() - 1, (T) t.withFlags(t.flags() & ~TransferFlags.LINKED));
            } else if (dice != 0 && last instanceof NewAccount a) {
                out.set(out.size() - 1, (T) a.withFlags(a.flags() & ~AccountFlags.LINKED));
            }
            return out;
        });
    }

    /** Debits share {@code total} between the debit accounts, credits likewise, so the entries balance per currency when the accounts share one. */
    private static List<TransactionEntry> balancedEntries(List<UInt128> debits, List<UInt128> credits, long total) {
        List<TransactionEntry> entries = new ArrayList<>();
        split(debits, total, EntryDirection.DEBIT, entries);
        split(credits, total, EntryDirection.CREDIT, entries);
        return entries;
    }

    private static void split(List<UInt128> accounts, long total, EntryDirection direction, List<TransactionEntry> into) {
        long left = total;
        for (int k = 0; k < accounts.size(); k++) {
            long part = k == accounts.size() - 1 ? left : Math.max(1, total / accounts.size());
            part = Math.min(part, left);
            if (part > 0) {
                into.add(new TransactionEntry(accounts.get(k), direction, UInt128.of(BigInteger.valueOf(part))));
            }
            left -= part;
        }
    }

    /** A set of the given flags, each present with its percentage. */
    private static Arbitrary<Integer> flagSet(int[] flags, int[] percent) {
        Arbitrary<Integer> result = Arbitraries.just(0);
        for (int k = 0; k < flags.length; k++) {
            int flag = flags[k];
            int chance = percent[k];
            Arbitrary<Boolean> present = Arbitraries.integers().between(1, 100).map(n -> n <= chance);
            result = Combinators.combine(result, present).as((acc, on) -> on ? acc | flag : acc);
        }
        return result;
    }
}
