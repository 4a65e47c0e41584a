package io.samplerkit.solvers.testing;

import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.state.Batch;
import io.samplerkit.core.state.BatchView;
import java.util.ArrayList;
import java.util.List;

/** A model that records the schedule time of every call and answers with the model it wraps. */
public final class TimeRecordingModel implements DiffusionModel {

    private final DiffusionModel inner;
    private final List<Double> times = new ArrayList<>();

    /** @param inner the model that answers */
    public TimeRecordingModel(DiffusionModel inner) {
        this.inner = inner;
    }

    /** @return the times of the calls so far, in call order (live list) */
    public List<Double> times() {
        return times;
    }

    @Override
    public Prediction prediction() {
        return inner.prediction();
    }

    @Override
    public void evaluate(BatchView x, double t, Batch out) {
        times.add(t);
        inner.evaluate(x, t, out);
    }
}
