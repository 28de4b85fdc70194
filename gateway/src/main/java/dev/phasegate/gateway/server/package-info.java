/**
 * The running gateway: event loops, the listening socket, TLS set-up, start and graceful stop.
 * Depends on {@code config}, {@code session} and {@code hook}.
 */
package dev.phasegate.gateway.server;
