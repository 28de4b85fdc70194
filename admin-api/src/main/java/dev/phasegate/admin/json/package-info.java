/**
 * The one Jackson configuration of the control plane: strict on input (unknown fields, trailing
 * tokens and missing primitives are errors), stable on output ({@code Instant} as ISO-8601 text,
 * {@code ColumnId} as {@code schema.table.column}, {@code Phase} by its wire name). Shared by the
 * phase store's file format, the audit log and the HTTP API. Depends on Jackson and the
 * {@code config} domain only.
 */
package dev.phasegate.admin.json;
