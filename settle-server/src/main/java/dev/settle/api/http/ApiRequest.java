package dev.settle.api.http;

import dev.settle.api.error.ApiException;
import dev.settle.api.idempotency.Claim;
import dev.settle.api.idempotency.IdempotencyKeys;
import dev.settle.api.idempotency.IdempotencyRecord;
import dev.settle.api.json.JsonReader;
import dev.settle.pod.AlreadyAnswered;
import dev.settle.pod.DurableResponse;
import dev.settle.pod.PodCommand;
import dev.settle.pod.Pods;
import dev.settle.tenant.Tenant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One request as a route sees it: authenticated, its version resolved, its body read within its
 * limit and its idempotency key claimed.
 */
public final class ApiRequest {
    private final String requestId;
    private final Tenant tenant;
    private final String apiVersion;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final byte[] body;
    private final String contentType;
    private final Claim claim;
    /** Opens a streamed body (routes that stream theirs). */
    @FunctionalInterface
    public interface BodyStream {
        java.io.InputStream open() throws java.io.IOException;
    }

    private BodyStream bodyStream;

    /** This request, whose body its operation reads as a stream. */
    public ApiRequest withBodyStream(BodyStream stream) {
        this.bodyStream = stream;
        return this;
    }

    /** The body as a stream; only on routes that stream their bodies. */
    public java.io.InputStream bodyStream() throws java.io.IOException {
        if (bodyStream == null) {
            throw new IllegalStateException("this route reads its body whole");
        }
        return bodyStream.open();
    }

    /** The parsed body, once something asked for it. */
    private Map<String, Object> json;

    /** Made by the dispatcher once the request is admitted. */
    public ApiRequest(String requestId, Tenant tenant, String apiVersion, Map<String, String> pathParams,
            Map<String, String> query, byte[] body, String contentType, Claim claim) {
        this.requestId = requestId;
        this.tenant = tenant;
        this.apiVersion = apiVersion;
        this.pathParams = pathParams;
        this.query = query;
        this.body = body;
        this.contentType = contentType;
        this.claim = claim;
    }

    public String requestId() {
        return requestId;
    }

    /** The calling tenant (null on admin and public routes). */
    public Tenant tenant() {
        return tenant;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** The names of the query's parameters. */
    public Set<String> queryNames() {
        return query.keySet();
    }

    /** Refuses query parameters other than {@code known}. */
    public void onlyQuery(Set<String> known) {
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw ApiException.unknown(name);
            }
        }
    }

    /** True when the request came without a body (a POST that needs no parameters). */
    public boolean bodyIsEmpty() {
        return body.length == 0;
    }

    /** The body as it came (read within the route's limit). */
    public byte[] body() {
        return body;
    }

    /** The request's Content-Type header, or null. */
    public String contentType() {
        return contentType;
    }

    /** The request's idempotency key in its stored form (tenant and hash), or null without a key. */
    public byte[] idempotencyStoreKey() {
        return claim == null ? null : claim.storeKey();
    }

    /** The answer stored first under this request's key, replayed. */
    public ApiResponse replay(byte[] storedAnswer) {
        IdempotencyRecord first = claim.replayOf(storedAnswer);
        return new ApiResponse(first.status(), first.body()).withHeader(IdempotencyKeys.HEADER_REPLAYED, "true");
    }

    /** The body as a JSON object (400 otherwise), parsed once. */
    public Map<String, Object> jsonObject() {
        if (json == null) {
            json = JsonReader.parseObject(body);
        }
        return json;
    }

    /**
     * Streams the items of the body's only field, the array {@code name}, without parsing the
     * body into one tree (see {@link JsonReader#forEachItem}); returns how many there were.
     */
    public int forEachItem(String name, int itemsMax, String sizeRule, JsonReader.ItemConsumer consumer) {
        return JsonReader.forEachItem(body, name, itemsMax, sizeRule, consumer);
    }

    /** True when the body is a JSON object with the field, without failing on a bad body. */
    public boolean bodyHasField(String name) {
        try {
            return jsonObject().get(name) != null;
        } catch (ApiException e) {
            return false; // the operation reports the bad body
        }
    }

    /** The version and request id every answer of this request is written with. */
    public AnswerContext answers() {
        return new AnswerContext(apiVersion, requestId);
    }

    /** A JSON answer in this request's version. */
    public ApiResponse json(int status, Object tree) {
        return answers().json(status, tree);
    }

    public ApiResponse error(ApiException e) {
        return answers().error(e);
    }

    /**
     * Submits a command to its ledger's pod and answers with {@code renderer}'s answer to its
     * outcome. With an idempotency key, the same answer is rendered and stored with the effect,
     * in the same atomic batch, by whoever applies it.
     */
    public <C extends PodCommand<R>, R> ApiResponse submit(Pods pods, C command, AnswerRenderer<C, R> renderer) {
        AnswerContext context = answers();
        DurableResponse stored = claim == null ? null
                : renderer.response(claim.storeKey(), claim.fingerprint(), claim.recordTimeMillis(), context);
        Object outcome = await(pods.submit(command, stored));
        if (outcome instanceof AlreadyAnswered answered) {
            return replay(answered.storedAnswer());
        }
        @SuppressWarnings("unchecked")
        R typed = (R) outcome;
        return renderer.answer(context, command, typed);
    }

    /**
     * What stores {@code answer} (rendered before the change it answers) under the request's
     * idempotency key, with the change; null without a key.
     */
    public DurableResponse storedAnswer(ApiResponse answer) {
        return stored(answer, IdempotencyRecord.Storage.PLAIN);
    }

    /**
     * As {@link #storedAnswer}, for an answer that shows a secret (a webhook endpoint's signing
     * secret, on creation and rotation): it is sealed under the master key before it is written
     * anywhere, so neither the data files nor a replication log hold the secret in plaintext.
     */
    public DurableResponse storedSecretAnswer(ApiResponse answer) {
        return stored(answer, IdempotencyRecord.Storage.SEALED);
    }

    private DurableResponse stored(ApiResponse answer, IdempotencyRecord.Storage storage) {
        return claim == null ? null : DurableResponse.asIs(claim.storeKey(),
                claim.record(answer.status(), apiVersion, answer.body(), storage));
    }

    /** Waits for a future, rethrowing its own failure (not a CompletionException). */
    public static <T> T await(CompletableFuture<T> future) {
        return dev.settle.pod.Futures.await(future);
    }
}
