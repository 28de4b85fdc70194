package dev.phasegate.gateway.session;

import static dev.phasegate.gateway.protocol.Pg.concat;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.phasegate.gateway.hook.QueryHook;
import dev.phasegate.gateway.protocol.Pg;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProtocolTraceTest {

    private final Logger trace = (Logger) LoggerFactory.getLogger("dev.phasegate.gateway.protocol.trace");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final FakeUpstream upstream = new FakeUpstream();
    private EmbeddedChannel client;

    @BeforeEach
    void traceOn() {
        lines.start();
        trace.addAppender(lines);
        trace.setLevel(Level.TRACE);
    }

    @AfterEach
    void traceOff() {
        trace.setLevel(null);
        trace.detachAppender(lines);
        client.finishAndReleaseAll();
        upstream.close();
    }

    @Test
    void tracesEveryMessageWithItsDirection() {
        SessionRegistry registry = new SessionRegistry();
        SessionServices services = new SessionServices(1 << 20, null, QueryHook.PASS_THROUGH, upstream,
                new CancelRegistry(upstream), registry, Duration.ofSeconds(30), true);
        client = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                Session.install(ch, services);
            }
        });
        client.writeInbound(Pg.startup("user", "alice"));
        upstream.last().writeInbound(concat(Pg.authenticationOk(), Pg.readyForQuery('I')));
        client.writeInbound(Pg.query("select 1"));
        upstream.last().writeInbound(concat(Pg.commandComplete("SELECT 1"), Pg.readyForQuery('I')));

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "[1] FE=> StartupMessage[majorVersion=3, minorVersion=0, parameters={user=alice}]",
                "[1] <=BE Authentication (9 bytes)",
                "[1] <=BE ReadyForQuery (6 bytes)",
                "[1] FE=> Query (14 bytes)",
                "[1] <=BE CommandComplete (14 bytes)",
                "[1] <=BE ReadyForQuery (6 bytes)");
        Wiretap.bytes(client).release();
        Wiretap.bytes(upstream.last()).release();
    }
}
