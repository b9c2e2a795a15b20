package dev.settle.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settle.ledger.UInt128;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherTest {
    private static final int DAY = 20_000;
    private static final List<MatchRule> RULES = List.of(
            new MatchRule(MatchRule.Type.REFERENCE, "reference", 3, 0),
            new MatchRule(MatchRule.Type.AMOUNT_DATE, "reference", 3, 0),
            new MatchRule(MatchRule.Type.GROUP, "payout_id", 3, 50));

    @Test
    void aPayoutLineSettlesItsChargesNetOfRefundsAndFeesWithinTheTolerance() {
        Candidates c = new Candidates(Matcher.metadataKeys(RULES), 8);
        int charge1 = transfer(c, 1, 10_000, "po_1");
        int charge2 = transfer(c, 2, 5_000, "po_1");
        int refund = transfer(c, 3, -2_000, "po_1");
        transfer(c, 4, 7_000, "po_2");
        Matcher matcher = new Matcher(RULES, c);
        Matcher.LineFacts payout = new Matcher.LineFacts(12_970, 0, DAY, "po_1");
        assertThat(matcher.match(payout)).isEqualTo(new Matcher.Unmatched(Reason.NO_CANDIDATE));
        List<Matcher.GroupDecision> groups = matcher.matchGroups(List.of(new Matcher.OpenLine(0, payout)));
        assertThat(groups).hasSize(1);
        Matcher.Matched m = (Matcher.Matched) groups.get(0).decision();
        assertThat(m.candidates()).containsExactlyInAnyOrder(charge1, charge2, refund);
        assertThat(m.difference()).isEqualTo(-30);
        assertThat(m.rule()).isEqualTo(2);
    }

    @Test
    void aGroupBeyondTheToleranceIsAnAmountMismatchAndClaimsNothing() {
        Candidates c = new Candidates(Matcher.metadataKeys(RULES), 8);
        transfer(c, 1, 10_000, "po_1");
        Matcher matcher = new Matcher(RULES, c);
        List<Matcher.GroupDecision> groups = matcher.matchGroups(List.of(
                new Matcher.OpenLine(0, new Matcher.LineFacts(9_000, 0, DAY, "po_1"))));
        assertThat(groups.get(0).decision()).isEqualTo(new Matcher.Unmatched(Reason.AMOUNT_MISMATCH));
        assertThat(c.isClaimed(0)).isFalse();
    }

    @Test
    void severalLinesPayOneTransfer() {
        Candidates c = new Candidates(Matcher.metadataKeys(RULES), 8);
        int invoice = c.addTransfer(UInt128.of(9), 9, 3_000, DAY, new String[] {"inv-9", null}, false);
        Matcher matcher = new Matcher(RULES, c);
        Matcher.LineFacts first = new Matcher.LineFacts(1_000, 0, DAY, "inv-9");
        Matcher.LineFacts second = new Matcher.LineFacts(2_000, 0, DAY + 1, "inv-9");
        assertThat(matcher.match(first)).isEqualTo(new Matcher.Unmatched(Reason.AMOUNT_MISMATCH));
        assertThat(matcher.match(second)).isEqualTo(new Matcher.Unmatched(Reason.AMOUNT_MISMATCH));
        Matcher.Matched m = (Matcher.Matched) matcher.matchGroups(List.of(new Matcher.OpenLine(0, first),
                new Matcher.OpenLine(1, second))).get(0).decision();
        assertThat(m.candidates()).containsExactly(invoice);
    }

    @Test
    void anExpectedPaymentMatchesByReferenceOrByAmountInItsRangeAndWindow() {
        Candidates c = new Candidates(Matcher.metadataKeys(RULES), 8);
        int byReference = c.addExpected(UInt128.of(1), 900, 1_100, DAY, DAY + 5, "order-1");
        int byAmount = c.addExpected(UInt128.of(2), 5_000, 5_000, DAY, DAY + 1, null);
        Matcher matcher = new Matcher(RULES, c);
        assertThat(((Matcher.Matched) matcher.match(new Matcher.LineFacts(1_000, 0, DAY + 4, "order-1")))
                .candidates()).containsExactly(byReference);
        assertThat(matcher.match(new Matcher.LineFacts(5_000, 0, DAY + 3, ""))).isInstanceOf(Matcher.Unmatched.class);
        assertThat(((Matcher.Matched) matcher.match(new Matcher.LineFacts(5_000, 0, DAY + 1, "")))
                .candidates()).containsExactly(byAmount);
    }

    @Test
    void twoEquallyGoodCandidatesAreAmbiguousAndAChargeLineTakesItsFeeTransfer() {
        Candidates c = new Candidates(Matcher.metadataKeys(RULES), 8);
        transfer(c, 1, 700, null);
        transfer(c, 2, 700, null);
        int charge = c.addTransfer(UInt128.of(3), 3, 10_000, DAY, new String[] {"ch_1", null}, false);
        int fee = c.addTransfer(UInt128.of(4), 4, -320, DAY, new String[] {"ch_1", null}, false);
        Matcher matcher = new Matcher(RULES, c);
        assertThat(matcher.match(new Matcher.LineFacts(700, 0, DAY, ""))).isEqualTo(new Matcher.Unmatched(Reason.AMBIGUOUS));
        Matcher.Matched m = (Matcher.Matched) matcher.match(new Matcher.LineFacts(10_000, 320, DAY, "ch_1"));
        assertThat(m.candidates()).containsExactly(charge, fee);
    }

    private static int transfer(Candidates c, long id, long amount, String payout) {
        return c.addTransfer(UInt128.of(id), id, amount, DAY, new String[] {null, payout}, false);
    }
}
