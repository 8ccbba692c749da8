package dev.sluice.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code observability:}: where the access log goes, OTLP export of traces and metrics, the
 * Prometheus text on the admin port, the service name, and the opt-in to record message contents.
 *
 * @param prometheus {@code GET /metrics} on the admin port serves the metrics (default true)
 * @param captureContent record the request's messages on its span (default false: contents are
 *     never recorded unless this is on)
 */
public record ObservabilityConfig(
    AccessLogConfig accessLog,
    OtlpConfig otlp,
    String serviceName,
    Boolean prometheus,
    Boolean captureContent) {

  public ObservabilityConfig {
    accessLog = accessLog == null ? new AccessLogConfig(null, null, null) : accessLog;
    serviceName = serviceName == null ? "sluice" : serviceName;
    prometheus = prometheus == null ? Boolean.TRUE : prometheus;
    captureContent = captureContent == null ? Boolean.FALSE : captureContent;
  }

  public static ObservabilityConfig defaults() {
    return new ObservabilityConfig(null, null, null, null, null);
  }

  /**
   * What differs from {@code next} that a reload cannot apply live: everything but
   * {@code captureContent} and {@code otlp.sampleRatio}. The access log's writer thread owns its
   * output, and the exporters, readers and Prometheus endpoint are wired into the SDK when it is
   * built, so those change only at a restart. Empty when {@code next} can be applied live.
   */
  public List<String> restartOnly(ObservabilityConfig next) {
    List<String> changed = new ArrayList<>();
    if (!accessLog.equals(next.accessLog)) {
      changed.add("observability.accessLog");
    }
    OtlpConfig liveRatio = next.otlp == null || otlp == null ? next.otlp
        : new OtlpConfig(next.otlp.endpoint, next.otlp.traces, next.otlp.metrics, otlp.sampleRatio,
            next.otlp.metricsInterval, next.otlp.headers);
    if (!Objects.equals(otlp, liveRatio)) {
      changed.add("observability.otlp (except sampleRatio)");
    }
    if (!serviceName.equals(next.serviceName)) {
      changed.add("observability.serviceName");
    }
    if (!prometheus.equals(next.prometheus)) {
      changed.add("observability.prometheus");
    }
    return changed;
  }

  /** True when spans are recorded and exported (an OTLP endpoint with traces on). */
  public boolean tracing() {
    return otlp != null && otlp.traces();
  }

  /** True when metrics are recorded for any reader: Prometheus or OTLP. */
  public boolean metrics() {
    return prometheus || (otlp != null && otlp.metrics());
  }

  /**
   * {@code to}: {@code stdout}, {@code file:PATH} or {@code none}. A file rotates when it
   * reaches {@code maxFileSize}: {@code PATH} becomes {@code PATH.1}, and so on, keeping
   * {@code maxFiles} old files.
   */
  public record AccessLogConfig(String to, ByteSize maxFileSize, Integer maxFiles) {
    public AccessLogConfig {
      to = to == null ? "stdout" : to;
      maxFileSize = maxFileSize == null ? ByteSize.ofMebibytes(100) : maxFileSize;
      maxFiles = maxFiles == null ? 5 : maxFiles;
    }
  }

  /**
   * OTLP/HTTP (protobuf) export; absent means off. {@code endpoint} is the collector's base URL:
   * {@code /v1/traces} and {@code /v1/metrics} are appended.
   *
   * @param sampleRatio the share of new traces recorded (a request continuing a caller's trace
   *     follows the caller's decision)
   * @param metricsInterval how often metrics are pushed
   * @param headers HTTP headers sent with every export, traces and metrics (a collector's
   *     {@code Authorization}, a tenant header); the values are secrets to the admin API
   */
  public record OtlpConfig(String endpoint, Boolean traces, Boolean metrics, Double sampleRatio,
      Duration metricsInterval, Map<String, String> headers) {
    public OtlpConfig {
      headers = Lists.copy(headers);
      traces = traces == null ? Boolean.TRUE : traces;
      metrics = metrics == null ? Boolean.TRUE : metrics;
      sampleRatio = sampleRatio == null ? 1.0 : sampleRatio;
      metricsInterval = metricsInterval == null ? Duration.ofSeconds(60) : metricsInterval;
    }
  }
}
