package dev.sluice.config;

import java.math.BigDecimal;

/** USD per one million tokens. */
public record PriceConfig(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {}
