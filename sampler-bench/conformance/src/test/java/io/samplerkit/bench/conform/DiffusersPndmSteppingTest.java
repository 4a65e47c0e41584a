package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingResult;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The PNDM translation beyond the two public cases: spacings {@code leading} (with and without
 * {@code steps_offset}), {@code linspace} and {@code trailing}, step counts whose {@code N//K} is odd or
 * does not divide N, both modes and both {@code set_alpha_to_one} values. The expected output comes
 * from a direct transcription of the scheduler's integer-timestep loop ({@code set_timesteps},
 * {@code step_prk}, {@code step_plms}, formula (9) transfer, as described in docs/math.md §5 and §9),
 * run on the public case's alphas_cumprod and Gaussian model; the translator and solver must agree
 * with it to 1e-12 and make one model call per listed timestep. With {@code prediction_type=v_prediction}
 * the transcription combines the raw velocity outputs and converts the combination in the transfer with
 * the start point's alphas_cumprod and sample, {@code eps = sqrt(ac_t) v + sqrt(1 - ac_t) x}.
 */
class DiffusersPndmSteppingTest {

    private static final Path CASE = Paths.get(System.getProperty("samplerkit.reference.dir"))
            .resolve("cases/diffusers/vp-discrete-linear__PNDM-skip_prk_stepsFalse-n10__d3-b2.json");

    @Test
    void theTranscriptionReproducesBothPublicCases() {
        for (String file : new String[] {"vp-discrete-linear__PNDM-skip_prk_stepsFalse-n10__d3-b2.json",
            "vp-discrete-linear__PNDM-skip_prk_stepsTrue-n20__d8-b2.json"}) {
            ReferenceCase c = ReferenceCase.load(CASE.resolveSibling(file));
            double[] ac = ReferenceCase.vector(c.scheduleArrays().path("alphas_cumprod"));
            boolean skip = c.solver().path("config").path("skip_prk_steps").asBoolean();
            Scheduler s = new Scheduler(ac, "leading", c.solver().path("num_inference_steps").asInt(), skip, false, 0,
                    false);
            assertThat(Arrays.stream(s.timesteps).asDoubleStream().toArray()).containsExactly(c.timesteps());
            Batch out = s.sample(c.gaussian(), c.xT());
            Batch expected = c.expected().orElseThrow();
            for (int i = 0; i < out.data().length; i++) {
                assertThat(out.data()[i]).isCloseTo(expected.data()[i], within(1e-12));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> translatorReproducesTheSchedulerLoop() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String spacing : new String[] {"leading", "linspace", "trailing"}) {
            for (int k : new int[] {7, 10, 12, 25}) {
                for (boolean skipPrk : new boolean[] {false, true}) {
                    for (boolean alphaToOne : new boolean[] {false, true}) {
                        for (boolean velocity : new boolean[] {false, true}) {
                            int offset = spacing.equals("leading") && k == 12 ? 1 : 0;
                            String name = spacing + " K=" + k + " skip_prk=" + skipPrk + " alpha_to_one="
                                    + alphaToOne + " steps_offset=" + offset + " v_prediction=" + velocity;
                            tests.add(DynamicTest.dynamicTest(name,
                                    () -> check(spacing, k, skipPrk, alphaToOne, offset, velocity)));
                        }
                    }
                }
            }
        }
        return tests.stream();
    }

    /**
     * The v_prediction loop is a different method: transcribing it as the epsilon loop on the velocity
     * model's noise prediction misses by far more than the 1e-12 the translator is held to.
     */
    @Test
    void velocityAndNoiseCombinationsDiffer() {
        ReferenceCase base = ReferenceCase.load(CASE);
        double[] ac = ReferenceCase.vector(base.scheduleArrays().path("alphas_cumprod"));
        for (boolean skipPrk : new boolean[] {false, true}) {
            Batch v = new Scheduler(ac, "trailing", 10, skipPrk, false, 0, true).sample(base.gaussian(), base.xT());
            Batch e = new Scheduler(ac, "trailing", 10, skipPrk, false, 0, false).sample(base.gaussian(), base.xT());
            double difference = 0;
            for (int i = 0; i < v.data().length; i++) {
                difference = Math.max(difference, Math.abs(v.data()[i] - e.data()[i]));
            }
            assertThat(difference).as("skip_prk=%s", skipPrk).isGreaterThan(1e-6);
        }
    }

    private static void check(String spacing, int k, boolean skipPrk, boolean alphaToOne, int stepsOffset,
            boolean velocity) throws SkipCaseException {
        ReferenceCase base = ReferenceCase.load(CASE);
        double[] alphasCumprod = ReferenceCase.vector(base.scheduleArrays().path("alphas_cumprod"));
        int n = alphasCumprod.length;
        Scheduler s = new Scheduler(alphasCumprod, spacing, k, skipPrk, alphaToOne, stepsOffset, velocity);
        Batch expected = s.sample(base.gaussian(), base.xT());

        ObjectNode root = base.root().deepCopy();
        ObjectNode solver = (ObjectNode) root.get("solver");
        solver.put("num_inference_steps", k);
        ObjectNode config = (ObjectNode) solver.get("config");
        config.put("num_train_timesteps", n);
        config.put("skip_prk_steps", skipPrk);
        config.put("set_alpha_to_one", alphaToOne);
        config.put("timestep_spacing", spacing);
        config.put("steps_offset", stepsOffset);
        config.put("prediction_type", velocity ? "v_prediction" : "epsilon");
        root.put("model_prediction", velocity ? "v" : "noise");
        ArrayNode ts = root.putArray("timesteps");
        for (int t : s.timesteps) {
            ts.add(t);
        }
        ReferenceCase c = new ReferenceCase(base.file(), base.referenceRoot(), root);
        SamplingResult r = new DiffusersPndmCases().prepare(c).run();
        assertThat(r.modelCalls()).isEqualTo(s.timesteps.length).isEqualTo(s.modelCalls);
        double scale = 1;
        for (double v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.data().length; i++) {
            assertThat(Math.abs(r.x().data()[i] - expected.data()[i])).as("element %d", i)
                    .isLessThanOrEqualTo(1e-12 * scale);
        }
    }

    /** The scheduler's loop on integer timesteps, transcribed from its documented behaviour. */
    private static final class Scheduler {
        final double[] ac;
        final int trainSteps;
        final int k;
        final boolean skipPrk;
        final double finalAlphaCumprod;
        final boolean velocity;
        final int[] prk;
        final int[] timesteps;
        int modelCalls;

        Scheduler(double[] ac, String spacing, int k, boolean skipPrk, boolean alphaToOne, int stepsOffset,
                boolean velocity) {
            this.ac = ac;
            this.velocity = velocity;
            this.trainSteps = ac.length;
            this.k = k;
            this.skipPrk = skipPrk;
            this.finalAlphaCumprod = alphaToOne ? 1.0 : ac[0];
            int[] base = new int[k];
            for (int i = 0; i < k; i++) {
                switch (spacing) {
                    case "linspace":
                        base[i] = (int) Math.round((trainSteps - 1) * (double) i / (k - 1));
                        break;
                    case "leading":
                        base[i] = i * (trainSteps / k) + stepsOffset;
                        break;
                    default: // trailing: round(arange(N, 0, -N/K)) reversed, minus 1
                        base[i] = (int) Math.round(trainSteps - (k - 1 - i) * (trainSteps / (double) k)) - 1;
                        break;
                }
            }
            List<Integer> prkList = new ArrayList<>();
            List<Integer> plms = new ArrayList<>();
            if (skipPrk) {
                for (int i = k - 1; i >= 0; i--) {
                    plms.add(base[i]);
                    if (i == k - 2) {
                        plms.add(base[i]);
                    }
                }
            } else {
                int half = trainSteps / k / 2;
                int[] pairs = new int[8];
                for (int j = 0; j < 4; j++) {
                    pairs[2 * j] = base[k - 4 + j];
                    pairs[2 * j + 1] = base[k - 4 + j] + half;
                }
                List<Integer> doubled = new ArrayList<>();
                for (int j = 0; j < 7; j++) {
                    doubled.add(pairs[j]);
                    doubled.add(pairs[j]);
                }
                List<Integer> inner = doubled.subList(1, doubled.size() - 1);
                for (int j = inner.size() - 1; j >= 0; j--) {
                    prkList.add(inner.get(j));
                }
                for (int i = k - 4; i >= 0; i--) {
                    plms.add(base[i]);
                }
            }
            prk = prkList.stream().mapToInt(Integer::intValue).toArray();
            List<Integer> all = new ArrayList<>(prkList);
            all.addAll(plms);
            timesteps = all.stream().mapToInt(Integer::intValue).toArray();
        }

        Batch sample(GaussianData data, Batch xT) {
            Batch x = xT.copy();
            List<double[]> ets = new ArrayList<>();
            double[] cur = new double[x.data().length];
            double[] curSample = null;
            int counter = 0;
            int stride = trainSteps / k;
            for (int t : timesteps) {
                Batch e = x.like();
                data.predict(velocity ? Prediction.VELOCITY : Prediction.NOISE,
                        NoiseLevel.of(Math.sqrt(ac[t]), Math.sqrt(1 - ac[t])), x, e);
                modelCalls++;
                double[] mo = e.data().clone();
                double[] sample = x.data().clone();
                int from = t;
                int to;
                if (counter < prk.length && !skipPrk) {
                    int diff = counter % 2 == 1 ? 0 : stride / 2;
                    to = t - diff;
                    from = prk[counter / 4 * 4];
                    switch (counter % 4) {
                        case 0:
                            for (int i = 0; i < cur.length; i++) {
                                cur[i] += mo[i] / 6;
                            }
                            ets.add(mo);
                            curSample = sample;
                            break;
                        case 1:
                        case 2:
                            for (int i = 0; i < cur.length; i++) {
                                cur[i] += mo[i] / 3;
                            }
                            break;
                        default:
                            for (int i = 0; i < cur.length; i++) {
                                mo[i] = cur[i] + mo[i] / 6;
                            }
                            cur = new double[cur.length];
                            break;
                    }
                    sample = curSample;
                } else {
                    to = t - stride;
                    if (counter != 1) {
                        ets.add(mo);
                    } else {
                        to = t;
                        from = t + stride;
                    }
                    int m = ets.size();
                    if (m == 1 && counter == 0) {
                        curSample = sample;
                    } else if (m == 1 && counter == 1) {
                        double[] e0 = ets.get(0);
                        for (int i = 0; i < mo.length; i++) {
                            mo[i] = (mo[i] + e0[i]) / 2;
                        }
                        sample = curSample;
                    } else {
                        mo = adamsBashforth(ets, Math.min(m, 4));
                    }
                }
                transfer(x.data(), sample, from, to, mo);
                counter++;
            }
            return x;
        }

        private static double[] adamsBashforth(List<double[]> ets, int order) {
            double[][] w = {{1}, {1.5, -0.5}, {23 / 12.0, -16 / 12.0, 5 / 12.0},
                {55 / 24.0, -59 / 24.0, 37 / 24.0, -9 / 24.0}};
            double[] out = new double[ets.get(0).length];
            for (int j = 0; j < order; j++) {
                double[] e = ets.get(ets.size() - 1 - j);
                for (int i = 0; i < out.length; i++) {
                    out[i] += w[order - 1][j] * e[i];
                }
            }
            return out;
        }

        /** Formula (9) of the PNDM paper on alpha-bars; a velocity is converted with the start point. */
        private void transfer(double[] out, double[] x, int from, int to, double[] modelOutput) {
            double at = ac[from];
            double[] e = modelOutput;
            if (velocity) {
                e = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    e[i] = Math.sqrt(at) * modelOutput[i] + Math.sqrt(1 - at) * x[i];
                }
            }
            double ap = to >= 0 ? ac[to] : finalAlphaCumprod;
            double sampleCoeff = Math.sqrt(ap / at);
            double denominator = at * Math.sqrt(1 - ap) + Math.sqrt(at * (1 - at) * ap);
            for (int i = 0; i < out.length; i++) {
                out[i] = sampleCoeff * x[i] - (ap - at) * e[i] / denominator;
            }
        }
    }
}
