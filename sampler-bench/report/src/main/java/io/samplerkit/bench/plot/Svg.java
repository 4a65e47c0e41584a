package io.samplerkit.bench.plot;

import java.util.Locale;

/**
 * A minimal SVG 1.1 text builder: elements with coordinates rounded to 0.1 px, text kept as
 * {@code <text>} elements (selectable, searchable and small), XML-escaped. Not thread-safe.
 */
final class Svg {

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

    /**
     * @param x anchor x
     * @param y baseline y
     * @param size font size in px
     * @param anchor {@code start}, {@code middle} or {@code end}
     * @param text the text (escaped here)
     * @param extra further attributes, e.g. {@code font-weight="bold"} or a {@code transform}; may be empty
     * @return this
     */
    Svg text(double x, double y, double size, String anchor, String text, String extra) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
                .append(num(size)).append('"');
        if (!anchor.equals("start")) {
            sb.append(" text-anchor=\"").append(anchor).append('"');
        }
        if (!extra.isEmpty()) {
            sb.append(' ').append(extra);
        }
        sb.append('>').append(escape(text)).append("</text>\n");
        return this;
    }

    /**
     * @param x1 start x
     * @param y1 start y
     * @param x2 end x
     * @param y2 end y
     * @param stroke colour
     * @param width stroke width
     * @return this
     */
    Svg line(double x1, double y1, double x2, double y2, String stroke, double width) {
        sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(num(width)).append("\"/>\n");
        return this;
    }

    /**
     * @param x left
     * @param y top
     * @param w width
     * @param h height
     * @param fill fill colour or {@code none}
     * @param stroke stroke colour or {@code none}
     * @return this
     */
    Svg rect(double x, double y, double w, double h, String fill, String stroke) {
        sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill)
                .append('"');
        if (!stroke.equals("none")) {
            sb.append(" stroke=\"").append(stroke).append('"');
        }
        sb.append("/>\n");
        return this;
    }

    /**
     * An open polyline.
     *
     * @param xs x coordinates
     * @param ys y coordinates
     * @param style colour and dash
     * @param width stroke width
     * @return this
     */
    Svg polyline(double[] xs, double[] ys, SeriesStyle style, double width) {
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
        return this;
    }

    /**
     * Markers of one style at the given points, as one path.
     *
     * @param xs x coordinates
     * @param ys y coordinates
     * @param style colour and marker
     * @param r marker half-size
     * @return this
     */
    Svg markers(double[] xs, double[] ys, SeriesStyle style, double r) {
        SeriesStyle.Marker m = style.marker();
        boolean stroked = m == SeriesStyle.Marker.CROSS || m == SeriesStyle.Marker.PLUS;
        sb.append("<path ").append(stroked ? "fill=\"none\" stroke=\"" + style.hex() + "\" stroke-width=\"1.6\""
                : "fill=\"" + style.hex() + "\"").append(" d=\"");
        for (int i = 0; i < xs.length; i++) {
            marker(m, xs[i], ys[i], r);
        }
        sb.append("\"/>\n");
        return this;
    }

    private void marker(SeriesStyle.Marker m, double x, double y, double r) {
        switch (m) {
            case CIRCLE:
                // two arcs
                sb.append('M').append(num(x - r)).append(',').append(num(y)).append("a").append(num(r)).append(',')
                        .append(num(r)).append(" 0 1,0 ").append(num(2 * r)).append(",0a").append(num(r))
                        .append(',').append(num(r)).append(" 0 1,0 ").append(num(-2 * r)).append(",0z");
                break;
            case SQUARE:
                double s = 0.85 * r;
                sb.append('M').append(num(x - s)).append(',').append(num(y - s)).append('h').append(num(2 * s))
                        .append('v').append(num(2 * s)).append('h').append(num(-2 * s)).append('z');
                break;
            case DIAMOND:
                sb.append('M').append(num(x)).append(',').append(num(y - 1.2 * r)).append('l').append(num(r))
                        .append(',').append(num(1.2 * r)).append(' ').append(num(-r)).append(',')
                        .append(num(1.2 * r)).append(' ').append(num(-r)).append(',').append(num(-1.2 * r))
                        .append('z');
                break;
            case TRIANGLE_UP:
                sb.append('M').append(num(x)).append(',').append(num(y - 1.1 * r)).append('l').append(num(1.1 * r))
                        .append(',').append(num(1.9 * r)).append('h').append(num(-2.2 * r)).append('z');
                break;
            case TRIANGLE_DOWN:
                sb.append('M').append(num(x)).append(',').append(num(y + 1.1 * r)).append('l').append(num(1.1 * r))
                        .append(',').append(num(-1.9 * r)).append('h').append(num(-2.2 * r)).append('z');
                break;
            case CROSS:
                sb.append('M').append(num(x - r)).append(',').append(num(y - r)).append('l').append(num(2 * r))
                        .append(',').append(num(2 * r)).append('m').append(num(-2 * r)).append(",0l")
                        .append(num(2 * r)).append(',').append(num(-2 * r));
                break;
            default:
                double p = 1.2 * r;
                sb.append('M').append(num(x - p)).append(',').append(num(y)).append('h').append(num(2 * p))
                        .append('M').append(num(x)).append(',').append(num(y - p)).append('v').append(num(2 * p));
                break;
        }
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
     * @param s text
     * @param size font size in px
     * @return an upper estimate of its width in a sans-serif font
     */
    static double textWidth(String s, double size) {
        return 0.6 * size * s.length();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Svg[%d chars]", sb.length());
    }
}
