package dev.phasegate.rewriter.splice;

/**
 * Replace the original text's characters {@code [start, end)} with {@code text}; an insertion when
 * {@code start == end}, a deletion when {@code text} is empty. Offsets are UTF-16 indexes into the
 * original text.
 */
public record Edit(int start, int end, String text, int sequence) {
    public Edit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad edit range [" + start + ", " + end + ")");
        }
        if (text == null) {
            throw new IllegalArgumentException("edit text must not be null");
        }
    }

    public boolean isInsertion() {
        return start == end;
    }
}
