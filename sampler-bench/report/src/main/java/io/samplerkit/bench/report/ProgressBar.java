package io.samplerkit.bench.report;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A console progress bar with an ETA, {@code [#######.......]  412/1130  36%  ETA 1m05s}, redrawn in
 * place (carriage return) at most every 250 ms. It stays silent for the first two seconds, so short
 * runs print nothing. Safe to call from several worker threads.
 */
public final class ProgressBar {

    private static final long QUIET_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private long lastDraw;
    private boolean drawn;

    /**
     * @param out where to draw (null for nowhere)
     * @param label text before the bar
     * @param total number of units of work
     */
    public ProgressBar(PrintWriter out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    /** Records one unit of work done. */
    public synchronized void step() {
        done++;
        long now = System.nanoTime();
        if (out != null && now - start >= QUIET_NANOS && (now - lastDraw >= REDRAW_NANOS || done == total)) {
            draw(now);
        }
    }

    /** Finishes the line if the bar was drawn. */
    public synchronized void finish() {
        if (drawn) {
            draw(System.nanoTime());
            out.println();
            out.flush();
        }
    }

    private void draw(long now) {
        lastDraw = now;
        drawn = true;
        int filled = (int) ((long) WIDTH * done / total);
        double elapsed = (now - start) * 1e-9;
        double eta = done == 0 ? Double.NaN : elapsed * (total - done) / done;
        out.print('\r' + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%d/%d %3d%%  elapsed %s  ETA %s ", done, total, 100L * done / total,
                        duration(elapsed), done == total ? "0s" : duration(eta)));
        out.flush();
    }

    /**
     * @param seconds a duration
     * @return e.g. {@code "1m05s"} or {@code "42s"}
     */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
