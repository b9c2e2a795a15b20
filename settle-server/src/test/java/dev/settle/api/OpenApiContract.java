package dev.settle.api;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * The HTTP contract of {@code docs/openapi.yaml}, for tests: checks a real answer (status,
 * body, headers) against what the document promises for that operation.
 *
 * <p>The document is parsed twice, for two jobs. swagger-parser reads it as OpenAPI 3.1 and
 * reports what it finds wrong ({@link #parserMessages()}, the model {@link #openApi()}).
 * networknt's JSON Schema validator (OpenAPI 3.1 dialect, JSON Schema 2020-12) loads the same
 * text as one JSON document, so every {@code $ref: '#/components/schemas/…'} resolves against
 * the document itself, exactly as OpenAPI defines; an answer is validated against the schema at
 * the JSON pointer of its operation's response.
 *
 * <pre>{@code
 * OpenApiContract contract = OpenApiContract.shared();
 * contract.assertMatches("POST", "/v1/accounts", 201, response.body());
 * contract.assertMatches("GET", "/v1/accounts/" + id, 200, response.body()); // mapped to /v1/accounts/{id}
 * contract.assertHeadersMatch("GET", "/v1/accounts/{id}", 200, response.headers().map());
 * }</pre>
 */
public final class OpenApiContract {
    /** Where the document sits below the repository root. */
    public static final Path DOCUMENT_RELATIVE_PATH = Path.of("docs", "openapi.yaml");

    /**
     * The IRI under which the validator knows the document. Not fetched from anywhere: the
     * registry maps it to the text read from disk. It ends in {@code .yaml} so that the
     * validator reads the text as YAML.
     */
    private static final String DOCUMENT_IRI = "https://settle.dev/contract/openapi.yaml";

    /** The paths of the API proper, as opposed to the health probes. */
    private static final String API_PATH_PREFIX = "/v1/";

    /** How much of a body a problem message quotes, so that a huge answer stays readable. */
    private static final int QUOTED_BODY_CHARS_MAX = 300;

    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** Strict about duplicate keys and trailing data: a server must not send either. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static volatile OpenApiContract shared;

    private final Path documentPath;
    private final SwaggerParseResult parseResult;
    private final SchemaRegistry schemaRegistry;
    private final JsonNode document;
    private final Map<String, Schema> schemasByPointer = new ConcurrentHashMap<>();

    private OpenApiContract(Path documentPath) {
        this.documentPath = documentPath;
        String text = readDocument(documentPath);
        this.parseResult = parseWithSwagger(documentPath);
        this.schemaRegistry = SchemaRegistry.withDefaultDialect(
                Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT_IRI, text)));
        this.document = schemaRegistry.getSchema(SchemaLocation.of(DOCUMENT_IRI)).getSchemaNode();
    }

    /** The contract of the repository holding the working directory, loaded once per JVM. */
    public static OpenApiContract shared() {
        OpenApiContract contract = shared;
        if (contract == null) {
            synchronized (OpenApiContract.class) {
                contract = shared;
                if (contract == null) {
                    contract = load(findDocument(Path.of("").toAbsolutePath()));
                    shared = contract;
                }
            }
        }
        return contract;
    }

    /** Loads the document at {@code documentPath}, whatever it holds; see {@link #parserMessages()}. */
    public static OpenApiContract load(Path documentPath) {
        return new OpenApiContract(documentPath.toAbsolutePath().normalize());
    }

    /**
     * The {@code docs/openapi.yaml} of the nearest directory at or above {@code start}: the
     * module's directory when Maven runs the tests, the repository root from an IDE.
     */
    public static Path findDocument(Path start) {
        for (Path directory = start.toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(DOCUMENT_RELATIVE_PATH);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + DOCUMENT_RELATIVE_PATH + " at or above " + start);
    }

    public Path documentPath() {
        return documentPath;
    }

    /** The document as swagger-parser understood it (references resolved in place). */
    public OpenAPI openApi() {
        return parseResult.getOpenAPI();
    }

    /** What swagger-parser found wrong with the document; empty for a valid document. */
    public List<String> parserMessages() {
        List<String> messages = parseResult.getMessages();
        return messages == null ? List.of() : List.copyOf(messages);
    }

    /** The raw document as a JSON tree, before any resolution. */
    public JsonNode document() {
        return document;
    }

    /**
     * The path template of the document that {@code concretePath} falls under, for example
     * {@code /v1/accounts/{id}} for {@code /v1/accounts/0193…?limit=3}. Literal segments beat
     * parameters, so {@code /v1/transfers/batch} is itself, not {@code /v1/transfers/{id}}.
     *
     * @throws IllegalArgumentException when no path of the document matches
     */
    public String pathTemplateOf(String concretePath) {
        String path = stripQuery(concretePath);
        String[] segments = path.split("/", -1);
        String best = null;
        int bestLiteralSegments = -1;
        for (String template : document.path("paths").propertyNames()) {
            int literalSegments = literalSegmentsMatched(template.split("/", -1), segments);
            if (literalSegments > bestLiteralSegments) {
                best = template;
                bestLiteralSegments = literalSegments;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no path of " + DOCUMENT_RELATIVE_PATH + " matches " + concretePath);
        }
        return best;
    }

    /**
     * Everything wrong with an answer of {@code method path} with {@code status} and
     * {@code responseBody}: an undocumented status, a body that is not JSON, or each violation
     * of the response schema (missing or extra fields, wrong types, broken patterns). Empty
     * when the answer matches the document.
     *
     * @param path a path template of the document ({@code /v1/accounts/{id}}) or a concrete
     *     path ({@code /v1/accounts/0193…}), which is mapped with {@link #pathTemplateOf}
     */
    public List<String> problemsOf(String method, String path, int status, String responseBody) {
        return ofDocumentedAnswer(method, path, status, (where, responsePointer) ->
                bodyProblems(where, responsePointer, responseBody, path.startsWith(API_PATH_PREFIX)));
    }

    /**
     * What {@code check} finds wrong with the documented answer {@code method path → status},
     * given where it is (for messages) and its JSON pointer; or that it is not documented.
     */
    private List<String> ofDocumentedAnswer(String method, String path, int status,
            BiFunction<String, String, List<String>> check) {
        String where = method.toUpperCase(Locale.ROOT) + " " + path + " → " + status;
        String responsePointer;
        try {
            responsePointer = responsePointer(method, path, status);
        } catch (IllegalArgumentException undocumented) {
            return List.of(where + ": " + undocumented.getMessage());
        }
        return check.apply(where, responsePointer);
    }

    /** {@code integersOnly}: numbers in the body must be integers (the API's, not the probes'). */
    private List<String> bodyProblems(String where, String responsePointer, String responseBody,
            boolean integersOnly) {
        JsonNode response = nodeAt(responsePointer);
        JsonNode mediaType = response.path("content").path("application/json");
        boolean bodyEmpty = responseBody == null || responseBody.isBlank();
        if (mediaType.isMissingNode()) {
            // A body of another media type (the metrics' Prometheus text) has no schema to check.
            boolean otherMedia = !response.path("content").isEmpty();
            return bodyEmpty || otherMedia ? List.of()
                    : List.of(where + ": the document promises no body, got " + quote(responseBody));
        }
        if (bodyEmpty) {
            return List.of(where + ": the document promises a JSON body, got none");
        }
        return validate(where, responsePointer + "/content/" + escape("application/json") + "/schema",
                responseBody, integersOnly);
    }

    private List<String> validate(String where, String schemaPointer, String json, boolean integersOnly) {
        JsonNode body;
        try {
            body = JSON.readTree(json);
        } catch (JacksonException notJson) {
            return List.of(where + ": the body is not JSON: " + quote(json));
        }
        List<String> problems = new ArrayList<>();
        for (Error error : schemaAt(schemaPointer).validate(body)) {
            problems.add(where + ": " + describe(error));
        }
        if (integersOnly) {
            addNonIntegralNumbers(where, body, "", problems);
        }
        return problems;
    }

    /**
     * JSON Schema counts {@code 1.0} and {@code 1e3} as integers; Settle does not: every number
     * of the API ({@code /v1/…}) is an integer written without fraction or exponent (docs/api.md,
     * amounts). The health probes are outside the API and may say more.
     */
    private static void addNonIntegralNumbers(String where, JsonNode node, String pointer, List<String> problems) {
        if (node.isNumber() && !node.isIntegralNumber()) {
            problems.add(where + ": " + (pointer.isEmpty() ? "(the whole body)" : pointer)
                    + ": " + node + " has a fraction or an exponent; the API has only integers");
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                addNonIntegralNumbers(where, node.get(i), pointer + "/" + i, problems);
            }
        } else if (node.isObject()) {
            for (var property : node.properties()) {
                addNonIntegralNumbers(where, property.getValue(), pointer + "/" + escape(property.getKey()), problems);
            }
        }
    }

    /**
     * Everything wrong with a request body for {@code method path} by the document's request
     * schema: a test's way to check that the requests it sends are ones the document allows.
     * Empty when the body is valid.
     */
    public List<String> requestProblemsOf(String method, String path, String requestBody) {
        String where = method.toUpperCase(Locale.ROOT) + " " + path;
        String requestBodyPointer;
        try {
            String operationPointer = operationPointer(method, path);
            if (nodeAt(operationPointer + "/requestBody").isMissingNode()) {
                return List.of(where + ": the document takes no request body");
            }
            requestBodyPointer = resolveReference(operationPointer + "/requestBody");
        } catch (IllegalArgumentException undocumented) {
            return List.of(where + ": " + undocumented.getMessage());
        }
        return validate(where, requestBodyPointer + "/content/" + escape("application/json") + "/schema",
                requestBody, path.startsWith(API_PATH_PREFIX));
    }

    /**
     * Everything wrong with the headers of an answer: a header the document marks
     * {@code required} is absent, or a documented header's value breaks its schema. Header
     * names compare without regard to case; other headers are not checked.
     */
    public List<String> headerProblemsOf(String method, String path, int status, Map<String, List<String>> headers) {
        return ofDocumentedAnswer(method, path, status, (where, responsePointer) ->
                headerProblems(where, responsePointer, headers));
    }

    private List<String> headerProblems(String where, String responsePointer, Map<String, List<String>> headers) {
        String headersPointer = responsePointer + "/headers";
        List<String> problems = new ArrayList<>();
        for (var documented : nodeAt(headersPointer).properties()) {
            String name = documented.getKey();
            String headerPointer = resolveReference(headersPointer + "/" + escape(name));
            List<String> values = headerValues(headers, name);
            if (values.isEmpty()) {
                if (nodeAt(headerPointer).path("required").asBoolean(false)) {
                    problems.add(where + ": required header " + name + " is missing");
                }
                continue;
            }
            Schema schema = schemaAt(headerPointer + "/schema");
            for (String value : values) {
                for (Error error : schema.validate(StringNode.valueOf(value))) {
                    problems.add(where + ": header " + name + ": " + quote(value) + " " + error.getMessage());
                }
            }
        }
        return problems;
    }

    /** Fails with every problem of {@link #problemsOf} when the answer breaks the document. */
    public void assertMatches(String method, String path, int status, String responseBody) {
        failOn(problemsOf(method, path, status, responseBody), responseBody);
    }

    /** Fails with every problem of {@link #headerProblemsOf} when the headers break the document. */
    public void assertHeadersMatch(String method, String path, int status, Map<String, List<String>> headers) {
        failOn(headerProblemsOf(method, path, status, headers), null);
    }

    private static void failOn(List<String> problems, String responseBody) {
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("the answer breaks ").append(DOCUMENT_RELATIVE_PATH).append(':');
        for (String problem : problems) {
            message.append("\n  - ").append(problem);
        }
        if (responseBody != null) {
            message.append("\nbody: ").append(quote(responseBody));
        }
        throw new AssertionError(message.toString());
    }

    /**
     * The JSON pointer (after {@code #}) of the response object that the document gives for
     * {@code status} of the operation, with a response {@code $ref} followed. An exact status
     * beats a range ({@code 4XX}), which beats {@code default}.
     */
    private String responsePointer(String method, String path, int status) {
        String operationPointer = operationPointer(method, path);
        JsonNode responses = nodeAt(operationPointer).path("responses");
        for (String key : List.of(Integer.toString(status), (status / 100) + "XX", "default")) {
            if (responses.has(key)) {
                return resolveReference(operationPointer + "/responses/" + escape(key));
            }
        }
        throw new IllegalArgumentException("status " + status + " is not documented (documented: "
                + String.join(", ", responses.propertyNames()) + ")");
    }

    /** The JSON pointer of the operation {@code method path}, a template or a concrete path. */
    private String operationPointer(String method, String path) {
        String template = document.path("paths").has(path) ? path : pathTemplateOf(path);
        String lowerMethod = method.toLowerCase(Locale.ROOT);
        if (!METHODS.contains(lowerMethod)) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        String operationPointer = "/paths/" + escape(template) + "/" + lowerMethod;
        if (!nodeAt(operationPointer).isObject()) {
            throw new IllegalArgumentException("the document has no operation "
                    + method.toUpperCase(Locale.ROOT) + " " + template);
        }
        return operationPointer;
    }

    /** Follows {@code $ref}s to places inside the document until a node that is not a reference. */
    private String resolveReference(String pointer) {
        String current = pointer;
        for (int hops = 0; hops < 8; hops++) {
            JsonNode reference = nodeAt(current).path("$ref");
            if (!reference.isString()) {
                return current;
            }
            String target = reference.asString();
            if (!target.startsWith("#/")) {
                throw new IllegalStateException("only local references are supported, got " + target + " at " + current);
            }
            current = target.substring(1);
        }
        throw new IllegalStateException("a chain of more than 8 references from " + pointer);
    }

    private JsonNode nodeAt(String pointer) {
        return document.at(pointer);
    }

    private Schema schemaAt(String pointer) {
        return schemasByPointer.computeIfAbsent(pointer, key -> {
            Schema schema = schemaRegistry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + key));
            schema.initializeValidators();
            return schema;
        });
    }

    private static String describe(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String message = Objects.requireNonNullElse(error.getMessage(), error.toString());
        if (location.isEmpty()) {
            return "(the whole body): " + message;
        }
        return message.startsWith(location) ? message : location + ": " + message;
    }

    private static List<String> headerValues(Map<String, List<String>> headers, String name) {
        List<String> values = new ArrayList<>();
        for (var header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
                values.addAll(header.getValue());
            }
        }
        return values;
    }

    private static int literalSegmentsMatched(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return -1;
        }
        int literal = 0;
        for (int i = 0; i < template.length; i++) {
            boolean parameter = template[i].startsWith("{") && template[i].endsWith("}");
            if (parameter) {
                if (segments[i].isEmpty()) {
                    return -1;
                }
            } else if (template[i].equals(segments[i])) {
                literal++;
            } else {
                return -1;
            }
        }
        return literal;
    }

    private static String stripQuery(String path) {
        int query = path.indexOf('?');
        int fragment = path.indexOf('#');
        int end = path.length();
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return path.substring(0, end);
    }

    /** Escapes one JSON pointer token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String quote(String body) {
        String flat = body.replace('\n', ' ');
        return flat.length() <= QUOTED_BODY_CHARS_MAX ? flat : flat.substring(0, QUOTED_BODY_CHARS_MAX) + "…";
    }

    private static String readDocument(Path documentPath) {
        try {
            return Files.readString(documentPath, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + documentPath, e);
        }
    }

    private static SwaggerParseResult parseWithSwagger(Path documentPath) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(documentPath.toUri().toString(), null, options);
        if (result == null || result.getOpenAPI() == null) {
            throw new IllegalStateException("swagger-parser could not read " + documentPath + ": "
                    + (result == null ? "no result" : result.getMessages()));
        }
        return result;
    }
}
