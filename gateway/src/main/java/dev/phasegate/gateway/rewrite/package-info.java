/**
 * The rewriter in the data path: {@link dev.phasegate.gateway.rewrite.RewritingHook} is the
 * {@link dev.phasegate.gateway.hook.QueryHook} that plans every Query and Parse of a session on the
 * managed database through the {@link dev.phasegate.rewriter.SqlRewriter}, applies the plan
 * (rewritten text, result filters, parameter and format remapping), re-plans prepared statements
 * at Bind after a phase flip, checks DDL, and writes the audit and the statement metrics.
 *
 * <p>Depends on the hook and protocol message types, the rewriter and the admin API's audit and
 * metrics types. Must not depend on the session internals or Netty channels: everything here runs
 * on a session's event loop through the hook and must never block.
 */
package dev.phasegate.gateway.rewrite;
