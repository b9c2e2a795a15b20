/**
 * The executable's log output: Logback bound to SLF4J, one JSON object per line on standard
 * error ({@link dev.settle.cli.logs.JsonLineEncoder}, configured by {@code logback.xml}), and the
 * bench's switch of those lines to a file ({@link dev.settle.cli.logs.LogFile}). The server
 * itself only knows the SLF4J API.
 */
package dev.settle.cli.logs;
