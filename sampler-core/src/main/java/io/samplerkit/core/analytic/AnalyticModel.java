package io.samplerkit.core.analytic;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.NoiseLevel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;

/**
 * The {@link DiffusionModel} view of an analytic data law: reads the schedule's level at {@code t}
 * (with derivatives only for FLOW) and asks the law for its exact prediction.
 */
final class AnalyticModel implements DiffusionModel {

    /** An analytic law's exact prediction at a noise level. */
    @FunctionalInterface
    interface ExactPrediction {
        void predict(Prediction prediction, NoiseLevel level, BatchView x, Batch out);
    }

    private final String name;
    private final NoiseSchedule schedule;
    private final Prediction prediction;
    private final ExactPrediction law;

    AnalyticModel(String name, NoiseSchedule schedule, Prediction prediction, ExactPrediction law) {
        this.name = name;
        this.schedule = schedule;
        this.prediction = prediction;
        this.law = law;
    }

    @Override
    public Prediction prediction() {
        return prediction;
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        law.predict(prediction, NoiseLevel.of(schedule, t, prediction, Prediction.DATA), x, out);
    }

    @Override
    public String toString() {
        return name + "." + prediction + " on " + schedule.describe();
    }
}
