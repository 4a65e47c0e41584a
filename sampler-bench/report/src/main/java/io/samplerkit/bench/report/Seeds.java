package io.samplerkit.bench.report;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeds derived from a master seed and an identity string (64-bit FNV-1a of its UTF-8 bytes, mixed
 * by {@link SplittableRandom}), so a configuration's random numbers depend on what it is, never on
 * when or where it runs.
 */
public final class Seeds {

    private Seeds() {
    }

    /**
     * @param master master seed
     * @param identity what the seed is for, e.g. a configuration key
     * @return the derived seed
     */
    public static long derive(long master, String identity) {
        long h = 0xcbf29ce484222325L;
        for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(master ^ h).nextLong();
    }
}
