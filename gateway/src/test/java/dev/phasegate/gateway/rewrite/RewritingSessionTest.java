package dev.phasegate.gateway.rewrite;

import static dev.phasegate.gateway.it.Eventually.assertThatEventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.admin.audit.AuditLog;
import dev.phasegate.admin.audit.AuditQuery;
import dev.phasegate.admin.audit.AuditRecord;
import dev.phasegate.admin.audit.StatementFingerprinter;
import dev.phasegate.config.ConfigLoader;
import dev.phasegate.config.PhasegateConfig;
import dev.phasegate.config.column.Phase;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.gateway.hook.Decision;
import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.hook.SessionInfo;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.protocol.backend.ParameterDescription;
import dev.phasegate.gateway.protocol.frontend.Bind;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.Execute;
import dev.phasegate.gateway.protocol.frontend.Parse;
import dev.phasegate.gateway.protocol.frontend.Query;
import dev.phasegate.rewriter.SqlRewriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rewriting hook on decoded messages, without a network: what it decides for each request. */
class RewritingSessionTest {

    private static final PhasegateConfig CONFIG = ConfigLoader.parse("""
            upstream:
              database: app
            """, "test", Map.of());

    private final AtomicReference<PhaseSnapshot> snapshot = new AtomicReference<>(
            StatementAuditTest.snapshot(Phase.HIDDEN, "email_lower"));
    private final AuditLog audit = new AuditLog(CONFIG.audit(), "gw-test", Duration.ofMinutes(30),
            Clock.systemUTC()).start();
    private final RewritingHook hook = hook(CONFIG, audit, new LexerFingerprinter());
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void release() {
        buffers.forEach(ByteBuf::release);
        audit.close();
    }

    private RewritingHook hook(PhasegateConfig config, AuditLog log, StatementFingerprinter fingerprinter) {
        return RewritingHook.builder(config)
                .rewriter(new SqlRewriter(config.rewriter()))
                .snapshots(snapshot::get)
                .catalogs(() -> StatementAuditTest.CATALOG)
                .audit(log)
                .fingerprinter(fingerprinter)
                .gatewayId("gw-test")
                .build();
    }

    private SessionHook session(String database) {
        return session(hook, database);
    }

    private static SessionHook session(RewritingHook hook, String database) {
        return hook.openSession(new SessionInfo(1, "alice", database, "app-test",
                new InetSocketAddress("127.0.0.1", 50000), Instant.now(), Map.of()));
    }

    private ByteBuf value(String text) {
        ByteBuf b = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        buffers.add(b);
        return b;
    }

    private void flip(Phase phase) {
        PhaseSnapshot before = snapshot.get();
        snapshot.set(new PhaseSnapshot(before.version() + 1,
                List.of(before.columns().iterator().next().withPhase(phase))));
    }

    @Test
    void sessionsOnOtherDatabasesPassThroughUndecoded() {
        assertThat(session("other")).isSameAs(SessionHook.PASS_THROUGH);
    }

    @Test
    void aParseIsRewrittenAndItsBindLosesTheParameterTheRewriteRemoved() {
        SessionHook s = session("app");
        assertThat(s.inspectsRequests()).isTrue();
        Decision parse = s.onParse(new Parse("S_1", "UPDATE users SET email = $1, email_lower = $2 WHERE id = $3",
                new int[] {25, 25, 20}));
        assertThat(parse).isInstanceOf(Decision.Replace.class);
        Parse sent = (Parse) ((Decision.Replace) parse).message();
        assertThat(sent.sql()).doesNotContain("email_lower").contains("$2").doesNotContain("$3");
        assertThat(sent.parameterTypes()).containsExactly(25, 20);

        Decision bind = s.onBind(new Bind("", "S_1", new short[] {0, 0, 1},
                List.of(value("a@x"), value("dropped"), value("7")), new short[0]));
        Bind remapped = (Bind) ((Decision.Replace) bind).message();
        assertThat(remapped.parameters()).extracting(b -> b.toString(StandardCharsets.UTF_8))
                .containsExactly("a@x", "7");
        assertThat(remapped.parameterFormats()).containsExactly(0, 1);

        ResultObserver describe = s.onDescribe(new Describe(Describe.STATEMENT, "S_1")).observer();
        assertThat(describe.onParameterDescription(new ParameterDescription(new int[] {25, 20})).typeOids())
                .containsExactly(25, 25, 20);
    }

    @Test
    void aBindAfterAFlipThatChangesTheStatementIsRefusedSoTheClientPreparesAgain() {
        SessionHook s = session("app");
        s.inspectsRequests();
        s.onParse(new Parse("S_1", "SELECT * FROM users WHERE id = $1", new int[] {20}));
        flip(Phase.WRITE);
        flip(Phase.SHADOW);
        Decision bind = s.onBind(new Bind("", "S_1", new short[0], List.of(value("1")), new short[0]));
        assertThat(bind).isInstanceOf(Decision.Reject.class);
        var error = ((Decision.Reject) bind).error();
        assertThat(error.sqlState()).isEqualTo("0A000");
        assertThat(error.message()).isEqualTo("cached plan must not change result type");
        assertThat(error.fields()).containsEntry('R', "RevalidateCachedQuery");
        // Prepared again, it runs under the new rules.
        assertThat(s.onParse(new Parse("S_2", "SELECT * FROM users WHERE id = $1", new int[] {20})))
                .isInstanceOf(Decision.Replace.class);
        assertThat(s.onBind(new Bind("", "S_2", new short[0], List.of(value("1")), new short[0])))
                .isInstanceOf(Decision.Forward.class);
    }

    @Test
    void aBindAfterAFlipThatLeavesTheStatementAloneRunsAndIsAuditedUnderTheNewSnapshot() {
        SessionHook s = session("app");
        s.inspectsRequests();
        s.onParse(new Parse("S_1", "SELECT email FROM users WHERE id = $1", new int[] {20}));
        flip(Phase.WRITE);
        long version = snapshot.get().version();
        assertThat(s.onBind(new Bind("", "S_1", new short[0], List.of(value("1")), new short[0])))
                .isInstanceOf(Decision.Forward.class);
        ResultObserver execute = s.onExecute(new Execute("", 0)).observer();
        assertThat(execute).isNotNull();
        execute.onComplete(new StatementOutcome(StatementOutcome.Kind.COMPLETED, "SELECT 1", 1, null, 5_000));
        AuditRecord record = awaitRecord();
        assertThat(record.snapshotVersion()).isEqualTo(version);
        assertThat(record.columns().get(0).phase()).isEqualTo(Phase.WRITE);
        assertThat(record.columns().get(0).readsSource()).isTrue();
        assertThat(record.session().applicationName()).isEqualTo("app-test");
        assertThat(record.statement()).isEqualTo("SELECT email FROM users WHERE id = $1");
        assertThat(record.rows()).isEqualTo(1);
    }

    @Test
    void everyExecutionOfAPreparedStatementIsAuditedWithOneSharedRedactedText() {
        flip(Phase.WRITE);
        String sql = "UPDATE users SET email = 'user-' || $1 WHERE id = $2";
        for (SessionHook s : List.of(session("app"), session("app"))) {
            s.inspectsRequests();
            s.onParse(new Parse("S_1", new String(sql), new int[] {25, 20})); // each session decodes its own text
            for (int i = 0; i < 2; i++) {
                s.onBind(new Bind("", "S_1", new short[0], List.of(value("a"), value("1")), new short[0]));
                s.onExecute(new Execute("", 0)).observer()
                        .onComplete(new StatementOutcome(StatementOutcome.Kind.COMPLETED, "UPDATE 1", 1, null, 5_000));
            }
        }
        List<AuditRecord> records = awaitRecords(4);

        // Redacted once per distinct text, and one object for all of them: the audit writer
        // remembers a text's encoding by identity, so this is what spares it the encoding.
        assertThat(records).extracting(AuditRecord::statement)
                .containsOnly("UPDATE users SET email = ? || $1 WHERE id = $2");
        assertThat(records).allSatisfy(r -> assertThat(r.statement()).isSameAs(records.get(0).statement()));
        assertThat(records).allSatisfy(r -> assertThat(r.fingerprint()).isSameAs(records.get(0).fingerprint()));
    }

    @Test
    void queriesThatInlineTheirValuesAreRedactedOncePerLiteralShape() {
        for (boolean redact : new boolean[] {true, false}) {
            PhasegateConfig config = ConfigLoader.parse("upstream:\n  database: app\naudit:\n  redactLiterals: "
                    + redact + "\n", "test", Map.of());
            AtomicInteger lexed = new AtomicInteger();
            LexerFingerprinter lexer = new LexerFingerprinter();
            StatementFingerprinter counting = new StatementFingerprinter() {
                @Override
                public String redact(String sql) {
                    lexed.incrementAndGet();
                    return lexer.redact(sql);
                }

                @Override
                public String fingerprint(String sql) {
                    return lexer.fingerprint(sql);
                }
            };
            flip(Phase.WRITE);
            try (AuditLog log = new AuditLog(config.audit(), "gw-test", Duration.ofMinutes(30), Clock.systemUTC())
                    .start()) {
                SessionHook s = session(hook(config, log, counting), "app");
                s.inspectsRequests();
                for (int id = 1; id <= 6; id++) {
                    String sql = "UPDATE users SET email = 'user-" + id + "@x' /* req */ WHERE id = " + id;
                    s.onQuery(new Query(sql)).observer()
                            .onComplete(new StatementOutcome(StatementOutcome.Kind.COMPLETED, "UPDATE 1", 1, null, 1));
                }
                List<AuditRecord> records = awaitRecords(log, 6);

                // Lexed for the audit twice: the first statement is planned from its own text,
                // the second from the shape's plan, and the rest share the second's text.
                assertThat(lexed.get()).as("redactions, redactLiterals: " + redact).isEqualTo(2);
                if (redact) {
                    assertThat(records).extracting(AuditRecord::statement).containsOnly(
                            "UPDATE users SET email = ? WHERE id = ?");
                } else {
                    assertThat(records).extracting(AuditRecord::statement).doesNotHaveDuplicates()
                            .allSatisfy(text -> assertThat(text).startsWith("UPDATE users SET email = 'user-"));
                }
                assertThat(records).extracting(AuditRecord::fingerprint).containsOnly(records.get(0).fingerprint());
            }
        }
    }

    @Test
    void statementsThatNameNoManagedTableAreForwardedWithoutAnObserver() {
        SessionHook s = session("app");
        s.inspectsRequests();
        assertThat(s.onParse(new Parse("", "SELECT * FROM orders WHERE id = $1", new int[0])))
                .isSameAs(Decision.FORWARD);
        assertThat(s.onBind(new Bind("", "", new short[0], List.of(value("1")), new short[0])))
                .isSameAs(Decision.FORWARD);
        assertThat(s.onExecute(new Execute("", 0))).isSameAs(Decision.FORWARD);
        assertThat(s.onQuery(new dev.phasegate.gateway.protocol.frontend.Query("SELECT 1")))
                .isSameAs(Decision.FORWARD);
    }

    @Test
    void onlyStatementsThatNeedNothingPassByNameTheOthersAreDecoded() {
        SessionHook s = session("app");
        s.inspectsRequests();
        s.onParse(new Parse("plain", "SELECT * FROM orders WHERE id = $1", new int[0]));
        s.onParse(new Parse("managed", "SELECT email FROM users WHERE id = $1", new int[0]));

        assertThat(s.passesBind("", "plain")).isTrue();
        assertThat(s.passesDescribe(Describe.PORTAL, "")).isTrue();
        assertThat(s.passesExecute("")).isTrue();
        assertThat(s.passesDescribe(Describe.STATEMENT, "plain")).isTrue();

        assertThat(s.passesBind("p1", "managed")).as("audited: its portal is followed").isFalse();
        assertThat(s.onBind(new Bind("p1", "managed", new short[0], List.of(value("1")), new short[0])))
                .isInstanceOf(Decision.Forward.class);
        assertThat(s.passesExecute("p1")).isFalse();
        assertThat(s.onExecute(new Execute("p1", 0)).observer()).isNotNull();

        // A Bind by name replaces the portal of that name, as the server does.
        assertThat(s.passesBind("p1", "plain")).isTrue();
        assertThat(s.passesExecute("p1")).isTrue();

        flip(Phase.WRITE);
        assertThat(s.passesBind("", "plain")).as("planned under an older snapshot: planned again").isFalse();
        assertThat(s.onBind(new Bind("", "plain", new short[0], List.of(value("1")), new short[0])))
                .isSameAs(Decision.FORWARD);
        assertThat(s.passesBind("", "plain")).isTrue();
    }

    @Test
    void aQueryPassesByItsTextOnlyWhenItNamesNoManagedTableAndIsNoDdl() {
        SessionHook s = session("app");
        s.inspectsRequests();
        assertThat(s.passesQuery(new StringBuilder("SELECT * FROM orders WHERE id = 1"))).isTrue();
        assertThat(s.passesQuery(new StringBuilder("SELECT email FROM users WHERE id = 1"))).isFalse();
        assertThat(s.passesQuery(new StringBuilder("ALTER TABLE orders ADD COLUMN x int"))).isFalse();
        assertThat(s.passesQuery(new StringBuilder("select 'users'"))).as("a name in a literal is no reference")
                .isTrue();
        // Texts in UTF-8 are shown with their other characters too: they change nothing of the above.
        assertThat(s.passesQuery(new StringBuilder("SELECT * FROM orders WHERE note = 'Zo\u00eb \ud83d\udc18'")))
                .isTrue();
        assertThat(s.passesQuery(new StringBuilder("UPDATE users SET email = 'Zo\u00eb@example.com' WHERE id = 1")))
                .isFalse();
        assertThat(s.passesQuery(new StringBuilder("/* r\u00e9sum\u00e9 */ SELECT email FROM \"users\"")))
                .isFalse();
    }

    @Test
    void theSameUnnamedParseMayPassAgainOnlyWhileNothingItDependsOnChanged() {
        SessionHook s = session("app");
        s.inspectsRequests();
        assertThat(s.passesUnnamedParseAgain()).as("nothing prepared yet").isFalse();
        s.onParse(new Parse("", "SELECT * FROM orders WHERE id = $1", new int[0]));
        assertThat(s.passesUnnamedParseAgain()).isTrue();
        flip(Phase.WRITE);
        assertThat(s.passesUnnamedParseAgain()).as("planned under an older snapshot").isFalse();
        s.onParse(new Parse("", "SELECT * FROM orders WHERE id = $1", new int[0]));
        assertThat(s.passesUnnamedParseAgain()).isTrue();
        s.onParse(new Parse("", "SELECT email FROM users WHERE id = $1", new int[0]));
        assertThat(s.passesUnnamedParseAgain()).as("a managed table: audited").isFalse();
    }

    @Test
    void aSessionThatStartsWatchingLateRefusesStatementsItNeverSawPrepared() {
        PhaseSnapshot managed = snapshot.get();
        snapshot.set(new PhaseSnapshot(managed.version() + 1, List.of()));
        SessionHook s = session("app");
        assertThat(s.inspectsRequests()).isFalse(); // nothing managed: bytes only
        assertThat(s.inspectsRequests()).isFalse();
        snapshot.set(new PhaseSnapshot(managed.version() + 2, managed.columns()));
        assertThat(s.inspectsRequests()).isTrue();
        assertThat(s.passesBind("", "S_7")).isFalse();
        Decision bind = s.onBind(new Bind("", "S_7", new short[0], List.of(), new short[0]));
        assertThat(bind).isInstanceOf(Decision.Reject.class);
        assertThat(((Decision.Reject) bind).error().fields()).containsEntry('R', "RevalidateCachedQuery");
    }

    // ---- SQL-level prepared statements ---------------------------------------------------------------

    private static final StatementOutcome DONE = new StatementOutcome(StatementOutcome.Kind.COMPLETED, "PREPARE", 0,
            null, 1_000);

    private static void complete(Decision decision, StatementOutcome... outcomes) {
        for (StatementOutcome outcome : outcomes) {
            decision.observer().onComplete(outcome);
        }
    }

    @Test
    void anSqlLevelPreparedStatementIsFollowedFromTheServersPrepareToItsDeallocate() {
        SessionHook s = session("app");
        s.inspectsRequests();
        Decision prepare = s.onQuery(new Query("PREPARE p AS SELECT * FROM users"));
        assertThat(((Query) ((Decision.Replace) prepare).message()).sql()).doesNotContain("*");
        assertThat(s.passesQuery(new StringBuilder("EXECUTE p"))).as("not prepared on the server yet").isTrue();
        complete(prepare, DONE);
        assertThat(s.passesQuery(new StringBuilder("EXECUTE p"))).isFalse();
        assertThat(s.passesQuery(new StringBuilder("SELECT * FROM orders"))).as("other statements still pass")
                .isTrue();

        Decision execute = s.onQuery(new Query("EXECUTE p"));
        assertThat(execute).isInstanceOf(Decision.Forward.class);
        complete(execute, new StatementOutcome(StatementOutcome.Kind.COMPLETED, "SELECT 2", 2, null, 1_000));
        List<AuditRecord> records = awaitRecords(2);
        assertThat(records).extracting(AuditRecord::statement).contains("EXECUTE p");

        complete(s.onQuery(new Query("DEALLOCATE p")), DONE);
        assertThat(s.passesQuery(new StringBuilder("EXECUTE p"))).as("deallocated").isTrue();
    }

    @Test
    void aPrepareTheServerRefusedIsNotFollowedAndDiscardAllDropsEveryStatement() {
        SessionHook s = session("app");
        s.inspectsRequests();
        complete(s.onQuery(new Query("PREPARE p AS SELECT * FROM users; PREPARE q AS SELECT email FROM users")),
                DONE, new StatementOutcome(StatementOutcome.Kind.FAILED, null, -1, null, 1_000));
        assertThat(s.passesQuery(new StringBuilder("EXECUTE p"))).isFalse();
        assertThat(s.onQuery(new Query("EXECUTE q"))).as("q failed: not followed").isSameAs(Decision.FORWARD);
        complete(s.onQuery(new Query("DISCARD ALL")), DONE);
        assertThat(s.passesQuery(new StringBuilder("EXECUTE p"))).isTrue();
    }

    @Test
    void anExecuteAfterAFlipIsRefusedOnlyWhenTheStatementWouldNowBeSentDifferently() {
        SessionHook s = session("app");
        s.inspectsRequests();
        complete(s.onQuery(new Query("PREPARE star AS SELECT * FROM users; PREPARE one AS SELECT email FROM users")),
                DONE, DONE);
        flip(Phase.WRITE);
        assertThat(s.onQuery(new Query("EXECUTE star"))).as("hidden from * in write too")
                .isInstanceOf(Decision.Forward.class);
        flip(Phase.SHADOW);
        flip(Phase.READ);
        Decision refused = s.onQuery(new Query("EXECUTE star"));
        assertThat(refused).isInstanceOf(Decision.Reject.class);
        var error = ((Decision.Reject) refused).error();
        assertThat(error.sqlState()).isEqualTo("0A000");
        assertThat(error.fields().get('D')).contains("prepared statement \"star\"").contains("PREPARE it again");
        assertThat(s.onQuery(new Query("EXECUTE one"))).as("the source read: sent alike")
                .isInstanceOf(Decision.Forward.class);
        // Over the extended protocol, a statement that EXECUTEs it is refused at Bind the same way.
        s.onParse(new Parse("S_1", "EXECUTE one", new int[0]));
        assertThat(s.onBind(new Bind("", "S_1", new short[0], List.of(), new short[0])))
                .isInstanceOf(Decision.Forward.class);
        flip(Phase.CONTRACT);
        assertThat(s.onBind(new Bind("", "S_1", new short[0], List.of(), new short[0])))
                .isInstanceOf(Decision.Reject.class);
    }

    private AuditRecord awaitRecord() {
        return awaitRecords(1).get(0);
    }

    private List<AuditRecord> awaitRecords(int count) {
        return awaitRecords(audit, count);
    }

    private static List<AuditRecord> awaitRecords(AuditLog audit, int count) {
        assertThatEventually(Duration.ofSeconds(2), () -> assertThat(audit.query(AuditQuery.recent(10)))
                .as("audit records").hasSizeGreaterThanOrEqualTo(count));
        return audit.query(AuditQuery.recent(10));
    }
}
