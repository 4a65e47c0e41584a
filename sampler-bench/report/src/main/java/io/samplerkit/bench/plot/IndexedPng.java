package io.samplerkit.bench.plot;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes a chart image as an 8-bit palette PNG at maximum compression, about half the size of
 * a 32-bit PNG. The palette is the {@value #COLOURS} most frequent colours (a chart is mostly
 * white, grid grey, text black and its series colours, which are all kept exactly); every other
 * colour, i.e. anti-aliasing blends, maps to its nearest palette entry by weighted RGB distance. An
 * image of at most {@value #COLOURS} colours is encoded losslessly. Stateless.
 */
final class IndexedPng {

    /** Palette size. */
    static final int COLOURS = 256;

    private IndexedPng() {
    }

    /**
     * @param image the image (alpha is ignored)
     * @return PNG bytes
     */
    static byte[] encode(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int p : pixels) {
            counts.merge(p & 0xFFFFFF, 1, Integer::sum);
        }
        List<Map.Entry<Integer, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        int n = Math.min(COLOURS, byCount.size());
        int[] palette = new int[n];
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            palette[i] = byCount.get(i).getKey();
            r[i] = (byte) (palette[i] >> 16);
            g[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, n, r, g, b));
        WritableRaster raster = out.getRaster();
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(palette[i], i);
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = pixels[y * w + x] & 0xFFFFFF;
                raster.setSample(x, y, 0, index.computeIfAbsent(c, k -> nearest(palette, k)));
            }
        }
        return write(out);
    }

    /** Index of the palette colour closest to {@code c} (weights 2, 4, 3 for R, G, B). */
    static int nearest(int[] palette, int c) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            long dr = ((c >> 16) & 0xFF) - ((palette[i] >> 16) & 0xFF);
            long dg = ((c >> 8) & 0xFF) - ((palette[i] >> 8) & 0xFF);
            long db = (c & 0xFF) - (palette[i] & 0xFF);
            long d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    private static byte[] write(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        // quality 0 = smallest file (deflate level 9); PNG stays lossless
        param.setCompressionQuality(0f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
