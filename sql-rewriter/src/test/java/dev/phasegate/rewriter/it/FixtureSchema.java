package dev.phasegate.rewriter.it;

import dev.phasegate.config.column.Identifiers;
import dev.phasegate.rewriter.golden.GoldenFixture;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The golden fixture's schema as DDL for a real PostgreSQL, plus the few objects golden inputs mention. */
final class FixtureSchema {

    private FixtureSchema() {
    }

    static String[] ddl(GoldenFixture fixture) {
        List<String> sql = new ArrayList<>();
        Set<String> schemas = new LinkedHashSet<>();
        for (GoldenFixture.Table t : fixture.tables()) {
            if (!t.schema().equals("public")) {
                schemas.add(t.schema());
            }
        }
        for (String s : schemas) {
            sql.add("CREATE SCHEMA " + Identifiers.quoteIfNeeded(s));
        }
        for (GoldenFixture.Table t : fixture.tables()) {
            List<String> columns = new ArrayList<>();
            for (String[] c : t.columns()) {
                columns.add(Identifiers.quoteIfNeeded(c[0]) + " " + c[1] + (c[0].equals("id") ? " PRIMARY KEY" : ""));
            }
            sql.add("CREATE TABLE " + Identifiers.quoteIfNeeded(t.schema()) + "." + Identifiers.quoteIfNeeded(t.name())
                    + " (" + String.join(", ", columns) + ")");
        }
        sql.add("CREATE TABLE staging (id bigint, email text)");
        sql.add("CREATE TABLE stats (users int)");
        sql.add("CREATE TABLE users_archive (id bigint, email_lower text)");
        sql.add("CREATE VIEW some_view AS SELECT id FROM orgs");
        sql.add("CREATE SEQUENCE s");
        return sql.toArray(new String[0]);
    }
}
