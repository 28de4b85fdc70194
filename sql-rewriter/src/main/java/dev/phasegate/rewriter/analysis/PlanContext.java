package dev.phasegate.rewriter.analysis;

import dev.phasegate.config.column.ManagedColumn;
import dev.phasegate.config.column.PhaseSnapshot;
import dev.phasegate.rewriter.Action;
import dev.phasegate.rewriter.ColumnAction;
import dev.phasegate.rewriter.ColumnRole;
import dev.phasegate.rewriter.ShadowCheck;
import dev.phasegate.rewriter.catalog.Catalog;
import dev.phasegate.rewriter.lex.TokenList;
import dev.phasegate.rewriter.parse.Positions;
import dev.phasegate.rewriter.splice.EditSet;
import dev.phasegate.rewriter.splice.Extents;
import dev.phasegate.rewriter.splice.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/** What planning one statement reads and accumulates: its text, tokens, edits, actions, checks. */
public final class PlanContext {

    final String text;
    final TokenList tokens;
    final Positions positions;
    final EditSet edits;
    final PhaseSnapshot snapshot;
    final Catalog catalog;
    final List<String> searchPath;
    final Templates templates;
    private final Map<String, ColumnAction> actions = new LinkedHashMap<>();
    final List<ShadowCheck> shadowChecks = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Identifiers whose text was replaced (reads turned into a default or {@code down}). */
    final Set<SqlNode> replaced = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean write;

    public PlanContext(String text, TokenList tokens, Positions positions, PhaseSnapshot snapshot, Catalog catalog,
                       List<String> searchPath, Templates templates) {
        this.text = text;
        this.tokens = tokens;
        this.positions = positions;
        this.edits = new EditSet(text);
        this.snapshot = snapshot;
        this.catalog = catalog;
        this.searchPath = searchPath;
        this.templates = templates;
    }

    public EditSet edits() {
        return edits;
    }

    public List<ColumnAction> actions() {
        return List.copyOf(actions.values());
    }

    public List<ShadowCheck> shadowChecks() {
        return List.copyOf(shadowChecks);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public boolean isWrite() {
        return write;
    }

    void record(ManagedColumn m, Action action, ColumnRole role, String detail) {
        String key = m.id() + "|" + action + "|" + role;
        actions.putIfAbsent(key, new ColumnAction(m.id(), m.phase(), action, role, detail));
    }

    void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /** The balanced extent of the node's whole subtree. */
    Span extent(SqlNode node) {
        return Extents.balanced(tokens, positions.subtree(node));
    }

    /** The node's extent as it will read after this statement's edits. */
    String rendered(SqlNode node) {
        Span s = extent(node);
        return edits.render(s.start(), s.end());
    }

    String textOf(Span span) {
        return text.substring(span.start(), span.end());
    }
}
