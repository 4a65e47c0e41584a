package io.samplerkit.core.noise;

import io.samplerkit.core.Checks;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.state.Batch;
import java.util.Arrays;

/**
 * A Brownian path that is never stored: {@code W(tau)} is recomputed on demand by descending a
 * binary tree of Brownian-bridge samples whose randomness is a pure function of (seed, node), the
 * "virtual Brownian tree" of Li, Wong, Chen and Duvenaud 2020 ("Scalable Gradients for Stochastic
 * Differential Equations", arXiv:2001.01328, section 5 / algorithm 3); diffrax's
 * {@code VirtualBrownianTree} follows the same idea. Our construction:
 * <pre>
 *   W(t0) = 0,  W(t1) = sqrt(t1 - t0) z_0
 *   node k (root k = 1) covers [l, r] with known W(l), W(r); its midpoint m = l + (r - l)/2 has
 *   W(m) = (W(l) + W(r))/2 + sqrt(r - l)/2 z_k                    (Brownian bridge, Levy's construction)
 *   children: 2k covers [l, m], 2k + 1 covers [m, r]
 *   at depth D (width (t1 - t0)/2^D &lt;= tolerance) the node is a leaf and, for tau in it,
 *   W(tau) = W(l) + (tau - l)/(r - l) (W(r) - W(l)) + sqrt((r - tau)(tau - l)/(r - l)) z_k
 * </pre>
 * where {@code z_k} is the standard normal stream {@code k} of a {@link SeededNoise} (one independent
 * value per element, by row) whose seed is a hash of the path's seed; the tree built from a
 * {@link SeededNoise} keeps that source's sample numbering, so row {@code r}'s path depends only on the
 * seed and the sample number, not on the batch it was drawn in. Values at tree nodes are exactly Brownian; inside a leaf, each value has
 * the exact bridge law, but values sharing a leaf share {@code z_k} (error confined to intervals shorter
 * than the tolerance). Every value is a deterministic function of {@code tau}, so answers do not depend
 * on the order or number of queries, and increments add up across step sizes.
 *
 * <p>Cost: {@code D + 1} normal draws per element per {@code W(tau)}. An increment computes the values at its two
 * ends, except those it finds among the two ends of the previous increment (kept as copies): a solver stepping
 * along a grid, or retrying a rejected step from the same time, pays one value per increment instead of two. Inside
 * a run with kernel threads ({@link io.samplerkit.core.kernel.FusedEvaluation#useThreads}) the draws run in chunks
 * on them, with the same bits.
 * Not thread-safe (owns its scratch batches): create one per run; two trees with the same seed,
 * interval, tolerance and shape give the same path.
 */
public final class VirtualBrownianTree implements BrownianPath {

    /** Salt separating the tree's streams from a {@link SeededNoise} with the same seed. */
    private static final long SALT = 0x5deece66dL;
    /** Deepest level: heap indices stay below {@code 2^62}. */
    private static final int MAX_DEPTH = 61;

    private final double t0;
    private final double t1;
    private final int depth;
    private final SeededNoise noise;
    /** The nodes' normals in flat order, drawn by {@link Kernels#draw}: in chunks on a run's kernel threads. */
    private final NormalStream normals;
    private final Batch start;
    private final Batch left;
    private final Batch right;
    private final Batch z;
    /** {@code W} at the two ends of the previous increment, and their times (NaN before the first). */
    private final Batch lastStart;
    private final Batch lastEnd;
    private double lastS = Double.NaN;
    private double lastT = Double.NaN;

    /**
     * @param seed seed of the path
     * @param t0 start of the interval
     * @param t1 end of the interval, {@code > t0}
     * @param size batch size (rows)
     * @param dim dimension (columns)
     * @param tolerance leaf width bound, {@code > 0}: the tree has {@code D = ceil(log2((t1 - t0)/tolerance))}
     *     levels (at most 61)
     */
    public VirtualBrownianTree(long seed, double t0, double t1, int size, int dim, double tolerance) {
        this(new SeededNoise(seed), t0, t1, size, dim, tolerance);
    }

    /**
     * @param source seed and sample numbering of the path (its mode is ignored)
     * @param t0 start of the interval
     * @param t1 end of the interval, {@code > t0}
     * @param size batch size (rows)
     * @param dim dimension (columns)
     * @param tolerance leaf width bound, {@code > 0} (see {@link #VirtualBrownianTree(long, double, double, int,
     *     int, double)})
     */
    public VirtualBrownianTree(SeededNoise source, double t0, double t1, int size, int dim, double tolerance) {
        this.t0 = Checks.requireFinite(t0, "t0");
        this.t1 = Checks.requireInRange(t1, Math.nextUp(t0), Double.MAX_VALUE, "t1");
        Checks.requirePositive(tolerance, "tolerance");
        double levels = Math.ceil(Math.log((t1 - t0) / tolerance) / Math.log(2));
        this.depth = (int) Math.max(0, Math.min(MAX_DEPTH, levels));
        this.noise = new SeededNoise(SeededNoise.mix(source.seed() ^ SALT), source.firstSample(), NoiseMode.FRESH);
        this.normals = dim >= 1 ? noise.normalStream(dim) : null;
        this.start = Batch.zeros(size, dim);
        this.left = Batch.zeros(size, dim);
        this.right = Batch.zeros(size, dim);
        this.z = Batch.zeros(size, dim);
        this.lastStart = Batch.zeros(size, dim);
        this.lastEnd = Batch.zeros(size, dim);
    }

    /**
     * A tree with leaves no wider than {@code (t1 - t0) 2^-30}.
     *
     * @param seed seed of the path
     * @param t0 start of the interval
     * @param t1 end of the interval, {@code > t0}
     * @param size batch size (rows)
     * @param dim dimension (columns)
     * @return the tree
     */
    public static VirtualBrownianTree of(long seed, double t0, double t1, int size, int dim) {
        return of(new SeededNoise(seed), t0, t1, size, dim);
    }

    /**
     * A tree with leaves no wider than {@code (t1 - t0) 2^-30} on a source's seed and sample numbering.
     *
     * @param source seed and sample numbering
     * @param t0 start of the interval
     * @param t1 end of the interval, {@code > t0}
     * @param size batch size (rows)
     * @param dim dimension (columns)
     * @return the tree
     */
    public static VirtualBrownianTree of(SeededNoise source, double t0, double t1, int size, int dim) {
        return new VirtualBrownianTree(source, t0, t1, size, dim, Math.scalb(t1 - t0, -30));
    }

    @Override
    public double t0() {
        return t0;
    }

    @Override
    public double t1() {
        return t1;
    }

    /** @return number of levels below the root */
    public int depth() {
        return depth;
    }

    @Override
    public void increment(double s, double t, Batch out) {
        start.requireSameShape(out);
        recall(s, start);
        recall(t, out);
        System.arraycopy(start.data(), 0, lastStart.data(), 0, start.data().length);
        System.arraycopy(out.data(), 0, lastEnd.data(), 0, out.data().length);
        lastS = s;
        lastT = t;
        Kernels.lincomb2(out, 1.0, out, -1.0, start);
    }

    /**
     * {@code W(tau)}: a copy when {@code tau} was an end of the previous increment (already checked to lie in the
     * interval), else {@link #value}.
     */
    private void recall(double tau, Batch out) {
        if (tau == lastS) {
            System.arraycopy(lastStart.data(), 0, out.data(), 0, out.data().length);
        } else if (tau == lastT) {
            System.arraycopy(lastEnd.data(), 0, out.data(), 0, out.data().length);
        } else {
            value(tau, out);
        }
    }

    /**
     * {@code z = z_k}, the normals of node {@code k} ({@link SeededNoise#standardNormal}): drawn in chunks on the kernel
     * threads of the run this tree serves when it has them and {@code z} is above their threshold, since the draws
     * are most of a value's cost ({@code D + 1} per element); otherwise row by row, which is faster on one thread than
     * the positioned stream (measured: 189 against 207 ms per Euler–Maruyama step at d = 3e5). Same bits either way.
     */
    private void drawNode(long k) {
        if (normals == null || !Kernels.drawRunsInChunks(z.data().length)) {
            noise.standardNormal(k, z);
            return;
        }
        normals.start(k);
        Kernels.draw(z, normals);
    }

    /**
     * Writes {@code W(tau)}.
     *
     * @param tau time in {@code [t0, t1]}
     * @param out destination of the tree's shape; must not be one of the tree's scratch batches. Modified.
     */
    public void value(double tau, Batch out) {
        Checks.requireInRange(tau, t0, t1, "tau");
        left.requireSameShape(out);
        double[] wl = left.data();
        double[] wr = right.data();
        double[] zs = z.data();
        Arrays.fill(wl, 0.0);
        drawNode(0);
        Kernels.scale(right, Math.sqrt(t1 - t0), z);
        double l = t0;
        double r = t1;
        long node = 1;
        for (int level = 0; level < depth; level++) {
            if (tau == l || tau == r) {
                break;
            }
            double m = l + 0.5 * (r - l);
            drawNode(node);
            double halfStd = 0.5 * Math.sqrt(r - l);
            if (tau < m) {
                for (int i = 0; i < wr.length; i++) {
                    wr[i] = 0.5 * (wl[i] + wr[i]) + halfStd * zs[i];
                }
                r = m;
                node = 2 * node;
            } else {
                for (int i = 0; i < wl.length; i++) {
                    wl[i] = 0.5 * (wl[i] + wr[i]) + halfStd * zs[i];
                }
                l = m;
                node = 2 * node + 1;
            }
        }
        double[] o = out.data();
        if (tau == l) {
            System.arraycopy(wl, 0, o, 0, o.length);
        } else if (tau == r) {
            System.arraycopy(wr, 0, o, 0, o.length);
        } else {
            drawNode(node);
            double w = (tau - l) / (r - l);
            double std = Math.sqrt((r - tau) * (tau - l) / (r - l));
            for (int i = 0; i < o.length; i++) {
                o[i] = wl[i] + w * (wr[i] - wl[i]) + std * zs[i];
            }
        }
    }
}
