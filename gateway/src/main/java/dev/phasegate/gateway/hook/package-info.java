/**
 * The seam between the data path and whatever wants to see or change statements (the rewriter, the
 * audit): a {@link dev.phasegate.gateway.hook.QueryHook} opens one
 * {@link dev.phasegate.gateway.hook.SessionHook} per authenticated session, which is shown every
 * Query, Parse, Bind, Describe, Execute and Close and answers with a
 * {@link dev.phasegate.gateway.hook.Decision}; a {@link dev.phasegate.gateway.hook.ResultObserver}
 * attached to a request sees and may change the rows and descriptions that answer it, and learns
 * how it ended.
 *
 * <p>Depends on the protocol message types only: no Netty channels, no sessions' internals, no
 * Calcite. Everything here is called on the session's event loop, one call at a time.
 */
package dev.phasegate.gateway.hook;
