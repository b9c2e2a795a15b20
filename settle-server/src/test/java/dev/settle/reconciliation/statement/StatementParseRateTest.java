package dev.settle.reconciliation.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Rough parse rates, printed and never asserted (the machine is shared): statements streamed
 * from a generator far larger than they would be in memory, so the runs also show that parsing
 * holds one record at a time.
 */
class StatementParseRateTest {
    private static final int CSV_BLOCK_ROWS = 1_000;
    private static final int CSV_BLOCKS = 2_000;
    private static final int CAMT_BLOCK_ENTRIES = 100;
    private static final int CAMT_BLOCKS = 1_000;
    private static final int WARM_UP_RUNS = 3;
    /** Each warm-up run reads this fraction of the measured run. */
    private static final int WARM_UP_DIVISOR = 4;

    @Test
    void csvRate() throws Exception {
        CsvStatementParser parser = new CsvStatementParser(CsvMapping.builder().date("date").amount("amount")
                .currency("currency").reference("reference").description("description").id("id").build());
        byte[] header = "date,amount,currency,reference,description,id\n".getBytes(StandardCharsets.UTF_8);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < CSV_BLOCK_ROWS; i++) {
            block.append("2026-12-").append(String.format(Locale.ROOT, "%02d", i % 28 + 1)).append(',')
                    .append(i % 3 == 0 ? "-" : "").append(i * 37 % 100_000).append('.').append(String.format(Locale.ROOT, "%02d", i % 100))
                    .append(",EUR,INV-").append(i).append(",Payment for order ").append(i).append(",tx_").append(i).append('\n');
        }
        byte[] rows = block.toString().getBytes(StandardCharsets.UTF_8);
        for (int run = 0; run < WARM_UP_RUNS; run++) {
            count(parser, new RepeatingInputStream(header, rows, CSV_BLOCKS / WARM_UP_DIVISOR, new byte[0]));
        }
        long start = System.nanoTime();
        long lines = count(parser, new RepeatingInputStream(header, rows, CSV_BLOCKS, new byte[0]));
        report("CSV (6 columns)", lines, System.nanoTime() - start, (long) rows.length * CSV_BLOCKS);
        assertThat(lines).isEqualTo((long) CSV_BLOCK_ROWS * CSV_BLOCKS);
    }

    @Test
    void camtRate() throws Exception {
        Camt053Parser parser = new Camt053Parser();
        String document = Camt.document("08", "ENTRIES");
        String head = document.substring(0, document.indexOf("ENTRIES"));
        String tail = document.substring(document.indexOf("ENTRIES") + "ENTRIES".length());
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < CAMT_BLOCK_ENTRIES; i++) {
            block.append("<Ntry>\n  <NtryRef>").append(i).append("</NtryRef>\n  <Amt Ccy=\"EUR\">").append(i * 37 % 100_000)
                    .append(".50</Amt>\n  <CdtDbtInd>").append(i % 3 == 0 ? "DBIT" : "CRDT")
                    .append("</CdtDbtInd>\n  <Sts><Cd>BOOK</Cd></Sts>\n  <BookgDt><Dt>2026-12-05</Dt></BookgDt>\n")
                    .append("  <ValDt><Dt>2026-12-05</Dt></ValDt>\n  <AcctSvcrRef>REF-").append(i).append("</AcctSvcrRef>\n")
                    .append("  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n")
                    .append("  <NtryDtls><TxDtls><Refs><EndToEndId>E2E-").append(i).append("</EndToEndId></Refs>\n")
                    .append("    <RmtInf><Ustrd>Invoice ").append(i).append("</Ustrd></RmtInf></TxDtls></NtryDtls>\n")
                    .append("  <AddtlNtryInf>SEPA CREDIT TRANSFER</AddtlNtryInf>\n</Ntry>\n");
        }
        byte[] entries = block.toString().getBytes(StandardCharsets.UTF_8);
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        for (int run = 0; run < WARM_UP_RUNS; run++) {
            count(parser, new RepeatingInputStream(headBytes, entries, CAMT_BLOCKS / WARM_UP_DIVISOR, tailBytes));
        }
        long start = System.nanoTime();
        long lines = count(parser, new RepeatingInputStream(headBytes, entries, CAMT_BLOCKS, tailBytes));
        report("camt.053", lines, System.nanoTime() - start, (long) entries.length * CAMT_BLOCKS);
        assertThat(lines).isEqualTo((long) CAMT_BLOCK_ENTRIES * CAMT_BLOCKS);
    }

    private static long count(StatementParser parser, InputStream in) throws Exception {
        long[] lines = {0};
        parser.parse(in, line -> lines[0]++);
        return lines[0];
    }

    private static void report(String format, long lines, long nanos, long bytes) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d lines in %.2f s = %,.0f lines/s (%.1f MB/s)%n",
                format, lines, seconds, lines / seconds, bytes / seconds / 1e6);
    }

    /** A head, then a block repeated {@code times}, then a tail: a large statement without holding it in memory. */
    private static final class RepeatingInputStream extends InputStream {
        private final byte[][] parts;
        private final int times;
        private int part;
        private int repeat;
        private int offset;

        RepeatingInputStream(byte[] head, byte[] block, int times, byte[] tail) {
            this.parts = new byte[][] {head, block, tail};
            this.times = times;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int off, int length) {
            while (part < parts.length && offset == parts[part].length) {
                offset = 0;
                if (part == 1 && ++repeat < times) {
                    continue;
                }
                part++;
            }
            if (part == parts.length) {
                return -1;
            }
            int n = Math.min(length, parts[part].length - offset);
            System.arraycopy(parts[part], offset, buffer, off, n);
            offset += n;
            return n;
        }
    }
}
