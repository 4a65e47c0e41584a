package io.samplerkit.bench.spec;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * The analytic data of a run spec: its exact model and its probability-flow map, closed-form for
 * {@link GaussianData}, a high-accuracy reference integration for {@link GaussianMixtureData}.
 * Immutable and thread-safe.
 */
public interface AnalyticData {

    /** @return the dimension */
    int dim();

    /**
     * @param schedule schedule whose time the model takes
     * @param prediction what the model returns
     * @return the exact model
     */
    DiffusionModel model(NoiseSchedule schedule, Prediction prediction);

    /**
     * @return how {@link #flow} is computed, e.g. {@code "closed form"}
     */
    String flowKind();

    /**
     * The probability-flow map from {@code (alphaS, sigmaS)} to {@code (alphaT, sigmaT)}.
     *
     * @param x states at the first level. Not modified.
     * @param alphaS first alpha
     * @param sigmaS first sigma
     * @param alphaT second alpha
     * @param sigmaT second sigma
     * @param out states at the second level. Modified.
     * @return false if the map is not available for these levels (then {@code out} is unspecified)
     */
    boolean flow(BatchView x, double alphaS, double sigmaS, double alphaT, double sigmaT, Batch out);

    /**
     * @param data Gaussian data
     * @return its view: exact model, closed-form flow
     */
    static AnalyticData of(GaussianData data) {
        return new AnalyticData() {
            @Override
            public int dim() {
                return data.dim();
            }

            @Override
            public DiffusionModel model(NoiseSchedule schedule, Prediction prediction) {
                return data.model(schedule, prediction);
            }

            @Override
            public String flowKind() {
                return "closed form";
            }

            @Override
            public boolean flow(BatchView x, double alphaS, double sigmaS, double alphaT, double sigmaT, Batch out) {
                data.flow(x, alphaS, sigmaS, alphaT, sigmaT, out);
                return true;
            }
        };
    }

    /**
     * @param data Gaussian mixture data
     * @return its view: exact model, reference flow ({@link GaussianMixtureData#referenceFlow},
     *     relative tolerance {@link GaussianMixtureData#DEFAULT_RELATIVE_TOLERANCE}); not available
     *     to a zero-noise end
     */
    static AnalyticData of(GaussianMixtureData data) {
        return new AnalyticData() {
            @Override
            public int dim() {
                return data.dim();
            }

            @Override
            public DiffusionModel model(NoiseSchedule schedule, Prediction prediction) {
                return data.model(schedule, prediction);
            }

            @Override
            public String flowKind() {
                return "reference integration (Dormand-Prince 8(5,3), rtol "
                        + GaussianMixtureData.DEFAULT_RELATIVE_TOLERANCE + ")";
            }

            @Override
            public boolean flow(BatchView x, double alphaS, double sigmaS, double alphaT, double sigmaT, Batch out) {
                if (!(sigmaS > 0 && sigmaT > 0)) {
                    return false;
                }
                data.referenceFlow(x, alphaS, sigmaS, alphaT, sigmaT, GaussianMixtureData.DEFAULT_RELATIVE_TOLERANCE,
                        out);
                return true;
            }
        };
    }
}
