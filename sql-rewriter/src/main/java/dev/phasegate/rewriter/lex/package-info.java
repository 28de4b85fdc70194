/**
 * PostgreSQL's lexical rules: a one-pass, allocation-free {@link dev.phasegate.rewriter.lex.SqlLexer},
 * token lists with matched parentheses, a list of {@link dev.phasegate.rewriter.lex.Token}s for code
 * that walks a statement's words (the DDL guard), the {@link dev.phasegate.rewriter.lex.PreFilter} that keeps
 * unmanaged statements away from the parser, and lexical statement classification for statements
 * that cannot be parsed. No dependency on Calcite; depends only on {@code dev.phasegate.config}.
 */
package dev.phasegate.rewriter.lex;
