package dev.phasegate.gateway.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.rewriter.lex.LeadingWords;
import dev.phasegate.rewriter.lex.SearchPathCommand;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SessionSearchPathTest {

    private final SessionSearchPath path = new SessionSearchPath(List.of("public"), "alice");

    private void run(String... statements) {
        for (String sql : statements) {
            SearchPathCommand command = SearchPathCommand.of(sql, 0, sql.length());
            if (command != null) {
                path.apply(command);
            }
        }
    }

    @Test
    void aCommittedChangeStaysAndUserStandsForTheSessionsUser() {
        run("SET search_path TO \"$user\", tenant_a");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("alice", "tenant_a");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("alice", "tenant_a");
        run("RESET search_path");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("public");
    }

    @Test
    void userStandsForTheCurrentRoleAsSetRoleChangesIt() {
        run("SET search_path TO \"$user\", public", "SET ROLE Tenant_A");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("tenant_a", "public");
        run("BEGIN", "SET LOCAL ROLE tenant_b");
        assertThat(path.schemas()).containsExactly("tenant_b", "public");
        run("COMMIT");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).as("SET LOCAL ROLE ended with its transaction").containsExactly("tenant_a", "public");
        run("RESET ROLE");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("alice", "public");
        run("SET ROLE tenant_b", "RESET ALL");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).as("the startup path, the session's own role").containsExactly("public");
    }

    @Test
    void aFailedImplicitTransactionUndoesItsChange() {
        run("SET search_path TO tenant_a");
        assertThat(path.schemas()).as("planned with it at once").containsExactly("tenant_a");
        path.readyForQuery('I', true);
        assertThat(path.schemas()).containsExactly("public");
    }

    @Test
    void aBlockThatFailsRollsBackEvenWhenItsClientCommits() {
        run("BEGIN", "SET search_path TO tenant_a");
        path.readyForQuery('T', false);
        path.readyForQuery('E', true);
        run("COMMIT");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("public");
    }

    @Test
    void setLocalEndsWithItsTransactionAndSessionSetOutlivesIt() {
        run("BEGIN", "SET search_path TO tenant_a", "SET LOCAL search_path TO tenant_b");
        path.readyForQuery('T', false);
        assertThat(path.schemas()).containsExactly("tenant_b");
        run("COMMIT");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("tenant_a");
    }

    @Test
    void rollbackToASavepointRestoresThePathItHeld() {
        run("BEGIN", "SAVEPOINT early", "SET search_path TO a", "SAVEPOINT s1", "SET search_path TO b",
                "SAVEPOINT s2", "SET LOCAL search_path TO c");
        assertThat(path.followsTransaction()).isTrue();
        run("ROLLBACK TO SAVEPOINT s2");
        assertThat(path.schemas()).containsExactly("b");
        run("SET search_path TO d", "ROLLBACK TO s1");
        assertThat(path.schemas()).as("s2 went with the rollback to s1's, s1 stays").containsExactly("a");
        run("SET search_path TO e", "ROLLBACK TO s1");
        assertThat(path.schemas()).containsExactly("a");
        run("ROLLBACK TO early");
        assertThat(path.schemas()).as("made before the first change").containsExactly("public");
        run("SET search_path TO f", "SAVEPOINT s3", "RELEASE s3", "COMMIT");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("f");
        assertThat(path.followsTransaction()).isFalse();
    }

    @Test
    void rollbackAndChainedEndsAreFollowed() {
        run("BEGIN", "SET search_path TO a", "ROLLBACK");
        assertThat(path.schemas()).containsExactly("public");
        path.readyForQuery('I', false);
        run("BEGIN", "SET search_path TO a", "SET LOCAL search_path TO b", "COMMIT AND CHAIN");
        path.readyForQuery('T', false);
        assertThat(path.schemas()).as("committed, SET LOCAL undone, a new transaction open").containsExactly("a");
        run("SET search_path TO c", "ROLLBACK");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).containsExactly("a");
    }

    @Test
    void anUnreadableValueKeepsTheLastKnownSchemasUntilSetAgain() {
        long before = path.version();
        run("SELECT set_config('search_path', $1, false)");
        path.readyForQuery('I', false);
        assertThat(path.unreadable()).isEqualTo("SELECT set_config('search_path', $1, false)");
        assertThat(path.schemas()).containsExactly("public");
        assertThat(path.version()).isGreaterThan(before);
        run("SET search_path TO a");
        path.readyForQuery('I', false);
        assertThat(path.unreadable()).isNull();
        assertThat(path.schemas()).containsExactly("a");
    }

    @Test
    void theServerSaysWhatAnUnreadableValueIs() {
        run("SELECT set_config('search_path', $1, false)");
        path.readyForQuery('I', false);
        assertThat(path.needsServer()).isTrue();
        path.learned("tenant_a, \"$user\"", "alice");
        assertThat(path.needsServer()).isFalse();
        assertThat(path.unreadable()).isNull();
        assertThat(path.schemas()).containsExactly("tenant_a", "alice");
        run("BEGIN", "SET search_path TO b", "ROLLBACK");
        path.readyForQuery('I', false);
        assertThat(path.schemas()).as("what the server said is what a rollback goes back to")
                .containsExactly("tenant_a", "alice");
    }

    @Test
    void aDefaultOnlyTheServerKnowsIsAskedAndBecomesWhatResetGoesBackTo() {
        SessionSearchPath fromRole = SessionSearchPath.startingWithDefault(List.of("public"), "alice");
        assertThat(fromRole.needsServer()).isTrue();
        assertThat(fromRole.schemas()).as("the stand-in, until the server says").containsExactly("public");
        fromRole.learned("\"$user\", tenant_a", "tenant_admin");
        assertThat(fromRole.schemas()).as("$user is the current role").containsExactly("tenant_admin", "tenant_a");
        fromRole.apply(new SearchPathCommand.Set(false, List.of("tenant_b")));
        fromRole.apply(new SearchPathCommand.Role(false, null));
        fromRole.readyForQuery('I', false);
        assertThat(fromRole.schemas()).containsExactly("tenant_b");
        fromRole.apply(new SearchPathCommand.Set(false, null));
        fromRole.readyForQuery('I', false);
        assertThat(fromRole.schemas()).as("RESET: the role's default").containsExactly("alice", "tenant_a");
        assertThat(fromRole.needsServer()).isFalse();

        SessionSearchPath unasked = SessionSearchPath.startingWithDefault(List.of("public"), "alice");
        unasked.apply(new SearchPathCommand.Set(false, List.of("tenant_b")));
        assertThat(unasked.needsServer()).isFalse();
        unasked.apply(new SearchPathCommand.ResetAll());
        assertThat(unasked.needsServer()).as("back to a default never asked for").isTrue();
    }

    @Test
    void requestsThatWentByUnseenMakeTheLastKnownValueAStandIn() {
        run("SET search_path TO a");
        path.readyForQuery('I', false);
        long before = path.version();
        path.forget();
        assertThat(path.needsServer()).isTrue();
        assertThat(path.schemas()).containsExactly("a");
        assertThat(path.version()).as("statements planned before are planned again").isGreaterThan(before);
        path.learned("b", "alice");
        run("RESET search_path");
        assertThat(path.schemas()).as("the startup path stays the default").containsExactly("public");
        assertThat(path.needsServer()).isFalse();
    }

    @Test
    void theVersionMovesOnlyWhenThePathDoes() {
        long before = path.version();
        run("SET search_path TO public");
        path.readyForQuery('I', false);
        assertThat(path.version()).isEqualTo(before);
        run("SET search_path TO a");
        assertThat(path.version()).isGreaterThan(before);
    }

    private SessionSearchPath after(String sql, Predicate<String> usesManaged) {
        return path.after(sql, LeadingWords.of(sql), usesManaged);
    }

    private static SearchPathCommand commandOf(String sql) {
        return SessionSearchPath.commandOf(sql, LeadingWords.of(sql));
    }

    @Test
    void aQueryStringsChangesApplyToACopyUnlessALaterStatementUsesAManagedTable() {
        assertThat(after("SELECT 1", sql -> true)).isSameAs(path);
        assertThat(after("SET statement_timeout = 0; SELECT * FROM users", sql -> true)).isSameAs(path);
        SessionSearchPath after = after("SET search_path TO a; SELECT 1", sql -> sql.contains("users"));
        assertThat(after.schemas()).containsExactly("a");
        assertThat(path.schemas()).as("unchanged until the string is sent").containsExactly("public");
        assertThat(after("SET search_path TO a; SELECT * FROM users", sql -> sql.contains("users"))).isNull();
        assertThat(after("SELECT * FROM users; SET search_path TO a", sql -> sql.contains("users")))
                .as("planned with the path it runs under").isNotNull();
        assertThat(after("SET search_path TO public; SELECT * FROM users", sql -> sql.contains("users")))
                .as("the same path").isNotNull();
    }

    @Test
    void aPreparedStatementsCommandIsItsOneStatements() {
        assertThat(commandOf("SET search_path TO a;")).isEqualTo(new SearchPathCommand.Set(false,
                List.of("a")));
        assertThat(commandOf("SELECT 1")).isNull();
        assertThat(SessionSearchPath.onlyCommands("SET search_path TO a; RESET ALL")).isTrue();
        assertThat(SessionSearchPath.onlyCommands("SET search_path TO a; SELECT * FROM users")).isFalse();
    }
}
