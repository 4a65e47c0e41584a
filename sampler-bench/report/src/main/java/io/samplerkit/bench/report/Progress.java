package io.samplerkit.bench.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long run, phase by phase (e.g. running, analysis, plots, writing), for a person watching
 * standard error. Two forms: on a terminal a live bar redrawn in place with a carriage return at most every
 * 250 ms ({@code report quick: running [#####.....] 412/1130  36%  elapsed 12s  ETA 21s}); otherwise
 * (redirected to a file or a pipe) plain lines, one each time the phase passes another tenth of its work or
 * five seconds after the previous line, and never a carriage return. Every phase ends with a line saying
 * how long it took.
 *
 * <p>Work is weighted: each step adds its own amount (for a report, a configuration's expected cost), so the
 * fraction done follows time rather than counts. The ETA is the remaining work over the phase's average rate
 * so far (total work done over elapsed time, which averages over many steps), shown once a phase has run
 * for a second and done 2% of its work. Safe to call from several worker threads.
 */
public final class Progress {

    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long LINE_NANOS = 5_000_000_000L;
    private static final long ETA_NANOS = 1_000_000_000L;
    private static final double ETA_FRACTION = 0.02;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean live;
    private final String label;
    private final LongSupplier clock;

    private String phase;
    private int units;
    private int unitsDone;
    private double work;
    private double workDone;
    private long phaseStart;
    private long lastDraw;
    private int lastTenth;
    private int drawnLength;

    /**
     * @param out where to write (null for nowhere)
     * @param live true to redraw a bar in place (a terminal), false for plain periodic lines
     * @param label prefix of every line, e.g. {@code "report quick"}
     * @param clock nanosecond clock
     */
    Progress(PrintWriter out, boolean live, String label, LongSupplier clock) {
        this.out = out;
        this.live = live;
        this.label = label;
        this.clock = clock;
    }

    /**
     * @param err standard error
     * @param label prefix of every line
     * @return a live bar when this JVM has a console ({@code System.console() != null}), plain lines otherwise
     */
    public static Progress toConsole(PrintWriter err, String label) {
        return new Progress(err, System.console() != null, label, System::nanoTime);
    }

    /**
     * @param out where to write
     * @param label prefix of every line
     * @return plain periodic lines, never a carriage return (for a file, a pipe or a log)
     */
    public static Progress lines(PrintWriter out, String label) {
        return new Progress(out, false, label, System::nanoTime);
    }

    /** @return progress that prints nothing */
    public static Progress silent() {
        return new Progress(null, false, "", System::nanoTime);
    }

    /**
     * Starts a phase, ending the previous one if it is still open.
     *
     * @param name e.g. {@code "running"}
     * @param unitCount number of steps the phase will take (shown as {@code done/count})
     * @param totalWork the sum of the work of all its steps, {@code > 0}
     */
    public synchronized void phase(String name, int unitCount, double totalWork) {
        if (phase != null) {
            end();
        }
        phase = name;
        units = Math.max(unitCount, 1);
        unitsDone = 0;
        work = totalWork > 0 ? totalWork : 1;
        workDone = 0;
        phaseStart = clock.getAsLong();
        lastDraw = phaseStart;
        lastTenth = 0;
        if (out != null && live) {
            draw(phaseStart);
        } else if (out != null) {
            line(String.format(Locale.ROOT, "%s: %s (%d %s)", label, name, unitCount, unitCount == 1 ? "step" : "steps"));
        }
    }

    /**
     * Starts a phase of one step of work.
     *
     * @param name e.g. {@code "writing"}
     */
    public void phase(String name) {
        phase(name, 1, 1);
    }

    /**
     * Records one step of the current phase done.
     *
     * @param amount its work (same units as the phase's total)
     */
    public synchronized void step(double amount) {
        if (phase == null) {
            return;
        }
        unitsDone++;
        workDone += amount;
        if (out == null) {
            return;
        }
        long now = clock.getAsLong();
        if (live) {
            if (now - lastDraw >= REDRAW_NANOS || unitsDone == units) {
                draw(now);
            }
        } else {
            int tenth = (int) Math.min(10, Math.floor(10 * workDone / work + 1e-9));
            if (tenth > lastTenth || now - lastDraw >= LINE_NANOS) {
                lastTenth = Math.max(lastTenth, tenth);
                lastDraw = now;
                line(status(now, false));
            }
        }
    }

    /** Ends the current phase with a line saying how long it took (nothing if no phase is open). */
    public synchronized void end() {
        if (phase == null) {
            return;
        }
        double seconds = (clock.getAsLong() - phaseStart) * 1e-9;
        if (out != null) {
            line(String.format(Locale.ROOT, "%s: %s done, %d/%d in %s", label, phase, unitsDone, units,
                    duration(seconds)));
        }
        phase = null;
    }

    /**
     * Abandons the current phase after a failure: erases a live bar (so that the failure message that follows
     * starts on a clean line) and prints no "done" line. Nothing happens when no bar is drawn.
     */
    public synchronized void abandon() {
        if (out != null && drawnLength > 0) {
            out.print('\r' + " ".repeat(drawnLength) + '\r');
            out.flush();
            drawnLength = 0;
        }
        phase = null;
    }

    /**
     * Prints a line of its own (closing a live bar first).
     *
     * @param text the line
     */
    public synchronized void note(String text) {
        if (out != null) {
            line(text);
        }
    }

    /** Redraws the live bar in place. */
    private void draw(long now) {
        lastDraw = now;
        String s = status(now, true);
        out.print('\r' + s + " ".repeat(Math.max(0, drawnLength - s.length())));
        out.flush();
        drawnLength = s.length();
    }

    private String status(long now, boolean bar) {
        double fraction = Math.min(1, workDone / work);
        long elapsed = now - phaseStart;
        double eta = elapsed >= ETA_NANOS && fraction >= ETA_FRACTION ? elapsed * 1e-9 * (1 - fraction) / fraction
                : Double.NaN;
        StringBuilder sb = new StringBuilder().append(label).append(": ").append(phase).append(' ');
        if (bar) {
            int filled = (int) (WIDTH * fraction);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        }
        return sb.append(String.format(Locale.ROOT, "%d/%d %3d%%  elapsed %s  ETA %s ", unitsDone, units,
                (int) Math.floor(100 * fraction), duration(elapsed * 1e-9), fraction >= 1 ? "0s" : duration(eta)))
                .toString();
    }

    private void line(String text) {
        if (drawnLength > 0) {
            out.print('\r' + " ".repeat(drawnLength) + '\r');
            drawnLength = 0;
        }
        out.println(text.strip());
        out.flush();
    }

    /**
     * @param seconds a duration
     * @return e.g. {@code "1m05s"}, {@code "42s"} or {@code "?"} when unknown
     */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
