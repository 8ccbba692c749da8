package dev.sluice.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The provider API a backend speaks (SPEC §4 {@code backends[].type}). */
public enum BackendType {
  OPENAI("openai"),
  AZURE_OPENAI("azure-openai"),
  ANTHROPIC("anthropic"),
  BEDROCK("bedrock"),
  VERTEX("vertex"),
  GEMINI("gemini"),
  OPENAI_COMPATIBLE("openai-compatible"),
  MOCK("mock");

  private final String wireName;

  BackendType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * The provider's public endpoint when {@code url} is absent, or null when a backend of this
   * type must name its url (azure-openai, openai-compatible) or needs none (mock). Bedrock and
   * Vertex derive it from the region (null while the region is missing).
   */
  public String defaultUrl(String region) {
    boolean hasRegion = region != null && !region.isBlank();
    return switch (this) {
      case OPENAI -> "https://api.openai.com";
      case ANTHROPIC -> "https://api.anthropic.com";
      case GEMINI -> "https://generativelanguage.googleapis.com";
      case BEDROCK -> hasRegion ? "https://bedrock-runtime." + region + ".amazonaws.com" : null;
      // The "global" location has no regional host name.
      case VERTEX -> !hasRegion ? null : region.equals("global")
          ? "https://aiplatform.googleapis.com" : "https://" + region + "-aiplatform.googleapis.com";
      case AZURE_OPENAI, OPENAI_COMPATIBLE, MOCK -> null;
    };
  }

  @JsonCreator
  public static BackendType of(String name) {
    for (BackendType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown backend type '" + name + "' (expected one of: "
        + "openai, azure-openai, anthropic, bedrock, vertex, gemini, openai-compatible, mock)");
  }
}
