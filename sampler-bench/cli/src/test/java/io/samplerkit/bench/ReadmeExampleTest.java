package io.samplerkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.samplerkit.core.analytic.GaussianData;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.kernel.Kernels;
import io.samplerkit.core.model.Prediction;
import io.samplerkit.core.noise.SeededNoise;
import io.samplerkit.core.schedule.VpLinearSchedule;
import io.samplerkit.core.state.Batch;
import io.samplerkit.solvers.SamplingProblem;
import io.samplerkit.solvers.SamplingResult;
import io.samplerkit.solvers.SolverRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java example of the README, compiled and run; a second test checks that the README shows
 * exactly this code, so the README cannot rot.
 */
class ReadmeExampleTest {

    static Path repositoryRoot() {
        return Paths.get(System.getProperty("samplerkit.repository.root")).toAbsolutePath().normalize();
    }

    /**
     * What the example computes.
     *
     * @param nfe model calls
     * @param maxError largest error against the exact flow
     * @param xT the initial state
     * @param samples the samples
     */
    record Outcome(double nfe, double maxError, Batch xT, Batch samples) {
    }

    /** Runs the example. */
    static Outcome example() {
        // README-BEGIN
        VpLinearSchedule schedule = VpLinearSchedule.standard();      // beta from 0.1 to 20, T = 1
        GaussianData data = GaussianData.of(new double[] {1.0, -0.5}, // x0 ~ N(mean, covariance)
                new double[][] {{1.0, 0.6}, {0.6, 0.5}});
        SamplingProblem problem = SamplingProblem.of(schedule, data.model(schedule, Prediction.NOISE),
                new LogSnrGrid(), 1.0, 1e-3, 50);                     // 50 steps uniform in log-SNR
        Batch xT = Batch.zeros(4, 2);
        new SeededNoise(42).standardNormal(-1, xT);                   // z ~ N(0, I), 4 samples, stream -1
        Kernels.scale(xT, schedule.sigma(1.0), xT);                  // x_T = sigma(t_0) z, as sample --spec draws it
        SamplingResult result = SolverRegistry.standard().create("ddim").sample(problem, xT);
        Batch exact = xT.like();
        data.flow(xT, schedule, 1.0, 1e-3, exact);                    // exact probability-flow map
        double maxError = 0;
        for (int i = 0; i < exact.data().length; i++) {
            maxError = Math.max(maxError, Math.abs(result.x().data()[i] - exact.data()[i]));
        }
        // README-END
        return new Outcome(result.modelCalls(), maxError, xT, result.x());
    }

    @Test
    void theExampleSamplesWithFiftyModelCallsAndFirstOrderError() {
        Outcome r = example();
        assertThat(r.nfe()).isEqualTo(50);
        // README: "maxError is 0.062" (sample --spec docs/examples/sample-ddim.json: exact.maxAbsError 0.0616)
        assertThat(r.maxError()).isCloseTo(0.0616, within(0.0005));
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        Path root = repositoryRoot();
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> block = new ArrayList<>();
        boolean in = false;
        for (String line : readme) {
            if (!in && line.trim().equals("```java")) {
                in = true;
            } else if (in && line.trim().equals("```")) {
                break;
            } else if (in) {
                block.add(line.trim());
            }
        }
        List<String> source = Files.readAllLines(
                root.resolve("sampler-bench/cli/src/test/java/io/samplerkit/bench/ReadmeExampleTest.java"));
        List<String> code = new ArrayList<>();
        boolean inRegion = false;
        for (String line : source) {
            if (line.trim().equals("// README-BEGIN")) {
                inRegion = true;
            } else if (line.trim().equals("// README-END")) {
                break;
            } else if (inRegion) {
                code.add(line.trim());
            }
        }
        List<String> readmeImports = block.stream().filter(l -> l.startsWith("import ")).toList();
        List<String> readmeCode = block.stream().filter(l -> !l.startsWith("import ") && !l.isEmpty()).toList();
        assertThat(code).isNotEmpty();
        assertThat(readmeCode).containsExactlyElementsOf(code);
        assertThat(source).containsAll(readmeImports);
        assertThat(readmeImports).hasSizeGreaterThanOrEqualTo(8);
    }
}
