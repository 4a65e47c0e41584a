package io.samplerkit.bench.plot;

import java.util.List;

/**
 * Styles for up to {@link #SIZE} series that differ in colour, and also in marker and dash, so a plot
 * stays readable in grey scale and for colour-blind readers: series {@code k} gets colour {@code k},
 * marker {@code k mod 7} and dash {@code k mod 4}. Beyond {@link #SIZE} series the colours repeat
 * (the marker/dash pair still differs up to 28 series); plots of the report stay within 12.
 */
public final class Palette {

    /** Number of distinct colours. */
    public static final int SIZE = 12;

    /** Tableau 10, then black and dark teal. */
    private static final int[] COLOURS = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b,
        0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf, 0x000000, 0x00665e
    };

    private static final List<SeriesStyle.Marker> MARKERS = List.of(SeriesStyle.Marker.values());
    private static final List<SeriesStyle.Dash> DASHES = List.of(SeriesStyle.Dash.values());

    private Palette() {
    }

    /**
     * @param k series index, {@code >= 0}
     * @return its style
     */
    public static SeriesStyle style(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("series index must be >= 0, got " + k);
        }
        return new SeriesStyle(COLOURS[k % SIZE], MARKERS.get(k % MARKERS.size()), DASHES.get(k % DASHES.size()));
    }

    /** @return the style of a reference series (e.g. DDIM for scale): dark grey, plus markers, dotted */
    public static SeriesStyle reference() {
        return new SeriesStyle(0x555555, SeriesStyle.Marker.PLUS, SeriesStyle.Dash.DOTTED);
    }
}
