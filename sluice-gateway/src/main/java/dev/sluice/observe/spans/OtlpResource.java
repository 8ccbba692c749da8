package dev.sluice.observe.spans;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;

/** The OTLP {@code Resource} message of an SDK {@link Resource}, encoded once at start. */
public final class OtlpResource {
  private OtlpResource() {}

  /** Its string, boolean, integer and floating-point attributes; others are left out. */
  public static byte[] encode(Resource resource) {
    ProtoWriter out = new ProtoWriter(512);
    for (Map.Entry<AttributeKey<?>, Object> attribute : resource.getAttributes().asMap().entrySet()) {
      Object value = attribute.getValue();
      if (value instanceof Integer i) {
        value = (long) i;
      }
      if (value instanceof String || value instanceof Long || value instanceof Boolean
          || value instanceof Double) {
        OtlpSpanEncoder.writeAttribute(out, 1, SpanKey.of(attribute.getKey().getKey()), value);
      }
    }
    return out.toByteArray();
  }
}
