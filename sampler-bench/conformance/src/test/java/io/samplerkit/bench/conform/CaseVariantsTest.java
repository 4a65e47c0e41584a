package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * How {@link CaseVariants} rewrites a case for a convergence value, and that {@link ConvergenceRunner}
 * rejects what it should.
 */
class CaseVariantsTest {

    private static final String SINGLESTEP = "cases/dpm-solver/vp-cosine-continuous__dpmsolver-singlestep-o3-logSNR-s15__d8-b2.json";
    private static final String MULTISTEP = "cases/dpm-solver/vp-discrete-linear__dpmsolver++-multistep-o3-logSNR-s10__d3-b2.json";
    private static final String ADAPTIVE = "cases/dpm-solver/vp-linear__dpmsolver-adaptive-o2-rtol0.05-atol0.0078__d8-b2.json";
    private static final String DPM_FAST = "cases/k-diffusion/ve-sigma0.01-80__dpm_fast-n10__d8-b2.json";
    private static final String DDIM = "cases/diffusers/vp-discrete-linear__DDIM-clip_sampleFalse-n10__d3-b2.json";
    private static final String PNDM = "cases/diffusers/vp-discrete-linear__PNDM-skip_prk_stepsFalse-n10__d3-b2.json";
    private static final String HEUN = "cases/diffusers/vp-discrete-linear-0.00085-0.012__HeunDiscrete-n10__d2-b2.json";
    private static final String EULER = "cases/diffusers/vp-discrete-linear__EulerDiscrete-n20__d8-b2.json";

    private static ReferenceCase load(String file) {
        return ReferenceCase.load(ReferenceConformanceTest.referenceDir().resolve(file));
    }

    /** The case with its JSON changed (same file, so schedules still resolve). */
    private static ReferenceCase modified(String file, Consumer<ObjectNode> change) {
        ReferenceCase c = load(file);
        ObjectNode root = ((ObjectNode) c.root()).deepCopy();
        change.accept(root);
        return new ReferenceCase(c.file(), c.referenceRoot(), root);
    }

    private static ConvergencePoint point(ReferenceCase c, String label) {
        return CaseVariants.points(c).stream().filter(p -> p.label().equals(label)).findFirst().orElseThrow();
    }

    private static double[] doubles(ReferenceCase c, String field) {
        return ReferenceCase.vector(c.root().path(field));
    }

    @Test
    void aVariantCarriesTheNewValueTheReferenceNfeAndErrorAndNothingOfTheStoredRun() throws Exception {
        ReferenceCase base = load(MULTISTEP);
        ConvergencePoint p = point(base, "40");
        ReferenceCase v = CaseVariants.variant(base, p);
        assertThat(v.id()).isEqualTo(base.id() + "@40");
        assertThat(v.solver().path("steps").asInt()).isEqualTo(40);
        assertThat(v.nfe()).isEqualTo(40);
        assertThat(v.root().path("reference_error").doubleValue()).isEqualTo(p.referenceError());
        assertThat(v.expected()).isEmpty();
        for (String gone : new String[] {"exact_pf_ode", "exact_pf_ode_endpoints", "model_calls", "intermediates",
            "convergence_check"}) {
            assertThat(v.root().has(gone)).as(gone).isFalse();
        }
        double[] t = v.timesteps();
        assertThat(t).hasSize(41);
        assertThat(t[0]).isEqualTo(base.timesteps()[0]);
        assertThat(t[40]).isCloseTo(base.timesteps()[10], org.assertj.core.data.Offset.offset(1e-15));
        assertThat(base.root().has("expected")).as("the stored case is not modified").isTrue();
    }

    @Test
    void aSinglestepVariantGetsTheFastOrdersAndTheirOuterGrid() throws Exception {
        ReferenceCase base = load(SINGLESTEP);
        ReferenceCase v = CaseVariants.variant(base, point(base, "5"));
        assertThat(DpmSolverCases.orders(v.solver().path("orders"))).containsExactly(3, 2);
        assertThat(v.timesteps()).hasSize(3);
        ReferenceCase v20 = CaseVariants.variant(base, point(base, "20"));
        assertThat(DpmSolverCases.orders(v20.solver().path("orders"))).containsExactly(3, 3, 3, 3, 3, 3, 2);
    }

    @Test
    void aDpmFastVariantRebuildsItsOuterSigmasAndOrders() throws Exception {
        ReferenceCase base = load(DPM_FAST);
        ReferenceCase v = CaseVariants.variant(base, point(base, "20"));
        assertThat(DpmSolverCases.orders(v.solver().path("orders"))).containsExactly(3, 3, 3, 3, 3, 3, 2);
        double[] sigmas = v.timesteps();
        assertThat(sigmas).hasSize(8);
        assertThat(sigmas[0]).isEqualTo(80.0);
        assertThat(sigmas[7]).isEqualTo(0.01);
        assertThat(Math.log(sigmas[0] / sigmas[1])).isCloseTo(Math.log(sigmas[6] / sigmas[7]),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void anAdaptiveVariantSetsBothTolerancesAndDropsTheRecordedSteps() throws Exception {
        ReferenceCase base = load(ADAPTIVE);
        List<ConvergencePoint> points = CaseVariants.points(base);
        assertThat(points).extracting(ConvergencePoint::label).containsExactly("rtol=0.05,atol=0.0078",
                "rtol=0.010000000000000002,atol=0.00156", "rtol=0.002,atol=0.000312", "rtol=0.0004,atol=0.0000624");
        ReferenceCase v = CaseVariants.variant(base, points.get(2));
        assertThat(v.solver().path("rtol").doubleValue()).isEqualTo(0.002);
        assertThat(v.solver().path("atol").doubleValue()).isEqualTo(0.000312);
        assertThat(v.root().has("timesteps")).isFalse();
        assertThat(v.root().has("adaptive_attempts")).isFalse();
    }

    @Test
    void ddimLeadingTimestepsStartWhereTheSpacingPutsThem() throws Exception {
        ReferenceCase base = load(DDIM);
        ReferenceCase v = CaseVariants.variant(base, point(base, "5"));
        assertThat(v.timesteps()).containsExactly(800, 600, 400, 200, 0);
        double[] alphaBar = ReferenceCase.vector(base.scheduleArrays().path("alphas_cumprod"));
        assertThat(doubles(v, "alphas_cumprod_at_timesteps")).containsExactly(alphaBar[800], alphaBar[600],
                alphaBar[400], alphaBar[200], alphaBar[0]);
    }

    @Test
    void pndmVariantsRebuildThePseudoRungeKuttaList() throws Exception {
        ReferenceCase base = load(PNDM);
        ReferenceCase v = CaseVariants.variant(base, point(base, "5"));
        assertThat(v.timesteps()).containsExactly(800, 700, 700, 600, 600, 500, 500, 400, 400, 300, 300, 200, 200, 0);
        assertThat(v.nfe()).isEqualTo(14);
    }

    @Test
    void heunVariantsInterleaveTheirSigmas() throws Exception {
        ReferenceCase base = load(HEUN);
        ReferenceCase v = CaseVariants.variant(base, point(base, "5"));
        double[] sigmas = doubles(v, "sigmas");
        assertThat(sigmas).hasSize(10);
        assertThat(sigmas[0]).isEqualTo(doubles(base, "sigmas")[0]);
        for (int i = 1; i < 9; i += 2) {
            assertThat(sigmas[i + 1]).isEqualTo(sigmas[i]);
            assertThat(sigmas[i]).isLessThan(sigmas[i - 1]);
        }
        assertThat(sigmas[9]).isZero();
        assertThat(v.timesteps()).containsExactly(999, 749.25, 749.25, 499.5, 499.5, 249.75, 249.75, 0, 0);
        assertThat(v.xT().data()).containsExactly(base.xT().data());
    }

    @Test
    void eulerWithLeadingSpacingRescalesTheInitialNoiseToTheNewInitNoiseSigma() throws Exception {
        ReferenceCase base = modified(EULER,
                root -> ((ObjectNode) root.path("solver").path("config")).put("timestep_spacing", "leading"));
        DiffusersVariants rule = new DiffusersVariants();
        ObjectNode v = ((ObjectNode) base.root()).deepCopy();
        rule.apply(base, v, IntNode.valueOf(5));
        double[] sigmas = ReferenceCase.vector(v.path("sigmas"));
        // the stored x_T is z * init_noise_sigma of the config at the case's own step count (leading spacing now)
        ObjectNode own = ((ObjectNode) base.root()).deepCopy();
        rule.apply(base, own, base.solver().path("num_inference_steps"));
        double maxBefore = ReferenceCase.vector(own.path("sigmas"))[0];
        double before = Math.sqrt(maxBefore * maxBefore + 1);
        double after = Math.sqrt(sigmas[0] * sigmas[0] + 1);
        assertThat(after).isLessThan(before);
        double[][] x = ReferenceCase.matrix(v.path("x_T"));
        double[][] x0 = ReferenceCase.matrix(base.root().path("x_T"));
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                assertThat(x[i][j]).isCloseTo(x0[i][j] / before * after,
                        org.assertj.core.data.Offset.offset(1e-15 * Math.abs(x0[i][j])));
            }
        }
    }

    @Test
    void theSelfCheckRejectsAStoredGridTheRuleDoesNotReproduce() {
        ReferenceCase bent = modified(MULTISTEP, root -> {
            ArrayNode t = (ArrayNode) root.get("timesteps");
            t.set(3, t.get(3).doubleValue() * (1 + 1e-6));
        });
        assertThatThrownBy(() -> CaseVariants.checkReproducesStoredGrids(bent))
                .isInstanceOf(SkipCaseException.class)
                .hasMessageContaining("does not reproduce the stored timesteps").hasMessageContaining("[3]");
        VariantResult r = new ConvergenceRunner().run(bent, CaseVariants.points(bent).get(0));
        assertThat(r.status()).isEqualTo(CaseStatus.SKIP);
        assertThat(r.skipKind()).isEqualTo(SkipKind.UNSUPPORTED);
    }

    @Test
    void aReferenceErrorOrNfeThatWeDoNotReproduceFails() {
        ConvergenceRunner runner = new ConvergenceRunner();
        ReferenceCase good = load(MULTISTEP);
        VariantResult ok = runner.run(good, point(good, "20"));
        assertThat(ok.status()).as(ok.line()).isEqualTo(CaseStatus.PASS);
        assertThat(ok.line()).matches("PASS \\S+@20 \\d\\.\\d{3}e-\\d\\d 20");

        ReferenceCase wrongError = modified(MULTISTEP, root -> {
            ArrayNode e = (ArrayNode) root.path("convergence_check").path("reference_errors");
            e.set(2, e.get(2).doubleValue() + 1e-6);
        });
        VariantResult r = runner.run(wrongError, point(wrongError, "20"));
        assertThat(r.status()).isEqualTo(CaseStatus.FAIL);
        assertThat(r.reason()).contains("difference").doesNotContain("nfe");
        assertThat(r.difference()).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-9));

        ReferenceCase wrongNfe = modified(MULTISTEP,
                root -> ((ArrayNode) root.path("convergence_check").path("nfe")).set(2, 21));
        VariantResult n = runner.run(wrongNfe, point(wrongNfe, "20"));
        assertThat(n.status()).isEqualTo(CaseStatus.FAIL);
        assertThat(n.reason()).isEqualTo("nfe 20 != reference nfe 21");
    }

    @Test
    void aCaseWithoutConvergenceCheckHasNoVariants() {
        ReferenceCase none = modified(MULTISTEP, root -> root.remove("convergence_check"));
        assertThat(CaseVariants.points(none)).isEmpty();
        assertThat(new ConvergenceRunner().runAll(none)).isEmpty();
    }
}
