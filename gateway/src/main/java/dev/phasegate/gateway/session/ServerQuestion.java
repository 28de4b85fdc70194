package dev.phasegate.gateway.session;

import dev.phasegate.gateway.hook.ServerAnswer;
import dev.phasegate.gateway.protocol.backend.BackendType;
import dev.phasegate.gateway.protocol.backend.DataRow;
import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * A query the gateway itself asked on a session's upstream connection (a hook's
 * {@link dev.phasegate.gateway.hook.SessionHook#serverQuestion() question}), collecting its answer
 * from the messages the client must not see: its RowDescription, first DataRow, CommandComplete,
 * ErrorResponse and ReadyForQuery. Asynchronous messages (ParameterStatus, NoticeResponse,
 * NotificationResponse) are not its own and reach the client as always.
 */
final class ServerQuestion {

    private final String sql;
    private List<String> row;
    private ErrorResponse error;

    ServerQuestion(String sql) {
        this.sql = sql;
    }

    String sql() {
        return sql;
    }

    /** Whether a message of this type answers the question (the session consumes it). */
    static boolean answers(byte type) {
        return switch (type) {
            case BackendType.ROW_DESCRIPTION, BackendType.DATA_ROW, BackendType.COMMAND_COMPLETE,
                    BackendType.EMPTY_QUERY_RESPONSE, BackendType.ERROR_RESPONSE, BackendType.READY_FOR_QUERY -> true;
            default -> false;
        };
    }

    /** A DataRow: the first one is the answer. */
    void row(ByteBuf frame, Charset charset) {
        if (row != null || error != null) {
            return;
        }
        DataRow data = DataRow.decode(frame);
        List<String> values = new ArrayList<>(data.columnCount());
        for (int i = 0; i < data.columnCount(); i++) {
            values.add(data.text(i, charset));
        }
        row = values;
    }

    void failed(ErrorResponse e) {
        error = e;
        row = null;
    }

    ServerAnswer answer() {
        return new ServerAnswer(sql, error == null ? row : null, error);
    }
}
