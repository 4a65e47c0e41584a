package io.samplerkit.solvers.exponential;

import io.samplerkit.solvers.internal.ButcherTableau;

/**
 * The explicit Runge–Kutta tableaux offered by the official DEIS code for rhoRK-DEIS
 * (Zhang and Chen 2022, arXiv:2204.13902, section 4; the classical tableaux as listed by Butcher 2016).
 * Stage nodes {@code c}, couplings {@code a} and weights {@code b}:
 * <pre>
 *   EULER            c=(0)                 b=(1)                                   order 1
 *   HEUN2            c=(0,1)    a21=1      b=(1/2,1/2)                             order 2
 *   KUTTA3           c=(0,1/2,1)   a21=1/2, a31=-1, a32=2    b=(1/6,4/6,1/6)       order 3
 *   RALSTON3         c=(0,1/2,3/4) a21=1/2, a31=0, a32=3/4   b=(2/9,1/3,4/9)       order 3
 *   HEUN3            c=(0,1/3,2/3) a21=1/3, a31=0, a32=2/3   b=(1/4,0,3/4)         order 3
 *   VAN_DER_HOUWEN3  c=(0,8/15,2/3) a21=8/15, a31=1/4, a32=5/12  b=(1/4,0,3/4)     order 3
 *   SSPRK3           c=(0,1,1/2) a21=1, a31=1/4, a32=1/4     b=(1/6,1/6,2/3)       order 3
 *   RK4              c=(0,1/2,1/2,1) a21=1/2, a32=1/2, a43=1  b=(1/6,1/3,1/3,1/6)  order 4
 * </pre>
 * The official names are {@code 1euler, 2heun, 3kutta, 3ral, 3heun, 3vdh, 3ssprk, 4rk}; its default is
 * {@code 3kutta}.
 */
public enum DeisRkMethod {
    /** Forward Euler. */
    EULER(new ButcherTableau("euler", 1, new double[] {0}, new double[][] {{}}, new double[] {1})),
    /** Heun's second-order method (explicit trapezoid). */
    HEUN2(new ButcherTableau("heun2", 2, new double[] {0, 1}, new double[][] {{}, {1}},
            new double[] {0.5, 0.5})),
    /** Kutta's third-order method. */
    KUTTA3(new ButcherTableau("kutta3", 3, new double[] {0, 0.5, 1}, new double[][] {{}, {0.5}, {-1, 2}},
            new double[] {1.0 / 6, 4.0 / 6, 1.0 / 6})),
    /** Ralston's third-order method. */
    RALSTON3(new ButcherTableau("ralston3", 3, new double[] {0, 0.5, 0.75}, new double[][] {{}, {0.5}, {0, 0.75}},
            new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9})),
    /** Heun's third-order method. */
    HEUN3(new ButcherTableau("heun3", 3, new double[] {0, 1.0 / 3, 2.0 / 3},
            new double[][] {{}, {1.0 / 3}, {0, 2.0 / 3}}, new double[] {0.25, 0, 0.75})),
    /** Van der Houwen's (Wray's) third-order method. */
    VAN_DER_HOUWEN3(new ButcherTableau("van-der-houwen3", 3, new double[] {0, 8.0 / 15, 2.0 / 3},
            new double[][] {{}, {8.0 / 15}, {0.25, 5.0 / 12}}, new double[] {0.25, 0, 0.75})),
    /** The third-order strong-stability-preserving method of Shu and Osher. */
    SSPRK3(new ButcherTableau("ssprk3", 3, new double[] {0, 1, 0.5}, new double[][] {{}, {1}, {0.25, 0.25}},
            new double[] {1.0 / 6, 1.0 / 6, 2.0 / 3})),
    /** The classical fourth-order Runge–Kutta method. */
    RK4(new ButcherTableau("rk4", 4, new double[] {0, 0.5, 0.5, 1}, new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}));

    private final ButcherTableau tableau;

    DeisRkMethod(ButcherTableau tableau) {
        this.tableau = tableau;
    }

    /** @return the tableau */
    public ButcherTableau tableau() {
        return tableau;
    }
}
