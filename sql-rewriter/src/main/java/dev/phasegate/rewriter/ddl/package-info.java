/**
 * DDL safety: a lexical inspection of statements passing through the gateway that finds the
 * schema changes known to lock or rewrite a live table (volatile defaults, {@code SET NOT NULL}
 * without a check, non-concurrent index builds, type changes on managed tables, dropping a
 * managed column). The inspection only finds; what to do (allow, warn, block) is the
 * {@link dev.phasegate.config.DdlConfig} the gateway applies.
 *
 * <p>Pure: no I/O, no clock, no Calcite (DDL is not what the rewriter parses), no Netty. Depends
 * only on {@code dev.phasegate.config} and the rewriter's lexer ({@code lex}).
 */
package dev.phasegate.rewriter.ddl;
