/**
 * Azure OpenAI: the OpenAI provider with Azure's deployment paths, {@code api-version} and
 * {@code api-key} header; bodies, answers, streams and errors are OpenAI's.
 */
package dev.sluice.provider.azure;
