package dev.phasegate.admin.schema;

import dev.phasegate.config.guard.GuardRailFacts.SchemaFact;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/columns/{id}/schema}: the column upstream compared with its
 * declaration, field by field.
 *
 * @param column        the managed column's id
 * @param tableExists   whether the table exists
 * @param columnExists  whether the column exists in it
 * @param passes        no field is a problem: the step to {@code write} is allowed by this check
 * @param fields        every field compared, in a stable order
 */
public record SchemaReport(String column, boolean tableExists, boolean columnExists, boolean passes,
                           List<FieldCheck> fields) {

    public SchemaReport {
        fields = List.copyOf(fields);
    }

    /** The problems, one sentence each. */
    public List<String> problems() {
        return fields.stream().filter(f -> f.status() == FieldCheck.Status.PROBLEM).map(FieldCheck::message).toList();
    }

    /** The field named {@code field}, if it was reported. */
    public java.util.Optional<FieldCheck> field(String field) {
        return fields.stream().filter(f -> f.field().equals(field)).findFirst();
    }

    /** The guard-rail fact: the column exists (table and column), and the problems found. */
    public SchemaFact toFact() {
        return new SchemaFact(tableExists && columnExists, problems());
    }
}
