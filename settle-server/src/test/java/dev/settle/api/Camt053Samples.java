package dev.settle.api;

import java.util.List;

/** camt.053.001.02 statements written as banks send them, for the HTTP tests. */
final class Camt053Samples {
    private Camt053Samples() {}

    static String statement(String currency, List<String> entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-12-05T18:00:00Z</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>STMT-1</Id>
                      <ElctrncSeqNb>1</ElctrncSeqNb>
                      <CreDtTm>2026-12-05T18:00:00Z</CreDtTm>
                      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>%s</Ccy></Acct>
                %s
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(currency, String.join("\n", entries));
    }

    static String entry(String amount, String direction, String day, String endToEndId) {
        return """
                      <Ntry>
                        <Amt Ccy="USD">%s</Amt>
                        <CdtDbtInd>%s</CdtDbtInd>
                        <Sts>BOOK</Sts>
                        <BookgDt><Dt>%s</Dt></BookgDt>
                        <ValDt><Dt>%s</Dt></ValDt>
                        <AcctSvcrRef>BANK-%s</AcctSvcrRef>
                        <BkTxCd><Prtry><Cd>NTRF</Cd></Prtry></BkTxCd>
                        <NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs></TxDtls></NtryDtls>
                      </Ntry>""".formatted(amount, direction, day, day, endToEndId, endToEndId);
    }
}
