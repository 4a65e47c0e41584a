package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.bench.conform.DiffusersSigmaLoops.Loop;
import io.samplerkit.bench.conform.DiffusersSigmaLoops.Train;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * diffusers' sigma schedulers whose last step is zero-length because the appended final sigma repeats
 * the last grid sigma (Karras sigmas ending at {@code sigma_min} followed by the sigma of training step
 * 0; Euler's {@code linspace} grid ending at timestep 0 followed by the same): no public case has it, so
 * the public cases' configs are changed and the result compared with a direct transcription of the
 * scheduler loop ({@link DiffusersSigmaLoops}), which must first reproduce the stored public cases.
 * Translator and solver must make the same number of model calls as the loop and agree with it to
 * 1e-12 (relative to the largest entry). The repeated sigma is tried the way diffusers builds it (equal
 * only to a few ulps: {@code (max^(1/7) + (min^(1/7) - max^(1/7)))^7} against {@code min}), as an exact
 * copy, a few ulps above and below, and as {@link DiffusersVariants} regenerates it from the config.
 */
class DiffusersRepeatedFinalSigmaTest {

    private static final String DIR = "cases/diffusers/";
    private static final String DEIS2 = DIR + "vp-discrete-linear__DEISMultistep-solver_order2-n10__d2-b2.json";
    private static final String DEIS3 = DIR + "vp-discrete-linear__DEISMultistep-solver_order3-n15__d16-b2.json";
    private static final String DPM_KARRAS = DIR
            + "vp-discrete-linear__DPMSolverMultistep-solver_order2-use_karras_sigmasTrue-n15__d3-b2.json";
    private static final String DPM_KARRAS3 = DIR
            + "vp-discrete-linear__DPMSolverMultistep-solver_order3-use_karras_sigmasTrue-n10__d16-b2.json";
    private static final String DPM2 = DIR + "vp-discrete-linear__DPMSolverMultistep-solver_order2-n10__d3-b2.json";
    private static final String DPM3 = DIR + "vp-discrete-linear__DPMSolverMultistep-solver_order3-n20__d8-b2.json";
    private static final String UNIPC2 = DIR + "vp-discrete-linear__UniPCMultistep-solver_order2-n10__d3-b2.json";
    private static final String UNIPC3 = DIR + "vp-discrete-linear__UniPCMultistep-solver_order3-n8__d8-b2.json";
    private static final String UNIPC_BH1 = DIR
            + "vp-discrete-linear__UniPCMultistep-solver_order3-solver_typebh1-final_sigmas_typesigma_min-n20__d2-b3.json";
    private static final String EULER = DIR + "vp-discrete-linear__EulerDiscrete-n20__d8-b2.json";

    /** How the final sigma repeats the last Karras sigma. */
    private enum Repeat {
        /** diffusers: the sigma of training step 0, equal to the Karras end only to round-off. */
        APPENDED,
        /** The Karras end copied (an exact zero-length step). */
        COPIED,
        /** Three ulps above the Karras end. */
        ABOVE,
        /** Three ulps below the Karras end. */
        BELOW;

        double[] sigmas(Train train, int n) {
            double[] k = train.karras(n);
            double end = k[n - 1];
            return Train.append(k, switch (this) {
                case APPENDED -> train.sigma(0);
                case COPIED -> end;
                case ABOVE -> Math.nextUp(Math.nextUp(Math.nextUp(end)));
                case BELOW -> Math.nextDown(Math.nextDown(Math.nextDown(end)));
            });
        }
    }

    @Test
    void theTranscriptionsReproduceThePublicCases() {
        check(DEIS2, c -> new DiffusersSigmaLoops.Deis(sigmas(c), order(c), true));
        check(DEIS3, c -> new DiffusersSigmaLoops.Deis(sigmas(c), order(c), true));
        for (String file : new String[] {DPM_KARRAS, DPM_KARRAS3, DPM2, DPM3}) {
            check(file, c -> new DiffusersSigmaLoops.DpmSolverPlusPlus(sigmas(c), order(c), true));
        }
        check(UNIPC2, c -> new DiffusersSigmaLoops.UniPc(sigmas(c), order(c), true, true));
        check(UNIPC3, c -> new DiffusersSigmaLoops.UniPc(sigmas(c), order(c), true, true));
        check(UNIPC_BH1, c -> new DiffusersSigmaLoops.UniPc(sigmas(c), order(c), false, true));
        check(EULER, c -> new DiffusersSigmaLoops.Euler(sigmas(c)));
    }

    private static void check(String file, Function<ReferenceCase, Loop> loop) {
        ReferenceCase c = load(file);
        Loop l = loop.apply(c);
        Batch out = l.sample(c.gaussian(), c.xT());
        assertThat(l.modelCalls).as(file).isEqualTo(c.nfe());
        assertClose(out, c.expected().orElseThrow(), file);
    }

    @TestFactory
    Stream<DynamicTest> deisWithKarrasSigmas() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int order : new int[] {2, 3}) {
            for (int n : new int[] {4, 8, 14, 15, 16, 25}) {
                for (Repeat repeat : Repeat.values()) {
                    tests.add(DynamicTest.dynamicTest("DEIS order " + order + " n=" + n + " " + repeat, () -> {
                        ReferenceCase c = karrasCase(DEIS2, order, n, repeat, config -> { });
                        compare(c, new DiffusersSigmaLoops.Deis(sigmas(c), order, true), new DiffusersDeisCases());
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> dpmSolverPlusPlusWithKarrasSigmasAndSigmaMin() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : new int[] {3, 5, 10, 14, 15, 16, 20}) {
            for (Repeat repeat : Repeat.values()) {
                tests.add(DynamicTest.dynamicTest("DPM-Solver++ order 2 n=" + n + " " + repeat, () -> {
                    ReferenceCase c = karrasCase(DPM_KARRAS, 2, n, repeat, DiffusersRepeatedFinalSigmaTest::sigmaMin);
                    compare(c, new DiffusersSigmaLoops.DpmSolverPlusPlus(sigmas(c), 2, true),
                            new DiffusersDpmSolverMultistepCases());
                }));
            }
        }
        for (int n : new int[] {15, 16, 20, 25}) {
            // order 3 reaches the zero-length step only from 15 steps on, where diffusers' arithmetic is
            // 0/0 when its two lambdas are equal (theReferenceIsNotANumberExactlyWhenItsLastStepHasZeroLambdaLength)
            for (Repeat repeat : Repeat.values()) {
                tests.add(DynamicTest.dynamicTest("DPM-Solver++ order 3 n=" + n + " " + repeat, () -> {
                    ReferenceCase c = karrasCase(DPM_KARRAS3, 3, n, repeat, DiffusersRepeatedFinalSigmaTest::sigmaMin);
                    double[] s = sigmas(c);
                    Loop loop = new DiffusersSigmaLoops.DpmSolverPlusPlus(s, 3, true);
                    if (Loop.lambda(s[n]) != Loop.lambda(s[n - 1])) {
                        compare(c, loop, new DiffusersDpmSolverMultistepCases());
                    } else {
                        assertThat(loop.sample(c.gaussian(), c.xT()).data()[0]).isNaN();
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> uniPcWithKarrasSigmasAndSigmaMin() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : new String[] {UNIPC2, UNIPC3}) {
            for (int n : new int[] {4, 10, 20}) {
                for (Repeat repeat : Repeat.values()) {
                    ReferenceCase base = load(file);
                    int order = order(base);
                    tests.add(DynamicTest.dynamicTest("UniPC-bh2 order " + order + " n=" + n + " " + repeat, () -> {
                        ReferenceCase c = karrasCase(file, order, n, repeat, DiffusersRepeatedFinalSigmaTest::sigmaMin);
                        compare(c, new DiffusersSigmaLoops.UniPc(sigmas(c), order, true, true),
                                new DiffusersUniPcCases());
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> eulerWithSigmaMinOnLinspace() {
        return Stream.of(2, 5, 10, 20, 30).map(n -> DynamicTest.dynamicTest("Euler n=" + n, () -> {
            ReferenceCase base = load(EULER);
            Train train = train(base);
            double[] sigmas = Train.append(train.eulerLinspace(n), train.sigma(0));
            assertThat(sigmas[n]).isEqualTo(sigmas[n - 1]);
            ReferenceCase c = modified(base, n, sigmas, DiffusersRepeatedFinalSigmaTest::sigmaMin);
            compare(c, new DiffusersSigmaLoops.Euler(sigmas), new DiffusersEulerCases());
        }));
    }

    @TestFactory
    Stream<DynamicTest> variantRuleSigmasGiveTheReferenceResult() {
        List<DynamicTest> tests = new ArrayList<>();
        Object[][] configs = {{DEIS2, 2, false}, {DEIS3, 3, false}, {DPM_KARRAS, 2, true}, {UNIPC2, 2, true}};
        for (Object[] cfg : configs) {
            for (int n : new int[] {6, 15, 20}) {
                String file = (String) cfg[0];
                int order = (Integer) cfg[1];
                boolean sigmaMin = (Boolean) cfg[2];
                tests.add(DynamicTest.dynamicTest(file.substring(DIR.length()) + " order " + order + " n=" + n, () -> {
                    ReferenceCase edited = karrasCase(file, order, n, Repeat.APPENDED,
                            sigmaMin ? DiffusersRepeatedFinalSigmaTest::sigmaMin : config -> { });
                    ObjectNode root = ((ObjectNode) edited.root()).deepCopy();
                    new DiffusersVariants().apply(edited, root, IntNode.valueOf(n));
                    ReferenceCase variant = new ReferenceCase(edited.file(), edited.referenceRoot(), root);
                    double[] regenerated = sigmas(variant);
                    // diffusers' own arithmetic: the Karras end and the appended sigma_min agree to a few ulps
                    assertThat(regenerated[n]).isCloseTo(regenerated[n - 1], org.assertj.core.data.Offset.offset(
                            CaseGrids.REPEATED_END_RTOL * regenerated[n - 1]));
                    double[] reference = sigmas(edited);
                    Loop loop = switch (edited.solver().path("scheduler").asText()) {
                        case "DEISMultistepScheduler" -> new DiffusersSigmaLoops.Deis(reference, order, true);
                        case "UniPCMultistepScheduler" -> new DiffusersSigmaLoops.UniPc(reference, order, true, true);
                        default -> new DiffusersSigmaLoops.DpmSolverPlusPlus(reference, order, true);
                    };
                    CaseTranslator translator = CaseTranslators.all().stream().filter(t -> t.accepts(variant))
                            .findFirst().orElseThrow();
                    compare(variant, loop, translator);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theReferenceIsNotANumberExactlyWhenItsLastStepHasZeroLambdaLength() {
        ReferenceCase base = load(DPM_KARRAS3);
        Train train = train(base);
        int zeroLength = 0;
        for (int n = 15; n <= 40; n++) {
            for (Repeat repeat : Repeat.values()) {
                double[] s = repeat.sigmas(train, n);
                double[] out = new DiffusersSigmaLoops.DpmSolverPlusPlus(s, 3, true).sample(base.gaussian(), base.xT())
                        .data();
                boolean zeroH = Loop.lambda(s[n]) == Loop.lambda(s[n - 1]);
                zeroLength += zeroH ? 1 : 0;
                assertThat(Arrays.stream(out).allMatch(zeroH ? Double::isNaN : Double::isFinite))
                        .as("n=%d %s", n, repeat).isTrue();
            }
        }
        assertThat(zeroLength).isPositive();
    }

    /** Runs the translated case and the loop; same model calls, agreement to 1e-12 of the largest entry. */
    private static void compare(ReferenceCase c, Loop loop, CaseTranslator translator) throws SkipCaseException {
        Batch expected = loop.sample(c.gaussian(), c.xT());
        PreparedCase prepared = translator.prepare(c);
        assertThat(prepared.problem().timesteps().endsWithZeroLengthStep()).isTrue();
        SamplingResult r = prepared.run();
        assertThat(r.modelCalls()).isEqualTo(loop.steps).isEqualTo(loop.modelCalls);
        assertClose(r.x(), expected, c.id());
    }

    private static void assertClose(Batch actual, Batch expected, String what) {
        double scale = 0;
        for (double v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).as(what).isFinite().isPositive();
        for (int i = 0; i < expected.data().length; i++) {
            assertThat(Math.abs(actual.data()[i] - expected.data()[i])).as("%s element %d", what, i)
                    .isLessThanOrEqualTo(1e-12 * scale);
        }
    }

    /** A public case with Karras sigmas, {@code solver_order = order} and {@code n} steps. */
    private static ReferenceCase karrasCase(String file, int order, int n, Repeat repeat, Consumer<ObjectNode> config) {
        ReferenceCase base = load(file);
        double[] sigmas = repeat.sigmas(train(base), n);
        return modified(base, n, sigmas, cfg -> {
            cfg.put("use_karras_sigmas", true);
            cfg.put("solver_order", order);
            config.accept(cfg);
        });
    }

    private static void sigmaMin(ObjectNode config) {
        config.put("final_sigmas_type", "sigma_min");
    }

    /** The case with {@code n} steps, the given sigmas and its config changed (Karras timesteps are not read). */
    private static ReferenceCase modified(ReferenceCase base, int n, double[] sigmas, Consumer<ObjectNode> config) {
        ObjectNode root = ((ObjectNode) base.root()).deepCopy();
        ObjectNode solver = (ObjectNode) root.get("solver");
        solver.put("num_inference_steps", n);
        config.accept((ObjectNode) solver.get("config"));
        ArrayNode s = root.putArray("sigmas");
        for (double v : sigmas) {
            s.add(v);
        }
        for (String stale : new String[] {"timesteps", "expected", "nfe", "convergence_check"}) {
            root.remove(stale);
        }
        root.put("id", base.id() + "@repeated-final-sigma-n" + n);
        return new ReferenceCase(base.file(), base.referenceRoot(), root);
    }

    private static ReferenceCase load(String file) {
        return ReferenceCase.load(ReferenceConformanceTest.referenceDir().resolve(file));
    }

    private static Train train(ReferenceCase c) {
        return new Train(ReferenceCase.vector(c.scheduleArrays().path("alphas_cumprod")));
    }

    private static double[] sigmas(ReferenceCase c) {
        return ReferenceCase.vector(c.root().path("sigmas"));
    }

    private static int order(ReferenceCase c) {
        return c.solver().path("config").path("solver_order").asInt();
    }
}
