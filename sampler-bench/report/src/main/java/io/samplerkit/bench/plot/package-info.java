/**
 * The report's two chart kinds as data ({@link io.samplerkit.bench.plot.LogLogChart},
 * {@link io.samplerkit.bench.plot.BarChart}) and one plotting path: {@code ChartPainter} lays a chart out
 * on a {@code Canvas}, which is either written as compact SVG with real {@code <text>} elements
 * ({@link io.samplerkit.bench.plot.SvgCharts}) or drawn with Java 2D and encoded as a palette PNG
 * ({@link io.samplerkit.bench.plot.PngCharts}), so both files of a chart show the same layout. Series styles
 * come from one {@link io.samplerkit.bench.plot.Palette}: distinct colours, markers and dashes.
 */
package io.samplerkit.bench.plot;
