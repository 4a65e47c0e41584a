package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.ContractProblem.GridKind;
import org.junit.jupiter.api.Test;

/** The driver's own rules that no registered solver exercises on its own. */
class SamplingDriverTest {

    /** A solver whose stopping rule holds at the start, as an adaptive solver with a huge final-time tolerance. */
    private static final Solver NEVER_STEPS = new Solver() {
        @Override
        public String name() {
            return "never-steps";
        }

        @Override
        public int order() {
            return 1;
        }

        @Override
        public boolean adaptive() {
            return true;
        }

        @Override
        public SolverRun start(SolverContext context) {
            return new SolverRun() {
                @Override
                public boolean done() {
                    return true;
                }

                @Override
                public double time() {
                    return context.problem().tStart();
                }

                @Override
                public void step(Batch x) {
                    throw new AssertionError("not reached");
                }
            };
        }
    };

    @Test
    void aRunThatTakesNoStepIsAnError() {
        SamplingProblem p = ContractProblem.problem(GridKind.LOG_SNR, 10);
        InvalidInputException e = catchThrowableOfType(
                () -> NEVER_STEPS.sample(p, ContractProblem.initialState(1, 1)), InvalidInputException.class);
        assertThat(e).as("x_T must not be returned as a sample").isNotNull();
        assertThat(e.path()).isEqualTo("solver");
        assertThat(e.value()).isEqualTo("never-steps");
        assertThat(e.allowed()).contains("at least one step");
    }
}
