package dev.phasegate.gateway.hook;

import dev.phasegate.gateway.protocol.backend.ErrorResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server's answer to a hook's {@link SessionHook#serverQuestion() question}.
 *
 * @param question          the query that was asked
 * @param row               the first row's values as text ({@code null} for SQL NULL), or {@code null}
 *                          when the query failed or returned no row
 * @param error             the server's error, or {@code null}
 */
public record ServerAnswer(String question, List<String> row, ErrorResponse error) {

    public ServerAnswer {
        row = row == null ? null : Collections.unmodifiableList(new ArrayList<>(row));
    }

    public boolean answered() {
        return row != null;
    }
}
