package dev.sluice.config;

/** {@code observability:}: where the access log goes, OTLP export, the service name. */
public record ObservabilityConfig(AccessLogConfig accessLog, OtlpConfig otlp, String serviceName) {
  public ObservabilityConfig {
    accessLog = accessLog == null ? new AccessLogConfig(null) : accessLog;
    serviceName = serviceName == null ? "sluice" : serviceName;
  }

  public static ObservabilityConfig defaults() {
    return new ObservabilityConfig(null, null, null);
  }

  /** {@code to}: {@code stdout}, {@code file:PATH} or {@code none}. */
  public record AccessLogConfig(String to) {
    public AccessLogConfig {
      to = to == null ? "stdout" : to;
    }
  }

  /** OTLP/HTTP export; absent means off. */
  public record OtlpConfig(String endpoint, Boolean traces, Boolean metrics) {}
}
