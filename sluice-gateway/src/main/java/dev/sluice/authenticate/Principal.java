package dev.sluice.authenticate;

/**
 * Who is calling: the key's id (never the key), its owner, team and project. Team and project
 * may be null for a key that belongs to neither.
 */
public record Principal(String keyId, String owner, String team, String project) {}
