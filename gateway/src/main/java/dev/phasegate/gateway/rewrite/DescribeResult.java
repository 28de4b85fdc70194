package dev.phasegate.gateway.rewrite;

import dev.phasegate.gateway.hook.ResultObserver;
import dev.phasegate.gateway.protocol.backend.ParameterDescription;
import dev.phasegate.gateway.protocol.backend.RowDescription;
import dev.phasegate.rewriter.ParameterMap;
import dev.phasegate.rewriter.ResultFilter;

/**
 * Watches the answer to a Describe of a rewritten statement or portal: the RowDescription loses
 * the columns the client never sees; a statement's ParameterDescription gets back the parameters
 * the rewrite removed, at their original numbers, so the client sees the count it wrote.
 */
final class DescribeResult implements ResultObserver {

    private final RowFilter rows;
    private final ParameterMap parameters;
    private final int[] clientTypes;

    /**
     * @param parameters  how the statement's parameters were renumbered, or {@code null}
     * @param clientTypes the types the client's Parse declared (for the removed parameters)
     */
    DescribeResult(ResultFilter filter, ParameterMap parameters, int[] clientTypes) {
        this.rows = new RowFilter(filter);
        this.parameters = parameters;
        this.clientTypes = clientTypes == null ? new int[0] : clientTypes;
    }

    @Override
    public boolean filtersRows() {
        return true;
    }

    @Override
    public RowDescription onRowDescription(RowDescription description) {
        return rows.description(description);
    }

    @Override
    public ParameterDescription onParameterDescription(ParameterDescription description) {
        if (parameters == null) {
            return description;
        }
        return new ParameterDescription(clientParameterTypes(parameters, clientTypes, description.typeOids()));
    }

    /**
     * The client's view: one type per original parameter (as many as it declared or the text used);
     * a removed one gets the type the client declared for it, else 0 (unspecified).
     */
    static int[] clientParameterTypes(ParameterMap map, int[] clientTypes, int[] upstreamTypes) {
        int count = Math.max(clientTypes.length, map.originalCount());
        int[] types = new int[count];
        for (int old = 1; old <= count; old++) {
            int n = map.newNumber(old);
            if (n == 0) {
                types[old - 1] = old <= clientTypes.length ? clientTypes[old - 1] : 0;
            } else {
                types[old - 1] = n <= upstreamTypes.length ? upstreamTypes[n - 1] : 0;
            }
        }
        return types;
    }
}
