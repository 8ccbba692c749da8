/**
 * Vert.x wiring: one data-plane verticle per event loop (its own server instance and upstream
 * pools around the shared, immutable stages), the admin port, the channel that writes answers
 * and completes exchanges, and graceful shutdown.
 */
package dev.sluice.server;
