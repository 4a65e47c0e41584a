package io.samplerkit.bench.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Samples as files: NumPy {@code .npy} (format version 1.0, little-endian float64, C order, shape
 * {@code [rows, shape...]}) and CSV (one sample per line, the flattened values, full double precision). Stateless.
 */
final class SampleFiles {

    /** NumPy's magic string {@code \x93NUMPY}. */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The header (magic, version, length and text) is padded with spaces to a multiple of this. */
    private static final int ALIGN = 64;

    private SampleFiles() {
    }

    /**
     * @param samples rows of flattened samples, all of the length {@code prod(shape)}
     * @param shape per-sample shape
     * @return the {@code .npy} bytes
     */
    static byte[] npy(double[][] samples, long[] shape) {
        String dims = samples.length + (shape.length == 0 ? "," : ", " + Arrays.stream(shape).mapToObj(Long::toString)
                .collect(Collectors.joining(", ")));
        StringBuilder header = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }");
        int fixed = MAGIC.length + 2 + 2;
        while ((fixed + header.length() + 1) % ALIGN != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] text = header.toString().getBytes(StandardCharsets.US_ASCII);
        int values = Arrays.stream(samples).mapToInt(r -> r.length).sum();
        ByteBuffer buf = ByteBuffer.allocate(fixed + text.length + 8 * values).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        for (double[] row : samples) {
            for (double v : row) {
                buf.putDouble(v);
            }
        }
        return buf.array();
    }

    /**
     * @param samples rows of flattened samples
     * @return CSV bytes, no header, values in Java's shortest round-trip form
     */
    static byte[] csv(double[][] samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (double[] row : samples) {
            String line = Arrays.stream(row).mapToObj(v -> String.format(Locale.ROOT, "%s", v))
                    .collect(Collectors.joining(",")) + "\n";
            out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
