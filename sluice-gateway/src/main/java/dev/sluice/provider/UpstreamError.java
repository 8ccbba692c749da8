package dev.sluice.provider;

/** A provider's error answer, as read from its body: the fields of OpenAI's error shape. */
public record UpstreamError(int status, String type, String code, String message, String param) {}
