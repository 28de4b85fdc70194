/**
 * The SQL rewriter: {@link dev.phasegate.rewriter.SqlRewriter#plan} turns a query string, the
 * phase snapshot and the upstream catalog into a {@link dev.phasegate.rewriter.RewritePlan} (send
 * unchanged, send rewritten with result filters and a parameter map, or reject), with a
 * {@link dev.phasegate.rewriter.PlanCache}; {@link dev.phasegate.rewriter.ColumnValidator} checks a
 * managed column's expressions for the control plane.
 *
 * <p>Pure: no I/O, no Netty, no clock, no logging. Depends on {@code config} (the domain) and
 * Calcite (through the PostgreSQL dialect parser); must not depend on the gateway or the admin API.
 */
package dev.phasegate.rewriter;
