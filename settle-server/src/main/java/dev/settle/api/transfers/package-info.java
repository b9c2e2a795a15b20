/**
 * {@code /v1/transfers}: one transfer (including pending, post and void), batches with a result per
 * item, and reads by id.
 */
package dev.settle.api.transfers;
