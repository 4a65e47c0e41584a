package io.samplerkit.bench.report;

import io.samplerkit.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code results.csv}: one {@link ResultRow} per line (RFC 4180 quoting), every deterministic column.
 * Doubles are written with {@link Double#toString(double)}, which reads back to the same bits, so a
 * merge of shard files rebuilds exactly the rows of a single run; NaN is written as an empty field.
 * The wall time per step, the one column that changes from run to run, goes to its own file
 * ({@code timing.csv}: {@code seq,seconds_per_step}, three significant digits), so a regenerated report
 * differs from the committed one only where a result changed.
 *
 * <p>Thread-safe: stateless.
 */
public final class ResultsCsv {

    /** The header line. */
    public static final String HEADER = "seq,problem,solver,grid,target_nfe,tolerance,status,nfe,steps,rmse,"
            + "max_error,fd,fd_exact,fd_floor,quality,coverage,note";

    /** The header line of files written before the sampled estimates' floor column (read with it NaN). */
    static final String HEADER_WITHOUT_FLOOR = "seq,problem,solver,grid,target_nfe,tolerance,status,nfe,steps,rmse,"
            + "max_error,fd,fd_exact,quality,coverage,note";

    /** The header line of files written before the quality columns (read with those columns NaN). */
    static final String HEADER_WITHOUT_QUALITY = "seq,problem,solver,grid,target_nfe,tolerance,status,nfe,steps,rmse,"
            + "max_error,fd,fd_exact,note";

    private static final List<String> HEADERS = List.of(HEADER, HEADER_WITHOUT_FLOOR, HEADER_WITHOUT_QUALITY);

    /** The header line of the timing file. */
    public static final String TIMING_HEADER = "seq,seconds_per_step";

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
                    .append(number(r.fdFloor())).append(',')
                    .append(number(r.quality())).append(',')
                    .append(number(r.coverage())).append(',')
                    .append(quote(r.note())).append('\n');
        }
        writeText(file, sb);
    }

    /**
     * @param file destination of the timing column. Overwritten.
     * @param rows rows
     */
    public static void writeTiming(Path file, List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder(TIMING_HEADER).append('\n');
        for (ResultRow r : rows) {
            sb.append(r.seq()).append(',');
            if (Double.isFinite(r.secondsPerStep())) {
                sb.append(String.format(Locale.ROOT, "%.3g", r.secondsPerStep()));
            }
            sb.append('\n');
        }
        writeText(file, sb);
    }

    private static void writeText(Path file, CharSequence text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a file written by {@link #write}
     * @return its rows, in file order, without timing (NaN)
     */
    public static List<ResultRow> read(Path file) {
        return read(file, null);
    }

    /**
     * @param file a file written by {@link #write}
     * @param timing a file written by {@link #writeTiming}, or null; rows it does not list keep NaN
     * @return the rows, in file order
     */
    public static List<ResultRow> read(Path file, Path timing) {
        Map<Integer, Double> seconds = new HashMap<>();
        if (timing != null) {
            List<String> t = lines(timing, List.of(TIMING_HEADER));
            for (int n = 1; n < t.size(); n++) {
                List<String> f = split(t.get(n));
                try {
                    if (f.size() == 2) {
                        seconds.put(Integer.parseInt(f.get(0)), parse(f.get(1)));
                    }
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(timing + ":" + (n + 1), t.get(n), "seq,seconds as numbers");
                }
            }
        }
        List<String> lines = lines(file, HEADERS);
        List<String> columns = List.of(lines.get(0).split(","));
        int fields = columns.size();
        List<ResultRow> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty()) {
                continue;
            }
            List<String> f = split(line);
            if (f.size() != fields) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + " must have " + fields + " fields, got "
                        + f.size());
            }
            try {
                int seq = Integer.parseInt(f.get(0));
                rows.add(new ResultRow(seq, f.get(1), f.get(2), f.get(3),
                        Integer.parseInt(f.get(4)), parse(f.get(5)), ResultRow.Status.ofText(f.get(6)),
                        Integer.parseInt(f.get(7)), Integer.parseInt(f.get(8)), parse(f.get(9)), parse(f.get(10)),
                        parse(f.get(11)), parse(f.get(12)), optional(columns, f, "fd_floor"),
                        optional(columns, f, "quality"), optional(columns, f, "coverage"),
                        seconds.getOrDefault(seq, Double.NaN), f.get(fields - 1)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(file + ":" + (n + 1), line,
                        "a row of integers, numbers and a known status in the columns " + HEADER);
            }
        }
        return rows;
    }

    /** The number in a column that older files lack (NaN there). */
    private static double optional(List<String> columns, List<String> fields, String column) {
        int i = columns.indexOf(column);
        return i < 0 ? Double.NaN : parse(fields.get(i));
    }

    private static List<String> lines(Path file, List<String> headers) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !headers.contains(lines.get(0))) {
            throw new IllegalArgumentException(file + " must start with the header '" + headers.get(0) + "'");
        }
        return lines;
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
