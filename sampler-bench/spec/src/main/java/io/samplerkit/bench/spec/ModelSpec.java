package io.samplerkit.bench.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.model.DiffusionModel;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.onnx.InputScaling;
import io.samplerkit.onnx.OnnxModel;
import io.samplerkit.onnx.TimeConvention;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * The {@code model} object of run specs and report suites: what answers the sampler. Every type here is the
 * exact model of analytic data, so runs can be compared with the exact (Gaussian) or a high-accuracy reference
 * (mixture) probability-flow map.
 * <table>
 * <caption>model types</caption>
 * <tr><th>{@code type}</th><th>fields</th></tr>
 * <tr><td>{@code gaussian}</td><td>{@code mean} [d] and either {@code covariance} [d][d] (symmetric, positive
 *     semi-definite) or {@code variances} [d] (diagonal covariance)</td></tr>
 * <tr><td>{@code gaussian-mixture}</td><td>{@code weights} [K] (positive, summing to 1 within
 *     {@link InputLimits#WEIGHT_SUM_TOLERANCE}) and {@code components}: K objects, each {@code mean} with
 *     {@code covariance} or {@code variances}</td></tr>
 * <tr><td>{@code random-gaussian}</td><td>{@code dim}, {@code eigMin}, {@code eigMax}, {@code meanScale},
 *     {@code seed}: {@code N(meanScale z, U diag(s^2) U^T)}, {@code s^2} log-spaced over {@code [eigMin, eigMax]},
 *     {@code U} a random orthogonal basis (QR of a Gaussian matrix), all from {@code seed}</td></tr>
 * <tr><td>{@code ring-mixture}</td><td>{@code modes}, {@code radius}, {@code std}: 2-D, equal weights, isotropic
 *     components centred on a circle</td></tr>
 * <tr><td>{@code random-mixture}</td><td>{@code dim}, {@code components}, {@code meanScale}, {@code eigMin},
 *     {@code eigMax}, {@code seed}: components as {@code random-gaussian}, weights uniform in [0.5, 1.5]
 *     normalised</td></tr>
 * <tr><td>{@code onnx}</td><td>a trained network run by ONNX Runtime, see {@link Onnx}; no exact answer</td></tr>
 * </table>
 *
 * <p><b>Adding a model</b> is one record
 * implementing {@link #dim()} and {@link #model} and returning an empty {@link #analytic()} (no exact answer: a
 * run then prints no error; a report suite then needs a computed reference for it), plus one
 * {@link JsonSubTypes} line.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ModelSpec.Gaussian.class, name = "gaussian"),
    @JsonSubTypes.Type(value = ModelSpec.GaussianMixture.class, name = "gaussian-mixture"),
    @JsonSubTypes.Type(value = ModelSpec.RandomGaussian.class, name = "random-gaussian"),
    @JsonSubTypes.Type(value = ModelSpec.RingMixture.class, name = "ring-mixture"),
    @JsonSubTypes.Type(value = ModelSpec.RandomMixture.class, name = "random-mixture"),
    @JsonSubTypes.Type(value = ModelSpec.Onnx.class, name = "onnx")
})
public sealed interface ModelSpec {

    /** @return the analytic data whose exact model this is, or empty for a model without an exact answer */
    Optional<AnalyticData> analytic();

    /** @return the dimension of one sample */
    default int dim() {
        return analytic().orElseThrow().dim();
    }

    /**
     * @param schedule schedule whose time the model takes
     * @param prediction what the model returns
     * @return the model
     */
    default DiffusionModel model(NoiseSchedule schedule, Prediction prediction) {
        return analytic().orElseThrow().model(schedule, prediction);
    }

    /**
     * A Gaussian given by its moments.
     *
     * @param mean mean [d]
     * @param covariance covariance [d][d], or null when {@code variances} is given
     * @param variances diagonal covariance [d], or null when {@code covariance} is given
     */
    record Gaussian(double[] mean, double[][] covariance, double[] variances) implements ModelSpec {
        /** Validates. */
        public Gaussian {
            gaussian(mean, covariance, variances);
        }

        @Override
        public Optional<AnalyticData> analytic() {
            return Optional.of(AnalyticData.of(gaussian(mean, covariance, variances)));
        }
    }

    /**
     * One component of a {@link GaussianMixture}.
     *
     * @param mean mean [d]
     * @param covariance covariance [d][d], or null when {@code variances} is given
     * @param variances diagonal covariance [d], or null when {@code covariance} is given
     */
    record Component(double[] mean, double[][] covariance, double[] variances) {
        /** Validates. */
        public Component {
            gaussian(mean, covariance, variances);
        }

        /** @return the Gaussian */
        public GaussianData data() {
            return gaussian(mean, covariance, variances);
        }
    }

    /**
     * A mixture of Gaussians given by their moments.
     *
     * @param weights weights [K], positive, summing to 1
     * @param components K components of one dimension
     */
    record GaussianMixture(double[] weights, List<Component> components) implements ModelSpec {
        /** Validates. */
        public GaussianMixture {
            if (weights == null || weights.length == 0 || weights.length > InputLimits.MAX_COMPONENTS) {
                throw new InvalidInputException("weights", weights == null ? "nothing" : weights.length + " entries",
                        "an array of 1 to " + InputLimits.MAX_COMPONENTS + " weights");
            }
            GaussianMixtureData.requireWeights(weights);
            if (components == null || components.size() != weights.length) {
                throw new InvalidInputException("components", components == null ? "nothing"
                        : components.size() + " components", weights.length + " components (one per weight)");
            }
            components = List.copyOf(components);
            for (int k = 1; k < components.size(); k++) {
                if (components.get(k).mean().length != components.get(0).mean().length) {
                    throw new InvalidInputException("components[" + k + "].mean", components.get(k).mean().length
                            + " entries", components.get(0).mean().length + " entries like components[0].mean");
                }
            }
        }

        @Override
        public Optional<AnalyticData> analytic() {
            GaussianData[] parts = components.stream().map(Component::data).toArray(GaussianData[]::new);
            return Optional.of(AnalyticData.of(InputErrors.at("", () -> GaussianMixtureData.of(weights, parts))));
        }
    }

    /**
     * An ill-conditioned Gaussian {@code N(meanScale z, U diag(s^2) U^T)}, everything from {@code seed}.
     *
     * @param dim dimension
     * @param eigMin smallest covariance eigenvalue, {@code > 0}
     * @param eigMax largest covariance eigenvalue, {@code >= eigMin}
     * @param meanScale scale of the random mean, {@code >= 0}
     * @param seed seed of the basis and the mean
     */
    record RandomGaussian(int dim, double eigMin, double eigMax, double meanScale, long seed) implements ModelSpec {
        /** Validates. */
        public RandomGaussian {
            RandomGaussians.validate(dim, eigMin, eigMax, meanScale);
        }

        /** @return the data distribution */
        public GaussianData data() {
            return RandomGaussians.draw(new SplittableRandom(seed), dim, eigMin, eigMax, meanScale);
        }

        @Override
        public Optional<AnalyticData> analytic() {
            return Optional.of(AnalyticData.of(data()));
        }
    }

    /**
     * A 2-D mixture of {@code modes} equally weighted isotropic Gaussians of standard deviation {@code std}
     * centred on a circle of radius {@code radius}.
     *
     * @param modes number of components
     * @param radius circle radius, {@code > 0}
     * @param std component standard deviation, {@code > 0}
     */
    record RingMixture(int modes, double radius, double std) implements ModelSpec {
        /** Validates. */
        public RingMixture {
            if (modes < 1 || modes > InputLimits.MAX_COMPONENTS) {
                throw new InvalidInputException("modes", modes, "an integer in [1, " + InputLimits.MAX_COMPONENTS + "]");
            }
            RandomGaussians.requireScale(radius, "radius");
            RandomGaussians.requireScale(std, "std");
        }

        @Override
        public int dim() {
            return 2;
        }

        /** @return the data distribution */
        public GaussianMixtureData data() {
            GaussianData[] parts = new GaussianData[modes];
            double[] weights = new double[modes];
            for (int k = 0; k < modes; k++) {
                double a = 2 * Math.PI * k / modes;
                parts[k] = GaussianData.diagonal(new double[] {radius * Math.cos(a), radius * Math.sin(a)},
                        new double[] {std * std, std * std});
                weights[k] = 1.0 / modes;
            }
            return GaussianMixtureData.of(weights, parts);
        }

        @Override
        public Optional<AnalyticData> analytic() {
            return Optional.of(AnalyticData.of(data()));
        }
    }

    /**
     * A mixture of {@code components} random anisotropic Gaussians (as {@link RandomGaussian}), weights uniform
     * in {@code [0.5, 1.5]} normalised, everything from {@code seed}.
     *
     * @param dim dimension
     * @param components number of components
     * @param meanScale scale of the random means
     * @param eigMin smallest covariance eigenvalue, {@code > 0}
     * @param eigMax largest covariance eigenvalue, {@code >= eigMin}
     * @param seed seed of means, bases and weights
     */
    record RandomMixture(int dim, int components, double meanScale, double eigMin, double eigMax, long seed)
            implements ModelSpec {
        /** Validates. */
        public RandomMixture {
            RandomGaussians.validate(dim, eigMin, eigMax, meanScale);
            if (components < 1 || components > InputLimits.MAX_COMPONENTS) {
                throw new InvalidInputException("components", components, "an integer in [1, "
                        + InputLimits.MAX_COMPONENTS + "]");
            }
        }

        /** @return the data distribution */
        public GaussianMixtureData data() {
            SplittableRandom rng = new SplittableRandom(seed);
            GaussianData[] parts = new GaussianData[components];
            double[] weights = new double[components];
            for (int k = 0; k < components; k++) {
                parts[k] = RandomGaussians.draw(rng, dim, eigMin, eigMax, meanScale);
                weights[k] = rng.nextDouble(0.5, 1.5);
            }
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            for (int k = 0; k < components; k++) {
                weights[k] /= total;
            }
            return GaussianMixtureData.of(weights, parts);
        }

        @Override
        public Optional<AnalyticData> analytic() {
            return Optional.of(AnalyticData.of(data()));
        }
    }

    /**
     * A network exported to ONNX ({@link OnnxModel}). Only {@code file} and {@code prediction} are required.
     *
     * @param file the {@code .onnx} file; in a spec file, relative to the spec file's folder
     * @param input graph input receiving the sample (default: the graph's first input)
     * @param timeInput graph input receiving the time (default: the graph's second input)
     * @param output graph output holding the prediction (default: the graph's first output)
     * @param prediction what the network returns: noise, data, velocity, score or flow
     * @param time the network's time convention: {@code t}, {@code 1000t}, {@code index}, {@code sigma} or
     *     {@code c_noise} (default {@code t}; see {@link TimeConvention})
     * @param inputScaling {@code none} (default) or {@code edm} (see {@link InputScaling})
     * @param sigmaData EDM's {@code sigma_data} (default 0.5)
     * @param shape per-sample tensor shape, e.g. {@code [1, 8, 8]} (default: read from the graph)
     * @param maxBatch largest number of rows per network call (default 256)
     * @param threads ONNX Runtime intra-op threads, 0 for its default (default 0)
     * @param extraInputs fixed values of the graph's further inputs by name (a class label, a conditioning tensor):
     *     one row for an input with the batch dimension, else the whole tensor, row-major (default none)
     */
    record Onnx(String file, String input, String timeInput, String output, Prediction prediction, String time,
            String inputScaling, Double sigmaData, long[] shape, Integer maxBatch, Integer threads,
            Map<String, double[]> extraInputs) implements ModelSpec {
        /** Applies defaults and checks what does not need the graph. */
        public Onnx {
            if (file == null || file.isBlank()) {
                throw new InvalidInputException("file", "nothing", "the path of an .onnx file");
            }
            SpecFiles.path(file, "file");
            if (prediction == null) {
                throw new InvalidInputException("prediction", "nothing", "one of noise, data, velocity, score, flow");
            }
            time = time == null ? TimeConvention.T.key() : TimeConvention.parse(time).key();
            inputScaling = inputScaling == null ? "none" : InputScaling.parse(inputScaling).name().toLowerCase(
                    java.util.Locale.ROOT);
            sigmaData = sigmaData == null ? OnnxModel.DEFAULT_SIGMA_DATA : sigmaData;
            if (!(sigmaData > 0)) {
                throw new InvalidInputException("sigmaData", sigmaData, "finite and > 0");
            }
            maxBatch = maxBatch == null ? OnnxModel.DEFAULT_MAX_BATCH : maxBatch;
            if (maxBatch < 1 || maxBatch > InputLimits.MAX_BATCH) {
                throw new InvalidInputException("maxBatch", maxBatch, "an integer in [1, " + InputLimits.MAX_BATCH + "]");
            }
            threads = threads == null ? 0 : threads;
            if (threads < 0 || threads > 1024) {
                throw new InvalidInputException("threads", threads, "an integer in [0, 1024] (0: ONNX Runtime's default)");
            }
            extraInputs = extraInputs(extraInputs);
            if (shape != null) {
                if (shape.length == 0 || shape.length > 8) {
                    throw new InvalidInputException("shape", shape.length + " entries", "1 to 8 dimensions");
                }
                long values = 1;
                for (int i = 0; i < shape.length; i++) {
                    if (shape[i] < 1 || shape[i] > InputLimits.MAX_DIM) {
                        throw new InvalidInputException("shape[" + i + "]", shape[i], "an integer in [1, "
                                + InputLimits.MAX_DIM + "]");
                    }
                    values *= shape[i];
                    if (values > InputLimits.MAX_DIM) {
                        throw new InvalidInputException("shape", java.util.Arrays.toString(shape),
                                "at most " + InputLimits.MAX_DIM + " values per sample");
                    }
                }
            }
        }

        /**
         * @param given the spec's {@code extraInputs}, or null
         * @return a read-only copy in the given order, or null (none; kept null so that written specs omit it)
         * @throws InvalidInputException naming {@code extraInputs.NAME} for a blank name, a missing or empty array,
         *     a value that is not finite, or more than {@link InputLimits#MAX_STATE_VALUES} values in all
         */
        private static Map<String, double[]> extraInputs(Map<String, double[]> given) {
            if (given == null) {
                return null;
            }
            Map<String, double[]> copy = new LinkedHashMap<>();
            long total = 0;
            for (Map.Entry<String, double[]> e : given.entrySet()) {
                String path = "extraInputs." + e.getKey();
                if (e.getKey() == null || e.getKey().isBlank()) {
                    throw new InvalidInputException("extraInputs", "a blank name", "graph input names");
                }
                double[] v = e.getValue();
                if (v == null || v.length == 0) {
                    throw new InvalidInputException(path, v == null ? "null" : "[]", "an array of numbers");
                }
                for (int i = 0; i < v.length; i++) {
                    if (!Double.isFinite(v[i])) {
                        throw new InvalidInputException(path + "[" + i + "]", v[i], "finite");
                    }
                }
                total += v.length;
                if (total > InputLimits.MAX_STATE_VALUES) {
                    throw new InvalidInputException(path, v.length + " values", "at most "
                            + InputLimits.MAX_STATE_VALUES + " values over all extra inputs");
                }
                copy.put(e.getKey(), v.clone());
            }
            return Collections.unmodifiableMap(copy);
        }

        @Override
        public Optional<AnalyticData> analytic() {
            return Optional.empty();
        }

        /** Opens the graph once (unless {@code shape} is given) to read the sample shape. */
        @Override
        public int dim() {
            return OnnxModelSpec.dim(this);
        }

        /** @return the per-sample tensor shape ({@code shape}, or read from the graph) */
        public long[] sampleShape() {
            return OnnxModelSpec.shape(this);
        }

        /**
         * Opens an ONNX Runtime session (close the returned {@link OnnxModel} when done).
         *
         * @param schedule the schedule the network was trained with
         * @param prediction must be this spec's {@code prediction}
         * @return the network as a model
         */
        @Override
        public DiffusionModel model(NoiseSchedule schedule, Prediction prediction) {
            return model(schedule, prediction, null);
        }

        /**
         * Opens an ONNX Runtime session whose time input takes the given map of the schedule time instead of the
         * spec's {@code time} convention (close the returned {@link OnnxModel} when done).
         *
         * @param schedule the schedule the network was trained with
         * @param prediction must be this spec's {@code prediction}
         * @param networkTime schedule time to the value of the time input (e.g. a diffusers pipeline's
         *     {@code timestepOf}), or null for the spec's convention
         * @return the network as a model
         */
        public OnnxModel model(NoiseSchedule schedule, Prediction prediction, DoubleUnaryOperator networkTime) {
            OnnxModelSpec.agree(prediction, this);
            return OnnxModelSpec.open(this, schedule, TimeConvention.parse(time), networkTime);
        }
    }

    /** A Gaussian from {@code mean} and exactly one of {@code covariance} or {@code variances}. */
    private static GaussianData gaussian(double[] mean, double[][] covariance, double[] variances) {
        if (mean == null || mean.length == 0 || mean.length > InputLimits.MAX_DIM) {
            throw new InvalidInputException("mean", mean == null ? "nothing" : mean.length + " entries",
                    "an array of 1 to " + InputLimits.MAX_DIM + " numbers");
        }
        int d = mean.length;
        if ((covariance == null) == (variances == null)) {
            throw new InvalidInputException("covariance", covariance == null ? "neither" : "both",
                    "exactly one of covariance ([d][d]) or variances ([d])");
        }
        if (variances != null) {
            if (variances.length != d) {
                throw new InvalidInputException("variances", variances.length + " entries", d + " entries like mean");
            }
            for (int i = 0; i < d; i++) {
                if (!(variances[i] >= 0)) {
                    throw new InvalidInputException("variances[" + i + "]", variances[i], "in [0, inf)");
                }
            }
            return InputErrors.at("", () -> GaussianData.diagonal(mean, variances));
        }
        if (covariance.length != d) {
            throw new InvalidInputException("covariance", covariance.length + " rows", d + " rows like mean");
        }
        for (int i = 0; i < d; i++) {
            if (covariance[i] == null || covariance[i].length != d) {
                throw new InvalidInputException("covariance[" + i + "]", covariance[i] == null ? "nothing"
                        : covariance[i].length + " entries", d + " entries like mean");
            }
        }
        return InputErrors.at("", () -> GaussianData.of(mean, covariance));
    }
}
