package io.samplerkit.solvers.multistep;

/**
 * How UniPC chooses the coefficients of its predictor UniP-p and corrector UniC-p (Zhao, Bai, Rao,
 * Zhou and Lu 2023, "UniPC: A Unified Predictor-Corrector Framework for Fast Sampling of Diffusion
 * Models", arXiv:2302.04867, §3 and Appendix; docs/math.md §7).
 */
public enum UniPcVariant {

    /**
     * {@code B(h) = h}: the official UniPC default ({@code variant='bh1'}), recommended for unconditional
     * sampling. Coefficients from the order conditions {@code R rho = b}.
     */
    BH1("unipc-bh1"),

    /**
     * {@code B(h) = e^h - 1}: diffusers' default ({@code solver_type='bh2'}), recommended for guided
     * sampling; UniP-2 with it is DPM-Solver++(2M).
     */
    BH2("unipc-bh2"),

    /**
     * The official code's {@code variant='vary_coeff'} (UniPC-v: coefficients from the inverse of
     * {@code C[i][k] = r_i^k/(k+1)!}), reproduced as published, including what appears to be a bug:
     * its corrector adds the term of the new model value once, after the loop, with the coefficient row
     * of the loop's last index and the weight {@code h phi_{p+1}}, instead of summing it over every row.
     * The corrector is then inconsistent for orders 2 and 3 and the method converges only at first
     * order (the reference README's finding; measured in docs/solvers/multistep.md). Order 1 is exact
     * UniC-1. Kept to reproduce the reference; do not use it for sampling.
     */
    VARY_COEFF_REFERENCE("unipc-vary-coeff-reference");

    private final String registryName;

    UniPcVariant(String registryName) {
        this.registryName = registryName;
    }

    /** @return stable registry name of UniPC with this variant */
    public String registryName() {
        return registryName;
    }

    /** @return the name as used by the official code and diffusers ({@code bh1}, {@code bh2}, {@code vary_coeff}) */
    public String referenceName() {
        return this == VARY_COEFF_REFERENCE ? "vary_coeff" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
