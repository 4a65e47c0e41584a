package io.samplerkit.bench.conform;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.state.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Direct transcriptions, for tests, of diffusers' sigma-based schedulers as a pipeline drives them
 * ({@code set_timesteps}, then one model call and one {@code step} per timestep), written from the
 * scheduler files at the reference commit (docs/math.md §6.5, §6.6, §7, §8.2): {@code DEISMultistepScheduler},
 * {@code DPMSolverMultistepScheduler} ({@code dpmsolver++}, midpoint), {@code UniPCMultistepScheduler}
 * ({@code predict_x0}) and {@code EulerDiscreteScheduler} ({@code s_churn = 0}), epsilon-prediction models.
 * Every quantity comes from the scheduler's own {@code sigmas} the way the scheduler computes it
 * ({@code alpha = 1/sqrt(sigma^2 + 1)}, {@code sigma_t = sigma alpha}, {@code lambda = log alpha - log sigma_t}),
 * with the scheduler's formulas and order rules, independently of SamplerKit's grids and solvers. The
 * model is the exact Gaussian one, asked at the scheduler's (alpha, sigma).
 */
final class DiffusersSigmaLoops {

    private DiffusersSigmaLoops() {
    }

    /** The training table and the {@code set_timesteps} sigma lists built from it. */
    record Train(double[] alphasCumprod) {

        /** {@code ((1 - alphas_cumprod[n]) / alphas_cumprod[n]) ** 0.5}. */
        double sigma(int n) {
            return Math.sqrt((1 - alphasCumprod[n]) / alphasCumprod[n]);
        }

        /** numpy {@code linspace(start, stop, n)}: {@code start + i * step}, the last set to {@code stop}. */
        static double[] linspace(double start, double stop, int n) {
            double[] y = new double[n];
            double step = n > 1 ? (stop - start) / (n - 1) : 0;
            for (int i = 0; i < n; i++) {
                y[i] = start + i * step;
            }
            y[n - 1] = n > 1 ? stop : start;
            return y;
        }

        /** {@code _convert_to_karras} between the extreme training sigmas, {@code n} values. */
        double[] karras(int n) {
            double max = sigma(alphasCumprod.length - 1);
            double min = sigma(0);
            double rho = 7.0;
            double minInv = Math.pow(min, 1 / rho);
            double maxInv = Math.pow(max, 1 / rho);
            double[] ramp = linspace(0, 1, n);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = Math.pow(maxInv + ramp[i] * (minInv - maxInv), rho);
            }
            return s;
        }

        /**
         * Euler's {@code linspace} sigmas: {@code np.interp} of the training sigmas at the fractional
         * timesteps {@code linspace(0, N - 1, n)[::-1]}.
         */
        double[] eulerLinspace(int n) {
            int last = alphasCumprod.length - 1;
            double[] t = linspace(0, last, n);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                double x = t[n - 1 - i];
                int j = (int) Math.floor(x);
                s[i] = j >= last ? sigma(last) : (sigma(j + 1) - sigma(j)) * (x - j) + sigma(j);
            }
            return s;
        }

        /**
         * @param sigmas a list
         * @param last the value to append
         * @return the list with {@code last} appended
         */
        static double[] append(double[] sigmas, double last) {
            double[] out = Arrays.copyOf(sigmas, sigmas.length + 1);
            out[sigmas.length] = last;
            return out;
        }
    }

    /** A scheduler loop: {@code sigmas} has one more entry than there are timesteps. */
    abstract static class Loop {
        final double[] sigmas;
        final int steps;
        int modelCalls;

        Loop(double[] sigmas) {
            this.sigmas = sigmas.clone();
            this.steps = sigmas.length - 1;
        }

        static double alpha(double s) {
            return 1 / Math.sqrt(s * s + 1);
        }

        static double sigmaT(double s) {
            return s * alpha(s);
        }

        static double lambda(double s) {
            return Math.log(alpha(s)) - Math.log(sigmaT(s));
        }

        /** The epsilon model at the scheduler's pair for {@code sigmas[i]}; one model call. */
        double[] eps(GaussianData data, double[] x, int rows, double s) {
            Batch out = Batch.zeros(rows, x.length / rows);
            data.noise(Batch.wrap(rows, x.length / rows, x.clone()), alpha(s), sigmaT(s), out);
            modelCalls++;
            return out.data();
        }

        /**
         * The data prediction diffusers makes from the epsilon model at {@code sigmas[i]},
         * {@code x0 = (x - sigma_t eps)/alpha}; one model call.
         */
        double[] x0(GaussianData data, double[] x, int rows, int i) {
            double a = alpha(sigmas[i]);
            double st = sigmaT(sigmas[i]);
            double[] e = eps(data, x, rows, sigmas[i]);
            double[] out = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                out[k] = (x[k] - st * e[k]) / a;
            }
            return out;
        }

        /**
         * @param data the Gaussian data
         * @param xT initial sample (the scheduler's coordinates). Not modified.
         * @return the final sample
         */
        abstract Batch sample(GaussianData data, Batch xT);
    }

    /**
     * DEIS and DPM-Solver++'s shared {@code step}: convert the model output, shift it into
     * {@code model_outputs}, pick the order ({@code lower_order_nums} warm-up, {@code lower_order_final}
     * for fewer than 15 timesteps on the last two steps, the scheduler's own final-step rule) and update.
     */
    abstract static class MultistepLoop extends Loop {
        final int order;
        final boolean lowerOrderFinal;

        MultistepLoop(double[] sigmas, int order, boolean lowerOrderFinal) {
            super(sigmas);
            this.order = order;
            this.lowerOrderFinal = lowerOrderFinal;
        }

        @Override
        final Batch sample(GaussianData data, Batch xT) {
            double[] x = xT.data().clone();
            List<double[]> outputs = new ArrayList<>();
            int lowerOrderNums = 0;
            for (int i = 0; i < steps; i++) {
                double[] m = x0(data, x, xT.size(), i);
                for (int k = 0; k < x.length; k++) {
                    m[k] = convert(x[k], m[k], alpha(sigmas[i]), sigmaT(sigmas[i]));
                }
                outputs.add(m);
                boolean lowerFinal = i == steps - 1 && (lowerOrderFinal && steps < 15 || firstOrderFinal());
                boolean lowerSecond = i == steps - 2 && lowerOrderFinal && steps < 15;
                int p = order == 1 || lowerOrderNums < 1 || lowerFinal ? 1
                        : order == 2 || lowerOrderNums < 2 || lowerSecond ? 2 : 3;
                x = update(i, p, x, outputs);
                lowerOrderNums = Math.min(lowerOrderNums + 1, order);
            }
            return Batch.wrap(xT.size(), xT.dim(), x);
        }

        /** {@code convert_model_output} of one entry from its data prediction {@code x0}. */
        abstract double convert(double x, double x0, double alpha, double sigma);

        /** Whether the scheduler always makes the last step first order. */
        abstract boolean firstOrderFinal();

        /** The update of order {@code p} from {@code sigmas[i]} to {@code sigmas[i + 1]}; newest output last. */
        abstract double[] update(int i, int p, double[] x, List<double[]> outputs);
    }

    /** {@code DEISMultistepScheduler}, {@code algorithm_type="deis"}, {@code solver_type="logrho"}. */
    static final class Deis extends MultistepLoop {

        Deis(double[] sigmas, int order, boolean lowerOrderFinal) {
            super(sigmas, order, lowerOrderFinal);
        }

        /** Back to epsilon through x0, as diffusers converts (thresholding off). */
        @Override
        double convert(double x, double x0, double alpha, double sigma) {
            return (x - alpha * x0) / sigma;
        }

        @Override
        boolean firstOrderFinal() {
            return false;
        }

        @Override
        double[] update(int i, int p, double[] x, List<double[]> outputs) {
            int n = outputs.size();
            double[] m0 = outputs.get(n - 1);
            double[] out = new double[x.length];
            double alphaT = alpha(sigmas[i + 1]);
            double alphaS0 = alpha(sigmas[i]);
            if (p == 1) {
                double h = lambda(sigmas[i + 1]) - lambda(sigmas[i]);
                double c = sigmaT(sigmas[i + 1]) * (Math.exp(h) - 1.0);
                for (int k = 0; k < x.length; k++) {
                    out[k] = alphaT / alphaS0 * x[k] - c * m0[k];
                }
                return out;
            }
            double rt = sigmaT(sigmas[i + 1]) / alphaT;
            double r0 = sigmaT(sigmas[i]) / alphaS0;
            double r1 = sigmaT(sigmas[i - 1]) / alpha(sigmas[i - 1]);
            double[] m1 = outputs.get(n - 2);
            if (p == 2) {
                double c1 = ind(rt, r0, r1) - ind(r0, r0, r1);
                double c2 = ind(rt, r1, r0) - ind(r0, r1, r0);
                for (int k = 0; k < x.length; k++) {
                    out[k] = alphaT * (x[k] / alphaS0 + c1 * m0[k] + c2 * m1[k]);
                }
                return out;
            }
            double r2 = sigmaT(sigmas[i - 2]) / alpha(sigmas[i - 2]);
            double[] m2 = outputs.get(n - 3);
            double c1 = ind(rt, r0, r1, r2) - ind(r0, r0, r1, r2);
            double c2 = ind(rt, r1, r2, r0) - ind(r0, r1, r2, r0);
            double c3 = ind(rt, r2, r0, r1) - ind(r0, r2, r0, r1);
            for (int k = 0; k < x.length; k++) {
                out[k] = alphaT * (x[k] / alphaS0 + c1 * m0[k] + c2 * m1[k] + c3 * m2[k]);
            }
            return out;
        }

        /** Integral in t of the log-t Lagrange basis of node b against c. */
        private static double ind(double t, double b, double c) {
            return t * (-Math.log(c) + Math.log(t) - 1) / (Math.log(b) - Math.log(c));
        }

        /** Integral in t of the log-t Lagrange basis of node b against c and d. */
        private static double ind(double t, double b, double c, double d) {
            double lt = Math.log(t);
            double numerator = t * (Math.log(c) * (Math.log(d) - lt + 1) - Math.log(d) * lt + Math.log(d) + lt * lt
                    - 2 * lt + 2);
            return numerator / ((Math.log(b) - Math.log(c)) * (Math.log(b) - Math.log(d)));
        }
    }

    /** {@code DPMSolverMultistepScheduler}, {@code algorithm_type="dpmsolver++"}, {@code solver_type="midpoint"}. */
    static final class DpmSolverPlusPlus extends MultistepLoop {

        DpmSolverPlusPlus(double[] sigmas, int order, boolean lowerOrderFinal) {
            super(sigmas, order, lowerOrderFinal);
        }

        @Override
        double convert(double x, double x0, double alpha, double sigma) {
            return x0;
        }

        /** {@code final_sigmas_type="zero"}: the last step is first order. */
        @Override
        boolean firstOrderFinal() {
            return sigmas[steps] == 0.0;
        }

        @Override
        double[] update(int i, int p, double[] x, List<double[]> outputs) {
            int n = outputs.size();
            double[] m0 = outputs.get(n - 1);
            double[] out = new double[x.length];
            double sigmaRatio = sigmaT(sigmas[i + 1]) / sigmaT(sigmas[i]);
            double alphaT = alpha(sigmas[i + 1]);
            double h = lambda(sigmas[i + 1]) - lambda(sigmas[i]);
            double em1 = Math.exp(-h) - 1.0;
            if (p == 1) {
                for (int k = 0; k < x.length; k++) {
                    out[k] = sigmaRatio * x[k] - alphaT * em1 * m0[k];
                }
                return out;
            }
            double[] m1 = outputs.get(n - 2);
            double r0 = (lambda(sigmas[i]) - lambda(sigmas[i - 1])) / h;
            if (p == 2) {
                for (int k = 0; k < x.length; k++) {
                    double d1 = 1.0 / r0 * (m0[k] - m1[k]);
                    out[k] = sigmaRatio * x[k] - alphaT * em1 * m0[k] - 0.5 * (alphaT * em1) * d1;
                }
                return out;
            }
            double[] m2 = outputs.get(n - 3);
            double r1 = (lambda(sigmas[i - 1]) - lambda(sigmas[i - 2])) / h;
            for (int k = 0; k < x.length; k++) {
                double d10 = 1.0 / r0 * (m0[k] - m1[k]);
                double d11 = 1.0 / r1 * (m1[k] - m2[k]);
                double d1 = d10 + r0 / (r0 + r1) * (d10 - d11);
                double d2 = 1.0 / (r0 + r1) * (d10 - d11);
                out[k] = sigmaRatio * x[k] - alphaT * em1 * m0[k] + alphaT * (em1 / h + 1.0) * d1
                        - alphaT * ((em1 + h) / (h * h) - 0.5) * d2;
            }
            return out;
        }
    }

    /**
     * {@code UniPCMultistepScheduler} with {@code predict_x0=True}, {@code solver_type} bh1 or bh2, no
     * disabled corrector steps: the corrector of step {@code i} runs at the start of call {@code i + 1}
     * with that call's model value and the order of predictor {@code i}.
     */
    static final class UniPc extends Loop {
        final int order;
        final boolean bh2;
        final boolean lowerOrderFinal;

        UniPc(double[] sigmas, int order, boolean bh2, boolean lowerOrderFinal) {
            super(sigmas);
            this.order = order;
            this.bh2 = bh2;
            this.lowerOrderFinal = lowerOrderFinal;
        }

        @Override
        Batch sample(GaussianData data, Batch xT) {
            double[] x = xT.data().clone();
            List<double[]> outputs = new ArrayList<>();
            double[] lastSample = null;
            int thisOrder = 0;
            int lowerOrderNums = 0;
            for (int i = 0; i < steps; i++) {
                double[] m = x0(data, x, xT.size(), i);
                if (i > 0 && lastSample != null) {
                    x = corrector(i, thisOrder, m, lastSample, x, outputs);
                }
                outputs.add(m);
                int p = lowerOrderFinal ? Math.min(order, steps - i) : order;
                thisOrder = Math.min(p, lowerOrderNums + 1);
                lastSample = x;
                x = predictor(i, thisOrder, x, outputs);
                lowerOrderNums = Math.min(lowerOrderNums + 1, order);
            }
            return Batch.wrap(xT.size(), xT.dim(), x);
        }

        /** {@code rks, b} of the B(h) update from point {@code s0} to {@code t}, nodes {@code s0 - 1, s0 - 2, ...}. */
        private double[][] system(int t, int s0, int p, double[] bOut) {
            double h = lambda(sigmas[t]) - lambda(sigmas[s0]);
            double[] rks = new double[p];
            for (int k = 1; k < p; k++) {
                rks[k - 1] = (lambda(sigmas[s0 - k]) - lambda(sigmas[s0])) / h;
            }
            rks[p - 1] = 1.0;
            double hh = -h;
            double hPhi1 = Math.expm1(hh);
            double hPhiK = hPhi1 / hh - 1;
            double factorial = 1;
            double bh = bh2 ? Math.expm1(hh) : hh;
            double[][] r = new double[p][p];
            for (int k = 1; k <= p; k++) {
                for (int j = 0; j < p; j++) {
                    r[k - 1][j] = Math.pow(rks[j], k - 1);
                }
                bOut[k - 1] = hPhiK * factorial / bh;
                factorial *= k + 1;
                hPhiK = hPhiK / hh - 1 / factorial;
            }
            bOut[p] = bh;
            bOut[p + 1] = hPhi1;
            double[][] withRks = Arrays.copyOf(r, p + 1);
            withRks[p] = rks;
            return withRks;
        }

        private double[] predictor(int i, int p, double[] x, List<double[]> outputs) {
            int n = outputs.size();
            double[] b = new double[p + 2];
            double[][] sys = system(i + 1, i, p, b);
            double bh = b[p];
            double hPhi1 = b[p + 1];
            double[] rks = sys[p];
            double[] rho = new double[0];
            if (p == 2) {
                rho = new double[] {0.5};
            } else if (p > 2) {
                rho = solve(sys, b, p - 1);
            }
            double[] m0 = outputs.get(n - 1);
            double alphaT = alpha(sigmas[i + 1]);
            double ratio = sigmaT(sigmas[i + 1]) / sigmaT(sigmas[i]);
            double[] out = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                double res = 0;
                for (int j = 1; j < p; j++) {
                    res += rho[j - 1] * ((outputs.get(n - 1 - j)[k] - m0[k]) / rks[j - 1]);
                }
                out[k] = ratio * x[k] - alphaT * hPhi1 * m0[k] - alphaT * bh * res;
            }
            return out;
        }

        private double[] corrector(int i, int p, double[] modelT, double[] last, double[] x, List<double[]> outputs) {
            int n = outputs.size();
            double[] b = new double[p + 2];
            double[][] sys = system(i, i - 1, p, b);
            double bh = b[p];
            double hPhi1 = b[p + 1];
            double[] rks = sys[p];
            double[] rho = p == 1 ? new double[] {0.5} : solve(sys, b, p);
            double[] m0 = outputs.get(n - 1);
            double alphaT = alpha(sigmas[i]);
            double ratio = sigmaT(sigmas[i]) / sigmaT(sigmas[i - 1]);
            double[] out = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                double res = 0;
                for (int j = 1; j < p; j++) {
                    res += rho[j - 1] * ((outputs.get(n - 1 - j)[k] - m0[k]) / rks[j - 1]);
                }
                out[k] = ratio * last[k] - alphaT * hPhi1 * m0[k] - alphaT * bh * (res + rho[p - 1] * (modelT[k] - m0[k]));
            }
            return out;
        }

        /** Gaussian elimination with partial pivoting on the leading {@code size x size} block. */
        private static double[] solve(double[][] r, double[] b, int size) {
            double[][] a = new double[size][size + 1];
            for (int i = 0; i < size; i++) {
                System.arraycopy(r[i], 0, a[i], 0, size);
                a[i][size] = b[i];
            }
            for (int c = 0; c < size; c++) {
                int pivot = c;
                for (int i = c + 1; i < size; i++) {
                    if (Math.abs(a[i][c]) > Math.abs(a[pivot][c])) {
                        pivot = i;
                    }
                }
                double[] tmp = a[c];
                a[c] = a[pivot];
                a[pivot] = tmp;
                for (int i = c + 1; i < size; i++) {
                    double f = a[i][c] / a[c][c];
                    for (int j = c; j <= size; j++) {
                        a[i][j] -= f * a[c][j];
                    }
                }
            }
            double[] out = new double[size];
            for (int i = size - 1; i >= 0; i--) {
                double s = a[i][size];
                for (int j = i + 1; j < size; j++) {
                    s -= a[i][j] * out[j];
                }
                out[i] = s / a[i][i];
            }
            return out;
        }
    }

    /**
     * {@code EulerDiscreteScheduler}, epsilon prediction, {@code s_churn = 0}: on the unscaled sample
     * {@code x~}, the model input {@code x~/sqrt(sigma^2 + 1)}, {@code x0 = x~ - sigma eps},
     * {@code d = (x~ - x0)/sigma}, {@code x~ += d (sigma_next - sigma)}.
     */
    static final class Euler extends Loop {

        Euler(double[] sigmas) {
            super(sigmas);
        }

        @Override
        Batch sample(GaussianData data, Batch xT) {
            double[] x = xT.data().clone();
            for (int i = 0; i < steps; i++) {
                double s = sigmas[i];
                double[] input = new double[x.length];
                for (int k = 0; k < x.length; k++) {
                    input[k] = x[k] / Math.sqrt(s * s + 1);
                }
                double[] e = eps(data, input, xT.size(), s);
                double dt = sigmas[i + 1] - s;
                for (int k = 0; k < x.length; k++) {
                    double x0 = x[k] - s * e[k];
                    double d = (x[k] - x0) / s;
                    x[k] = x[k] + d * dt;
                }
            }
            return Batch.wrap(xT.size(), xT.dim(), x);
        }
    }
}
