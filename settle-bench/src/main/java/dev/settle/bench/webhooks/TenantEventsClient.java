package dev.settle.bench.webhooks;

import dev.settle.events.EventIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two calls the relay bench makes to Settle as the bench's tenant, with the JDK's
 * {@link HttpClient}: subscribe an endpoint to every event, and read the newest event's sequence.
 * Neither is timed, so the client's cost does not matter here.
 */
final class TenantEventsClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The first event id of a list, newest first: {@code "id":"evt_…"} (event views put the id first). */
    private static final Pattern FIRST_EVENT_ID = Pattern.compile(
            "\"id\"\\s*:\\s*\"(" + EventIds.PREFIX + "[0-9a-fA-F]{"
            + (EventIdSet.LEDGER_DIGITS + EventIdSet.SEQUENCE_DIGITS) + "})\"");
    private static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EMPTY_LIST = Pattern.compile("\"data\"\\s*:\\s*\\[\\s*]");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT).build();
    private final URI baseUri;
    private final String apiKey;

    TenantEventsClient(URI baseUri, String apiKey) {
        this.baseUri = baseUri;
        this.apiKey = apiKey;
    }

    /** Creates an endpoint for {@code ["*"]} at {@code target}; answers its id. */
    String createEndpointForAllEvents(URI target) throws IOException, InterruptedException {
        String body = "{\"url\":\"" + target + "\",\"enabled_events\":[\"*\"]}";
        HttpResponse<String> response = send(request("/v1/webhook_endpoints")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating a webhook endpoint for " + target + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        Matcher id = FIRST_ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("a created webhook endpoint has no id: " + response.body());
        }
        return id.group(1);
    }

    /**
     * The sequence of the tenant's newest event: the number of its events, since sequences start
     * at 1 and leave no gaps; 0 when it has none.
     */
    long newestEventSequence() throws IOException, InterruptedException {
        HttpResponse<String> response = send(request("/v1/events?limit=1").GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("listing events answered " + response.statusCode() + ": "
                    + response.body());
        }
        Matcher id = FIRST_EVENT_ID.matcher(response.body());
        if (id.find()) {
            long sequence = EventIdSet.sequenceOf(id.group(1));
            if (sequence == EventIdSet.INVALID) {
                throw new IllegalStateException("the newest event has an id of no known shape: " + id.group(1));
            }
            return sequence;
        }
        if (EMPTY_LIST.matcher(response.body()).find()) {
            return 0;
        }
        throw new IllegalStateException("listing events answered no event id and no empty list: " + response.body());
    }

    @Override
    public void close() {
        client.close();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(baseUri.toString().replaceAll("/+$", "") + pathAndQuery))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + apiKey);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
