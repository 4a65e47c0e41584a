package io.samplerkit.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpCosineSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.testing.ReferenceJson;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The schedules and grid rules against what the reference implementations computed in every public
 * conformance case: DPM-Solver/UniPC time grids and the (alpha, sigma) of every model call,
 * k-diffusion sigma lists, diffusers timesteps and sigmas.
 */
class ReferenceGridsTest {

    /** Relative agreement expected of values computed by the same formula in a different order. */
    private static final double TIGHT = 1e-14;
    private static final double EPS = Math.ulp(1.0);

    /*
     * Where the references lose digits we do not (they form 1 - exp(2 log alpha) and exp(x) - 1
     * directly), the allowed difference is their rounding error, propagated by the conditioning of
     * the quantity; these helpers spell that out.
     */

    /** Relative error of alpha(t) from rounding t and log alpha: eps (1 + |log alpha| + t |f|). */
    static double alphaRelError(NoiseSchedule s, double t) {
        return 4 * EPS * (1 + Math.abs(Math.log(s.alpha(t))) + t * Math.abs(s.f(t)));
    }

    /** Relative error of sqrt(1 - alpha^2) formed by cancellation: (alpha/sigma)^2 da/a + eps/(2 sigma^2). */
    static double sigmaRelError(NoiseSchedule s, double t) {
        double a = s.alpha(t);
        double sg = s.sigma(t);
        return (a * a) / (sg * sg) * alphaRelError(s, t) + 2 * EPS / (sg * sg);
    }

    /** Error of a reference time obtained from a lambda with that cancellation: dlambda / |dlambda/dt|. */
    static double timeErrorFromLambda(NoiseSchedule s, double t, double dLambda) {
        double g2 = s.g2(t);
        double sg = s.sigma(t);
        double slope = g2 / (2 * sg * sg); // |dlambda/dt| = g^2/(2 sigma^2)
        return dLambda / slope;
    }

    static NoiseSchedule dpmSchedule(ReferenceJson c) {
        JsonNode s = c.node("schedule");
        switch (s.path("type").asText()) {
            case "vp-linear":
                return new VpLinearSchedule(s.path("beta_min").doubleValue(), s.path("beta_max").doubleValue(),
                        s.path("T").doubleValue());
            case "vp-cosine":
                return new VpCosineSchedule(s.path("cosine_s").doubleValue(), s.path("T").doubleValue());
            case "vp-discrete": {
                double[] betas = ReferenceJson.load(s.path("arrays_file").asText()).array("betas");
                VpDiscreteSchedule d = VpDiscreteSchedule.fromBetas(betas);
                if (c.text("family").equals("dpm-solver")) {
                    d = d.withLambdaClipping(VpDiscreteSchedule.OFFICIAL_LAMBDA_CLIP);
                    assertThat(d.size()).isEqualTo(s.path("total_N_after_clipping").intValue());
                }
                return d;
            }
            default:
                throw new IllegalStateException(s.toString());
        }
    }

    private static Stream<Path> cases(String... families) {
        return Arrays.stream(families).flatMap(f -> ReferenceJson.cases(f).stream());
    }

    @TestFactory
    Stream<DynamicTest> dpmSolverAndUniPcGridsAndModelCalls() {
        return cases("dpm-solver", "unipc").map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            ReferenceJson c = ReferenceJson.load(p);
            NoiseSchedule s = dpmSchedule(c);
            // the (alpha, sigma) the reference's schedule gave at each model call
            double[] calls = c.array("model_calls");
            JsonNode as = c.node("model_calls_alpha_sigma");
            for (int i = 0; i < calls.length; i++) {
                double t = calls[i];
                double a = as.get(i).get(0).doubleValue();
                double sg = as.get(i).get(1).doubleValue();
                assertThat(Math.abs(s.alpha(t) - a)).as("%s call %d t=%s alpha %s vs %s", c.name(), i, t, s.alpha(t), a)
                        .isLessThanOrEqualTo((TIGHT + alphaRelError(s, t)) * a);
                assertThat(Math.abs(s.sigma(t) - sg)).as("%s call %d t=%s sigma %s vs %s", c.name(), i, t, s.sigma(t), sg)
                        .isLessThanOrEqualTo((TIGHT + sigmaRelError(s, t)) * sg);
            }
            String method = c.text("solver.method");
            if (method.equals("adaptive")) {
                return;
            }
            double[] expected = c.array("timesteps");
            double tStart = c.node("solver.t_start_effective").doubleValue();
            double tEnd = c.node("solver.t_end_effective").doubleValue();
            String skip = c.text("solver.skip_type");
            TimeGrid grid = SkipType.of(skip).grid();
            double[] mine;
            if (method.equals("singlestep") && !skip.equals("logSNR")) {
                // outer points = a `steps` grid taken at the cumulative orders
                double[] full = grid.times(s, tStart, tEnd, c.integer("solver.steps"));
                double[] orders = c.array("solver.orders");
                mine = new double[orders.length + 1];
                int k = 0;
                mine[0] = full[0];
                for (int i = 0; i < orders.length; i++) {
                    k += (int) orders[i];
                    mine[i + 1] = full[k];
                }
            } else {
                mine = grid.times(s, tStart, tEnd, expected.length - 1);
            }
            assertThat(mine).hasSameSizeAs(expected);
            // torch.linspace: a few ulps of the larger end; logSNR: the reference's lambda carries the
            // cancellation error of its log(1 - exp(2 log alpha)) (largest at the clean end), and it
            // also round-trips the end points through inverse_lambda
            double dLambda = 4 * EPS * (1 + Math.abs(s.lambda(tEnd)) + 1 / Math.pow(s.sigma(tEnd), 2));
            for (int i = 0; i < expected.length; i++) {
                double tol = 8 * EPS * tStart + TIGHT * expected[i];
                if (skip.equals("logSNR")) {
                    tol += timeErrorFromLambda(s, expected[i], dLambda);
                }
                assertThat(Math.abs(mine[i] - expected[i])).as("%s t[%d]: %s vs %s", c.name(), i, mine[i], expected[i])
                        .isLessThanOrEqualTo(tol);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> kDiffusionSigmaLists() {
        return cases("k-diffusion").map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            ReferenceJson c = ReferenceJson.load(p);
            JsonNode s = c.node("schedule");
            String type = s.path("type").asText();
            if (type.equals("ve")) {
                return; // adaptive / dpm_fast build their own grids
            }
            double[] sigmas = c.array("timesteps");
            int n = s.path("n").intValue();
            assertThat(sigmas).hasSize(n + 1);
            assertThat(sigmas[n]).isEqualTo(0.0);
            double[] mine;
            if (type.equals("ve-vp")) {
                double betaMin = s.path("beta_min").doubleValue();
                VpLinearSchedule vp = new VpLinearSchedule(betaMin, betaMin + s.path("beta_d").doubleValue(), 1.0);
                double[] t = new UniformTimeGrid().times(vp, 1.0, s.path("eps_s").doubleValue(), n - 1);
                mine = Arrays.stream(t).map(vp::rho).toArray();
            } else {
                EdmSchedule edm = new EdmSchedule(s.path("sigma_min").doubleValue(), s.path("sigma_max").doubleValue());
                TimeGrid grid = switch (type) {
                    case "ve-karras" -> new KarrasGrid(s.path("rho").doubleValue());
                    case "ve-exponential" -> new ExponentialGrid();
                    case "ve-polyexponential" -> new PolyExponentialGrid(s.path("rho").doubleValue());
                    default -> throw new IllegalStateException(type);
                };
                mine = grid.times(edm, edm.sigmaMax(), edm.sigmaMin(), n - 1);
                mine = Arrays.stream(mine).map(edm::rho).toArray();
            }
            for (int i = 0; i < n; i++) {
                // k-diffusion's vp sigmas form exp(x) - 1 directly: relative error eps/(2 rho^2) there
                double tol = TIGHT + (type.equals("ve-vp") ? 2 * EPS / (sigmas[i] * sigmas[i]) : 0);
                assertThat(Math.abs(mine[i] - sigmas[i])).as("%s sigma[%d]: %s vs %s", c.name(), i, mine[i], sigmas[i])
                        .isLessThanOrEqualTo(tol * sigmas[i]);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> diffusersTimestepsAndSigmas() {
        return cases("diffusers").map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            ReferenceJson c = ReferenceJson.load(p);
            JsonNode cfg = c.node("solver.config");
            String scheduler = c.text("solver.scheduler");
            int k = c.integer("solver.num_inference_steps");
            VpDiscreteSchedule s = VpDiscreteSchedule.fromAlphasCumprod(
                    ReferenceJson.load(c.text("schedule.arrays_file")).array("alphas_cumprod"));
            DiffusersSpacing.Family family = switch (scheduler) {
                case "DDIMScheduler", "PNDMScheduler" -> DiffusersSpacing.Family.DDIM;
                case "EulerDiscreteScheduler", "HeunDiscreteScheduler" -> DiffusersSpacing.Family.EULER;
                default -> DiffusersSpacing.Family.MULTISTEP;
            };
            DiffusersSpacing.Spacing spacing = DiffusersSpacing.Spacing.valueOf(
                    cfg.path("timestep_spacing").asText().toUpperCase(java.util.Locale.ROOT));
            double clip = cfg.path("lambda_min_clipped").isNumber() ? cfg.path("lambda_min_clipped").doubleValue()
                    : Double.NEGATIVE_INFINITY;
            DiffusersSpacing sp = new DiffusersSpacing(spacing, family, cfg.path("steps_offset").asInt(0), clip);
            double[] stored = c.array("timesteps");
            // distinct values in order (PNDM and Heun repeat timesteps)
            Set<Double> distinct = new LinkedHashSet<>();
            for (double v : stored) {
                distinct.add(v);
            }
            double[] expectedTs = distinct.stream().mapToDouble(Double::doubleValue).toArray();
            boolean karras = cfg.path("use_karras_sigmas").asBoolean(false);
            if (karras) {
                double[] sigmas = c.array("sigmas");
                // Karras between the extreme training levels: tStart = time of index N-1, tEnd = index 0
                double[] t = KarrasGrid.standard().times(s, s.timeOfIndex(s.size() - 1), s.timeOfIndex(0), k - 1);
                for (int i = 0; i < k; i++) {
                    assertThat(Math.abs(s.rho(t[i]) - sigmas[i])).as("%s sigma[%d]", c.name(), i)
                            .isLessThanOrEqualTo(TIGHT * sigmas[i]);
                }
                return;
            }
            double[] ts = sp.timesteps(s.size(), k);
            if (!scheduler.equals("PNDMScheduler") || cfg.path("skip_prk_steps").asBoolean()) {
                assertThat(ts).as(c.name()).containsExactly(expectedTs);
            }
            double[] times = sp.inferenceTimes(s, k);
            if (c.root().has("sigmas")) {
                double[] sigmas = c.array("sigmas");
                double[] distinctSigmas = new LinkedHashSet<>(Arrays.stream(sigmas).boxed().toList()).stream()
                        .mapToDouble(Double::doubleValue).toArray();
                for (int i = 0; i < k; i++) {
                    assertThat(Math.abs(s.rho(times[i]) - distinctSigmas[i])).as("%s sigma[%d]", c.name(), i)
                            .isLessThanOrEqualTo(TIGHT * distinctSigmas[i]);
                }
                double last = sigmas[sigmas.length - 1];
                if (last > 0) {
                    // final_sigmas_type = sigma_min (and DEIS): the level of training index 0
                    assertThat(s.rho(s.tMin())).isCloseTo(last, org.assertj.core.data.Percentage.withPercentage(100 * TIGHT));
                    double[] withEnd = sp.times(s, Double.NaN, s.tMin(), k);
                    assertThat(withEnd).hasSize(k + 1);
                    assertThat(withEnd[k]).isEqualTo(s.tMin());
                }
            }
            if (scheduler.equals("DDIMScheduler")) {
                double[] abar = c.array("alphas_cumprod_at_timesteps");
                double[] own = s.alphasCumprod();
                int[] idx = sp.trainTimesteps(s, k);
                for (int i = 0; i < k; i++) {
                    assertThat(Math.exp(2 * s.logAlpha(times[i]))).as("%s alphabar[%d]", c.name(), i)
                            .isCloseTo(abar[i], org.assertj.core.data.Percentage.withPercentage(100 * TIGHT));
                    assertThat(own[idx[i]]).isCloseTo(abar[i], org.assertj.core.data.Percentage.withPercentage(100 * TIGHT));
                }
            }
        }));
    }
}
