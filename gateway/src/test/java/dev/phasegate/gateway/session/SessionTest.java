package dev.phasegate.gateway.session;

import static dev.phasegate.gateway.protocol.Pg.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.gateway.hook.Decision;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.ServerAnswer;
import dev.phasegate.gateway.hook.SessionHook;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.protocol.Pg;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import dev.phasegate.gateway.protocol.frontend.Bind;
import dev.phasegate.gateway.protocol.frontend.Describe;
import dev.phasegate.gateway.protocol.frontend.Execute;
import dev.phasegate.gateway.protocol.frontend.Parse;
import dev.phasegate.gateway.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A session between two embedded channels: the test plays both the client and the server. */
class SessionTest {

    private final FakeUpstream upstream = new FakeUpstream();
    private final SessionRegistry registry = new SessionRegistry();
    private final CancelRegistry cancels = new CancelRegistry(upstream);
    private final List<EmbeddedChannel> clients = new ArrayList<>();

    @AfterEach
    void release() {
        clients.forEach(EmbeddedChannel::finishAndReleaseAll);
        upstream.close();
    }

    private EmbeddedChannel connect(QueryHook hook) {
        SessionServices services = new SessionServices(64 * 1024, null, hook, upstream, cancels, registry,
                Duration.ofSeconds(30), true);
        EmbeddedChannel client = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                Session.install(ch, services);
            }
        });
        clients.add(client);
        return client;
    }

    /** A hook that is shown every request (each test adds the methods it needs). */
    private abstract static class InspectingHook implements SessionHook {
        @Override
        public boolean inspectsRequests() {
            return true;
        }
    }

    /** Connects and logs in; returns the client, with the login's messages already read. */
    private EmbeddedChannel loggedIn(QueryHook hook) {
        EmbeddedChannel client = connect(hook);
        client.writeInbound(Pg.startup("user", "alice", "database", "app"));
        Wiretap.bytes(upstream.last()).release();
        upstream.last().writeInbound(concat(Pg.authenticationOk(), Pg.parameterStatus("client_encoding", "UTF8"),
                Pg.backendKeyData(4242, 0x0badcafe), Pg.readyForQuery('I')));
        Wiretap.bytes(client).release();
        return client;
    }

    @Test
    void forwardsTheStartupPacketUnchangedToANewUpstreamConnection() {
        EmbeddedChannel client = connect(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.startup("user", "alice", "database", "app"));
        Pg.assertBytes(Wiretap.bytes(upstream.last()), Pg.startup("user", "alice", "database", "app"));
    }

    @Test
    void relaysTheLoginButIssuesItsOwnCancelKey() {
        EmbeddedChannel client = connect(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.startup("user", "alice"));
        upstream.last().writeInbound(concat(Pg.authenticationOk(), Pg.backendKeyData(4242, 0x0badcafe),
                Pg.readyForQuery('I')));

        ByteBuf seen = Wiretap.bytes(client);
        assertThat(seen.getInt(9 + 5)).as("pid").isEqualTo(4242);
        assertThat(seen.getInt(9 + 9)).as("secret").isNotEqualTo(0x0badcafe);
        seen.release();
        assertThat(cancels.size()).isEqualTo(1);
    }

    @Test
    void leavesScramWithChannelBindingOutOfTheMechanismsOffered() {
        EmbeddedChannel client = connect(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.startup("user", "alice"));
        upstream.last().writeInbound(Pg.authenticationSasl("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"));
        assertThat(Wiretap.backend(client)).containsExactly("R 10 [SCRAM-SHA-256]");
    }

    @Test
    void sendsACancelRequestToTheRightBackendWithTheUpstreamsKey() {
        EmbeddedChannel client = connect(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.startup("user", "alice"));
        upstream.last().writeInbound(concat(Pg.authenticationOk(), Pg.backendKeyData(4242, 0x0badcafe)));
        ByteBuf seen = Wiretap.bytes(client);
        int issuedSecret = seen.getInt(9 + 9);
        seen.release();

        EmbeddedChannel canceller = connect(QueryHook.PASS_THROUGH);
        canceller.writeInbound(Unpooled.buffer().writeInt(16).writeInt(80877102).writeInt(4242).writeInt(issuedSecret));

        Pg.assertBytes(Wiretap.bytes(upstream.last()),
                Unpooled.buffer().writeInt(16).writeInt(80877102).writeInt(4242).writeInt(0x0badcafe));
        assertThat(canceller.isOpen()).isFalse();
    }

    @Test
    void ignoresACancelRequestWithAWrongKey() {
        EmbeddedChannel client = connect(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.startup("user", "alice"));
        upstream.last().writeInbound(concat(Pg.authenticationOk(), Pg.backendKeyData(4242, 0x0badcafe)));
        int connections = upstream.connections.size();

        EmbeddedChannel canceller = connect(QueryHook.PASS_THROUGH);
        canceller.writeInbound(Unpooled.buffer().writeInt(16).writeInt(80877102).writeInt(4242).writeInt(0x0badcafe));

        assertThat(upstream.connections).hasSize(connections);
        assertThat(canceller.isOpen()).isFalse();
    }

    @Test
    void passThroughForwardsRequestsAndResultsByteForByte() {
        EmbeddedChannel client = loggedIn(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.query("select a, b from t"));
        Pg.assertBytes(Wiretap.bytes(upstream.last()), Pg.query("select a, b from t"));

        upstream.last().writeInbound(concat(Pg.rowDescription("a", "b"), Pg.dataRow("1", null),
                Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I')));
        Pg.assertBytes(Wiretap.bytes(client), concat(Pg.rowDescription("a", "b"), Pg.dataRow("1", null),
                Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I')));
    }

    @Test
    void aHookCanRewriteAQueryAndAParse() {
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public Decision onQuery(Query query) {
                return Decision.replace(new Query(query.sql().replace("t_old", "t_new")));
            }

            @Override
            public Decision onParse(Parse parse) {
                return Decision.replace(parse.withSql(parse.sql() + " /* rewritten */"));
            }
        });
        client.writeInbound(concat(Pg.query("select * from t_old"), Pg.parse("s1", "select $1"), Pg.sync()));
        assertThat(Wiretap.frontend(upstream.last()))
                .containsExactly("Q select * from t_new", "P s1 select $1 /* rewritten */", "S");
    }

    @Test
    void bindDescribeAndExecuteTheHookLetsPassByNameStayUndecodedInTheForwardedBytes() {
        List<String> decoded = new ArrayList<>();
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public boolean passesBind(String portal, String statement) {
                return !statement.equals("watched");
            }

            @Override
            public boolean passesDescribe(char kind, String name) {
                return kind == 'P';
            }

            @Override
            public boolean passesExecute(String portal) {
                return !portal.equals("p1");
            }

            @Override
            public Decision onBind(Bind bind) {
                decoded.add("Bind " + bind.portal() + " " + bind.statement() + " " + bind.parameters().size());
                return Decision.forward();
            }

            @Override
            public Decision onDescribe(Describe describe) {
                decoded.add("Describe " + describe.kind() + " " + describe.name());
                return Decision.forward();
            }

            @Override
            public Decision onExecute(Execute execute) {
                decoded.add("Execute " + execute.portal());
                return Decision.forward();
            }
        });
        ByteBuf requests = concat(Pg.bind("", "plain", "1", null), Pg.describe('P', ""), Pg.execute(""),
                Pg.bind("p1", "watched", "2"), Pg.describe('S', "watched"), Pg.execute("p1"), Pg.sync());
        client.writeInbound(requests.retainedDuplicate());

        Pg.assertBytes(Wiretap.bytes(upstream.last()), requests);
        assertThat(decoded).containsExactly("Bind p1 watched 1", "Describe S watched", "Execute p1");

        // Every request is accounted for: the responses match up and the session goes on.
        upstream.last().writeInbound(concat(Pg.frame('2'), Pg.frame('n'), Pg.commandComplete("SELECT 0"),
                Pg.frame('2'), Pg.frame('n'), Pg.commandComplete("SELECT 0"), Pg.readyForQuery('I')));
        assertThat(Wiretap.backend(client)).hasSize(7).last().isEqualTo("Z I");
        assertThat(client.isActive()).isTrue();
    }

    @Test
    void aQueryTheHookLetsPassByItsTextStaysUndecodedInTheForwardedBytes() {
        List<String> decoded = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public boolean passesQuery(CharSequence sql) {
                seen.add(sql.toString());
                return !sql.toString().contains("watched");
            }

            @Override
            public Decision onQuery(Query query) {
                decoded.add(query.sql());
                return Decision.forward();
            }
        });
        ByteBuf notUtf8 = Pg.frame('Q', "select '".getBytes(StandardCharsets.US_ASCII));
        notUtf8.writeByte(0xFF).writeByte('\'').writeByte(0).setInt(1, notUtf8.readableBytes() - 1);
        ByteBuf requests = concat(Pg.query("select 1"), Pg.query("select 'watched'"), Pg.query("select 'é'"), notUtf8);
        client.writeInbound(requests.retainedDuplicate());
        Pg.assertBytes(Wiretap.bytes(upstream.last()), requests);
        assertThat(seen).as("ASCII, and any valid text in UTF-8, the session's client encoding")
                .containsExactly("select 1", "select 'watched'", "select 'é'");
        assertThat(decoded).as("declined by the hook, and not valid UTF-8").hasSize(2).first()
                .isEqualTo("select 'watched'");

        // In another client encoding only ASCII is viewed: the same character is decoded.
        upstream.last().writeInbound(Pg.parameterStatus("client_encoding", "LATIN1"));
        ByteBuf latin1 = Pg.frame('Q', "select 'é'\0".getBytes(StandardCharsets.ISO_8859_1));
        client.writeInbound(concat(Pg.query("select 2"), latin1));
        Wiretap.bytes(upstream.last()).release();
        assertThat(seen).hasSize(4).last().isEqualTo("select 2");
        assertThat(decoded).hasSize(3).last().isEqualTo("select 'é'");

        for (int i = 0; i < 6; i++) {
            upstream.last().writeInbound(concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I')));
        }
        assertThat(Wiretap.backend(client)).hasSize(13);
    }

    @Test
    void theSameUnnamedParseAgainIsShownToTheHookWithoutBeingDecoded() {
        List<String> parsed = new ArrayList<>();
        boolean[] passAgain = {true};
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public boolean passesUnnamedParseAgain() {
                return passAgain[0];
            }

            @Override
            public Decision onParse(Parse parse) {
                parsed.add(parse.sql());
                return parse.sql().contains("watched") ? Decision.forward(new ResultObserver() { })
                        : Decision.forward();
            }
        });
        ByteBuf requests = concat(Pg.parse("", "select $1"), Pg.sync(), Pg.parse("", "select $1"), Pg.sync(),
                Pg.parse("", "select 2"), Pg.parse("", "select $1"), Pg.parse("s1", "select $1"), Pg.sync());
        client.writeInbound(requests.retainedDuplicate());
        Pg.assertBytes(Wiretap.bytes(upstream.last()), requests);
        assertThat(parsed).as("decoded: the first, a different text, the first again after it, a named one")
                .containsExactly("select $1", "select 2", "select $1", "select $1");

        parsed.clear();
        passAgain[0] = false;
        client.writeInbound(Pg.parse("", "select $1"));
        assertThat(parsed).as("the hook declined: decoded").containsExactly("select $1");

        parsed.clear();
        passAgain[0] = true;
        client.writeInbound(concat(Pg.parse("", "select 'watched'"), Pg.parse("", "select 'watched'")));
        assertThat(parsed).as("observed: never passed again").hasSize(2);
        Wiretap.bytes(upstream.last()).release();
    }

    @Test
    void aMalformedExecuteIsNotPassedByNameButRefusedWith08P01() {
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public boolean passesExecute(String portal) {
                return true;
            }
        });
        client.writeInbound(Pg.frame('E', (byte) 0, (byte) 0));
        assertThat(Wiretap.backend(client)).singleElement().asString().startsWith("E FATAL 08P01 malformed Execute");
        assertThat(Wiretap.frontend(upstream.last())).containsExactly("X");
    }

    @Test
    void requestsPipelinedBehindTheStartupMessageWaitForTheLoginAndTheHook() {
        EmbeddedChannel client = connect(session -> new InspectingHook() {
            @Override
            public Decision onQuery(Query query) {
                return Decision.replace(new Query(query.sql() + " -- seen"));
            }
        });
        client.writeInbound(concat(Pg.startup("user", "alice"), Pg.query("select 1")));
        Pg.assertBytes(Wiretap.bytes(upstream.last()), Pg.startup("user", "alice"));

        upstream.last().writeInbound(concat(Pg.authenticationOk(), Pg.readyForQuery('I')));
        assertThat(Wiretap.frontend(upstream.last())).containsExactly("Q select 1 -- seen");
        upstream.last().writeInbound(concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I')));
        assertThat(Wiretap.backend(client)).containsExactly("R 0", "Z I", "C SELECT 1", "Z I");
    }

    @Test
    void passwordMessagesFlowDuringTheLogin() {
        EmbeddedChannel client = connect(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.startup("user", "alice"));
        Wiretap.bytes(upstream.last()).release();
        upstream.last().writeInbound(Pg.frame('R', b -> b.writeInt(5).writeInt(0x01020304)));
        client.writeInbound(Pg.frame('p', b -> Pg.cstring(b, "md5abc")));
        Pg.assertBytes(Wiretap.bytes(upstream.last()), Pg.frame('p', b -> Pg.cstring(b, "md5abc")));
    }

    /** A hook that asks the server {@code question} whenever it may, and keeps the answers. */
    private static final class AskingHook extends InspectingHook {
        final List<ServerAnswer> answers = new ArrayList<>();
        final List<String> decided = new ArrayList<>();

        @Override
        public String serverQuestion() {
            return "SELECT current_setting('search_path')";
        }

        @Override
        public void onServerAnswer(ServerAnswer answer) {
            answers.add(answer);
        }

        @Override
        public Decision onQuery(Query query) {
            decided.add(query.sql() + " after " + answers.size() + " answers");
            return Decision.forward();
        }
    }

    @Test
    void aHooksQuestionIsAnsweredBeforeTheRequestIsDecidedAndTheClientSeesNoneOfTheAnswer() {
        AskingHook hook = new AskingHook();
        EmbeddedChannel client = loggedIn(session -> hook);
        client.writeInbound(concat(Pg.query("select 1"), Pg.parse("s1", "select 2"), Pg.sync()));
        assertThat(Wiretap.frontend(upstream.last())).as("the requests wait for the answer")
                .containsExactly("Q SELECT current_setting('search_path')");

        upstream.last().writeInbound(concat(Pg.rowDescription("search_path"), Pg.dataRow("tenant_a, public"),
                Pg.parameterStatus("application_name", "app"), Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I')));
        assertThat(hook.answers).singleElement().satisfies(a -> {
            assertThat(a.row()).containsExactly("tenant_a, public");
            assertThat(a.error()).isNull();
        });
        assertThat(hook.decided).containsExactly("select 1 after 1 answers");
        assertThat(Wiretap.frontend(upstream.last())).containsExactly("Q select 1", "P s1 select 2", "S");
        assertThat(Wiretap.backend(client)).as("only what was not the answer's own")
                .containsExactly("S application_name=app");

        upstream.last().writeInbound(concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('T'), Pg.frame('1'),
                Pg.readyForQuery('T')));
        assertThat(Wiretap.backend(client)).containsExactly("C SELECT 1", "Z T", "1", "Z T");
    }

    @Test
    void aQuestionTheServerRefusesIsAskedOncePerRoundTripAndNotInATransactionBlock() {
        AskingHook hook = new AskingHook();
        EmbeddedChannel client = loggedIn(session -> hook);
        client.writeInbound(Pg.query("select 1"));
        upstream.last().writeInbound(concat(Pg.error("57014", "canceling statement due to user request"),
                Pg.readyForQuery('I')));
        assertThat(hook.answers).singleElement().satisfies(a -> {
            assertThat(a.row()).isNull();
            assertThat(a.error().sqlState()).isEqualTo("57014");
        });
        assertThat(Wiretap.frontend(upstream.last())).as("the request goes on, unanswered")
                .containsExactly("Q SELECT current_setting('search_path')", "Q select 1");
        assertThat(Wiretap.backend(client)).isEmpty();

        upstream.last().writeInbound(concat(Pg.commandComplete("BEGIN"), Pg.readyForQuery('T')));
        client.writeInbound(Pg.query("select 1/0"));
        assertThat(Wiretap.frontend(upstream.last())).as("not asked in a transaction block")
                .containsExactly("Q select 1/0");
        upstream.last().writeInbound(concat(Pg.error("22012", "division by zero"), Pg.readyForQuery('E')));
        Wiretap.bytes(client).release();
        client.writeInbound(Pg.query("rollback"));
        assertThat(Wiretap.frontend(upstream.last())).as("nor in a failed one").containsExactly("Q rollback");
        upstream.last().writeInbound(concat(Pg.commandComplete("ROLLBACK"), Pg.readyForQuery('I')));
        Wiretap.bytes(client).release();
        client.writeInbound(Pg.query("select 2"));
        assertThat(Wiretap.frontend(upstream.last())).as("asked again in the next round trip")
                .containsExactly("Q SELECT current_setting('search_path')");
    }

    @Test
    void aFatalErrorAnsweringTheQuestionReachesTheClient() {
        EmbeddedChannel client = loggedIn(session -> new AskingHook());
        client.writeInbound(Pg.query("select 1"));
        upstream.last().writeInbound(Pg.fatal("57P01", "terminating connection due to administrator command"));
        upstream.last().close();
        assertThat(Wiretap.backend(client))
                .containsExactly("E FATAL 57P01 terminating connection due to administrator command");
        assertThat(client.isActive()).isFalse();
    }

    @Test
    void aRejectedQueryFailsUpstreamAsAStandInAndTheClientGetsTheHooksError() {
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public Decision onQuery(Query query) {
                return Decision.reject(ErrorResponse.error("0A000", "not while the column is contracting"));
            }
        });
        client.writeInbound(Pg.query("update users set email = 'x'"));
        assertThat(Wiretap.frontend(upstream.last())).containsExactly("Q PHASEGATE REJECTED STATEMENT");

        upstream.last().writeInbound(concat(Pg.error("42601", "syntax error at or near \"PHASEGATE\""),
                Pg.readyForQuery('E')));
        assertThat(Wiretap.backend(client))
                .containsExactly("E ERROR 0A000 not while the column is contracting", "Z E");
    }

    @Test
    void aHookThatThrowsRejectsThatRequestAndTheSessionGoesOn() {
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public Decision onQuery(Query query) {
                if (query.sql().contains("boom")) {
                    throw new IllegalStateException("boom");
                }
                return Decision.forward();
            }
        });
        client.writeInbound(Pg.query("select 'boom'"));
        upstream.last().writeInbound(concat(Pg.error("42601", "syntax error"), Pg.readyForQuery('I')));
        assertThat(Wiretap.backend(client)).containsExactly("E ERROR XX000 phasegate: query hook failed: boom", "Z I");

        client.writeInbound(Pg.query("select 1"));
        assertThat(Wiretap.frontend(upstream.last())).containsExactly("Q PHASEGATE REJECTED STATEMENT", "Q select 1");
        assertThat(client.isActive()).isTrue();
    }

    @Test
    void aResultObserverCanDropColumnsAndLearnsHowTheStatementEnded() {
        List<StatementOutcome> outcomes = new ArrayList<>();
        ResultObserver dropSecret = new ResultObserver() {
            @Override
            public boolean filtersRows() {
                return true;
            }

            @Override
            public RowDescription onRowDescription(RowDescription description) {
                return description.project(0);
            }

            @Override
            public DataRow onDataRow(DataRow row) {
                return row.project(0);
            }

            @Override
            public void onComplete(StatementOutcome outcome) {
                outcomes.add(outcome);
            }
        };
        EmbeddedChannel client = loggedIn(session -> new InspectingHook() {
            @Override
            public Decision onQuery(Query query) {
                return Decision.forward(dropSecret);
            }
        });
        client.writeInbound(Pg.query("select name, secret from t"));
        upstream.last().writeInbound(concat(Pg.rowDescription("name", "secret"), Pg.dataRow("ada", "s1"),
                Pg.dataRow("alan", "s2"), Pg.commandComplete("SELECT 2"), Pg.readyForQuery('I')));

        assertThat(Wiretap.backend(client)).containsExactly("T name", "D ada", "D alan", "C SELECT 2", "Z I");
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(StatementOutcome.Kind.COMPLETED);
            assertThat(o.commandTag()).isEqualTo("SELECT 2");
            assertThat(o.rows()).isEqualTo(2);
            assertThat(o.durationNanos()).isPositive();
        });
    }

    @Test
    void aMalformedFrameGets08P01AndClosesOnlyThatSession() {
        EmbeddedChannel other = loggedIn(QueryHook.PASS_THROUGH);
        EmbeddedChannel otherUpstream = upstream.last();
        EmbeddedChannel client = loggedIn(QueryHook.PASS_THROUGH);
        EmbeddedChannel clientUpstream = upstream.last();

        client.writeInbound(Pg.frame('z', (byte) 0));

        assertThat(Wiretap.backend(client))
                .containsExactly("E FATAL 08P01 invalid frontend message type 'z' (0x7a)");
        assertThat(client.isOpen()).isFalse();
        assertThat(Wiretap.frontend(clientUpstream)).containsExactly("X");
        assertThat(clientUpstream.isOpen()).isFalse();
        assertThat(other.isActive()).isTrue();
        assertThat(otherUpstream.isActive()).isTrue();
    }

    @Test
    void aFrameOverTheLimitGets08P01() {
        EmbeddedChannel client = loggedIn(QueryHook.PASS_THROUGH);
        client.writeInbound(Unpooled.buffer().writeByte('Q').writeInt(100_000));
        assertThat(Wiretap.backend(client)).singleElement().asString()
                .startsWith("E FATAL 08P01 Query message of 100000 bytes exceeds the gateway's limit of 65536 bytes");
    }

    @Test
    void anUnreachableUpstreamGets08001NamingIt() {
        upstream.refuse = true;
        EmbeddedChannel client = connect(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.startup("user", "alice"));
        assertThat(Wiretap.backend(client)).containsExactly(
                "E FATAL 08001 could not connect to upstream server db.example:5432: Connection refused");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void losingTheUpstreamMidSessionGets08006() {
        EmbeddedChannel client = loggedIn(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.query("select pg_sleep(10)"));
        upstream.last().close();
        assertThat(Wiretap.backend(client)).containsExactly("E FATAL 08006 lost connection to upstream db.example:5432: "
                + "server closed the connection unexpectedly");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void anUpstreamThatSaysWhyItEndsTheSessionIsNotContradicted() {
        EmbeddedChannel client = loggedIn(QueryHook.PASS_THROUGH);
        upstream.last().writeInbound(Pg.fatal("57P01", "terminating connection due to administrator command"));
        upstream.last().close();
        assertThat(Wiretap.backend(client))
                .containsExactly("E FATAL 57P01 terminating connection due to administrator command");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aSlowClientStopsReadsFromTheUpstreamUntilItCatchesUp() {
        EmbeddedChannel client = loggedIn(QueryHook.PASS_THROUGH);
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64, 128));
        EmbeddedChannel server = upstream.last();
        assertThat(server.config().isAutoRead()).isTrue();

        // Rows arrive but the read batch is not over (no flush yet): the client's buffer fills up.
        server.pipeline().fireChannelRead(Pg.dataRow("x".repeat(200)));
        assertThat(client.isWritable()).isFalse();
        assertThat(server.config().isAutoRead()).isFalse();

        client.flush();
        assertThat(client.isWritable()).isTrue();
        assertThat(server.config().isAutoRead()).isTrue();
        Wiretap.bytes(client).release();
    }

    @Test
    void shutdownEndsAnIdleSessionAtOnceAndABusyOneWhenItIsDone() {
        EmbeddedChannel idle = loggedIn(QueryHook.PASS_THROUGH);
        EmbeddedChannel busy = loggedIn(QueryHook.PASS_THROUGH);
        EmbeddedChannel busyUpstream = upstream.last();
        busy.writeInbound(Pg.query("select pg_sleep(1)"));

        registry.drainAll();
        idle.runPendingTasks();
        busy.runPendingTasks();
        assertThat(Wiretap.backend(idle)).containsExactly(
                "E FATAL 57P01 terminating connection because the gateway is shutting down");
        assertThat(idle.isOpen()).isFalse();
        assertThat(busy.isActive()).isTrue();

        busyUpstream.writeInbound(concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I')));
        assertThat(Wiretap.backend(busy)).containsExactly("C SELECT 1", "Z I",
                "E FATAL 57P01 terminating connection because the gateway is shutting down");
        assertThat(busy.isOpen()).isFalse();
    }

    @Test
    void aSessionInATransactionBlockIsNotEndedByShutdownUntilItIsIdle() {
        EmbeddedChannel client = loggedIn(QueryHook.PASS_THROUGH);
        client.writeInbound(Pg.query("begin"));
        upstream.last().writeInbound(concat(Pg.commandComplete("BEGIN"), Pg.readyForQuery('T')));
        Wiretap.bytes(client).release();

        registry.drainAll();
        client.runPendingTasks();
        assertThat(client.isActive()).isTrue();

        client.writeInbound(Pg.query("commit"));
        upstream.last().writeInbound(concat(Pg.commandComplete("COMMIT"), Pg.readyForQuery('I')));
        assertThat(Wiretap.backend(client)).endsWith("E FATAL 57P01 terminating connection because the gateway is "
                + "shutting down");
    }
}
