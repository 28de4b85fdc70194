/**
 * Phasegate's PostgreSQL dialect of Apache Calcite's SQL parser.
 *
 * <p>{@link dev.phasegate.rewriter.parser.PgSqlParser} turns SQL text as PostgreSQL clients send
 * it into Calcite trees whose every node carries its exact position in that text, so the
 * rewriter can splice edits into the original string instead of unparsing. The parser itself
 * is generated at build time from Calcite's grammar templates (subpackage {@code impl}); the
 * node types PostgreSQL adds (INSERT/UPDATE/DELETE with RETURNING and ON CONFLICT, locking
 * clauses, DISTINCT ON, transaction and session statements) live here. See docs/parser.md.
 *
 * <p>Pure: this package must not depend on Netty, on I/O, or on any other Phasegate module than
 * {@code config}; it holds no static mutable state.
 */
package dev.phasegate.rewriter.parser;
