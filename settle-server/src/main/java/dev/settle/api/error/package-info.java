/**
 * The bottom of the API: an error as the API answers it ({@link dev.settle.api.error.ApiException}:
 * status, {@link dev.settle.api.error.ErrorType}, stable code, message, parameter). Every other API
 * package may throw it; it depends on nothing.
 */
package dev.settle.api.error;
