package io.samplerkit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.bench.spec.GridSpec;
import io.samplerkit.bench.spec.ModelSpec;
import io.samplerkit.bench.spec.ScheduleSpec;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.Solver;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import io.samplerkit.solvers.StepObserver;
import io.samplerkit.solvers.law.ExactOutputLaw;
import io.samplerkit.solvers.law.GaussianLaw;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampled Fréchet estimate of the report ({@link SampledFrechet}, {@link SampledProblem}): against the exact law on
 * Gaussian data, at its floor on exact samples of a mixture, and how the report marks and stores it.
 */
class SampledFrechetTest {

    private static final int N = ConfigRunner.SAMPLES;
    private static final SolverRegistry REGISTRY = SolverRegistry.standard();

    private static ProblemSpec gaussian() {
        return new ProblemSpec("g8", "Gaussian (d=8)", new ModelSpec.RandomGaussian(8, 1e-2, 4.0, 1.0, 7L),
                new ScheduleSpec.VpLinear(0.1, 20.0, 1.0), Prediction.NOISE, 1.0, 1e-3);
    }

    private static ProblemSpec ring() {
        return new ProblemSpec("ring", "ring of 8", new ModelSpec.RingMixture(8, 2.0, 0.2),
                new ScheduleSpec.VpLinear(0.1, 20.0, 1.0), Prediction.NOISE, 1.0, 1e-3);
    }

    private static ProblemSpec mixture() {
        return new ProblemSpec("mix4", "mixture of 3 Gaussians (d=4)", new ModelSpec.RandomMixture(4, 3, 1.0, 1e-2, 1.0,
                7L), new ScheduleSpec.Edm(0.002, 80.0), Prediction.DATA, 80.0, 0.002);
    }

    /**
     * Euler–Maruyama's output law on Gaussian data is exact: the estimate from {@value ConfigRunner#SAMPLES} samples
     * lies within its floor of it. Measured over master seeds 1..20 (d = 8, eigenvalues 1e-2..4): the largest
     * deviation was 0.11 at 5 steps (exact 3.43) and 0.066 at 10 steps (exact 0.31), the floors 0.12..0.17.
     */
    @Test
    void estimateAgreesWithTheExactLawWithinItsFloor() {
        ProblemInstance p = gaussian().instantiate(new long[] {1}, 4);
        Solver em = REGISTRY.create("euler-maruyama", SolverOptions.empty());
        SampledProblem sampled = SampledProblem.of(p, N, 3);
        assertThat(sampled.floor()).isBetween(0.05, 0.3);
        for (int steps : new int[] {5, 10}) {
            Timesteps ts = Timesteps.of(p.schedule(), new LogSnrGrid(), 1.0, 1e-3, steps);
            SeededNoise noise = new SeededNoise(11);
            double exact = ExactOutputLaw.of(em, new SamplingProblem(p.schedule(), p.model(), ts, noise,
                    StepObserver.NONE, false, false), p.gaussianData().orElseThrow()).frechetToMarginal();
            SampledProblem.Estimate e = sampled.onGrid(em, ts, noise);
            assertThat(e.distance()).as("steps " + steps).isCloseTo(exact, within(sampled.floor()));
            assertThat(e.nfe()).isEqualTo(steps);
            assertThat(SampledFrechet.resolved(e.distance(), sampled.floor())).isTrue();
        }
    }

    /**
     * Exact samples of a mixture's marginal (a set the floor did not use) give a value at the floor, unresolved; the
     * same samples with the mean shifted by 5 floors give about that shift, resolved.
     */
    @Test
    void exactSamplesOfAMixtureAreAtTheFloorAndAShiftIsResolved() {
        GaussianMixtureData data = SampledProblem.mixture(ring().data());
        double alpha = 0.8;
        double sigma = 0.6;
        double floor = SampledFrechet.floor(data, alpha, sigma, N, 5);
        GaussianLaw target = SampledProblem.moments(data, alpha, sigma);
        assertThat(floor).isGreaterThan(0).isLessThan(0.2);
        Batch x = Batch.zeros(N, 2);
        int unresolved = 0;
        for (long seed = 100; seed < 110; seed++) {
            MixtureProblem.draw(data, alpha, sigma, new SplittableRandom(seed), N, x.data(), 0);
            unresolved += SampledFrechet.resolved(SampledFrechet.estimate(x, target), floor) ? 0 : 1;
        }
        assertThat(unresolved).isEqualTo(10);
        double shift = 5 * floor;
        for (int r = 0; r < N; r++) {
            x.data()[2 * r] += shift;
        }
        double shifted = SampledFrechet.estimate(x, target);
        assertThat(SampledFrechet.resolved(shifted, floor)).isTrue();
        assertThat(shifted).isCloseTo(shift, within(floor));
    }

    /**
     * A stochastic solver on a mixture gets a sampled row (floor, note) at the target NFEs of
     * {@link ConfigRunner#SAMPLED_NFE} (10, 20, 50) and none elsewhere; results.csv keeps the floor; an unresolved
     * row is marked and left out of the order fit.
     */
    @Test
    void mixtureRowsAreSampledMarkedAndStored(@TempDir Path tmp) throws Exception {
        ProblemInstance p = ReportRunner.instance(suite(), mixture(), 9);
        ConfigRunner runner = new ConfigRunner(REGISTRY, 9);
        SolverVariant ddpm = new SolverVariant("ddpm", Map.of());
        List<ResultRow> rows = new ArrayList<>();
        int seq = 0;
        for (int nfe : new int[] {5, 10, 20, 50, 100}) {
            rows.add(runner.run(new RunConfig(seq++, mixture(), ddpm, false, new GridSpec.LogSnr(), nfe, Double.NaN), p));
        }
        for (ResultRow notSampled : List.of(rows.get(0), rows.get(4))) {
            assertThat(notSampled.sampled()).isFalse();
            assertThat(notSampled.fdExact()).isNaN();
            assertThat(notSampled.note()).startsWith("no exact law; sampled estimate only at target NFE [10, 20, 50]");
        }
        for (ResultRow r : rows.subList(1, 4)) {
            assertThat(r.status()).isEqualTo(ResultRow.Status.OK);
            assertThat(r.sampled()).as(r.toString()).isTrue();
            assertThat(r.weak()).isTrue();
            assertThat(r.note()).startsWith("sampled: moment-matched Frechet distance of " + N + " samples");
            assertThat(r.note().contains("unresolved")).isEqualTo(r.unresolved());
            assertThat(Double.isNaN(r.error())).isEqualTo(r.unresolved());
        }
        // measured: DDPM at 10 steps 0.61, at 50 steps 0.15, floor 0.091
        assertThat(rows.get(1).unresolved()).isFalse();
        assertThat(rows.get(3).unresolved()).isTrue();

        ResultsCsv.write(tmp.resolve("r.csv"), rows);
        assertThat(Files.readString(tmp.resolve("r.csv"))).contains(",fd_exact,fd_floor,");
        assertThat(ResultsCsv.read(tmp.resolve("r.csv"))).isEqualTo(rows.stream().map(ResultRow::withoutTiming).toList());

        ReportAnalysis a = ReportAnalysis.of(suite(), rows);
        long resolved = rows.stream().filter(r -> r.sampled() && !r.unresolved() && r.nfe() >= 10).count();
        OrderFit fit = a.orders().get("ddpm@logsnr").get("mix4");
        assertThat(fit.points()).isEqualTo((int) resolved);
    }

    /** The report's tables show a resolved sampled estimate with S, an unresolved one as {@code ~value U}. */
    @Test
    void summaryMarksSampledAndUnresolvedCells(@TempDir Path tmp) throws Exception {
        ReportRunner.run(ReportConfig.of(suite().withNfe(List.of(10, 50))).withSolvers(List.of("ddpm")).withOutDir(tmp)
                .withSeed(9).withThreads(1).withPlots(false), Progress.silent());
        String summary = Files.readString(tmp.resolve("summary.md"));
        // measured with seed 9 (as above): 10 NFE 0.61 (resolved), 50 NFE 0.15 (floor 0.091, unresolved)
        assertThat(summary).containsPattern("\\| ddpm@logsnr \\| [0-9.e+-]+ S \\| ~[0-9.e+-]+ U \\|")
                .contains("unresolved (U), left out of the order fits and plots");
    }

    /**
     * {@code gotta-go-fast} on Gaussian data: each of {@value ConfigRunner#ADAPTIVE_SAMPLES} samples run alone, NFE the
     * mean per sample, measured with the control variate, whose floor (its measured error on Euler–Maruyama runs with
     * exact laws) is far below the plain estimate's floor on exact samples at the same N.
     */
    @Test
    void gottaGoFastOnGaussianDataGetsAControlVariateEstimate() {
        Suite suite = new Suite("t", "", List.of(gaussian()), List.of(), List.of(10), List.of(new GridSpec.LogSnr()),
                List.of(1e-2), 1, 4, 10, 1e-11);
        ProblemInstance p = ReportRunner.instance(suite, gaussian(), 9);
        ResultRow r = new ConfigRunner(REGISTRY, 9).run(new RunConfig(0, gaussian(),
                new SolverVariant("gotta-go-fast", Map.of()), true, null, 0, 1e-2), p);
        assertThat(r.status()).isEqualTo(ResultRow.Status.OK);
        assertThat(r.sampled()).isTrue();
        assertThat(r.note()).startsWith("sampled: control-variate Frechet estimate of " + ConfigRunner.ADAPTIVE_SAMPLES
                + " samples").contains("NFE and steps: means per sample");
        assertThat(r.nfe()).isPositive();
        double plainFloor = SampledProblem.of(p, ConfigRunner.ADAPTIVE_SAMPLES, 9).floor();
        // measured: estimate 0.0013, floor 0.0080, plain floor 0.24, 381 NFE per sample
        assertThat(r.fdFloor()).isPositive().isLessThan(plainFloor / 5);
    }

    @Test
    void olderResultsWithoutTheFloorColumnReadWithItNaN(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("old.csv");
        Files.writeString(f, ResultsCsv.HEADER_WITHOUT_FLOOR + "\n0,p,ddpm,logsnr,10,,ok,10,10,,,,0.5,,,\n");
        ResultRow r = ResultsCsv.read(f).get(0);
        assertThat(r.fdExact()).isEqualTo(0.5);
        assertThat(r.sampled()).isFalse();
        assertThat(r.unresolved()).isFalse();
        assertThat(r.error()).isEqualTo(0.5);
    }

    private static Suite suite() {
        return new Suite("t", "", List.of(mixture()), List.of(), List.of(5, 10, 20, 50, 100),
                List.of(new GridSpec.LogSnr()), List.of(), 1, 4, 10, 1e-11);
    }
}
