package dev.phasegate.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimpleStatementFingerprinterTest {

    private final StatementFingerprinter f = StatementFingerprinter.SIMPLE;

    @Test
    void redactsStringAndNumberLiterals() {
        assertThat(f.redact("SELECT * FROM users WHERE email = 'a@b.c' AND id > 42 AND score < 1.5e3"))
                .isEqualTo("SELECT * FROM users WHERE email = ? AND id > ? AND score < ?");
    }

    @Test
    void redactsEscapedDollarQuotedAndPrefixedStrings() {
        assertThat(f.redact("SELECT E'it\\'s', 'o''k', $x$secret$x$, $$also$$, B'101', X'ff', U&'d\\0061t'"))
                .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ?");
    }

    @Test
    void keepsIdentifiersParametersAndQuotedNames() {
        assertThat(f.redact("UPDATE t1 SET \"Col 2\" = $1, col_3 = $2 WHERE id = $3"))
                .isEqualTo("UPDATE t1 SET \"Col 2\" = $1, col_3 = $2 WHERE id = $3");
    }

    @Test
    void dropsComments() {
        assertThat(f.redact("SELECT 1 -- password is hunter2\nFROM /* token /* nested */ x */ t"))
                .isEqualTo("SELECT ? \nFROM  t");
    }

    @Test
    void anUnterminatedQuoteHidesTheRest() {
        assertThat(f.redact("SELECT 'secret and more")).isEqualTo("SELECT ?");
    }

    @Test
    void fingerprintsIgnoreLiteralsWhitespaceCaseAndComments() {
        String a = f.fingerprint("SELECT email FROM users WHERE id = 1");
        String b = f.fingerprint("select   email\n from USERS where id = 99 -- hi");
        String c = f.fingerprint("SELECT name FROM users WHERE id = 1");

        assertThat(a).hasSize(16).isEqualTo(b).isNotEqualTo(c);
    }
}
