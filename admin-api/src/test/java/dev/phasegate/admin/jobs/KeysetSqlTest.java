package dev.phasegate.admin.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.config.column.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysetSqlTest {

    private final KeysetSql single = new KeysetSql(new TableName("public", "users"),
            new TableKey(List.of("id"), List.of("bigint"), "primary key users_pkey"));
    private final KeysetSql composite = new KeysetSql(new TableName("Shop", "order"),
            new TableKey(List.of("tenant", "Id"), List.of("integer", "character varying(20)"), "primary key"));

    @Test
    void theFirstBatchHasOnlyAnUpperBound() {
        assertThat(single.update("email_lower", "lower(email)", null, false)).isEqualTo(
                "UPDATE public.users SET email_lower = (lower(email)) WHERE id <= CAST(? AS bigint) "
                        + "AND email_lower IS DISTINCT FROM (lower(email))");
    }

    @Test
    void laterBatchesAreHalfOpenRangesWithTheWherePredicateLast() {
        assertThat(single.update("email_lower", "lower(email)", "id % 2 = 0", true)).isEqualTo(
                "UPDATE public.users SET email_lower = (lower(email)) WHERE id > CAST(? AS bigint) "
                        + "AND id <= CAST(? AS bigint) AND email_lower IS DISTINCT FROM (lower(email)) AND (id % 2 = 0)");
    }

    @Test
    void compositeKeysCompareAsRowsAndNamesAreQuotedWhereNeeded() {
        assertThat(composite.nextBatch(true)).isEqualTo(
                "SELECT b.tenant::text AS phasegate_key_1, b.\"Id\"::text AS phasegate_key_2, count(*) OVER () "
                        + "FROM (SELECT tenant, \"Id\" FROM \"Shop\".\"order\" "
                        + "WHERE (tenant, \"Id\") > (CAST(? AS integer), CAST(? AS character varying(20))) "
                        + "AND (tenant, \"Id\") <= (CAST(? AS integer), CAST(? AS character varying(20))) "
                        + "ORDER BY tenant, \"Id\" LIMIT ?) b ORDER BY b.tenant DESC, b.\"Id\" DESC LIMIT 1");
    }

    @Test
    void theHighKeyIsReadInKeyOrderNotTextOrder() {
        assertThat(single.highKey()).isEqualTo(
                "SELECT id::text AS phasegate_key_1 FROM public.users ORDER BY id DESC LIMIT 1");
    }

    @Test
    void mismatchesAreListedInKeyOrderWithTheirCount() {
        assertThat(single.matching("x IS NULL", false)).isEqualTo(
                "SELECT id::text AS phasegate_key_1, count(*) OVER () FROM public.users WHERE id <= CAST(? AS bigint) "
                        + "AND (x IS NULL) ORDER BY id LIMIT ?");
    }
}
