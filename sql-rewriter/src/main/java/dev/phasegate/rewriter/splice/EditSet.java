package dev.phasegate.rewriter.splice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Edits to one original text, applied in one pass. The original is never re-printed: whatever no
 * edit covers keeps its exact spelling, comments and whitespace.
 *
 * <p>Nesting: an edit strictly inside a replaced or deleted range is dropped (the outer edit wins;
 * its text was usually computed with {@link #render(int, int)}, which already applied the inner
 * ones). Insertions at the same offset keep the order they were added in. Partially overlapping
 * edits are a planner bug and throw {@link SpliceException}.
 */
public final class EditSet {

    private static final Comparator<Edit> ORDER = Comparator.comparingInt(Edit::start)
            .thenComparing(e -> !e.isInsertion())
            .thenComparing(Comparator.comparingInt(Edit::end).reversed())
            .thenComparingInt(Edit::sequence);

    private final String original;
    private final List<Edit> edits = new ArrayList<>();
    private int sequence;

    public EditSet(String original) {
        this.original = original;
    }

    public String original() {
        return original;
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    public List<Edit> edits() {
        return List.copyOf(edits);
    }

    public void replace(int start, int end, String text) {
        check(start, end);
        for (Edit e : edits) {
            if (e.start() == start && e.end() == end && e.text().equals(text) && start != end) {
                return; // the same replacement twice (a node reached by two paths)
            }
        }
        edits.add(new Edit(start, end, text, sequence++));
    }

    public void insert(int at, String text) {
        check(at, at);
        if (!text.isEmpty()) {
            edits.add(new Edit(at, at, text, sequence++));
        }
    }

    /** Adds an edit made on another text that starts at offset {@code shift} of this one (negative: before it). */
    public void add(Edit edit, int shift) {
        if (edit.isInsertion()) {
            insert(edit.start() + shift, edit.text());
        } else {
            replace(edit.start() + shift, edit.end() + shift, edit.text());
        }
    }

    public void delete(int start, int end) {
        if (start < end) {
            replace(start, end, "");
        }
    }

    /** Whether some replacement or deletion covers {@code [start, end)} exactly or contains it. */
    public boolean covered(int start, int end) {
        for (Edit e : edits) {
            if (!e.isInsertion() && e.start() <= start && end <= e.end()) {
                return true;
            }
        }
        return false;
    }

    /** The whole text with every edit applied. */
    public String apply() {
        return render(0, original.length());
    }

    /**
     * The original {@code [start, end)} with the edits that lie inside it applied: replacements
     * within the range, and insertions strictly inside it (not at its ends, which belong to the
     * surrounding text).
     */
    public String render(int start, int end) {
        check(start, end);
        List<Edit> inside = new ArrayList<>();
        for (Edit e : edits) {
            boolean within = e.isInsertion()
                    ? (e.start() > start && e.start() < end) || (start == 0 && end == original.length())
                    : e.start() >= start && e.end() <= end;
            if (within) {
                inside.add(e);
            } else if (!e.isInsertion() && e.start() < end && e.end() > start
                    && !(e.start() <= start && e.end() >= end)) {
                throw new SpliceException("edit [" + e.start() + ", " + e.end() + ") crosses the rendered range ["
                        + start + ", " + end + ")");
            }
        }
        inside.sort(ORDER);
        StringBuilder out = new StringBuilder(end - start + 32);
        int cursor = start;
        int coveredUntil = start;
        for (Edit e : inside) {
            if (e.start() < coveredUntil) {
                if (e.end() <= coveredUntil && !(e.isInsertion() && e.start() == coveredUntil)) {
                    continue; // nested inside an earlier replacement
                }
                if (!e.isInsertion()) {
                    throw new SpliceException("overlapping edits at [" + e.start() + ", " + e.end() + ")");
                }
            }
            out.append(original, cursor, Math.max(cursor, e.start()));
            out.append(e.text());
            cursor = Math.max(cursor, e.end());
            coveredUntil = Math.max(coveredUntil, e.end());
        }
        out.append(original, cursor, end);
        return out.toString();
    }

    private void check(int start, int end) {
        if (start < 0 || end > original.length() || start > end) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") outside text of length "
                    + original.length());
        }
    }
}
