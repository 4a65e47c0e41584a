package io.samplerkit.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
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
}
