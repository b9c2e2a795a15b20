package dev.settle.pod;

/**
 * The outcome of a command whose idempotency key already had an answer when its batch applied
 * (another node took the same key first, or an earlier entry of the log): the command was not
 * applied, and {@code storedAnswer} is the stored record of the first answer. Decided where the
 * batch applies, so every member agrees; the caller answers with the first answer (a replay).
 */
public record AlreadyAnswered(byte[] storedAnswer) {}
