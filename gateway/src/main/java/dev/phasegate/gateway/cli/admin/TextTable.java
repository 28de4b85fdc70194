package dev.phasegate.gateway.cli.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: header, left-aligned columns two spaces apart, long cells cut with an ellipsis. */
final class TextTable {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private int maxCell = 60;

    TextTable(String... header) {
        this.header = header.clone();
    }

    TextTable maxCell(int width) {
        this.maxCell = width;
        return this;
    }

    TextTable row(Object... cells) {
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

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
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

    private static void line(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(widths[i] - cells[i].length() + 2));
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
