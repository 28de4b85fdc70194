package dev.phasegate.admin.schema;

/**
 * An index the configuration says the managed column should have (for example so that reads
 * switched to it in {@code read} keep their plans). The column config has no field for it yet;
 * the schema check reports {@code not_configured} until one is given.
 *
 * @param name   the index name, or null for "any valid index whose first key column is the
 *               managed column"
 * @param unique whether it must be unique
 */
public record ExpectedIndex(String name, boolean unique) {
}
