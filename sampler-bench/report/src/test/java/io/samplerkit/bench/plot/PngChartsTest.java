package io.samplerkit.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngChartsTest {

    @Test
    void rendersPngsOfTheLayoutSize() throws Exception {
        LogLogChart lines = new LogLogChart("t", "x", "y", List.of(new LogLogChart.Line("a", new double[] {4, 100},
                new double[] {1, 1e-3}, Palette.style(0))));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngCharts.render(lines)));
        assertThat(img.getWidth()).isEqualTo(ChartLayout.LINE_WIDTH);
        assertThat(img.getHeight()).isEqualTo(ChartLayout.LINE_HEIGHT);

        BarChart bars = new BarChart("orders", "solver", "order", List.of("a", "b"), new double[] {2, 1}, "fitted",
                new double[] {2, Double.NaN}, "claimed");
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(PngCharts.render(bars)));
        assertThat(b.getWidth()).isEqualTo(ChartLayout.barWidth(bars));
        assertThat(b.getHeight()).isEqualTo(ChartLayout.barHeight(bars));
    }

    @Test
    void drawsTheSeriesInTheirPaletteColoursInsideTheSvgFrame() throws Exception {
        SeriesStyle a = Palette.style(0);
        SeriesStyle b = Palette.style(1);
        LogLogChart chart = new LogLogChart("t", "x", "y", List.of(
                new LogLogChart.Line("a", new double[] {4, 100}, new double[] {1, 1e-3}, a),
                new LogLogChart.Line("b", new double[] {4, 100}, new double[] {1e-3, 1}, b)));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngCharts.render(chart)));
        String svg = SvgCharts.render(chart);
        // the frame of the plot area, as laid out for the SVG: the one rect with fill none
        Matcher m = Pattern.compile(
                "<rect x=\"([\\d.]+)\" y=\"([\\d.]+)\" width=\"([\\d.]+)\" height=\"([\\d.]+)\" fill=\"none\"")
                .matcher(svg);
        assertThat(m.find()).isTrue();
        int x0 = (int) Math.ceil(Double.parseDouble(m.group(1)));
        int y0 = (int) Math.ceil(Double.parseDouble(m.group(2)));
        int x1 = (int) Double.parseDouble(m.group(1)) + (int) Double.parseDouble(m.group(3));
        int y1 = (int) Double.parseDouble(m.group(2)) + (int) Double.parseDouble(m.group(4));
        int inA = 0;
        int inB = 0;
        for (int y = y0 + 1; y < y1; y++) {
            for (int x = x0 + 1; x < x1; x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                inA += rgb == a.rgb() ? 1 : 0;
                inB += rgb == b.rgb() ? 1 : 0;
            }
        }
        // each line crosses the plot area: hundreds of pixels of its exact colour
        assertThat(inA).isGreaterThan(200);
        assertThat(inB).isGreaterThan(200);
        // the frame's corner pixel is the axis colour, not background
        assertThat(img.getRGB(x0, y1) & 0xffffff).isNotEqualTo(0xffffff);
    }
}
