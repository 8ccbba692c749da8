package dev.sluice.config;

import java.time.Duration;

/** One rate limit: exactly one of {@code requests} or {@code tokens} per window {@code per}. */
public record LimitConfig(Long requests, Long tokens, Duration per) {}
