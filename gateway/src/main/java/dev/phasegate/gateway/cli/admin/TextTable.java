package dev.phasegate.gateway.cli.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: header, left-aligned columns two spaces apart, long cells cut with an ellipsis. */
public final class TextTable {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private int maxCell = 60;
    private boolean[] right;

    public TextTable(String... header) {
        this.header = header.clone();
    }

    public TextTable maxCell(int width) {
        this.maxCell = width;
        return this;
    }

    /** Right-aligns these columns (0-based): numbers. */
    public TextTable rightAlign(int... columns) {
        right = new boolean[header.length];
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    public TextTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cut(cells[i] == null ? "" : cells[i].toString().replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, header, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
    }

    private void line(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(widths[i] - cells[i].length());
            if (right != null && right[i]) {
                sb.append(pad).append(cells[i]);
            } else {
                sb.append(cells[i]).append(pad);
            }
            if (i < cells.length - 1) {
                sb.append("  ");
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    private String cut(String text) {
        return text.length() <= maxCell ? text : text.substring(0, maxCell - 1) + "…";
    }

    @Override
    public String toString() {
        return Arrays.toString(header) + " " + rows.size() + " rows";
    }
}
