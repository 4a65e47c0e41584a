package io.samplerkit.bench.cli;

import io.samplerkit.bench.plot.SamplePlots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code --png} picture of samples: a scatter plot for 2-D samples, a grid of images (as square as the count
 * allows) for samples of shape {@code [C, H, W]} with {@code C} 1 or 3. Stateless.
 */
final class SamplePictures {

    /** Screen pixels per image pixel, so small images (8x8 digits) are visible. */
    private static final int PIXEL = 6;

    private SamplePictures() {
    }

    /**
     * @param png the requested picture, or null
     * @param shape per-sample shape
     * @return why the samples cannot be drawn, or null
     */
    static String whyNot(Path png, long[] shape) {
        if (png == null || isPoints(shape) || isImage(shape)) {
            return null;
        }
        return "--png needs 2-D samples or images of shape [C, H, W] with C = 1 or 3, got shape "
                + Arrays.toString(shape);
    }

    /**
     * @param title title
     * @param samples flattened samples
     * @param shape their shape (one {@link #whyNot} accepts)
     * @return PNG bytes
     */
    static byte[] png(String title, double[][] samples, long[] shape) {
        if (isPoints(shape)) {
            return SamplePlots.scatter(title, samples);
        }
        int columns = (int) Math.ceil(Math.sqrt(samples.length));
        List<double[][]> rows = new ArrayList<>();
        for (int i = 0; i < samples.length; i += columns) {
            rows.add(Arrays.copyOfRange(samples, i, Math.min(samples.length, i + columns)));
        }
        return SamplePlots.imageGrid(title, null, rows, (int) shape[0], (int) shape[1], (int) shape[2], PIXEL);
    }

    private static boolean isPoints(long[] shape) {
        return Arrays.stream(shape).reduce(1, Math::multiplyExact) == 2 && shape[shape.length - 1] == 2;
    }

    private static boolean isImage(long[] shape) {
        return shape.length == 3 && (shape[0] == 1 || shape[0] == 3);
    }
}
