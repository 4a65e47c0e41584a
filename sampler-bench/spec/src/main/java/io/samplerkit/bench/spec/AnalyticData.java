package io.samplerkit.bench.spec;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import io.samplerkit.solvers.calibration.GaussianFit;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The analytic data of a run spec: its exact model and its probability-flow map, closed-form for
 * {@link GaussianData}, a high-accuracy reference integration for {@link GaussianMixtureData}.
 * Immutable and thread-safe.
 */
public final class AnalyticData {

    /** A probability-flow map between two noise levels that may be unavailable for some levels. */
    @FunctionalInterface
    private interface FlowMap {
        boolean apply(BatchView x, double alphaS, double sigmaS, double alphaT, double sigmaT, Batch out);
    }

    private final int dim;
    private final BiFunction<NoiseSchedule, Prediction, DiffusionModel> models;
    private final String flowKind;
    private final FlowMap flowMap;
    private final Object source;

    private AnalyticData(Object source, int dim, BiFunction<NoiseSchedule, Prediction, DiffusionModel> models,
            String flowKind, FlowMap flowMap) {
        this.source = source;
        this.dim = dim;
        this.models = models;
        this.flowKind = flowKind;
        this.flowMap = flowMap;
    }

    /**
     * @param data Gaussian data
     * @return its view: exact model, closed-form flow
     */
    public static AnalyticData of(GaussianData data) {
        return new AnalyticData(data, data.dim(), data::model, "closed form", (x, aS, sS, aT, sT, out) -> {
            data.flow(x, aS, sS, aT, sT, out);
            return true;
        });
    }

    /**
     * @param data Gaussian mixture data
     * @return its view: exact model, reference flow ({@link GaussianMixtureData#referenceFlow},
     *     relative tolerance {@link GaussianMixtureData#DEFAULT_RELATIVE_TOLERANCE}); not available
     *     to or from zero noise
     */
    public static AnalyticData of(GaussianMixtureData data) {
        String kind = "reference integration (Dormand-Prince 8(5,3), rtol "
                + GaussianMixtureData.DEFAULT_RELATIVE_TOLERANCE + ")";
        return new AnalyticData(data, data.dim(), data::model, kind, (x, aS, sS, aT, sT, out) -> {
            if (!(sS > 0 && sT > 0)) {
                return false;
            }
            data.referenceFlow(x, aS, sS, aT, sT, GaussianMixtureData.DEFAULT_RELATIVE_TOLERANCE, out);
            return true;
        });
    }

    /** @return the Gaussian data, if that is what this is */
    public Optional<GaussianData> gaussian() {
        return source instanceof GaussianData g ? Optional.of(g) : Optional.empty();
    }

    /** @return the Gaussian mixture data, if that is what this is */
    public Optional<GaussianMixtureData> mixture() {
        return source instanceof GaussianMixtureData m ? Optional.of(m) : Optional.empty();
    }

    /**
     * The Gaussian with this data's mean and covariance: what grids are calibrated on
     * ({@code io.samplerkit.solvers.calibration}).
     *
     * @return the data themselves when Gaussian, else the mixture's moment fit ({@link GaussianFit#ofMixture})
     */
    public GaussianData gaussianFit() {
        return gaussian().orElseGet(() -> GaussianFit.ofMixture(mixture().orElseThrow()));
    }

    /** @return the dimension */
    public int dim() {
        return dim;
    }

    /**
     * @param schedule schedule whose time the model takes
     * @param prediction what the model returns
     * @return the exact model
     */
    public DiffusionModel model(NoiseSchedule schedule, Prediction prediction) {
        return models.apply(schedule, prediction);
    }

    /** @return how {@link #flow} is computed, e.g. {@code "closed form"} */
    public String flowKind() {
        return flowKind;
    }

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
    public boolean flow(BatchView x, double alphaS, double sigmaS, double alphaT, double sigmaT, Batch out) {
        return flowMap.apply(x, alphaS, sigmaS, alphaT, sigmaT, out);
    }
}
