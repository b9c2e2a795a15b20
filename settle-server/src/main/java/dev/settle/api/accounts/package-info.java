/**
 * {@code /v1/accounts}: create, read and list accounts (from the pods' durable read models), and
 * an account's transfers and balance history (from the store).
 */
package dev.settle.api.accounts;
