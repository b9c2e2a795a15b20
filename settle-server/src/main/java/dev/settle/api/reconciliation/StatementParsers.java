package dev.settle.api.reconciliation;

import dev.settle.api.error.ApiException;
import dev.settle.api.http.ApiRequest;
import dev.settle.reconciliation.statement.Camt053Parser;
import dev.settle.reconciliation.statement.CsvMapping;
import dev.settle.reconciliation.statement.CsvStatementParser;
import dev.settle.reconciliation.statement.SettlementReportParser;
import dev.settle.reconciliation.statement.StatementFormat;
import dev.settle.reconciliation.statement.StatementParser;

/**
 * The parser of an upload's declared format; a CSV's column mapping comes from the query's
 * {@code mapping[…]} parameters (docs/reconciliation.md), its currency by default the account's.
 */
final class StatementParsers {
    private static final String MAPPING_PREFIX = "mapping[";

    private StatementParsers() {}

    static boolean isMappingParam(String name) {
        return name.startsWith(MAPPING_PREFIX) && name.endsWith("]");
    }

    static StatementParser of(StatementFormat format, ApiRequest request, String accountCurrency) {
        boolean mapped = request.queryNames().stream().anyMatch(StatementParsers::isMappingParam);
        if (format != StatementFormat.CSV) {
            if (mapped) {
                throw ApiException.invalid("parameter_unknown", "mapping[…] is for format=csv only", "mapping");
            }
            return format == StatementFormat.CAMT053 ? new Camt053Parser() : new SettlementReportParser();
        }
        if (!mapped) {
            throw ApiException.missing("mapping[date]");
        }
        CsvMapping.Builder mapping = CsvMapping.builder();
        boolean currencyGiven = false;
        for (String name : request.queryNames()) {
            if (!isMappingParam(name)) {
                continue;
            }
            String field = name.substring(MAPPING_PREFIX.length(), name.length() - 1);
            currencyGiven |= field.equals("currency") || field.equals("default_currency");
            try {
                mapping.parameter(field, request.query(name));
            } catch (IllegalArgumentException e) {
                boolean unknown = String.valueOf(e.getMessage()).contains("is not a mapping parameter");
                throw ApiException.invalid(unknown ? "parameter_unknown" : "parameter_invalid", e.getMessage(), name);
            }
        }
        if (!currencyGiven) {
            mapping.defaultCurrency(accountCurrency);
        }
        try {
            return new CsvStatementParser(mapping.build());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("parameter_invalid", e.getMessage(), "mapping");
        }
    }
}
