package io.samplerkit.onnx;

/**
 * A network file that does not fit what the model was configured with, detected when the model is built: the file
 * is missing or unreadable, a configured tensor name is not in the graph, a tensor has the wrong shape or element
 * type, or the output's shape differs from the sample's. Carries the model file, the field of the configuration it
 * concerns ({@code file, input, timeInput, output, shape, maxBatch, extraInputs.NAME}), the tensor, and what was
 * expected and found; the message is rendered from them.
 */
public final class OnnxModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final String field;
    private final String tensor;
    private final String expected;
    private final String found;

    /**
     * @param model the model file (or a description of the bytes)
     * @param field configuration field, e.g. {@code input}
     * @param tensor tensor name, or {@code ""} when the error concerns the file
     * @param expected what was expected
     * @param found what was found
     * @param cause underlying error, may be null
     */
    public OnnxModelException(String model, String field, String tensor, String expected, String found,
            Throwable cause) {
        super(model + ": " + field + (tensor.isEmpty() ? "" : " '" + tensor + "'") + " must be " + expected
                + ", found " + found, cause);
        this.model = model;
        this.field = field;
        this.tensor = tensor;
        this.expected = expected;
        this.found = found;
    }

    /**
     * The reason of an ONNX Runtime or I/O failure as a "found" text: ORT's message without its
     * {@code "Error code - ORT_... - message: "} and {@code "Load model from PATH failed:"} prefixes, so that the part
     * that explains the failure comes first (messages are cut short in command-line errors).
     *
     * @param e the failure
     * @return its message, shortened by the prefix (an I/O failure's with its class name); the class name if it
     *     has none
     */
    static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int at = m.startsWith("Error code - ") ? m.indexOf(" - message: ") : -1;
        if (at >= 0) {
            String reason = m.substring(at + " - message: ".length());
            // a model loaded from its path: "Load model from PATH failed:REASON"; the path is already in the message
            int failed = reason.startsWith("Load model from ") ? reason.indexOf(" failed:") : -1;
            return failed < 0 ? reason : reason.substring(failed + " failed:".length()).strip();
        }
        // an I/O exception's message is often the path alone (AccessDeniedException): keep its kind
        return e instanceof java.io.IOException ? e.getClass().getSimpleName() + ": " + m : m;
    }

    /** @return the model file (or a description of the bytes) */
    public String model() {
        return model;
    }

    /** @return the configuration field, e.g. {@code input} */
    public String field() {
        return field;
    }

    /** @return the tensor name ({@code ""} for errors about the file) */
    public String tensor() {
        return tensor;
    }

    /** @return what was expected */
    public String expected() {
        return expected;
    }

    /** @return what was found */
    public String found() {
        return found;
    }
}
