package io.samplerkit.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IndexedPngTest {

    @Test
    void imagesOfAtMost256ColoursRoundTripExactly() throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, 0xFF000000 | ((x * 6) << 16) | ((y % 6) << 8));
            }
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(IndexedPng.encode(img)));
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                assertThat(back.getRGB(x, y) & 0xFFFFFF).as("(%d, %d)", x, y).isEqualTo(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void rareColoursMapToTheNearestFrequentOne() throws Exception {
        long seed = 20_240_601L;
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                // 256 frequent grey levels, then a few random colours
                img.setRGB(x, y, ((y * 64 + x) % 256) * 0x010101);
            }
        }
        int rare = 0x7F7F80;
        img.setRGB(5, 5, rare);
        for (int k = 0; k < 5; k++) {
            img.setRGB(rnd.nextInt(64), 10 + rnd.nextInt(50), rnd.nextInt(0x1000000));
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(IndexedPng.encode(img)));
        assertThat(back.getRGB(5, 5) & 0xFFFFFF).as("seed %d", seed).isEqualTo(0x7F7F7F);
        assertThat(back.getRGB(0, 0) & 0xFFFFFF).isEqualTo(img.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void nearestPicksTheClosestPaletteColour() {
        int[] palette = {0x000000, 0xFFFFFF, 0xFF0000};
        assertThat(IndexedPng.nearest(palette, 0xFFFFFF)).isEqualTo(1);
        assertThat(IndexedPng.nearest(palette, 0xEE1111)).isEqualTo(2);
        assertThat(IndexedPng.nearest(palette, 0x101010)).isZero();
    }
}
