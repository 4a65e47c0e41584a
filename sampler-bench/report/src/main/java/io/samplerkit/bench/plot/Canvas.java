package io.samplerkit.bench.plot;

/**
 * The drawing operations a chart needs, in pixel coordinates with y pointing down. {@link ChartPainter}
 * lays a chart out once against this interface; {@link Svg} writes the operations as SVG elements and
 * {@link RasterCanvas} draws them into an image, so the SVG and PNG of a chart come from one layout.
 */
interface Canvas {

    /** No colour: an unfilled or unstroked rectangle. */
    int NONE = -1;

    /** Horizontal alignment of a text to its anchor point. */
    enum Anchor {
        /** The text starts at the anchor. */
        START,
        /** The text is centred on the anchor. */
        MIDDLE,
        /** The text ends at the anchor. */
        END
    }

    /**
     * @param x anchor x
     * @param y baseline y
     * @param size font size in px
     * @param anchor alignment to the anchor
     * @param text the text
     * @param bold bold face
     * @param vertical rotated by -90 degrees about the anchor (reads bottom to top)
     */
    void text(double x, double y, double size, Anchor anchor, String text, boolean bold, boolean vertical);

    /**
     * @param x1 start x
     * @param y1 start y
     * @param x2 end x
     * @param y2 end y
     * @param rgb colour, {@code 0xRRGGBB}
     * @param width stroke width
     */
    void line(double x1, double y1, double x2, double y2, int rgb, double width);

    /**
     * @param x left
     * @param y top
     * @param w width
     * @param h height
     * @param fill fill colour or {@link #NONE}
     * @param stroke stroke colour (width 1) or {@link #NONE}
     */
    void rect(double x, double y, double w, double h, int fill, int stroke);

    /**
     * An open polyline in a series' colour and dash pattern.
     *
     * @param xs x coordinates
     * @param ys y coordinates
     * @param style colour and dash
     * @param width stroke width
     */
    void polyline(double[] xs, double[] ys, SeriesStyle style, double width);

    /**
     * A series' markers (shapes from {@link Markers}) at the given points.
     *
     * @param xs x coordinates
     * @param ys y coordinates
     * @param style colour and marker
     * @param r marker half-size
     */
    void markers(double[] xs, double[] ys, SeriesStyle style, double r);
}
