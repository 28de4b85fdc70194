/**
 * The PostgreSQL dialect of Calcite's parser as generated at build time (JavaCC output under
 * target/generated-sources: {@code PgSqlParserImpl}, its token manager and JavaCC's support
 * classes) plus the hand-written pieces that drive it: {@link
 * dev.phasegate.rewriter.parser.impl.PgParsers} (configuration and entry point), {@code
 * PgTokenManager} (PostgreSQL lexical rules), {@code PgCharStream}, {@code PgConformance},
 * {@link dev.phasegate.rewriter.parser.impl.PgWords}.
 *
 * <p>Internal to the parser: use {@link dev.phasegate.rewriter.parser.PgSqlParser}. Must not
 * depend on Netty or I/O.
 */
package dev.phasegate.rewriter.parser.impl;
