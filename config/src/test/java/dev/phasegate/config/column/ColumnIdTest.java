package dev.phasegate.config.column;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColumnIdTest {

    @Test
    void parsesThreePartsAndDefaultsSchemaToPublic() {
        assertThat(ColumnId.parse("shop.orders.total")).isEqualTo(new ColumnId("shop", "orders", "total"));
        assertThat(ColumnId.parse("users.email")).isEqualTo(new ColumnId("public", "users", "email"));
        assertThat(ColumnId.parse("shop.orders.total").toString()).isEqualTo("shop.orders.total");
    }

    @Test
    void rejectsMalformedIds() {
        assertThatThrownBy(() -> ColumnId.parse("a..b")).hasMessageContaining("schema.table.column");
        assertThatThrownBy(() -> ColumnId.parse("a.b.c.d")).hasMessageContaining("got 'a.b.c.d'");
        assertThatThrownBy(() -> ColumnId.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void quotesOnlyWhereNeeded() {
        assertThat(Identifiers.quoteIfNeeded("email")).isEqualTo("email");
        assertThat(Identifiers.quoteIfNeeded("Email")).isEqualTo("\"Email\"");
        assertThat(Identifiers.quoteIfNeeded("user")).isEqualTo("\"user\"");
        assertThat(Identifiers.quoteIfNeeded("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Identifiers.fold("\"Email\"")).isEqualTo("Email");
        assertThat(Identifiers.fold("EMAIL")).isEqualTo("email");
    }
}
