/**
 * Stage 6, observe. When an exchange begins, {@link dev.sluice.observe.Observe} starts its span
 * (tracing on) and gives the upstream stage a {@link dev.sluice.pipeline.RequestTelemetry} for
 * its attempts' child spans, trace headers and counters. It is attached to the exchange's
 * completion, so each request — proxied, or answered early by any stage — yields exactly one
 * access-log record, ledger record, set of metrics and span. Records are values handed to writer
 * threads that format and write them in batches; spans go to the OpenTelemetry SDK's batch
 * processor; metrics are cached attribute sets on the SDK's instruments
 * ({@link dev.sluice.observe.Telemetry}). The event loop never writes, encodes or exports.
 */
package dev.sluice.observe;
