package io.samplerkit.bench.plot;

import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.util.Locale;

/**
 * The SVG {@link Canvas}: writes each drawing operation as an SVG 1.1 element, coordinates rounded to
 * 0.1 px, text kept as {@code <text>} elements (selectable, searchable and small), XML-escaped. Not
 * thread-safe.
 */
final class Svg implements Canvas {

    private final StringBuilder sb = new StringBuilder(16_384);

    /**
     * Opens the document. Text inherits a sans-serif font.
     *
     * @param width width in px
     * @param height height in px
     * @param title accessible title
     */
    Svg(double width, double height, String title) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width))
                .append(' ').append(num(height)).append("\" font-family=\"Helvetica,Arial,sans-serif\" role=\"img\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    }

    @Override
    public void text(double x, double y, double size, Anchor anchor, String text, boolean bold, boolean vertical) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
                .append(num(size)).append('"');
        if (anchor != Anchor.START) {
            sb.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        }
        if (bold) {
            sb.append(" font-weight=\"bold\"");
        }
        if (vertical) {
            sb.append(" transform=\"rotate(-90 ").append(num(x)).append(' ').append(num(y)).append(")\"");
        }
        sb.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double width) {
        sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(colour(rgb))
                .append("\" stroke-width=\"").append(num(width)).append("\"/>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, int fill, int stroke) {
        sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"").append(colour(fill))
                .append('"');
        if (stroke != NONE) {
            sb.append(" stroke=\"").append(colour(stroke)).append('"');
        }
        sb.append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, SeriesStyle style, double width) {
        sb.append("<polyline fill=\"none\" stroke=\"").append(style.hex()).append("\" stroke-width=\"")
                .append(num(width)).append('"');
        float[] dash = style.dash().pattern();
        if (dash.length > 0) {
            sb.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                sb.append(i == 0 ? "" : ",").append(num(dash[i]));
            }
            sb.append('"');
        }
        sb.append(" points=\"");
        for (int i = 0; i < xs.length; i++) {
            sb.append(i == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(ys[i]));
        }
        sb.append("\"/>\n");
    }

    /** Markers of one style as one {@code <path>} element. */
    @Override
    public void markers(double[] xs, double[] ys, SeriesStyle style, double r) {
        SeriesStyle.Marker m = style.marker();
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            Markers.append(path, m, xs[i], ys[i], r);
        }
        sb.append("<path ").append(Markers.stroked(m) ? "fill=\"none\" stroke=\"" + style.hex() + "\" stroke-width=\""
                + num(Markers.STROKE) + "\"" : "fill=\"" + style.hex() + "\"").append(" d=\"");
        double[] c = new double[6];
        for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            switch (type) {
                case PathIterator.SEG_MOVETO:
                    sb.append('M').append(num(c[0])).append(',').append(num(c[1]));
                    break;
                case PathIterator.SEG_LINETO:
                    sb.append('L').append(num(c[0])).append(',').append(num(c[1]));
                    break;
                case PathIterator.SEG_CUBICTO:
                    sb.append('C').append(num(c[0])).append(',').append(num(c[1])).append(' ').append(num(c[2]))
                            .append(',').append(num(c[3])).append(' ').append(num(c[4])).append(',').append(num(c[5]));
                    break;
                case PathIterator.SEG_QUADTO:
                    sb.append('Q').append(num(c[0])).append(',').append(num(c[1])).append(' ').append(num(c[2]))
                            .append(',').append(num(c[3]));
                    break;
                default:
                    sb.append('z');
                    break;
            }
        }
        sb.append("\"/>\n");
    }

    /** @return the closed document */
    String close() {
        return sb.append("</svg>\n").toString();
    }

    /**
     * @param v a coordinate
     * @return {@code v} rounded to 0.1, without a trailing {@code .0}
     */
    static String num(double v) {
        long tenths = Math.round(v * 10);
        if (tenths % 10 == 0) {
            return Long.toString(tenths / 10);
        }
        return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
    }

    /**
     * @param s text
     * @return {@code s} with {@code & < > "} escaped
     */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * @param rgb {@code 0xRRGGBB} or {@link #NONE}
     * @return the SVG colour
     */
    static String colour(int rgb) {
        return rgb == NONE ? "none" : String.format(Locale.ROOT, "#%06x", rgb);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Svg[%d chars]", sb.length());
    }
}
