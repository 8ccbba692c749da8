package dev.sluice.observe.spans;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Spans handed to an OpenTelemetry SDK {@link SpanExporter} as {@link SpanData}, one call per
 * span: any SDK exporter works (tests use the in-memory one). The production path is {@link
 * OtlpSpanExporter}; this one converts every span and is not meant for load.
 */
public final class SdkExporterSink implements SpanSink {
  private final SpanExporter exporter;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;

  public SdkExporterSink(SpanExporter exporter, Resource resource, String scopeName) {
    this.exporter = exporter;
    this.resource = resource;
    this.scope = InstrumentationScopeInfo.create(scopeName);
  }

  @Override
  public void export(FinishedSpan span) {
    exporter.export(List.of(new Data(span, resource, scope)));
  }

  @Override
  public CompletableFuture<Void> flush() {
    CompletableFuture<Void> flushed = new CompletableFuture<>();
    exporter.flush().whenComplete(() -> flushed.complete(null));
    return flushed;
  }

  /** A {@link FinishedSpan} seen through the SDK's interface. */
  private record Data(FinishedSpan span, Resource resource, InstrumentationScopeInfo scope)
      implements SpanData {
    @Override
    public String getName() {
      return span.name();
    }

    @Override
    public SpanKind getKind() {
      return span.kind() == FinishedSpan.Kind.SERVER ? SpanKind.SERVER : SpanKind.CLIENT;
    }

    @Override
    public SpanContext getSpanContext() {
      TraceContext context = span.context();
      return SpanContext.create(context.traceIdHex(), TraceContext.spanIdHex(context.spanId()),
          TraceFlags.fromByte((byte) context.flags()), TraceState.getDefault());
    }

    @Override
    public SpanContext getParentSpanContext() {
      if (span.parentSpanId() == 0) {
        return SpanContext.getInvalid();
      }
      TraceContext context = span.context();
      String trace = context.traceIdHex();
      String parent = TraceContext.spanIdHex(span.parentSpanId());
      TraceFlags flags = TraceFlags.fromByte((byte) context.flags());
      return span.remoteParent()
          ? SpanContext.createFromRemoteParent(trace, parent, flags, TraceState.getDefault())
          : SpanContext.create(trace, parent, flags, TraceState.getDefault());
    }

    @Override
    public StatusData getStatus() {
      return span.error() ? StatusData.create(StatusCode.ERROR, "") : StatusData.unset();
    }

    @Override
    public long getStartEpochNanos() {
      return span.startEpochNanos();
    }

    @Override
    public Attributes getAttributes() {
      AttributesBuilder builder = Attributes.builder();
      SpanAttributes attributes = span.attributes();
      for (int i = 0; i < attributes.size(); i++) {
        String name = attributes.key(i).name();
        switch (attributes.value(i)) {
          case String s -> builder.put(AttributeKey.stringKey(name), s);
          case Long n -> builder.put(AttributeKey.longKey(name), n);
          case Boolean b -> builder.put(AttributeKey.booleanKey(name), b);
          case Double d -> builder.put(AttributeKey.doubleKey(name), d);
          default -> throw new IllegalStateException("attribute " + name);
        }
      }
      return builder.build();
    }

    @Override
    public List<EventData> getEvents() {
      return List.of();
    }

    @Override
    public List<LinkData> getLinks() {
      return List.of();
    }

    @Override
    public long getEndEpochNanos() {
      return span.endEpochNanos();
    }

    @Override
    public boolean hasEnded() {
      return true;
    }

    @Override
    public int getTotalRecordedEvents() {
      return 0;
    }

    @Override
    public int getTotalRecordedLinks() {
      return 0;
    }

    @Override
    public int getTotalAttributeCount() {
      return span.attributes().size();
    }

    @Override
    @SuppressWarnings("deprecation")
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
      return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
      return scope;
    }

    @Override
    public Resource getResource() {
      return resource;
    }
  }
}
