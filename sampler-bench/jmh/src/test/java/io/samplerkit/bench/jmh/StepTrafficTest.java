package io.samplerkit.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.kernel.KernelTraffic;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepTrafficTest {

    @Test
    void kernelsReportEveryPassTheyMake() {
        StepTraffic.Meter meter = new StepTraffic.Meter(16);
        Batch x = Batch.zeros(1, 16);
        Batch y = Batch.zeros(1, 16);
        Batch z = Batch.zeros(1, 16);
        Batch small = Batch.zeros(1, 8);
        KernelTraffic.install(meter);
        try {
            Kernels.lincomb3(x, 1, x, 2, y, 3, z);
            Kernels.scale(small, 2, small);
            Kernels.lincomb(z, 3, new double[] {1, 2, 3}, new BatchView[] {x, y, x});
        } finally {
            KernelTraffic.install(null);
        }
        // lincomb3: 3 reads + 1 write; the 8-element scale is not state-sized; lincomb of 3 terms: fused, 3 + 1
        assertThat(meter.passes()).isEqualTo(4 + 4);
        // x, y read before written; z read by lincomb3 before the generic lincomb writes it; x and z left written
        assertThat(meter.minimalPasses(x.data())).isEqualTo(3 + 2);
    }

    @Test
    void temporariesReadWithinTheStepCostNothingInTheMinimum() {
        StepTraffic.Meter meter = new StepTraffic.Meter(4);
        double[] x = new double[4];
        double[] tmp = new double[4];
        double[] model = new double[4];
        meter.read(x);
        meter.write(tmp);
        meter.add(tmp, StepTraffic.Access.MODEL_READ);
        meter.add(model, StepTraffic.Access.MODEL_WRITE);
        meter.read(model);
        meter.read(x);
        meter.write(x);
        assertThat(meter.passes()).isEqualTo(5);
        // x is read once per segment (a model call clears the caches), tmp is free, the model output is read once,
        // x is written once
        assertThat(meter.minimalPasses(x)).isEqualTo(1 + 2 + 1);
    }

    @Test
    void measuredStepsMatchTheirKernelCalls() {
        // DDIM: lincomb2 (x, x0hat -> x) with the model-output guard fused into it: read x, x0hat; write x
        assertThat(StepTraffic.passes("ddim")).isEqualTo(new StepTraffic.Passes(3, 3));
        // DPM-Solver++(2M): x and two history entries read, x written; the guard is fused into the update
        StepTraffic.Passes dpmpp2m = StepTraffic.passes("dpmpp-2m");
        assertThat(dpmpp2m.minimal()).isEqualTo(4);
        assertThat(dpmpp2m.measured()).isEqualTo(4);
        // DEIS-2 (noise side) with the benchmark's data model: the conversion of the new output to noise is fused
        // into the update: read x, the model output, the older history entry; write the converted entry and x
        assertThat(StepTraffic.passes("deis")).isEqualTo(new StepTraffic.Passes(5, 5));
        assertThat(StepTraffic.bytesPerStep("ddim", 1_000_000)).isEqualTo(24_000_000L);
    }

    @Test
    void everyFixedStepSolverMovesAtMostOnePassAboveItsMinimum() {
        List<String> failures = new ArrayList<>();
        for (String solver : StepTraffic.fixedStepSolvers()) {
            StepTraffic.Passes p = StepTraffic.passes(solver);
            if (p.excess() > 1) {
                failures.add(solver + ": " + p);
            }
        }
        assertThat(failures).as("measured vs minimal passes per step").isEmpty();
        // the noise-drawing solvers no longer write and read a noise array: at their minimum exactly
        for (String solver : List.of("ddpm", "dpmpp-2m-sde", "dpmpp-3m-sde", "euler-maruyama", "lms", "plms", "s-pndm")) {
            assertThat(StepTraffic.passes(solver).excess()).as(solver).isZero();
        }
        // UniPC-3: the corrector of step i and the predictor of step i + 1 in one kernel: read x, m_t and the three
        // older outputs, write the corrected state and the next prediction
        assertThat(StepTraffic.passes("unipc-bh2[order=3]")).isEqualTo(new StepTraffic.Passes(7, 7));
        assertThat(StepTraffic.passes("unipc-bh2")).isEqualTo(new StepTraffic.Passes(6, 6));
    }

    /**
     * The predictor–corrector sampler: per corrector step a sweep that reads the output (and the state, to form a
     * data or noise model's score) and writes the drawn noise while it sums the norms, then, after that reduction, the
     * update reading the state, the output and the noise and writing the state (which the next model call reads);
     * the predictor reads the state and the output and writes the state, its noise drawn in the sweep.
     */
    @Test
    void thePredictorCorrectorSamplerIsAtItsDataFlowMinimum() {
        for (Prediction model : new Prediction[] {Prediction.DATA, Prediction.NOISE}) {
            assertThat(StepTraffic.passes("pc-sampler", model)).isEqualTo(new StepTraffic.Passes(10, 10));
            assertThat(StepTraffic.passes("pc-sampler[n-steps=2,norm=per-sample]", model))
                    .isEqualTo(new StepTraffic.Passes(17, 17));
            assertThat(StepTraffic.passes("pc-sampler[corrector=false]", model)).isEqualTo(new StepTraffic.Passes(3, 3));
        }
        // a score model's output is the score: the first sweep does not read the state
        assertThat(StepTraffic.passes("pc-sampler[predictor=ancestral]", Prediction.SCORE))
                .isEqualTo(new StepTraffic.Passes(9, 9));
        assertThat(StepTraffic.passes("pc-sampler[n-steps=2]", Prediction.SCORE)).isEqualTo(new StepTraffic.Passes(15, 15));
    }

    @Test
    void aReductionSeparatesTheSweepsBeforeAndAfterIt() {
        // the norms read the output and x and write z; after the barrier the update reads x, the output and z and
        // writes x; z costs its write and its read, x and the output are read twice, x written once more for the
        // next model call
        assertThat(correctorAndPredictor(true)).isEqualTo(3 + 3 + 1 + 3);
        // without the barrier the update could share the norms' sweep: x and the output read once, z free
        assertThat(correctorAndPredictor(false)).isEqualTo(2 + 1 + 3);
    }

    /** Minimal passes of a recorded corrector-and-predictor step (10 kernel passes), with or without the barrier. */
    private static int correctorAndPredictor(boolean barrier) {
        StepTraffic.Meter meter = new StepTraffic.Meter(4);
        double[] x = new double[4];
        double[] out = new double[4];
        double[] z = new double[4];
        meter.add(x, StepTraffic.Access.MODEL_READ);
        meter.add(out, StepTraffic.Access.MODEL_WRITE);
        meter.read(out);
        meter.read(x);
        meter.write(z);
        if (barrier) {
            meter.barrier();
        }
        meter.read(x);
        meter.read(out);
        meter.read(z);
        meter.write(x);
        meter.add(x, StepTraffic.Access.MODEL_READ);
        meter.add(out, StepTraffic.Access.MODEL_WRITE);
        meter.read(x);
        meter.read(out);
        meter.write(x);
        assertThat(meter.passes()).isEqualTo(10);
        return meter.minimalPasses(x);
    }

    @Test
    void everyFixedStepSolverIsMeasured() {
        assertThat(StepTraffic.fixedStepSolvers()).contains("ddim", "heun", "unipc-bh2").doesNotContain("dopri5");
        assertThatThrownBy(() -> StepTraffic.passes("no-such-solver")).isInstanceOf(IllegalArgumentException.class);
    }
}
