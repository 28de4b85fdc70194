package dev.phasegate.gateway.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.gateway.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code phasegate demo --walkthrough}, in-process: the whole scripted migration on an embedded PostgreSQL. */
class DemoWalkthroughIT {

    @Test
    void theWalkthroughMigratesThroughEveryPhaseAndExitsZero() {
        CliRun r = CliRun.run("demo", "--walkthrough", "--rows", "200");

        assertThat(r.exit()).as(r.toString()).isZero();
        String out = r.out();
        assertThat(out)
                .contains("Phase 1/6: hidden", "Phase 2/6: write", "Phase 3/6: shadow", "Phase 4/6: read",
                        "Phase 5/6: contract", "Phase 6/6: complete")
                // hidden: the new column is defaulted and left out of *
                .contains("→ SELECT id, email, NULL::text AS email_normalized FROM users ORDER BY id DESC LIMIT 3")
                .contains("→ SELECT id, email FROM users WHERE id = $1")
                // write: dual writes, guard rail met on facts
                .contains("hidden → write (column version 2)")
                .containsPattern("\\[met\\]\\s+schema")
                .contains("→ INSERT INTO users (email, email_normalized) VALUES ($1, lower($1::text))")
                .contains("→ UPDATE users SET email = $1, email_normalized = lower($1::text) WHERE id = $2")
                // the backfill with its progress, then every row right upstream
                .containsPattern("backfill public\\.users\\.email_normalized \\[#{24}\\] 100%")
                .contains("backfill of public.users.email_normalized done")
                .contains("email_normalized NULL in 0, email NULL in 0, other in 0.")
                // shadow: dual reads, verification, the window met without force
                .contains("IS NOT DISTINCT FROM lower(users.email)")
                .contains("verification of public.users.email_normalized done")
                .containsPattern("\\[met\\]\\s+shadow-reads")
                // read: real values
                .contains("ada.lovelace+read@example.com")
                // contract: the source is virtual
                .contains("→ UPDATE users SET email_normalized = lower($1::text) WHERE id = $2")
                // complete: refused while the application names email, then forced and said so
                .containsPattern("\\[unmet\\]\\s+source-references")
                .contains("contract → complete (column version 6), FORCED")
                .contains("No statement: in complete the gateway no longer audits.")
                .contains("none failed")
                .contains("Forced: complete (source-references), as explained above.");
        assertThat(out.indexOf("FORCED")).as("only the last step is forced").isGreaterThan(out.indexOf("Phase 6/6"));
        // Each preview names every action once, also when a statement names the column and its source.
        assertThat(out.lines().filter(l -> l.contains("email_normalized: ")).toList()).isNotEmpty().allSatisfy(l -> {
            List<String> actions = List.of(l.substring(l.indexOf("email_normalized: ") + 18).replace(")", "").split(", "));
            assertThat(actions).as(l).doesNotHaveDuplicates();
        });
        assertThat(r.err()).doesNotContain("Exception");
    }
}
