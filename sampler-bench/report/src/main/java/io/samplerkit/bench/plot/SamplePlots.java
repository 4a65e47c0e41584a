package io.samplerkit.bench.plot;

import java.util.List;

/**
 * Pictures of samples as PNG, drawn on a {@link RasterCanvas} and encoded by {@link IndexedPng} like the charts: a
 * scatter plot of 2-D points, and a grid of images. Image values are read in the diffusion convention {@code [-1, 1]}
 * (black to white, clipped outside). Stateless.
 */
public final class SamplePlots {

    /** Largest number of points a scatter plot draws (the first ones). */
    public static final int MAX_POINTS = 100_000;
    private static final int SIDE = 560;
    private static final int MARGIN = 48;
    private static final int FRAME = 0x333333;
    private static final int GAP = 4;
    private static final int LABEL_WIDTH = 150;
    /** Generous width of one label character in the tick font, so the longest label fits left of the images. */
    private static final int LABEL_CHAR_WIDTH = 7;

    private SamplePlots() {
    }

    /**
     * A square scatter plot of 2-D points with equal axis scales, its range printed below.
     *
     * @param title title
     * @param points rows of two coordinates; non-finite rows are skipped
     * @return PNG bytes
     */
    public static byte[] scatter(String title, double[][] points) {
        int n = Math.min(points.length, MAX_POINTS);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (double v : points[i]) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 1 : -1;
            hi = lo + 2;
        }
        double pad = 0.05 * (hi - lo);
        lo -= pad;
        hi += pad;
        int size = SIDE + 2 * MARGIN;
        RasterCanvas c = new RasterCanvas(size, size);
        c.text(size / 2.0, MARGIN / 2.0 + 6, ChartLayout.TITLE_FONT, Canvas.Anchor.MIDDLE, title, true, false);
        c.rect(MARGIN, MARGIN, SIDE, SIDE, Canvas.NONE, FRAME);
        double[] xs = new double[n];
        double[] ys = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double x = points[i][0];
            double y = points[i][1];
            if (Double.isFinite(x) && Double.isFinite(y)) {
                xs[m] = MARGIN + SIDE * (x - lo) / (hi - lo);
                ys[m] = MARGIN + SIDE * (hi - y) / (hi - lo);
                m++;
            }
        }
        c.markers(java.util.Arrays.copyOf(xs, m), java.util.Arrays.copyOf(ys, m), Palette.style(0), 1.6);
        c.text(size / 2.0, size - MARGIN / 2.0 + 4, ChartLayout.TICK_FONT, Canvas.Anchor.MIDDLE,
                String.format(java.util.Locale.ROOT, "%d points; x and y in [%.3g, %.3g]", m, lo, hi), false, false);
        return IndexedPng.encode(c.finish());
    }

    /**
     * A grid of images, one row of the grid per entry of {@code rows}, each row optionally labelled on the left.
     *
     * @param title title
     * @param labels one label per grid row, or null for none
     * @param rows grid rows; each holds images, each the row-major values of a {@code [channels, height, width]}
     *     tensor
     * @param channels 1 (grey) or 3 (RGB)
     * @param height image height
     * @param width image width
     * @param pixel screen pixels per image pixel, {@code >= 1}
     * @return PNG bytes
     */
    public static byte[] imageGrid(String title, List<String> labels, List<double[][]> rows, int channels, int height,
            int width, int pixel) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int longest = labels == null ? 0 : labels.stream().mapToInt(String::length).max().orElse(0);
        int left = labels == null ? GAP : Math.max(LABEL_WIDTH, LABEL_CHAR_WIDTH * longest + 2 * GAP);
        int cellW = width * pixel + GAP;
        int cellH = height * pixel + GAP;
        int top = 36;
        int w = Math.max(left + columns * cellW + GAP, 320);
        int h = top + rows.size() * cellH + GAP;
        RasterCanvas c = new RasterCanvas(w, h);
        c.text(GAP, 22, ChartLayout.TITLE_FONT, Canvas.Anchor.START, title, true, false);
        int plane = height * width;
        for (int r = 0; r < rows.size(); r++) {
            double y0 = top + r * cellH;
            if (labels != null) {
                c.text(left - GAP, y0 + cellH / 2.0 + 4, ChartLayout.TICK_FONT, Canvas.Anchor.END, labels.get(r), false,
                        false);
            }
            double[][] images = rows.get(r);
            for (int k = 0; k < images.length; k++) {
                double x0 = left + k * cellW;
                double[] im = images[k];
                if (im.length != channels * plane) {
                    throw new IllegalArgumentException("image " + k + " of row " + r + " has " + im.length
                            + " values, expected " + channels * plane);
                }
                for (int i = 0; i < height; i++) {
                    for (int j = 0; j < width; j++) {
                        int rgb = 0;
                        for (int ch = 0; ch < 3; ch++) {
                            double v = im[(channels == 1 ? 0 : ch) * plane + i * width + j];
                            rgb = (rgb << 8) | level(v);
                        }
                        c.rect(x0 + j * pixel, y0 + i * pixel, pixel, pixel, rgb, Canvas.NONE);
                    }
                }
            }
        }
        return IndexedPng.encode(c.finish());
    }

    /** {@code [-1, 1]} to {@code 0..255}, clipped; NaN is black. */
    static int level(double v) {
        if (!(v > -1)) {
            return 0;
        }
        return v >= 1 ? 255 : (int) Math.round(127.5 * (v + 1));
    }
}
