package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** A clock the test moves by hand. */
    private static final class FakeClock {
        long nanos;
    }

    @Test
    void redirectedProgressIsPlainLinesAboutEveryTenthWithoutCarriageReturns() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), false, "report quick", () -> clock.nanos);
        p.phase("running", 1000, 1000);
        for (int i = 0; i < 1000; i++) {
            clock.nanos += 1_000_000; // 1 ms per step: never the 5 s heartbeat
            p.step(1);
        }
        p.phase("plots", 3, 3);
        for (int i = 0; i < 3; i++) {
            clock.nanos += 12_000_000_000L;
            p.step(1);
        }
        p.end();
        String out = sw.toString();
        assertThat(out).doesNotContain("\r");
        String[] lines = out.strip().split("\n");
        // running: start, ten tenths, done; plots: start, three steps (each a tenth and more), done
        assertThat(lines).hasSize(1 + 10 + 1 + 1 + 3 + 1);
        assertThat(lines[0]).isEqualTo("report quick: running (1000 steps)");
        // no ETA before the phase has run a second
        assertThat(lines[1]).isEqualTo("report quick: running 100/1000  10%  elapsed 0s  ETA ?");
        assertThat(lines[10]).isEqualTo("report quick: running 1000/1000 100%  elapsed 1s  ETA 0s");
        assertThat(lines[11]).isEqualTo("report quick: running done, 1000/1000 in 1s");
        assertThat(lines[12]).isEqualTo("report quick: plots (3 steps)");
        assertThat(lines[16]).isEqualTo("report quick: plots done, 3/3 in 36s");
    }

    @Test
    void aLongQuietStretchStillPrintsAHeartbeatEveryFiveSeconds() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), false, "x", () -> clock.nanos);
        p.phase("running", 1000, 1000);
        for (int i = 0; i < 50; i++) { // 5% of the work in 50 s
            clock.nanos += 1_000_000_000L;
            p.step(1);
        }
        // start line plus one line per 5 s
        assertThat(sw.toString().strip().split("\n")).hasSize(1 + 10);
    }

    @Test
    void theEtaFollowsWeightedWorkNotStepCounts() {
        // steps of very different cost, in random order; time spent is proportional to each step's work
        SplittableRandom rnd = new SplittableRandom(11);
        List<Double> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            work.add(rnd.nextBoolean() ? 1.0 : 40.0);
        }
        double total = work.stream().mapToDouble(Double::doubleValue).sum();
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), false, "x", () -> clock.nanos);
        p.phase("running", work.size(), total);
        for (double w : work) {
            clock.nanos += (long) (w * 10_000_000L); // 10 ms per unit of work
            p.step(w);
        }
        double trueTotalSeconds = total * 0.01;
        Matcher m = Pattern.compile("elapsed (\\d+)s  ETA (\\d+)s").matcher(sw.toString());
        int checked = 0;
        while (m.find()) {
            double predicted = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
            // each printed value is rounded to 1 s
            assertThat(predicted).isCloseTo(trueTotalSeconds, org.assertj.core.data.Offset.offset(1.01));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(9);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndClosedByTheDoneLine() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), true, "x", () -> clock.nanos);
        p.phase("running", 4, 4);
        for (int i = 0; i < 4; i++) {
            clock.nanos += 300_000_000L;
            p.step(1);
        }
        p.end();
        String out = sw.toString();
        assertThat(out).startsWith("\rx: running [....").contains("0/4   0%").contains("4/4 100%");
        assertThat(out).endsWith("\rx: running done, 4/4 in 1s\n".replace("\n", System.lineSeparator()));
    }

    @Test
    void abandoningAPhaseErasesTheLiveBarSoAFailureMessageStartsOnACleanLine() {
        StringWriter sw = new StringWriter();
        FakeClock clock = new FakeClock();
        Progress p = new Progress(new PrintWriter(sw), true, "x", () -> clock.nanos);
        p.phase("running", 4, 4);
        clock.nanos += 300_000_000L;
        p.step(1);
        int drawn = sw.toString().length() - sw.toString().lastIndexOf('\r') - 1;
        p.abandon();
        String out = sw.toString();
        assertThat(out).endsWith("\r" + " ".repeat(drawn) + "\r").doesNotContain("done");
        p.end();
        assertThat(sw.toString()).as("an abandoned phase prints no done line").isEqualTo(out);
        StringWriter lines = new StringWriter();
        Progress plain = new Progress(new PrintWriter(lines), false, "x", () -> clock.nanos);
        plain.phase("running", 4, 4);
        String before = lines.toString();
        plain.abandon();
        assertThat(lines.toString()).as("plain lines have nothing to erase").isEqualTo(before);
    }

    @Test
    void silentPrintsNothingAndDurationsReadNaturally() {
        Progress s = Progress.silent();
        s.phase("running", 2, 2);
        s.step(1);
        s.note("text");
        s.end();
        assertThat(Progress.duration(65.4)).isEqualTo("1m05s");
        assertThat(Progress.duration(42)).isEqualTo("42s");
        assertThat(Progress.duration(Double.NaN)).isEqualTo("?");
    }
}
