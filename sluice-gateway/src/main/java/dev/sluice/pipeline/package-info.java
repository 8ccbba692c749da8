/**
 * The six-stage request pipeline, wired in one place: {@link dev.sluice.pipeline.Pipeline#standard}.
 *
 * <pre>
 *  client ──► 1 authenticate ──► 2 authorize ──► 3 budget ──► 4 route ──► 5 upstream ──► provider
 *               │ 401              │ 403/429       │ 429        │ 404       │ 502/503/504
 *               ▼                  ▼               ▼            ▼           ▼
 *             answer             answer          answer       answer      answer (stream)
 *                                                                            │
 *  6 observe: told when the exchange begins and attached to its completion, so every request —
 *  answered by any stage, rejected or proxied — yields exactly one access-log record, span and
 *  ledger entry, and its metrics.
 * </pre>
 *
 * <p>Stages 1-4 are synchronous and cost microseconds: a {@link dev.sluice.pipeline.Stage}
 * returns a {@link dev.sluice.pipeline.Decision}. Stage 5 is asynchronous and answers the client
 * itself through {@link dev.sluice.pipeline.ClientChannel}. Stages talk only through the
 * {@link dev.sluice.pipeline.Exchange}, never to each other; stage 5 tells stage 6 about each
 * upstream attempt through the exchange's {@link dev.sluice.pipeline.RequestTelemetry}.
 *
 * <p>With the shared store ({@code redis-postgres}) stages 2 and 3 claim their limits and budgets
 * on the exchange instead of taking them from memory, and one step between stages 3 and 4,
 * {@link dev.sluice.pipeline.SharedAdmission}, takes every claim in one round trip to Redis: the
 * only step that may decide later ({@link dev.sluice.pipeline.Decision.Later}); the request
 * resumes on its event loop. With the embedded store nothing is claimed and that step is a list
 * check.
 */
package dev.sluice.pipeline;
