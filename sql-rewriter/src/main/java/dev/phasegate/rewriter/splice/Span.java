package dev.phasegate.rewriter.splice;

/** A range of the original text, {@code [start, end)} in UTF-16 indexes. */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public Span union(Span other) {
        return new Span(Math.min(start, other.start), Math.max(end, other.end));
    }

    public boolean contains(Span other) {
        return start <= other.start && other.end <= end;
    }

    public String of(String text) {
        return text.substring(start, end);
    }
}
