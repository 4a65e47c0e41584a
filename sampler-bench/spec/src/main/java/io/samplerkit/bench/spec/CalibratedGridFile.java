package io.samplerkit.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.core.schedule.NoiseSchedule;
import io.samplerkit.core.schedule.VpDiscreteSchedule;
import io.samplerkit.solvers.calibration.CalibratedCoefficients;
import io.samplerkit.solvers.calibration.CalibratedGrid;
import io.samplerkit.solvers.calibration.CalibrationMethod;
import io.samplerkit.solvers.exponential.MultistepCorrections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON file of a calibrated grid (format {@value #FORMAT}, docs/solvers/calibration.md): the times and
 * their provenance, plus, for reading only, the {@code sigmas} (and for a discrete schedule the
 * {@code timesteps}) to pass to diffusers' schedulers, and optionally the calibrated solver coefficients fitted
 * with the grid (section {@code coefficients}, version {@value #COEFFICIENTS_VERSION}). Fields are written in a fixed order with Java's shortest
 * round-trip decimal form, so the same grid gives the same bytes. Files are written to a temporary sibling
 * and moved into place (no half-written file).
 */
public final class CalibratedGridFile {

    /** Format tag of the file. */
    public static final String FORMAT = "samplerkit-calibrated-grid/1";

    /** Version of the {@code coefficients} section. */
    public static final int COEFFICIENTS_VERSION = 1;
    /** What the {@code coefficients} section holds: {@link MultistepCorrections} of a multistep DPM-Solver(++). */
    public static final String COEFFICIENTS_KIND = "multistep-output-weight-corrections";
    /** Most outputs a multistep DPM-Solver(++) step combines (order 3). */
    private static final int MAX_CORRECTIONS_PER_STEP = 3;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private CalibratedGridFile() {
    }

    /**
     * @param grid the grid
     * @param schedule the schedule it was calibrated on (for the diffusers lists)
     * @return the JSON text, ending with a newline
     */
    public static String toJson(CalibratedGrid grid, NoiseSchedule schedule) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("solver", grid.solver());
        ObjectNode options = root.putObject("options");
        grid.options().forEach(options::put);
        root.put("steps", grid.steps());
        root.put("nfe", grid.nfe());
        root.put("schedule", grid.schedule());
        root.put("calibrated_on", grid.target());
        root.put("method", grid.method().id());
        root.put("objective", grid.method().objective());
        root.put("objective_value", grid.objective());
        root.put("mse", grid.meanSquaredError());
        root.put("start_grid", grid.startGrid());
        root.put("start_grid_mse", grid.startValue());
        numbers(root.putArray("times"), grid.times());
        if (grid.coefficients() != null) {
            CalibratedCoefficients c = grid.coefficients();
            ObjectNode node = root.putObject("coefficients");
            node.put("version", COEFFICIENTS_VERSION);
            node.put("kind", COEFFICIENTS_KIND);
            node.put("ridge", c.ridge());
            node.put("objective_value", c.objective());
            node.put("mse", c.meanSquaredError());
            node.put("analytic_mse", c.analyticMeanSquaredError());
            ArrayNode rows = node.putArray("corrections");
            for (double[] row : c.corrections().rows()) {
                numbers(rows.addArray(), row);
            }
        }
        ObjectNode diffusers = root.putObject("diffusers");
        numbers(diffusers.putArray("sigmas"), grid.sigmas(schedule));
        if (schedule instanceof VpDiscreteSchedule discrete) {
            numbers(diffusers.putArray("timesteps"), grid.trainingTimesteps(discrete));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void numbers(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }

    /**
     * Writes atomically.
     *
     * @param file destination
     * @param grid the grid
     * @param schedule the schedule it was calibrated on
     */
    public static void write(Path file, CalibratedGrid grid, NoiseSchedule schedule) {
        writeAtomically(file, toJson(grid, schedule));
    }

    /**
     * Writes text whole or not at all ({@link AtomicFiles#write}), creating the destination's folder first.
     *
     * @param file destination
     * @param text the content (UTF-8)
     */
    public static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(AtomicFiles.destination(file).getParent());
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @return the grid
     * @throws InvalidInputException naming the field of a malformed file
     */
    public static CalibratedGrid read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("path", file.toString(), "a readable calibrated-grid file ("
                    + e.getClass().getSimpleName() + ")");
        }
        return parse(text);
    }

    /**
     * Parses the JSON text of a file.
     *
     * @param text the text
     * @return the grid
     * @throws InvalidInputException naming the field of malformed text
     */
    public static CalibratedGrid parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            int eol = m.indexOf('\n');
            throw new InvalidInputException("$", abbreviate(text), "JSON text (" + (eol < 0 ? m : m.substring(0, eol)) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("$", abbreviate(text), "a JSON object");
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new InvalidInputException("format", format, FORMAT);
        }
        JsonNode timesNode = root.get("times");
        if (timesNode == null || !timesNode.isArray() || timesNode.size() < 2) {
            throw new InvalidInputException("times", timesNode, "an array of at least 2 numbers");
        }
        double[] times = new double[timesNode.size()];
        for (int i = 0; i < times.length; i++) {
            JsonNode t = timesNode.get(i);
            if (!t.isNumber() || !Double.isFinite(t.asDouble())) {
                throw new InvalidInputException("times[" + i + "]", t, "a finite number");
            }
            times[i] = t.asDouble();
            if (i > 0 && !(times[i] < times[i - 1])) {
                throw new InvalidInputException("times[" + i + "]", times[i], "< times[" + (i - 1) + "]="
                        + times[i - 1] + " (strictly decreasing)");
            }
        }
        int steps = integer(root, "steps", 1);
        if (steps != times.length - 1) {
            throw new InvalidInputException("steps", steps, "times.length - 1 = " + (times.length - 1));
        }
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode optionsNode = root.get("options");
        if (optionsNode != null && !optionsNode.isObject()) {
            throw new InvalidInputException("options", optionsNode, "an object of option values");
        }
        if (optionsNode != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = optionsNode.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                options.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode coefficientsNode = root.get("coefficients");
        CalibratedCoefficients coefficients = coefficientsNode == null ? null : coefficients(coefficientsNode, steps);
        return new CalibratedGrid(times, text(root, "solver"), options, integer(root, "nfe", 1),
                text(root, "schedule"), text(root, "calibrated_on"),
                CalibrationMethod.of(text(root, "method"), "method"), number(root, "objective_value"),
                number(root, "mse"), number(root, "start_grid_mse"), text(root, "start_grid"), coefficients);
    }

    /**
     * The {@code coefficients} section: {@code version} ({@value #COEFFICIENTS_VERSION}), {@code kind}
     * ({@value #COEFFICIENTS_KIND}), {@code ridge}, {@code objective_value}, {@code mse}, {@code analytic_mse} and
     * {@code corrections}, one array of at most 3 finite numbers per grid step.
     */
    private static CalibratedCoefficients coefficients(JsonNode node, int steps) {
        if (!node.isObject()) {
            throw new InvalidInputException("coefficients", node, "an object");
        }
        try {
            int version = integer(node, "version", 1);
            if (version != COEFFICIENTS_VERSION) {
                throw new InvalidInputException("version", version, String.valueOf(COEFFICIENTS_VERSION));
            }
            String kind = text(node, "kind");
            if (!COEFFICIENTS_KIND.equals(kind)) {
                throw new InvalidInputException("kind", kind, COEFFICIENTS_KIND);
            }
            double ridge = number(node, "ridge");
            if (!(ridge >= 0) || !Double.isFinite(ridge)) {
                throw new InvalidInputException("ridge", ridge, "a finite number >= 0");
            }
            JsonNode rows = node.get("corrections");
            if (rows == null || !rows.isArray() || rows.size() != steps) {
                throw new InvalidInputException("corrections", rows, "an array of " + steps + " arrays (one per step)");
            }
            double[][] r = new double[steps][];
            for (int i = 0; i < steps; i++) {
                JsonNode row = rows.get(i);
                String path = "corrections[" + i + "]";
                if (!row.isArray() || row.size() > MAX_CORRECTIONS_PER_STEP) {
                    throw new InvalidInputException(path, row, "an array of at most " + MAX_CORRECTIONS_PER_STEP
                            + " numbers");
                }
                r[i] = new double[row.size()];
                for (int j = 0; j < r[i].length; j++) {
                    JsonNode v = row.get(j);
                    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                        throw new InvalidInputException(path + "[" + j + "]", v, "a finite number");
                    }
                    r[i][j] = v.asDouble();
                }
            }
            return new CalibratedCoefficients(new MultistepCorrections(r), ridge, number(node, "objective_value"),
                    number(node, "mse"), number(node, "analytic_mse"));
        } catch (InvalidInputException e) {
            throw e.under("coefficients");
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new InvalidInputException(field, n, "a string");
        }
        return n.asText();
    }

    private static int integer(JsonNode root, String field, int min) {
        JsonNode n = root.get(field);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min) {
            throw new InvalidInputException(field, n, "an integer >= " + min);
        }
        return n.asInt();
    }

    private static double number(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isNumber()) {
            throw new InvalidInputException(field, n, "a number");
        }
        return n.asDouble();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
