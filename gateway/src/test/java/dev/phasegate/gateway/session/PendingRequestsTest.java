package dev.phasegate.gateway.session;

import static dev.phasegate.gateway.session.PendingRequests.BIND;
import static dev.phasegate.gateway.session.PendingRequests.DESCRIBE;
import static dev.phasegate.gateway.session.PendingRequests.EXECUTE;
import static dev.phasegate.gateway.session.PendingRequests.PARSE;
import static dev.phasegate.gateway.session.PendingRequests.QUERY;
import static dev.phasegate.gateway.session.PendingRequests.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.hook.StatementOutcome;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private final PendingRequests pending = new PendingRequests();
    private final List<String> outcomes = new ArrayList<>();

    private ResultObserver observer(String name) {
        return new ResultObserver() {
            @Override
            public void onComplete(StatementOutcome o) {
                outcomes.add(name + " " + o.kind() + (o.commandTag() == null ? "" : " " + o.commandTag())
                        + (o.sqlState() == null ? "" : " " + o.sqlState()));
            }
        };
    }

    private static ErrorResponse error(String state) {
        return ErrorResponse.error(state, "x");
    }

    @Test
    void matchesAnExtendedBatchInOrder() {
        pending.add(PARSE, observer("parse"));
        pending.add(BIND, observer("bind"));
        pending.add(DESCRIBE, observer("describe"));
        pending.add(EXECUTE, observer("execute"));
        pending.add(SYNC, null);

        pending.acknowledge(PARSE);
        pending.acknowledge(BIND);
        pending.rowDescription();
        pending.commandComplete("INSERT 0 1");
        pending.readyForQuery();

        assertThat(outcomes).containsExactly("parse ACKNOWLEDGED", "bind ACKNOWLEDGED", "describe ACKNOWLEDGED",
                "execute COMPLETED INSERT 0 1");
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void anErrorSkipsTheRestOfTheBatchUpToSync() {
        pending.add(PARSE, null);
        pending.add(BIND, observer("bind"));
        pending.add(EXECUTE, observer("execute"));
        pending.add(SYNC, null);
        pending.add(QUERY, observer("next"));

        pending.acknowledge(PARSE);
        pending.error(error("22P02"));
        assertThat(pending.headKind()).isEqualTo(SYNC);
        pending.readyForQuery();
        assertThat(pending.headKind()).isEqualTo(QUERY);

        assertThat(outcomes).containsExactly("bind FAILED 22P02", "execute SKIPPED");
    }

    @Test
    void requestsSentAfterAnErrorBeforeTheirSyncAreSkippedToo() {
        pending.add(EXECUTE, observer("first"));
        pending.error(error("57014"));
        pending.add(EXECUTE, observer("late"));
        pending.add(QUERY, observer("ignored query"));
        pending.add(SYNC, null);
        pending.add(EXECUTE, observer("after sync"));

        assertThat(outcomes).containsExactly("first FAILED 57014", "late SKIPPED", "ignored query SKIPPED");
        assertThat(pending.size()).isEqualTo(2);
        pending.readyForQuery();
        assertThat(pending.headKind()).isEqualTo(EXECUTE);
    }

    @Test
    void aSimpleQueryReportsEachStatementAndEndsAtReadyForQuery() {
        pending.add(QUERY, observer("q"));
        pending.commandComplete("BEGIN");
        pending.commandComplete("UPDATE 2");
        pending.error(error("23505"));
        assertThat(pending.headKind()).isEqualTo(QUERY);
        pending.readyForQuery();

        assertThat(outcomes).containsExactly("q COMPLETED BEGIN", "q COMPLETED UPDATE 2", "q FAILED 23505");
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void anErrorAtSyncDoesNotStartSkipping() {
        pending.add(EXECUTE, observer("insert"));
        pending.add(SYNC, null);
        pending.commandComplete("INSERT 0 1");
        pending.error(error("23503"));
        pending.readyForQuery();
        pending.add(EXECUTE, observer("next"));

        assertThat(pending.size()).isEqualTo(1);
        assertThat(outcomes).containsExactly("insert COMPLETED INSERT 0 1");
    }

    @Test
    void portalSuspendedEndsAnExecute() {
        pending.add(EXECUTE, observer("fetch"));
        pending.portalSuspended();
        assertThat(outcomes).containsExactly("fetch SUSPENDED");
    }

    @Test
    void growsPastItsInitialCapacityKeepingOrder() {
        for (int i = 0; i < 100; i++) {
            pending.add(EXECUTE, observer("e" + i));
        }
        for (int i = 0; i < 100; i++) {
            pending.commandComplete("SELECT " + i);
        }
        assertThat(outcomes).hasSize(100).startsWith("e0 COMPLETED SELECT 0").endsWith("e99 COMPLETED SELECT 99");
    }

    @Test
    void clearReportsWhatWillNeverBeAnswered() {
        pending.add(PARSE, observer("parse"));
        pending.add(SYNC, null);
        pending.clear();
        assertThat(outcomes).containsExactly("parse SKIPPED");
        assertThat(pending.isEmpty()).isTrue();
    }
}
