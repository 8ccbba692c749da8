/**
 * The client-facing API: the endpoints, the one-pass request parser, the
 * {@link dev.sluice.api.GatewayError} hierarchy and its rendering in OpenAI's error shape, and the
 * token counter used for estimates.
 */
package dev.sluice.api;
