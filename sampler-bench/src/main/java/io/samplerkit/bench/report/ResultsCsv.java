package io.samplerkit.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code results.csv}: one {@link ResultRow} per line (RFC 4180 quoting). Doubles are written with
 * {@link Double#toString(double)}, which reads back to the same bits, so a merge of shard files
 * rebuilds exactly the rows of a single run; NaN is written as an empty field.
 *
 * <p>Thread-safe: stateless.
 */
public final class ResultsCsv {

    /** The header line. */
    public static final String HEADER = "seq,problem,solver,grid,target_nfe,tolerance,status,nfe,steps,rmse,"
            + "max_error,fd,fd_exact,seconds_per_step,note";

    private ResultsCsv() {
    }

    /**
     * @param file destination. Overwritten.
     * @param rows rows
     */
    public static void write(Path file, List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ResultRow r : rows) {
            sb.append(r.seq()).append(',')
                    .append(quote(r.problem())).append(',')
                    .append(quote(r.solver())).append(',')
                    .append(quote(r.grid())).append(',')
                    .append(r.targetNfe()).append(',')
                    .append(number(r.tolerance())).append(',')
                    .append(r.status().text()).append(',')
                    .append(r.nfe()).append(',')
                    .append(r.steps()).append(',')
                    .append(number(r.rmse())).append(',')
                    .append(number(r.maxError())).append(',')
                    .append(number(r.fd())).append(',')
                    .append(number(r.fdExact())).append(',')
                    .append(number(r.secondsPerStep())).append(',')
                    .append(quote(r.note())).append('\n');
        }
        try {
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a file written by {@link #write}
     * @return its rows, in file order
     */
    public static List<ResultRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + " must start with the header '" + HEADER + "'");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty()) {
                continue;
            }
            List<String> f = split(line);
            if (f.size() != 15) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + " must have 15 fields, got " + f.size());
            }
            rows.add(new ResultRow(Integer.parseInt(f.get(0)), f.get(1), f.get(2), f.get(3),
                    Integer.parseInt(f.get(4)), parse(f.get(5)), ResultRow.Status.ofText(f.get(6)),
                    Integer.parseInt(f.get(7)), Integer.parseInt(f.get(8)), parse(f.get(9)), parse(f.get(10)),
                    parse(f.get(11)), parse(f.get(12)), parse(f.get(13)), f.get(14)));
        }
        return rows;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
