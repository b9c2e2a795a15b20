package dev.settle.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.common.Ids;
import dev.settle.ledger.UInt128;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A statement derived from ledger activity with differences injected (missing lines, duplicated
 * lines, changed amounts, shifted dates, fees netted): matching finds exactly the injected
 * differences, and nothing else.
 */
class MatcherProperties {
    private static final long FEE_TOLERANCE = 100;
    private static final int WINDOW_DAYS = 3;
    private static final int FIRST_DAY = 20_000;

    enum Injected { NONE, MISSING, DUPLICATED, CHANGED_AMOUNT, SHIFTED_IN_WINDOW, SHIFTED_FAR, FEE_NETTED }

    record Source(int candidate, UInt128 id, long amount, int day, String reference, Injected injected) {}

    record Line(Source source, Matcher.LineFacts facts, boolean copy) {}

    @Property(tries = 300)
    void findsExactlyTheInjectedDifferences(@ForAll @IntRange(min = 1, max = 80) int transfers,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<MatchRule> rules = List.of(
                new MatchRule(MatchRule.Type.REFERENCE, MatchRule.METADATA_KEY_DEFAULT, WINDOW_DAYS, FEE_TOLERANCE),
                new MatchRule(MatchRule.Type.AMOUNT_DATE, MatchRule.METADATA_KEY_DEFAULT, WINDOW_DAYS, FEE_TOLERANCE));
        Candidates candidates = new Candidates(Matcher.metadataKeys(rules), transfers);
        List<Source> sources = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            UInt128 id = new UInt128(random.nextLong(), random.nextLong());
            // Amounts 10,000 apart, so no change or fee below 5,000 makes one look like another.
            long amount = (i + 1) * 10_000L * (random.nextBoolean() ? 1 : -1);
            int day = FIRST_DAY + random.nextInt(30);
            int referenceKind = random.nextInt(3);
            String metadataReference = referenceKind == 1 ? "inv-" + i : null;
            String lineReference = referenceKind == 0 ? Ids.format(id) : referenceKind == 1 ? "inv-" + i : "";
            int n = candidates.addTransfer(id, i + 1, amount, day, new String[] {metadataReference}, false);
            Injected injected = Injected.values()[random.nextInt(Injected.values().length)];
            Source source = new Source(n, id, amount, day, lineReference, injected);
            sources.add(source);
            switch (injected) {
                case NONE -> lines.add(line(source, amount, day, false));
                case MISSING -> { }
                case DUPLICATED -> {
                    lines.add(line(source, amount, day, false));
                    lines.add(line(source, amount, day, true));
                }
                case CHANGED_AMOUNT -> lines.add(line(source, amount + 5_000, day, false));
                case SHIFTED_IN_WINDOW -> lines.add(line(source, amount, day + 1 + random.nextInt(WINDOW_DAYS), false));
                case SHIFTED_FAR -> lines.add(line(source, amount, day + WINDOW_DAYS + 5, false));
                case FEE_NETTED -> lines.add(line(source, amount - 1 - random.nextInt((int) FEE_TOLERANCE), day, false));
            }
        }
        Collections.shuffle(lines, random);

        Matcher matcher = new Matcher(rules, candidates);
        Set<Integer> matchedCandidates = new HashSet<>();
        int duplicatesSeen = 0;
        for (Line line : lines) {
            Matcher.Decision decision = matcher.match(line.facts());
            Source s = line.source();
            boolean hasReference = !s.reference().isEmpty();
            boolean shouldMatch = switch (s.injected()) {
                case NONE, SHIFTED_IN_WINDOW, FEE_NETTED -> true;
                case SHIFTED_FAR -> hasReference;
                case CHANGED_AMOUNT, MISSING -> false;
                case DUPLICATED -> !matchedCandidates.contains(s.candidate());
            };
            if (shouldMatch) {
                assertThat(decision).as("%s", s).isInstanceOf(Matcher.Matched.class);
                Matcher.Matched m = (Matcher.Matched) decision;
                assertThat(m.candidates()).containsExactly(s.candidate());
                assertThat(m.difference()).isEqualTo(line.facts().amount() - s.amount());
                matchedCandidates.add(s.candidate());
                continue;
            }
            assertThat(decision).as("%s", s).isInstanceOf(Matcher.Unmatched.class);
            Reason reason = ((Matcher.Unmatched) decision).reason();
            Reason expected = switch (s.injected()) {
                case DUPLICATED -> hasReference ? Reason.DUPLICATE : Reason.NO_CANDIDATE;
                case CHANGED_AMOUNT -> hasReference ? Reason.AMOUNT_MISMATCH : Reason.NO_CANDIDATE;
                default -> Reason.NO_CANDIDATE;
            };
            assertThat(reason).as("%s", s).isEqualTo(expected);
            duplicatesSeen += s.injected() == Injected.DUPLICATED ? 1 : 0;
        }
        // The transfers left unclaimed are exactly those the statement does not (recognisably) show.
        Set<Integer> expectedUnclaimed = new HashSet<>();
        for (Source s : sources) {
            boolean shown = switch (s.injected()) {
                case MISSING, CHANGED_AMOUNT -> false;
                case SHIFTED_FAR -> !s.reference().isEmpty();
                default -> true;
            };
            if (!shown) {
                expectedUnclaimed.add(s.candidate());
            }
        }
        Set<Integer> unclaimed = new HashSet<>();
        for (int n = 0; n < candidates.size(); n++) {
            if (!candidates.isClaimed(n)) {
                unclaimed.add(n);
            }
        }
        assertThat(unclaimed).isEqualTo(expectedUnclaimed);
        assertThat(duplicatesSeen).isEqualTo(sources.stream().filter(s -> s.injected() == Injected.DUPLICATED).count());
    }

    private static Line line(Source source, long amount, int day, boolean copy) {
        return new Line(source, new Matcher.LineFacts(amount, 0, day, source.reference()), copy);
    }
}
