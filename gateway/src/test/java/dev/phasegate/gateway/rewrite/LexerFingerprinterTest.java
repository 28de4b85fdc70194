package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LexerFingerprinterTest {

    private final LexerFingerprinter fingerprinter = new LexerFingerprinter();

    @Test
    void redactReplacesEveryLiteralAndKeepsLayoutIdentifiersAndParameters() {
        assertThat(fingerprinter.redact("SELECT id, 'secret' AS s, E'x\\'y', $$body$$, 42, 1.5e3\n"
                + "FROM \"Users\" WHERE email = $1 -- trailing comment"))
                .isEqualTo("SELECT id, ? AS s, ?, ?, ?, ?\nFROM \"Users\" WHERE email = $1 ");
    }

    @Test
    void redactHidesEverythingAfterAnUnterminatedLiteral() {
        assertThat(fingerprinter.redact("SELECT 'never closed, secret")).isEqualTo("SELECT ?");
    }

    @Test
    void statementsDifferingOnlyInLiteralsCommentsSpacingOrCaseShareAFingerprint() {
        String a = fingerprinter.fingerprint("SELECT * FROM users WHERE email = 'a@x' AND id > 10");
        String b = fingerprinter.fingerprint("select *\n  from USERS /* c */ where email = 'b@y' and id > 99;");
        assertThat(a).isEqualTo(b).hasSize(16);
        assertThat(fingerprinter.fingerprint("SELECT * FROM users WHERE email = $1")).isNotEqualTo(a);
        assertThat(fingerprinter.fingerprint("SELECT * FROM \"USERS\" WHERE email = 'a@x' AND id > 10"))
                .isNotEqualTo(a);
    }
}
