/**
 * Statement parsers for reconciliation: a bank's or processor's statement file to a stream of
 * {@link dev.settle.reconciliation.statement.StatementLine}s, each parser behind the one
 * {@link dev.settle.reconciliation.statement.StatementParser} seam.
 * <ul>
 *   <li>{@link dev.settle.reconciliation.statement.Camt053Parser}: ISO 20022 camt.053 .001.02 to .08;
 *   <li>{@link dev.settle.reconciliation.statement.CsvStatementParser}: any bank CSV, through a
 *       {@link dev.settle.reconciliation.statement.CsvMapping};
 *   <li>{@link dev.settle.reconciliation.statement.SettlementReportParser}: the card processor's daily
 *       settlement CSV.
 * </ul>
 * Statements are untrusted input: every parser streams with memory bounded by named limits
 * (a CSV record, a camt entry, a tag), decodes strictly, and reports a bad file as a
 * {@link dev.settle.reconciliation.statement.StatementFormatException} with a stable code and the
 * line it is about. Amounts are {@code long} minor units ({@link dev.settle.reconciliation.statement.MinorUnits}),
 * never floating point.
 */
package dev.settle.reconciliation.statement;
