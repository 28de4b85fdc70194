package dev.phasegate.rewriter.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private final Catalog catalog = Catalog.builder(3)
            .table("public", "users", "id bigint")
            .table("app", "users", "id bigint", "x text")
            .table("pg_catalog", "pg_class", "oid oid")
            .build();

    @Test
    void resolvesAlongTheSearchPathInOrder() {
        assertThat(catalog.resolve("users", List.of("app", "public")).orElseThrow().name().schema()).isEqualTo("app");
        assertThat(catalog.resolve("users", List.of("public", "app")).orElseThrow().name().schema()).isEqualTo("public");
        assertThat(catalog.resolve("users", List.of("$user", "public")).orElseThrow().name().schema())
                .isEqualTo("public");
    }

    @Test
    void pgCatalogComesFirstUnlessListed() {
        assertThat(Catalog.effectivePath(List.of("public"))).containsExactly("pg_catalog", "public");
        assertThat(Catalog.effectivePath(List.of("public", "pg_catalog"))).containsExactly("public", "pg_catalog");
        assertThat(catalog.resolve("pg_class", List.of("public"))).isPresent();
    }

    @Test
    void columnsKeepAttributeOrder() {
        CatalogTable t = catalog.resolve("users", List.of("app")).orElseThrow();
        assertThat(t.columns()).extracting(CatalogColumn::name).containsExactly("id", "x");
        assertThat(t.has("x")).isTrue();
        assertThat(catalog.version()).isEqualTo(3);
    }
}
