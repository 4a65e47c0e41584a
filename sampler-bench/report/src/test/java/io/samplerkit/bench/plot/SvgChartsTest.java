package io.samplerkit.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartsTest {

    private static LogLogChart chart(int series) {
        List<LogLogChart.Line> lines = new ArrayList<>();
        for (int k = 0; k < series; k++) {
            double[] x = {4, 10, 100};
            double[] y = {1.0 / (k + 1), 0.1 / (k + 1), 1e-4 / (k + 1)};
            lines.add(new LogLogChart.Line("solver-" + k + "@logsnr", x, y, Palette.style(k)));
        }
        return new LogLogChart("gauss <d=64> & friends", "NFE (model evaluations)", "RMSE (units of x)", lines);
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document d) {
        NodeList n = d.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void logLogChartIsWellFormedWithTextAsTextOneLinePerSeriesAndAFullLegend() throws Exception {
        String svg = SvgCharts.render(chart(12));
        Document d = parse(svg);
        Element root = d.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(texts(d)).contains("gauss <d=64> & friends", "NFE (model evaluations)", "RMSE (units of x)",
                "solver-0@logsnr", "solver-11@logsnr", "5", "10", "100", "1e-4");
        // 12 series lines + 12 legend samples
        assertThat(d.getElementsByTagName("polyline").getLength()).isEqualTo(24);
        double width = Double.parseDouble(root.getAttribute("width"));
        double height = Double.parseDouble(root.getAttribute("height"));
        NodeList rects = d.getElementsByTagName("rect");
        Element legend = (Element) rects.item(rects.getLength() - 1);
        assertThat(Double.parseDouble(legend.getAttribute("x")) + Double.parseDouble(legend.getAttribute("width")))
                .isLessThanOrEqualTo(width);
        assertThat(Double.parseDouble(legend.getAttribute("y")) + Double.parseDouble(legend.getAttribute("height")))
                .isLessThanOrEqualTo(height);
        assertThat(svg).doesNotContain(" id=").hasSizeLessThan(30_000);
    }

    @Test
    void everyPointLiesInsideThePlotFrame() throws Exception {
        Document d = parse(SvgCharts.render(chart(3)));
        Element frame = null;
        NodeList rects = d.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("fill").equals("none")) {
                frame = r;
            }
        }
        assertThat(frame).isNotNull();
        double x0 = Double.parseDouble(frame.getAttribute("x"));
        double y0 = Double.parseDouble(frame.getAttribute("y"));
        double x1 = x0 + Double.parseDouble(frame.getAttribute("width"));
        double y1 = y0 + Double.parseDouble(frame.getAttribute("height"));
        NodeList lines = d.getElementsByTagName("polyline");
        for (int i = 0; i < 3; i++) {
            for (String p : ((Element) lines.item(i)).getAttribute("points").split(" ")) {
                double x = Double.parseDouble(p.split(",")[0]);
                double y = Double.parseDouble(p.split(",")[1]);
                assertThat(x).as("x of %s", p).isBetween(x0, x1);
                assertThat(y).as("y of %s", p).isBetween(y0, y1);
            }
        }
    }

    @Test
    void barChartHasOneBarPerCategoryAndRotatedLabels() throws Exception {
        BarChart bars = new BarChart("orders", "solver", "order", List.of("a", "b", "c"), new double[] {3.1, 2, -0.2},
                "fitted", new double[] {3, Double.NaN, 1}, "claimed");
        Document d = parse(SvgCharts.render(bars));
        List<String> t = texts(d);
        assertThat(t).contains("orders", "a", "b", "c", "fitted", "claimed", "order", "solver");
        int filledBars = 0;
        NodeList rects = d.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            if (((Element) rects.item(i)).getAttribute("fill").equals(Palette.style(0).hex())) {
                filledBars++;
            }
        }
        // three bars and the legend swatch
        assertThat(filledBars).isEqualTo(4);
        NodeList texts = d.getElementsByTagName("text");
        int rotated = 0;
        for (int i = 0; i < texts.getLength(); i++) {
            if (((Element) texts.item(i)).getAttribute("transform").startsWith("rotate(-90")) {
                rotated++;
            }
        }
        // three category labels and the y-axis label
        assertThat(rotated).isEqualTo(4);
    }

    @Test
    void numbersAreRoundedToTenths() {
        assertThat(Svg.num(12.345)).isEqualTo("12.3");
        assertThat(Svg.num(-0.04)).isEqualTo("0");
        assertThat(Svg.num(-2.26)).isEqualTo("-2.3");
        assertThat(Svg.num(7.0)).isEqualTo("7");
    }

    @Test
    void linesOnLogAxesRejectNonPositivePoints() {
        assertThatThrownBy(() -> new LogLogChart.Line("a", new double[] {1, 2}, new double[] {1, 0},
                Palette.style(0))).hasMessageContaining("> 0");
        assertThatThrownBy(() -> new LogLogChart("t", "x", "y", List.of())).hasMessageContaining("at least one");
    }

    @Test
    void paletteStylesDifferInColourMarkerAndDashWithinTwelve() {
        for (int i = 0; i < Palette.SIZE; i++) {
            for (int j = i + 1; j < Palette.SIZE; j++) {
                assertThat(Palette.style(i).rgb()).as("colour %d vs %d", i, j).isNotEqualTo(Palette.style(j).rgb());
                assertThat(Palette.style(i).marker() != Palette.style(j).marker()
                        || Palette.style(i).dash() != Palette.style(j).dash()).as("marker/dash %d vs %d", i, j).isTrue();
            }
        }
    }
}
