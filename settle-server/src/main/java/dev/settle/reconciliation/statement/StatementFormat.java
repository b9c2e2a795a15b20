package dev.settle.reconciliation.statement;

/** The statement formats Settle reads, by the name the API uses for them. */
public enum StatementFormat {
    /** ISO 20022 camt.053 (BankToCustomerStatement), versions .001.02 to .001.08: {@link Camt053Parser}. */
    CAMT053("camt053"),
    /** A bank's CSV export, read through a {@link CsvMapping}: {@link CsvStatementParser}. */
    CSV("csv"),
    /** The card processor's daily settlement CSV: {@link SettlementReportParser}. */
    SETTLEMENT_REPORT("settlement_report");

    private final String apiName;

    StatementFormat(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The format the API calls {@code name}, or null when there is none. */
    public static StatementFormat fromApiName(String name) {
        for (StatementFormat format : values()) {
            if (format.apiName.equals(name)) {
                return format;
            }
        }
        return null;
    }
}
