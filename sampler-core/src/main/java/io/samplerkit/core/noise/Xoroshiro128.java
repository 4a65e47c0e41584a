package io.samplerkit.core.noise;

/**
 * The xoroshiro128++ generator (Blackman and Vigna 2021, ACM TOMS 47(4); the generator of Commons RNG's
 * {@code XoRoShiRo128PlusPlus}, the same outputs from the same two seeds) with a jump of any length.
 *
 * <p><b>Jump.</b> The state update {@code (s0, s1) -> (s0', s1')} uses only xors, shifts and rotations, so it is a
 * linear map {@code T} on the 128 state bits over GF(2); the output {@code rotl(s0 + s1, 17) + s0} is a function of
 * the state alone. Advancing by {@code k} outputs is therefore the state multiplied by {@code T^k}, the product of the
 * matrices {@code T^(2^j)} for the bits {@code j} of {@code k}. Those 31 matrices (for {@code k < 2^31}) are computed
 * once per JVM from {@code T} by squaring (64 KiB); a jump costs at most 31 matrix-vector products of 128 column
 * xors, a few microseconds, and gives exactly the state that {@code k} calls of {@link #nextLong} give (tested against
 * the stepped generator).
 *
 * <p>Mutable, not thread-safe.
 */
final class Xoroshiro128 {

    /** Largest jump exponent + 1: jumps below {@code 2^31} outputs. */
    private static final int POWERS = 31;

    private long s0;
    private long s1;

    /**
     * Seeds the state.
     *
     * @param seed0 first state word
     * @param seed1 second state word
     */
    void seed(long seed0, long seed1) {
        s0 = seed0;
        s1 = seed1;
    }

    /** @return the next output */
    long nextLong() {
        long a = s0;
        long b = s1;
        long result = Long.rotateLeft(a + b, 17) + a;
        b ^= a;
        s0 = Long.rotateLeft(a, 49) ^ b ^ (b << 21);
        s1 = Long.rotateLeft(b, 28);
        return result;
    }

    /**
     * Advances the state as {@code steps} calls of {@link #nextLong} would.
     *
     * @param steps outputs to skip, in {@code [0, 2^31)}
     */
    void jump(int steps) {
        long[][] powers = Powers.TABLE;
        for (int j = 0; j < POWERS; j++) {
            if ((steps >>> j & 1) != 0) {
                long[] m = powers[j];
                long a = s0;
                long b = s1;
                s0 = times(m, a, b, 0);
                s1 = times(m, a, b, 1);
            }
        }
    }

    /**
     * Word {@code word} of the matrix {@code m} times the state {@code (a, b)}: the xor of the columns of the set state
     * bits ({@code m[2k + word]} is word {@code word} of column {@code k}; columns 0-63 are the bits of {@code a},
     * 64-127 those of {@code b}).
     */
    private static long times(long[] m, long a, long b, int word) {
        long r = 0;
        for (int k = 0; k < 64; k++) {
            r ^= m[2 * k + word] & -(a >>> k & 1);
            r ^= m[128 + 2 * k + word] & -(b >>> k & 1);
        }
        return r;
    }

    /** The matrices {@code T^(2^j)}, built on first use. */
    private static final class Powers {
        static final long[][] TABLE = build();

        private static long[][] build() {
            long[][] table = new long[POWERS][];
            long[] t = new long[256];
            Xoroshiro128 g = new Xoroshiro128();
            for (int k = 0; k < 128; k++) {
                g.seed(k < 64 ? 1L << k : 0, k < 64 ? 0 : 1L << (k - 64));
                g.nextLong();
                t[2 * k] = g.s0;
                t[2 * k + 1] = g.s1;
            }
            table[0] = t;
            for (int j = 1; j < POWERS; j++) {
                long[] p = table[j - 1];
                long[] q = new long[256];
                for (int k = 0; k < 128; k++) {
                    q[2 * k] = times(p, p[2 * k], p[2 * k + 1], 0);
                    q[2 * k + 1] = times(p, p[2 * k], p[2 * k + 1], 1);
                }
                table[j] = q;
            }
            return table;
        }
    }
}
