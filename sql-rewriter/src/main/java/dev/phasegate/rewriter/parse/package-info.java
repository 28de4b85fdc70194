/**
 * The seam between the rewriter and the parser: {@code ScriptParser} (implemented by the
 * PostgreSQL dialect, {@code PgScriptParser}), parser positions as text offsets, and parser-neutral
 * views ({@code Shapes}) of the DML node classes, so only this package knows them.
 */
package dev.phasegate.rewriter.parse;
