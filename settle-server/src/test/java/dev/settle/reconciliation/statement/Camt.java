package dev.settle.reconciliation.statement;

/** Small camt.053 documents for tests, built around the entries they are about. */
final class Camt {
    static final String NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.";

    private Camt() {}

    /** A document of the given version ("02".."08") holding one statement with these entries; entries start on line 5. */
    static String document(String version, String... entries) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"" + NAMESPACE_PREFIX + version + "\">\n"
                + "<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-12-05T10:00:00Z</CreDtTm></GrpHdr>\n"
                + "<Stmt><Id>S1</Id><CreDtTm>2026-12-05T10:00:00Z</CreDtTm><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n"
                + String.join("", entries)
                + "</Stmt></BkToCstmrStmt>\n</Document>\n";
    }

    /** A booked entry on one line of its own, in the .02 form. */
    static String entry(String amount, String direction) {
        return entry(amount, direction, "<Sts>BOOK</Sts>");
    }

    static String entry(String amount, String direction, String status) {
        return "<Ntry><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>" + direction + "</CdtDbtInd>" + status
                + "<BookgDt><Dt>2026-12-05</Dt></BookgDt><AcctSvcrRef>A-" + amount + "</AcctSvcrRef></Ntry>\n";
    }
}
