/**
 * I/O: the one place in this module that talks to a database. {@link dev.phasegate.jdbc.CatalogLoader}
 * reads the upstream catalog over plain JDBC ({@code java.sql} only, no driver dependency). The
 * rewriter packages ({@code dev.phasegate.rewriter..}) must never depend on this package; they take
 * the loaded {@link dev.phasegate.rewriter.catalog.Catalog} as input.
 */
package dev.phasegate.jdbc;
