/**
 * The Java client of the Settle HTTP API (docs/api.md): typed requests and answers, typed
 * errors and safe retries, on the JDK's {@link java.net.http.HttpClient} and Jackson's tree model.
 *
 * <p>Entry point: {@link dev.settle.client.SettleClient}. Its resources ({@code accounts()},
 * {@code transfers()}, {@code transactions()}) turn records such as
 * {@link dev.settle.client.CreateTransfer} into requests and answers into records such as
 * {@link dev.settle.client.Transfer}. A refusal arrives as a subclass of
 * {@link dev.settle.client.SettleException}.
 *
 * <p>Retries are safe by construction: every POST carries an {@code Idempotency-Key} (the
 * caller's, or one made once per call) and every retry of that call resends the very same
 * request, so the server applies it at most once. Only network failures, {@code 409
 * idempotency_key_in_use}, 429 and 503 are retried.
 *
 * <p>A client may be given the nodes of a cluster ({@code baseUris}): calls take the nodes in
 * turn, a retry after a network failure, a timeout or a 503 goes to the next node with the same
 * key, and a node that could not be reached, or answered 503 {@code unavailable}, is passed over
 * for a few seconds ({@code Nodes}).
 *
 * <p>Amounts are {@link java.math.BigInteger} (unsigned, up to 2^128 − 1), never {@code double}.
 * The server answers JSON numbers up to 2^53 and decimal strings above; both are read.
 */
package dev.settle.client;
