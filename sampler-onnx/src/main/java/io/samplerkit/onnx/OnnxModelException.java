package io.samplerkit.onnx;

/**
 * A network file that does not fit what the model was configured with, detected when the model is built: the file
 * is missing or unreadable, a configured tensor name is not in the graph, a tensor has the wrong shape or element
 * type, or the output's shape differs from the sample's. Carries the model file, the field of the configuration it
 * concerns ({@code file, input, timeInput, output, shape, extraInputs.NAME}), the tensor, and what was expected and
 * found; the message is rendered from them.
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
