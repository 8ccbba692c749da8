package dev.sluice.provider;

/** A non-streamed answer in the client's schema, with the usage it reported (or null). */
public record TranslatedResponse(byte[] body, TokenUsage usage) {}
