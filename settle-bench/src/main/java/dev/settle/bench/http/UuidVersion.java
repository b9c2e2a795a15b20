package dev.settle.bench.http;

/**
 * How the bench makes its transfer ids. Settle recommends time-ordered ids: they keep its id
 * index append-mostly, where random ids land all over it. Both are kept so that the difference
 * can be measured.
 */
enum UuidVersion {
    /** RFC 9562 version 4: 122 random bits. */
    V4("uuidv4"),
    /** RFC 9562 version 7: the Unix time in milliseconds first, then 74 random bits. */
    V7("uuidv7");

    private final String jsonName;

    UuidVersion(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in the result's JSON line. */
    String jsonName() {
        return jsonName;
    }
}
