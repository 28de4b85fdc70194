/**
 * PostgreSQL's lexical rules: a one-pass, allocation-free {@link dev.phasegate.rewriter.lex.SqlLexer},
 * token lists with matched parentheses, the {@link dev.phasegate.rewriter.lex.PreFilter} that keeps
 * unmanaged statements away from the parser, and lexical statement classification for statements
 * that cannot be parsed. No dependency on Calcite.
 */
package dev.phasegate.rewriter.lex;
