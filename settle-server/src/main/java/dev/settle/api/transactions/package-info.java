/** {@code POST /v1/transactions}: balanced multi-leg entry sets, applied atomically (each a linked chain of transfers). */
package dev.settle.api.transactions;
