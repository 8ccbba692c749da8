package dev.sluice.config;

import java.math.BigDecimal;

/** A USD spend limit per UTC calendar window: {@code day}, {@code week} or {@code month}. */
public record BudgetConfig(BigDecimal usd, String per) {}
