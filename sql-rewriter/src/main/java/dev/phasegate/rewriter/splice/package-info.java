/**
 * Splicing: edits at character offsets applied to the original text (never an unparse), list
 * surgery with correct commas and parentheses, and dense renumbering of {@code $n} placeholders.
 * Depends on the lexer only; knows nothing of Calcite.
 */
package dev.phasegate.rewriter.splice;
