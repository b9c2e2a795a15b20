package dev.settle.traffic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a policy file into a small tree of mappings and scalars with Jackson's streaming YAML parser.
 * It checks only the YAML itself (syntax, one document, no duplicate keys); what the keys and values
 * mean is {@link PolicyReader}'s job. Databind is not used: the tree keeps what a strict validator
 * needs (the scalar's YAML type and text), and nothing is filled in by reflection.
 */
final class PolicyTree {
    /**
     * Deeper than any valid policy (shed.bulk.queue_percent is three levels), so a hostile file cannot
     * make the recursive reader overflow the stack.
     */
    static final int NESTING_DEPTH_MAX = 8;

    /** Duplicate keys are an error: with a last-one-wins parser, a pasted block silently overrides. */
    private static final YAMLFactory FACTORY =
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String DUPLICATE_MESSAGE_PREFIX = "Duplicate field '";

    sealed interface Node {
        int line();
    }

    /** A mapping, keys in file order. */
    record Mapping(Map<String, Node> entries, int line) implements Node {}

    /** A list; no setting is one, so its items are skipped, not kept. */
    record Sequence(int line) implements Node {}

    /** A scalar; {@code integer} is its value when {@code kind} is INTEGER, else 0. */
    record Scalar(ScalarKind kind, String text, long integer, int line) implements Node {}

    enum ScalarKind {
        INTEGER,
        /** An integer beyond a long: out of every range, kept as text for the message. */
        INTEGER_TOO_LARGE,
        FLOAT,
        STRING,
        BOOLEAN,
        /** No value at all ({@code key:}, {@code ~}, {@code null}). */
        EMPTY
    }

    private final JsonParser parser;
    private final String sourceName;
    /** The keys from the root to the mapping being read; its size is the nesting depth. */
    private final Deque<String> path = new ArrayDeque<>();

    private PolicyTree(JsonParser parser, String sourceName) {
        this.parser = parser;
        this.sourceName = sourceName;
    }

    /** The document's root mapping; a PolicyException for anything but exactly one YAML mapping. */
    static Mapping read(String yaml, String sourceName) throws PolicyException {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            return new PolicyTree(parser, sourceName).readDocument();
        } catch (JsonProcessingException e) {
            throw new PolicyException(sourceName + ": " + lineOf(e) + "YAML syntax error: " + summary(e), e);
        } catch (IOException e) {
            // The input is an in-memory string: an I/O error here is a bug, not a bad file.
            throw new IllegalStateException("reading a policy from a string failed", e);
        }
    }

    private Mapping readDocument() throws IOException, PolicyException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new PolicyException(sourceName + ": document: is empty");
        }
        Node root = readValue(first);
        if (root instanceof Scalar scalar && scalar.kind() == ScalarKind.EMPTY) {
            throw new PolicyException(sourceName + ": document: is empty");
        }
        if (!(root instanceof Mapping mapping)) {
            throw new PolicyException(sourceName + ": document: must be a mapping, got " + describe(root));
        }
        if (parser.nextToken() != null) {
            throw new PolicyException(sourceName + ": line " + parser.currentTokenLocation().getLineNr()
                    + ": more than one YAML document; a policy file holds exactly one");
        }
        return mapping;
    }

    private Node readValue(JsonToken token) throws IOException, PolicyException {
        int line = parser.currentTokenLocation().getLineNr();
        if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
            throw new PolicyException(sourceName + ": " + pathText() + ": YAML aliases are not supported");
        }
        return switch (token) {
            case START_OBJECT -> readMapping(line);
            case START_ARRAY -> {
                parser.skipChildren();
                yield new Sequence(line);
            }
            case VALUE_NUMBER_INT -> readInteger(line);
            case VALUE_NUMBER_FLOAT -> new Scalar(ScalarKind.FLOAT, parser.getText(), 0, line);
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(ScalarKind.BOOLEAN, parser.getText(), 0, line);
            case VALUE_NULL -> new Scalar(ScalarKind.EMPTY, "", 0, line);
            case VALUE_STRING -> parser.getText().isEmpty()
                    ? new Scalar(ScalarKind.EMPTY, "", 0, line)
                    : new Scalar(ScalarKind.STRING, parser.getText(), 0, line);
            default -> throw new IllegalStateException("unexpected YAML token " + token + " at line " + line);
        };
    }

    private Node readMapping(int line) throws IOException, PolicyException {
        if (path.size() >= NESTING_DEPTH_MAX) {
            throw new PolicyException(sourceName + ": " + pathText() + ": nested deeper than "
                    + NESTING_DEPTH_MAX + " levels");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        // Bounded by the document, whose size the caller bounds.
        for (JsonToken token = nextToken(); token != JsonToken.END_OBJECT; token = nextToken()) {
            if (token != JsonToken.FIELD_NAME) {
                throw new IllegalStateException("expected a key, got " + token + " at line " + line);
            }
            String key = parser.currentName();
            path.addLast(key);
            entries.put(key, readValue(parser.nextToken()));
            path.removeLast();
        }
        return new Mapping(Collections.unmodifiableMap(entries), line);
    }

    private Node readInteger(int line) throws IOException {
        return switch (parser.getNumberType()) {
            case INT, LONG -> new Scalar(ScalarKind.INTEGER, parser.getText(), parser.getLongValue(), line);
            default -> new Scalar(ScalarKind.INTEGER_TOO_LARGE, parser.getText(), 0, line);
        };
    }

    /** The next token, turning Jackson's duplicate-key error into one that names the key's path. */
    private JsonToken nextToken() throws IOException, PolicyException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message == null || !message.startsWith(DUPLICATE_MESSAGE_PREFIX)) {
                throw e;
            }
            String key = message.substring(DUPLICATE_MESSAGE_PREFIX.length(), message.lastIndexOf('\''));
            String keyPath = path.isEmpty() ? key : pathText() + "." + key;
            int line = lineNumberOf(e);
            throw new PolicyException(
                    sourceName + ": " + keyPath + ": duplicate key" + (line > 0 ? " (line " + line + ")" : ""), e);
        }
    }

    private String pathText() {
        return path.isEmpty() ? "document" : String.join(".", path);
    }

    /** How a message names a node's value: "5", "'abc'", "nothing", "a list", "a mapping". */
    static String describe(Node node) {
        return switch (node) {
            case Mapping mapping -> "a mapping";
            case Sequence sequence -> "a list";
            case Scalar scalar -> switch (scalar.kind()) {
                case STRING -> "'" + scalar.text() + "'";
                case EMPTY -> "nothing";
                case INTEGER, INTEGER_TOO_LARGE, FLOAT, BOOLEAN -> scalar.text();
            };
        };
    }

    /** "line 3: ", or nothing when the parser does not know the line. */
    private static String lineOf(JsonProcessingException e) {
        int line = lineNumberOf(e);
        return line > 0 ? "line " + line + ": " : "";
    }

    /** The 1-based line of the error; 0 when unknown. */
    private static int lineNumberOf(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
    }

    /**
     * SnakeYAML's message on one line: its own sentences, without the "in 'reader', line …" marks
     * and the indented source excerpt with a caret, which a one-line log cannot show.
     */
    private static String summary(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        StringBuilder summary = new StringBuilder();
        for (String line : message.split("\n")) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            summary.append(summary.isEmpty() ? "" : ": ").append(line.strip());
        }
        return summary.isEmpty() ? message.strip() : summary.toString();
    }
}
