package io.samplerkit.core.dynamics;

import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.model.PredictionConversion;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * The one implementation of the score-form drift {@code f x - (c/2) g^2 s} shared by the probability
 * flow ODE ({@code c = 1}) and the reverse SDE family ({@code c = 1 + eta^2}).
 *
 * <p>The model writes its own prediction {@code p} into {@code out}; the exact conversion to the score
 * is affine, {@code s = kx x + kp p} ({@link PredictionConversion#xCoefficient},
 * {@link PredictionConversion#inputCoefficient}), so the drift is one fused pass
 * <pre>
 *   out = (f - (c/2) g^2 kx) x + (-(c/2) g^2 kp) p
 * </pre>
 * in place, for every parameterization, with no scratch buffer.
 */
final class ScoreDrift {

    private ScoreDrift() {
    }

    /**
     * @param schedule schedule
     * @param model model
     * @param x state. Not modified.
     * @param t time
     * @param scoreWeight {@code c}
     * @param out drift; must not be {@code x}. Modified.
     */
    static void evaluate(NoiseSchedule schedule, DiffusionModel model, BatchView x, double t, double scoreWeight,
            Batch out) {
        if (out == x) {
            throw new IllegalArgumentException("out must not be the same batch as x");
        }
        out.requireSameShape(x);
        model.evaluate(x, t, out);
        Prediction p = model.prediction();
        Kernels.lincomb2(out, stateCoefficient(schedule, p, t, scoreWeight), x,
                outputCoefficient(schedule, p, t, scoreWeight), out);
    }

    /**
     * @param schedule schedule
     * @param p the model's parameterization
     * @param t time
     * @param scoreWeight {@code c}
     * @return the drift's coefficient of the state, {@code f - (c/2) g^2 kx}
     */
    static double stateCoefficient(NoiseSchedule schedule, Prediction p, double t, double scoreWeight) {
        return schedule.f(t) - 0.5 * scoreWeight * schedule.g2(t)
                * PredictionConversion.xCoefficient(p, Prediction.SCORE, schedule, t);
    }

    /**
     * @param schedule schedule
     * @param p the model's parameterization
     * @param t time
     * @param scoreWeight {@code c}
     * @return the drift's coefficient of the model output, {@code -(c/2) g^2 kp}
     */
    static double outputCoefficient(NoiseSchedule schedule, Prediction p, double t, double scoreWeight) {
        return -0.5 * scoreWeight * schedule.g2(t)
                * PredictionConversion.inputCoefficient(p, Prediction.SCORE, schedule, t);
    }
}
