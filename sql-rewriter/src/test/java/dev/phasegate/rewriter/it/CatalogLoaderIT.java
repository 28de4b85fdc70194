package dev.phasegate.rewriter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.column.TableName;
import dev.phasegate.jdbc.CatalogLoader;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.catalog.CatalogColumn;
import dev.phasegate.rewriter.catalog.CatalogTable;
import dev.phasegate.rewriter.golden.GoldenFixture;
import dev.phasegate.rewriter.golden.GoldenFixtureAccess;
import dev.phasegate.testing.PostgresExtension;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalog loaded from pg_catalog matches the schema, in attribute order and format_type spelling. */
class CatalogLoaderIT {

    private static final GoldenFixture FIXTURE = GoldenFixtureAccess.fixture();

    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension(FixtureSchema.ddl(FIXTURE));

    @Test
    void loadsTheFixtureSchemaExactlyAsTheGoldenCasesDeclareIt() throws Exception {
        Catalog loaded;
        try (Connection c = PG.connect()) {
            loaded = CatalogLoader.load(c, 42);
        }
        assertThat(loaded.version()).isEqualTo(42);
        for (CatalogTable expected : FIXTURE.catalog().tables()) {
            CatalogTable actual = loaded.table(expected.name()).orElseThrow();
            assertThat(actual.columns()).as(expected.name().toString()).isEqualTo(expected.columns());
        }
    }

    @Test
    void droppedColumnsAreLeftOutAndSystemRelationsResolve() throws Exception {
        PG.execute("CREATE TABLE dropper (a int, b int, c int)", "ALTER TABLE dropper DROP COLUMN b");
        Catalog loaded;
        try (Connection c = PG.connect()) {
            loaded = CatalogLoader.load(c, 1);
        }
        assertThat(loaded.table(new TableName("public", "dropper")).orElseThrow().columns())
                .extracting(CatalogColumn::name).containsExactly("a", "c");
        assertThat(loaded.resolve("pg_class", List.of("public"))).isPresent();
    }
}
