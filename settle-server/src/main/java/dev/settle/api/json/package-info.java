/**
 * Strict JSON in and out: a parser that refuses duplicate keys, bad UTF-8 and oversize numbers,
 * parameter readers that name the offending field ({@link dev.settle.api.json.Params}), amounts as
 * numbers or decimal strings, metadata within its limits, and the writer.
 */
package dev.settle.api.json;
