/**
 * Planning one parsed statement: scopes and name resolution as PostgreSQL does it, the phase rules
 * for reads ({@code StatementRewriter}) and writes ({@code WriteRewriter}), {@code up}/{@code down}
 * templates, and the lexical COPY planner. Produces edits and column actions; throws
 * {@code Unsupported} for what the policy must decide. Pure; no dependency on the gateway.
 */
package dev.phasegate.rewriter.analysis;
