package io.samplerkit.bench.plot;

import java.awt.geom.Path2D;

/**
 * The outline of each {@link SeriesStyle.Marker} as a path, shared by the SVG and the raster rendering.
 * Crosses and pluses are open strokes; the other markers are filled. Stateless.
 */
final class Markers {

    /** Stroke width of the stroked markers. */
    static final double STROKE = 1.6;

    private Markers() {
    }

    /**
     * @param m a marker
     * @return true if the marker is drawn as a stroke (cross, plus), false if filled
     */
    static boolean stroked(SeriesStyle.Marker m) {
        return m == SeriesStyle.Marker.CROSS || m == SeriesStyle.Marker.PLUS;
    }

    /**
     * Appends one marker to a path.
     *
     * @param path the path to append to
     * @param m the marker
     * @param x centre x
     * @param y centre y
     * @param r half-size
     */
    static void append(Path2D path, SeriesStyle.Marker m, double x, double y, double r) {
        switch (m) {
            case CIRCLE:
                // four quarter arcs as cubic Beziers (control distance 0.5523 r)
                double k = 0.5523 * r;
                path.moveTo(x - r, y);
                path.curveTo(x - r, y - k, x - k, y - r, x, y - r);
                path.curveTo(x + k, y - r, x + r, y - k, x + r, y);
                path.curveTo(x + r, y + k, x + k, y + r, x, y + r);
                path.curveTo(x - k, y + r, x - r, y + k, x - r, y);
                path.closePath();
                break;
            case SQUARE:
                double s = 0.85 * r;
                polygon(path, x - s, y - s, x + s, y - s, x + s, y + s, x - s, y + s);
                break;
            case DIAMOND:
                polygon(path, x, y - 1.2 * r, x + r, y, x, y + 1.2 * r, x - r, y);
                break;
            case TRIANGLE_UP:
                polygon(path, x, y - 1.1 * r, x + 1.1 * r, y + 0.8 * r, x - 1.1 * r, y + 0.8 * r);
                break;
            case TRIANGLE_DOWN:
                polygon(path, x, y + 1.1 * r, x + 1.1 * r, y - 0.8 * r, x - 1.1 * r, y - 0.8 * r);
                break;
            case CROSS:
                path.moveTo(x - r, y - r);
                path.lineTo(x + r, y + r);
                path.moveTo(x - r, y + r);
                path.lineTo(x + r, y - r);
                break;
            default:
                double p = 1.2 * r;
                path.moveTo(x - p, y);
                path.lineTo(x + p, y);
                path.moveTo(x, y - p);
                path.lineTo(x, y + p);
                break;
        }
    }

    private static void polygon(Path2D path, double... xy) {
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
    }
}
