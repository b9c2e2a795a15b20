/**
 * The {@code settle} executable: picocli subcommands wired by hand in {@link dev.settle.cli.Main}.
 * Exit codes: 0 success, 1 the command ran and failed (verification found problems, the store
 * could not be used), 2 bad arguments.
 */
package dev.settle.cli;
