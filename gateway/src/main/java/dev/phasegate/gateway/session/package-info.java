/**
 * Client sessions: one client connection, one upstream connection on the same event loop (no
 * locks), an explicit {@link dev.phasegate.gateway.session.SessionState}, the request path through
 * the {@link dev.phasegate.gateway.hook.SessionHook}, the response path with result observers,
 * backpressure, cancel-key mapping and the one catch point that turns failures into ErrorResponse.
 *
 * <p>Depends on {@code protocol} and {@code hook}; knows nothing of the rewriter or Calcite.
 */
package dev.phasegate.gateway.session;
