package io.samplerkit.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoundnessScan}'s vector form: compares a whole vector of magnitudes with the bound per instruction and, at
 * the first vector with an unsound lane (NaN compares false), hands the rest to the plain loop, which returns the
 * exact first index. Loaded only when the Vector API module is resolved.
 */
final class VectorSoundnessScan {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorSoundnessScan() {
    }

    static int firstUnsound(double[] a, int from, int to, double bound) {
        int lanes = SPECIES.length();
        int i = from;
        for (int end = from + SPECIES.loopBound(to - from); i < end; i += lanes) {
            if (!DoubleVector.fromArray(SPECIES, a, i).abs().compare(VectorOperators.LE, bound).allTrue()) {
                break;
            }
        }
        return SoundnessScan.firstUnsoundPlain(a, i, to, bound);
    }

    static int lanes() {
        return SPECIES.length();
    }
}
