/**
 * Gemini on Vertex AI: the shared Gemini translation at Vertex's project and region paths,
 * authorized with a service account's OAuth2 access token. Tokens are fetched and refreshed on
 * the {@link dev.sluice.provider.vertex.AccessTokenHolder}'s own thread (google-auth-library does
 * the JWT exchange); requests only read the cached token, so nothing blocks an event loop.
 */
package dev.sluice.provider.vertex;
