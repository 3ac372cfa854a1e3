package dev.blocklab.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured Markdown table: a header, alignment per column, rows; cells are escaped. */
final class MarkdownTable {
    private final List<String> header;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    /** Columns whose header starts with '>' are right-aligned (numbers); the '>' is not printed. */
    MarkdownTable(String... columns) {
        header = new ArrayList<>();
        right = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            right[i] = columns[i].startsWith(">");
            header.add(right[i] ? columns[i].substring(1) : columns[i]);
        }
    }

    MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row of " + cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void appendTo(StringBuilder out) {
        line(out, header);
        out.append('|');
        for (boolean r : right) {
            out.append(r ? "---:|" : "---|");
        }
        out.append('\n');
        rows.forEach(row -> line(out, row));
        out.append('\n');
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(escape(cell)).append(" |");
        }
        out.append('\n');
    }

    static String escape(String cell) {
        return cell.replace("|", "\\|").replace("\n", " ");
    }
}
