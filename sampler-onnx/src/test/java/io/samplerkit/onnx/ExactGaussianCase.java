package io.samplerkit.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.Timesteps;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.BetaSchedule;
import io.samplerkit.core.schedule.EdmSchedule;
import io.samplerkit.core.schedule.FlowMatchingSchedule;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.core.schedule.VpLinearSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One graph of the exact Gaussian denoiser in the test resources ({@code exact-gaussian/}, written by
 * {@code tools/onnx/make_exact_gaussian.py}), read from {@code exact-gaussian.json}: its schedule, time convention,
 * prediction, input scaling, names, the variance channel {@code {base, slope}} of a graph that appends one (else
 * null), and the data law every graph shares.
 */
record ExactGaussianCase(String name, Path file, NoiseSchedule schedule, TimeConvention time, Prediction prediction,
        InputScaling inputScaling, double sigmaData, boolean float64, boolean integerTime, String extraInput,
        double[] mean, double[][] covariance, double[][] varianceChannel) {

    private static final String DIR = "/exact-gaussian/";

    /** @return every case of the JSON file, in file order */
    static List<ExactGaussianCase> all() {
        try (InputStream in = ExactGaussianCase.class.getResourceAsStream(DIR + "exact-gaussian.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            double[] mean = new ObjectMapper().treeToValue(root.get("mean"), double[].class);
            double[][] cov = new ObjectMapper().treeToValue(root.get("covariance"), double[][].class);
            List<ExactGaussianCase> cases = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                Path file = Path.of(ExactGaussianCase.class.getResource(DIR + c.get("file").asText()).toURI());
                cases.add(new ExactGaussianCase(c.get("name").asText(), file, schedule(c.get("schedule")),
                        TimeConvention.parse(c.get("time").asText()),
                        Prediction.valueOf(c.get("prediction").asText().toUpperCase(Locale.ROOT)),
                        InputScaling.parse(c.get("inputScaling").asText()), c.get("sigmaData").asDouble(),
                        c.get("dtype").asText().equals("float64"), c.get("timeType").asText().equals("int64"),
                        c.get("extraInput").isNull() ? null : c.get("extraInput").asText(), mean, cov,
                        varianceChannel(c.get("varianceChannel"))));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param name a case name
     * @return that case
     */
    static ExactGaussianCase named(String name) {
        return all().stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow();
    }

    /** {@code {base, slope}} of a graph's variance channel {@code base + slope t}, or null without one. */
    private static double[][] varianceChannel(JsonNode v) throws IOException {
        if (v == null || v.isNull()) {
            return null;
        }
        ObjectMapper m = new ObjectMapper();
        return new double[][] {m.treeToValue(v.get("base"), double[].class), m.treeToValue(v.get("slope"), double[].class)};
    }

    private static NoiseSchedule schedule(JsonNode s) {
        switch (s.get("type").asText()) {
            case "vp-linear":
                return new VpLinearSchedule(s.get("beta0").asDouble(), s.get("beta1").asDouble(), 1.0);
            case "vp-discrete":
                return VpDiscreteSchedule.fromBetas(BetaSchedule.LINEAR.betas(s.get("trainSteps").asInt(),
                        s.get("betaStart").asDouble(), s.get("betaEnd").asDouble()));
            case "edm":
                return EdmSchedule.standard();
            case "flow-matching":
                return FlowMatchingSchedule.standard();
            default:
                throw new IllegalArgumentException("unknown schedule " + s);
        }
    }

    /** @return the sampling interval {@code {tStart, tEnd}} used on this case's schedule */
    double[] interval() {
        if (schedule instanceof EdmSchedule) {
            return new double[] {80.0, 0.002};
        }
        if (schedule instanceof FlowMatchingSchedule) {
            return new double[] {0.999, 1e-3};
        }
        return new double[] {1.0, 1e-3};
    }

    /**
     * @param steps number of steps
     * @return the case's grid: uniform in log-SNR over {@link #interval()}, or, for an integer time input, the
     *     training indices {@code round(999 (1 - k/steps))} (diffusers-like), where rounding changes nothing
     */
    Timesteps timesteps(int steps) {
        double[] interval = interval();
        if (!integerTime) {
            return Timesteps.of(schedule, new LogSnrGrid(), interval[0], interval[1], steps);
        }
        VpDiscreteSchedule table = (VpDiscreteSchedule) schedule;
        double[] times = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            times[k] = table.timeOfIndex((int) Math.round((table.size() - 1) * (1 - k / (double) steps)));
        }
        return Timesteps.of(schedule, times);
    }

    /**
     * @param shift added to the mean (the graphs' extra input), or null
     * @return the data law
     */
    GaussianData data(double[] shift) {
        double[] m = mean.clone();
        if (shift != null) {
            for (int i = 0; i < m.length; i++) {
                m[i] += shift[i];
            }
        }
        return GaussianData.of(m, covariance);
    }

    /** @return a builder for this graph with every setting of the case, one intra-op thread */
    OnnxModel.Builder builder() {
        return OnnxModel.builder(file).schedule(schedule).prediction(prediction).time(time)
                .inputScaling(inputScaling).sigmaData(sigmaData).sampleInput("x").timeInput("time").output("out")
                .intraOpThreads(1);
    }

    @Override
    public String toString() {
        return name;
    }
}
