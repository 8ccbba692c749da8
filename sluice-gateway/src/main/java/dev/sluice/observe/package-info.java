/**
 * Stage 6, observe: attached to every exchange's completion, so each request — proxied, or
 * answered early by any stage — yields exactly one access-log record. Records are values handed
 * to a writer thread that formats and writes them in batches; the event loop never writes.
 */
package dev.sluice.observe;
