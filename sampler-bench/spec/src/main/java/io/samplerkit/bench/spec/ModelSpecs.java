package io.samplerkit.bench.spec;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.analytic.GaussianMixtureData;
import io.samplerkit.core.model.Prediction;
import java.util.List;
import java.util.Locale;

/**
 * The {@code model} object of a run specification → {@link AnalyticData}, and the
 * {@code prediction} field → {@link Prediction}.
 * <table>
 * <caption>model types</caption>
 * <tr><th>{@code type}</th><th>fields</th></tr>
 * <tr><td>{@code gaussian}</td><td>{@code mean} [d] and either {@code covariance} [d][d]
 *     (symmetric, positive semi-definite) or {@code variances} [d] (diagonal covariance)</td></tr>
 * <tr><td>{@code gaussian-mixture}</td><td>{@code weights} [K] (positive, summing to 1 within 1e-6) and
 *     {@code components}: K objects, each {@code mean} with {@code covariance} or {@code variances}</td></tr>
 * </table>
 */
public final class ModelSpecs {

    /** The accepted {@code type} values. */
    public static final List<String> TYPES = List.of("gaussian", "gaussian-mixture");

    /** The accepted {@code prediction} values. */
    public static final List<String> PREDICTIONS = List.of("noise", "data", "velocity", "score", "flow");

    private ModelSpecs() {
    }

    /**
     * @param node the {@code model} object
     * @return the analytic data
     * @throws SpecException naming the field, the value and what is allowed
     */
    public static AnalyticData parse(SpecNode node) {
        String type = node.oneOf("type", TYPES);
        if (type.equals("gaussian")) {
            return AnalyticData.of(gaussian(node, List.of("type", "mean", "covariance", "variances")));
        }
        List<String> fields = List.of("type", "weights", "components");
        node.allowOnly(fields);
        double[] weights = node.vector("weights");
        List<SpecNode> parts = node.objects("components");
        if (parts.size() != weights.length) {
            throw new SpecException(node.pathOf("components"), node.pathOf("components") + " must have "
                    + weights.length + " entries (one per weight), got " + parts.size());
        }
        GaussianData[] components = new GaussianData[parts.size()];
        for (int k = 0; k < components.length; k++) {
            components[k] = gaussian(parts.get(k), List.of("mean", "covariance", "variances"));
            if (components[k].dim() != components[0].dim()) {
                throw new SpecException(parts.get(k).pathOf("mean"), parts.get(k).pathOf("mean") + " must have "
                        + components[0].dim() + " entries like the first component, got " + components[k].dim());
            }
        }
        return AnalyticData.of(Specs.build(node, fields, () -> GaussianMixtureData.of(weights, components)));
    }

    /** A Gaussian from {@code mean} and {@code covariance} or {@code variances}. */
    private static GaussianData gaussian(SpecNode node, List<String> fields) {
        node.allowOnly(fields);
        double[] mean = node.vector("mean");
        boolean full = node.has("covariance");
        boolean diagonal = node.has("variances");
        if (full == diagonal) {
            throw new SpecException(node.pathOf("covariance"), node.path()
                    + " needs exactly one of covariance ([d][d]) or variances ([d]), got "
                    + (full ? "both" : "neither"));
        }
        if (diagonal) {
            double[] variances = node.vector("variances");
            if (variances.length != mean.length) {
                throw new SpecException(node.pathOf("variances"), node.pathOf("variances") + " must have "
                        + mean.length + " entries (the length of mean), got " + variances.length);
            }
            for (int i = 0; i < variances.length; i++) {
                if (!(variances[i] >= 0 && variances[i] < Double.POSITIVE_INFINITY)) {
                    throw new SpecException(node.pathOf("variances"), node.pathOf("variances") + "[" + i
                            + "] must be in [0, inf), got " + variances[i]);
                }
            }
            return Specs.build(node, fields, () -> GaussianData.diagonal(mean, variances));
        }
        double[][] covariance = node.matrix("covariance");
        return Specs.build(node, fields, () -> GaussianData.of(mean, covariance));
    }

    /**
     * @param node the specification holding {@code field}
     * @param field the prediction field name
     * @param def default when absent
     * @return the prediction
     */
    public static Prediction prediction(SpecNode node, String field, Prediction def) {
        String p = node.oneOf(field, def.name().toLowerCase(Locale.ROOT), PREDICTIONS);
        return Prediction.valueOf(p.toUpperCase(Locale.ROOT));
    }
}
