package io.samplerkit.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * The raster {@link Canvas}: draws each operation with Java 2D (anti-aliased, headless, no window system
 * needed) into an RGB image with a white background. Use once: draw, then {@link #finish()}. Not
 * thread-safe.
 */
final class RasterCanvas implements Canvas {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final BufferedImage image;
    private final Graphics2D g;

    /**
     * @param width width in px
     * @param height height in px
     */
    RasterCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    @Override
    public void text(double x, double y, double size, Anchor anchor, String text, boolean bold, boolean vertical) {
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size));
        g.setColor(Color.BLACK);
        double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double shift = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (vertical) {
            g.rotate(-Math.PI / 2);
        }
        g.drawString(text, (float) shift, 0f);
        g.setTransform(saved);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double width) {
        g.setColor(new Color(rgb));
        g.setStroke(new BasicStroke((float) width));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void rect(double x, double y, double w, double h, int fill, int stroke) {
        Rectangle2D.Double r = new Rectangle2D.Double(x, y, w, h);
        if (fill != NONE) {
            g.setColor(new Color(fill));
            g.fill(r);
        }
        if (stroke != NONE) {
            g.setColor(new Color(stroke));
            g.setStroke(new BasicStroke(1f));
            g.draw(r);
        }
    }

    @Override
    public void polyline(double[] xs, double[] ys, SeriesStyle style, double width) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            path.lineTo(xs[i], ys[i]);
        }
        float[] dash = style.dash().pattern();
        g.setColor(new Color(style.rgb()));
        g.setStroke(dash.length == 0 ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
                : new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        g.draw(path);
    }

    @Override
    public void markers(double[] xs, double[] ys, SeriesStyle style, double r) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            Markers.append(path, style.marker(), xs[i], ys[i], r);
        }
        g.setColor(new Color(style.rgb()));
        if (Markers.stroked(style.marker())) {
            g.setStroke(new BasicStroke((float) Markers.STROKE));
            g.draw(path);
        } else {
            g.fill(path);
        }
    }

    /** @return the drawn image; the canvas must not be used afterwards */
    BufferedImage finish() {
        g.dispose();
        return image;
    }
}
