package dev.settle.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates the run's accounts with {@code POST /v1/accounts} over a few connections in parallel,
 * and keeps the ids the server made. Not timed as part of any phase. A 429 or 503 is asked again
 * after the answer's Retry-After, up to {@link #RETRIES_PER_ACCOUNT_MAX} times: the setup is a
 * well-behaved client, so that a tenant with a low rate limit (the flooder of a noisy-neighbour
 * run) can still create its accounts. Any other answer but 201 (or 200) stops the setup: a wrong
 * key or a broken server must fail the run before it measures anything.
 */
final class AccountSetup {
    /** Enough to hide the round trips of account creation; setup is not what the bench measures. */
    static final int CONNECTIONS_MAX = 8;
    static final String PATH = "/v1/accounts";
    private static final byte[] BODY = "{\"currency\":\"USD\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_KEY = JsonScan.quoted("id");
    private static final int STATUS_CREATED = 201;
    private static final int STATUS_EXISTS = 200;
    private static final int STATUS_RATE_LIMITED = 429;
    private static final int STATUS_UNAVAILABLE = 503;
    private static final int ERROR_TEXT_CHARS_MAX = 500;
    /** Retries of one account's creation after a 429 or 503, before the setup gives up. */
    static final int RETRIES_PER_ACCOUNT_MAX = 10;
    /** The wait before a retry when the answer has no Retry-After: what Settle usually asks for. */
    static final long RETRY_DELAY_MILLIS_DEFAULT = 1_000;
    /** A longer Retry-After is cut to this, so that one piece of odd advice cannot stall the setup for long. */
    static final long RETRY_DELAY_MILLIS_MAX = 10_000;

    private AccountSetup() {}

    /**
     * Creates {@code count} accounts.
     *
     * @throws IllegalStateException when the server is unreachable or refuses an account
     */
    static AccountIds create(HttpTarget target, int count) throws InterruptedException {
        AccountIds ids = new AccountIds(count);
        byte[] request = target.post(PATH, BODY);
        int connectionCount = Math.min(CONNECTIONS_MAX, count);
        HttpConnection[] connections = new HttpConnection[connectionCount];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[connectionCount];
        try {
            for (int c = 0; c < connectionCount; c++) {
                connections[c] = target.open();
            }
            for (int c = 0; c < connectionCount; c++) {
                HttpConnection connection = connections[c];
                int first = c;
                threads[c] = Thread.ofVirtual().name("http-bench-setup-" + c).start(
                        () -> createEveryNth(connection, request, ids, first, connectionCount, failure));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            for (Thread thread : threads) {
                if (thread != null) {
                    thread.interrupt();
                }
            }
            throw e;
        } finally {
            for (HttpConnection connection : connections) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("creating accounts at " + target.describe() + " failed: "
                    + describe(failure.get()), failure.get());
        }
        return ids;
    }

    /** Our own messages say it all; an I/O error's message may not name what happened without its type. */
    private static String describe(Throwable failure) {
        return failure instanceof IOException ? failure.toString() : failure.getMessage();
    }

    /** Creates accounts {@code first}, {@code first + step}, ... until done or another connection failed. */
    private static void createEveryNth(HttpConnection connection, byte[] request, AccountIds ids, int first, int step,
            AtomicReference<Throwable> failure) {
        HttpResponse response = new HttpResponse();
        try {
            for (int account = first; account < ids.count() && failure.get() == null; account += step) {
                exchangeUntilAdmitted(connection, request, response);
                if (response.status() != STATUS_CREATED && response.status() != STATUS_EXISTS) {
                    throw new IllegalStateException("HTTP " + response.status() + ": "
                            + response.bodyText(ERROR_TEXT_CHARS_MAX));
                }
                String id = JsonScan.firstString(response.body(), response.bodyLength(), ID_KEY);
                if (id == null) {
                    throw new IllegalStateException("the answer has no \"id\": "
                            + response.bodyText(ERROR_TEXT_CHARS_MAX));
                }
                ids.set(account, id);
            }
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Exchanges {@code request}, and again after each 429 or 503 while retries are left; the last
     * answer is in {@code response}.
     */
    private static void exchangeUntilAdmitted(HttpConnection connection, byte[] request, HttpResponse response)
            throws IOException, InterruptedException {
        connection.exchange(request, response);
        for (int retry = 1; retry <= RETRIES_PER_ACCOUNT_MAX && isBusy(response.status()); retry++) {
            Thread.sleep(retryDelayMillis(response));
            connection.exchange(request, response);
        }
    }

    private static boolean isBusy(int status) {
        return status == STATUS_RATE_LIMITED || status == STATUS_UNAVAILABLE;
    }

    static long retryDelayMillis(HttpResponse response) {
        long seconds = response.retryAfterSeconds();
        if (seconds == HttpResponse.NO_RETRY_AFTER) {
            return RETRY_DELAY_MILLIS_DEFAULT;
        }
        return Math.min(RETRY_DELAY_MILLIS_MAX, TimeUnit.SECONDS.toMillis(seconds));
    }
}
