package dev.slicewise.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A table printed both as GitHub Markdown (BENCHMARKS.md) and as aligned text (the console). */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c == null ? "—" : c.toString());
        rows.add(r);
        return this;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", headers)).append(" |\n");
        sb.append("|").append("---|".repeat(headers.size())).append("\n");
        for (List<String> r : rows) sb.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
        return sb.toString();
    }

    public String text() {
        int[] w = new int[headers.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers.get(i).length();
            for (List<String> r : rows) w[i] = Math.max(w[i], r.get(i).length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, w);
        for (List<String> r : rows) line(sb, r, w);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(c).append(" ".repeat(w[i] - c.length() + 2));
        }
        sb.append('\n');
    }
}
