/**
 * Providers: translation between the client's schema (OpenAI's) and each provider's wire format,
 * one subpackage per provider. Pure byte and JSON work — no server types, no stages — so every
 * translator is testable on bytes alone, and repeatable, since failover may translate the same
 * request for another provider. A stream translator is created per attempt and never holds more
 * than the event in progress.
 */
package dev.sluice.provider;
