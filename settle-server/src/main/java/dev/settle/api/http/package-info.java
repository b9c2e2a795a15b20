/**
 * What every resource works with: the admitted request ({@link dev.settle.api.http.ApiRequest},
 * with {@code submit(pods, command, render)} for writes), the answer
 * ({@link dev.settle.api.http.ApiResponse}), routes and their matching, pagination, the JSON views
 * of accounts and transfers, ledger result codes as errors, and the answer stored with an effect
 * under an idempotency key ({@link dev.settle.api.http.StoredAnswer}).
 */
package dev.settle.api.http;
