package io.samplerkit.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoundnessScan}'s vector form. It tests blocks of {@value #VECTORS_PER_BLOCK} vectors with one compare each:
 * with the sign bit cleared, the IEEE 754 bits of a double order like its magnitude, and every NaN and infinity lies
 * above every finite value, so an element is sound exactly when its masked bit pattern is at most the bound's bits
 * (integer arithmetic, none of the floating-point comparison's NaN handling). A block is tested by or-ing the
 * differences {@code boundBits - maskedBits} of its elements: the result is negative exactly when one element is
 * beyond the bound. At the first block that fails, and for the rest of the range, it falls back to a compare per
 * vector and then to the plain loop, which returns the exact first index. Loaded only when the Vector API module is
 * resolved.
 *
 * <p>One compare and one mask test per block instead of per vector: at 10 000 and 16 384 doubles (in the L2 cache)
 * the scan took 0.86 and 1.38 µs against 1.35 and 2.29 µs with a compare per vector (throw-away harness, minimum of
 * 180 rounds, AVX-512, docs/performance.md "The guard's scan, a compare per block"). The block was first reduced by
 * a 64-bit integer maximum, which AVX2 does not have (C2 emulates it with a compare and a blend); the differences and
 * their or need three one-cycle operations per vector on either.
 */
final class VectorSoundnessScan {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONG_SPECIES = SPECIES.withLanes(long.class);
    /** Vectors whose differences to the bound are or-ed before the compare: eight, as the loop body reads them. */
    static final int VECTORS_PER_BLOCK = 8;
    private static final long MAGNITUDE_BITS = 0x7FFF_FFFF_FFFF_FFFFL;

    private VectorSoundnessScan() {
    }

    static int firstUnsound(double[] a, int from, int to, double bound) {
        int i = from;
        // the integer order is the magnitude order only for a bound of zero or more (a NaN bound fails every element)
        if (bound >= 0) {
            i = soundBlocksEnd(a, from, to, Double.doubleToRawLongBits(bound));
        }
        int lanes = SPECIES.length();
        for (int end = i + SPECIES.loopBound(to - i); i < end; i += lanes) {
            if (!DoubleVector.fromArray(SPECIES, a, i).abs().compare(VectorOperators.LE, bound).allTrue()) {
                break;
            }
        }
        return SoundnessScan.firstUnsoundPlain(a, i, to, bound);
    }

    /**
     * The start of the first block that is not sound, or of the rest too short for a block. Each element contributes
     * {@code boundBits - magnitudeBits}, negative exactly when it is beyond the bound (both lie in {@code [0, 2^63)},
     * so the difference cannot overflow); the block's differences are or-ed in a tree, whose sign bit is then set
     * exactly when one of them is negative. Three one-cycle integer operations per vector and no maximum, which AVX2
     * lacks for 64-bit lanes (docs/performance.md, "What d = 1e4 leaves on the AVX2 host").
     */
    private static int soundBlocksEnd(double[] a, int from, int to, long boundBits) {
        int lanes = SPECIES.length();
        int block = VECTORS_PER_BLOCK * lanes;
        LongVector bound = LongVector.broadcast(LONG_SPECIES, boundBits);
        int i = from;
        for (int end = from + (to - from) / block * block; i < end; i += block) {
            // written out: a helper method taking or returning a vector may be compiled apart and box it
            LongVector d0 = bound.sub(DoubleVector.fromArray(SPECIES, a, i).reinterpretAsLongs().and(MAGNITUDE_BITS))
                    .or(bound.sub(DoubleVector.fromArray(SPECIES, a, i + lanes).reinterpretAsLongs()
                            .and(MAGNITUDE_BITS)));
            LongVector d1 = bound.sub(DoubleVector.fromArray(SPECIES, a, i + 2 * lanes).reinterpretAsLongs()
                    .and(MAGNITUDE_BITS))
                    .or(bound.sub(DoubleVector.fromArray(SPECIES, a, i + 3 * lanes).reinterpretAsLongs()
                            .and(MAGNITUDE_BITS)));
            LongVector d2 = bound.sub(DoubleVector.fromArray(SPECIES, a, i + 4 * lanes).reinterpretAsLongs()
                    .and(MAGNITUDE_BITS))
                    .or(bound.sub(DoubleVector.fromArray(SPECIES, a, i + 5 * lanes).reinterpretAsLongs()
                            .and(MAGNITUDE_BITS)));
            LongVector d3 = bound.sub(DoubleVector.fromArray(SPECIES, a, i + 6 * lanes).reinterpretAsLongs()
                    .and(MAGNITUDE_BITS))
                    .or(bound.sub(DoubleVector.fromArray(SPECIES, a, i + 7 * lanes).reinterpretAsLongs()
                            .and(MAGNITUDE_BITS)));
            if (d0.or(d1).or(d2.or(d3)).compare(VectorOperators.LT, 0L).anyTrue()) {
                break;
            }
        }
        return i;
    }

    static int lanes() {
        return SPECIES.length();
    }
}
