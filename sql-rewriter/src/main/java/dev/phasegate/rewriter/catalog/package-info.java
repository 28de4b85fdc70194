/**
 * The catalog snapshot the rewriter resolves names against: relations, their columns in attribute
 * order and types, and search-path resolution. Pure values; loading it from {@code pg_catalog} is
 * {@link dev.phasegate.jdbc.CatalogLoader}'s job, outside the pure packages.
 */
package dev.phasegate.rewriter.catalog;
