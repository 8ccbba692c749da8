package dev.sluice.api;

/** The client-facing operations; the name is what the access log's {@code endpoint} shows. */
public enum Endpoint {
  CHAT("chat", "/v1/chat/completions"),
  EMBEDDINGS("embeddings", "/v1/embeddings"),
  MODELS("models", "/v1/models"),
  /** Anthropic Messages, for Anthropic-shaped clients; served by any backend. */
  MESSAGES("messages", "/v1/messages"),
  /** Any other path: answered 404/405, still logged. */
  OTHER("other", null);

  private final String logName;
  private final String path;

  Endpoint(String logName, String path) {
    this.logName = logName;
    this.path = path;
  }

  public String logName() {
    return logName;
  }

  public String path() {
    return path;
  }
}
