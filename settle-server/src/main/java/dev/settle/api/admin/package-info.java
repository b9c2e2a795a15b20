/**
 * {@code /v1/admin/*}, behind {@code SETTLE_ADMIN_TOKEN}: tenants (create, list, limits) and pods
 * (their load, and moving a tenant between pods while it serves).
 */
package dev.settle.api.admin;
