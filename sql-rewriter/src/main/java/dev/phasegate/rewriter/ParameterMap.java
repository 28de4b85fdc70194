package dev.phasegate.rewriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the client's {@code $n} placeholders map onto the rewritten statement's, when a rewrite
 * removed every occurrence of some of them (stripping {@code SET email_lower = $3} in
 * {@code hidden}) and renumbered the rest so PostgreSQL sees a dense list.
 *
 * <p>The gateway uses it both ways: a client's Bind carries {@link #originalCount()} values, of
 * which it forwards value {@code old} as {@code newNumber(old)} and drops the others; the
 * upstream's ParameterDescription has {@link #newCount()} types, to which it adds one entry per
 * dropped parameter (type unspecified) so the client sees the count it sent. Numbers are 1-based
 * as in {@code $n}; {@link #newIndex(int)} is the 0-based form for Bind arrays.
 */
public final class ParameterMap {

    private final int[] newByOld; // index old-1 → new number, 0 when dropped
    private final int newCount;

    private ParameterMap(int[] newByOld) {
        this.newByOld = newByOld;
        int count = 0;
        for (int n : newByOld) {
            count = Math.max(count, n);
        }
        this.newCount = count;
    }

    /**
     * @param newByOld for each original parameter number {@code i+1}, its new number or 0 when dropped
     */
    public static ParameterMap of(int[] newByOld) {
        return new ParameterMap(newByOld.clone());
    }

    /** The highest {@code $n} the original statement used. */
    public int originalCount() {
        return newByOld.length;
    }

    /** The highest {@code $n} the rewritten statement uses. */
    public int newCount() {
        return newCount;
    }

    /** The new number of original parameter {@code oldNumber} (1-based), or 0 when it was dropped. */
    public int newNumber(int oldNumber) {
        if (oldNumber < 1) {
            throw new IllegalArgumentException("parameter numbers start at 1");
        }
        // Parameters beyond the highest one the text used (a Parse that declared more types) are
        // not referenced by the statement; they keep their relative place after the used ones.
        return oldNumber <= newByOld.length ? newByOld[oldNumber - 1] : newCount + (oldNumber - newByOld.length);
    }

    public boolean isDropped(int oldNumber) {
        return newNumber(oldNumber) == 0;
    }

    /** 0-based form of {@link #newNumber(int)}: the Bind slot for original slot {@code oldIndex}, or -1. */
    public int newIndex(int oldIndex) {
        return newNumber(oldIndex + 1) - 1;
    }

    /** The original number of new parameter {@code newNumber}. */
    public int oldNumber(int newNumber) {
        for (int i = 0; i < newByOld.length; i++) {
            if (newByOld[i] == newNumber) {
                return i + 1;
            }
        }
        if (newNumber > newCount) {
            return newByOld.length + (newNumber - newCount);
        }
        throw new IllegalArgumentException("no parameter $" + newNumber);
    }

    public List<Integer> droppedOldNumbers() {
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < newByOld.length; i++) {
            if (newByOld[i] == 0) {
                dropped.add(i + 1);
            }
        }
        return dropped;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterMap other && Arrays.equals(newByOld, other.newByOld);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(newByOld);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < newByOld.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('$').append(i + 1).append("→").append(newByOld[i] == 0 ? "dropped" : "$" + newByOld[i]);
        }
        return sb.append('}').toString();
    }
}
