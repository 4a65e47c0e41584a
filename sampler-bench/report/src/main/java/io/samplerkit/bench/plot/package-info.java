/**
 * The report's two chart kinds as data ({@link io.samplerkit.bench.plot.LogLogChart},
 * {@link io.samplerkit.bench.plot.BarChart}) and their renderers: PNG through XChart
 * ({@link io.samplerkit.bench.plot.PngCharts}) and compact SVG with real {@code <text>} elements
 * ({@link io.samplerkit.bench.plot.SvgCharts}; XChart's SVG draws every glyph as an outline, about
 * 900 KB per chart). Series styles come from one {@link io.samplerkit.bench.plot.Palette}: distinct
 * colours, markers and dashes.
 */
package io.samplerkit.bench.plot;
