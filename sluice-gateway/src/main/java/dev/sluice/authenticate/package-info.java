/**
 * Stage 1, authenticate: the client's key (from {@code Authorization: Bearer}, {@code x-api-key}
 * or {@code api-key}) becomes a {@link dev.sluice.authenticate.Principal} — key id, owner, team,
 * project — by one hash lookup of its SHA-256 digest. Unknown and expired keys are a 401 that
 * does not say which. Keys never appear in logs or errors; only their ids do.
 */
package dev.sluice.authenticate;
