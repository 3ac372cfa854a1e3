package dev.blocklab.analysis;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row, then rows, columns padded; numbers right-aligned, text left-aligned. */
final class TextTable {
    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    /** A header starting with '>' names a right-aligned column. */
    TextTable(String... headers) {
        this.headers = new ArrayList<>();
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].startsWith(">");
            this.headers.add(right[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    TextTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    String render(String indent) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, indent, headers, widths);
        for (List<String> row : rows) {
            line(out, indent, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : "  ").append(right[i] ? padding + cell : cell + padding);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
