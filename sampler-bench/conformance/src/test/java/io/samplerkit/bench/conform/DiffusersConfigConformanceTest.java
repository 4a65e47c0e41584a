package io.samplerkit.bench.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the diffusers-configs set (module sampler-reference, {@code diffusers-configs/cases} next to {@code reference/}, see its README), one
 * dynamic test per case named by its id, rebuilt from its {@code scheduler_config.json} and judged by
 * {@link DiffusersConfigCase}. Prints the pass/fail count and the worst relative error per tolerance class.
 */
class DiffusersConfigConformanceTest {

    private static final AtomicInteger PASSED = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicInteger DEPARTURES = new AtomicInteger();
    private static final Map<DiffusersConfigCase.Tolerance, Double> WORST =
            new ConcurrentHashMap<>(new EnumMap<>(DiffusersConfigCase.Tolerance.class));

    static Path casesDir() {
        return ReferenceConformanceTest.referenceDir().resolveSibling("diffusers-configs").resolve("cases");
    }

    @TestFactory
    Stream<DynamicTest> everyDiffusersConfigCase() {
        List<Path> files = ConformanceRunner.collectCases(List.of(casesDir()));
        assertThat(files).hasSizeGreaterThanOrEqualTo(477);
        return files.stream().map(file -> {
            var root = ReferenceCase.readJson(file);
            return DynamicTest.dynamicTest(root.path("id").asText(), () -> {
                DiffusersConfigCase.Outcome o = DiffusersConfigCase.run(file, root);
                o.worstRelative().forEach((k, v) -> WORST.merge(k, v, Math::max));
                if (o.passed() && o.departure() != null) {
                    DEPARTURES.incrementAndGet();
                    assertThat(o.note()).isEmpty();
                    assertThat(root.path("loop").isObject()).as("departures concern sampling loops only").isTrue();
                    assertThat(DiffusersConfigCase.LOOP_DEPARTURES.stream().map(c -> c.className()))
                            .contains(root.path("scheduler_class").asText());
                } else if (o.passed()) {
                    PASSED.incrementAndGet();
                } else {
                    FAILED.incrementAndGet();
                    fail(o.id() + ": " + String.join("; ", o.problems()));
                }
            });
        });
    }

    @AfterAll
    static void summary() {
        System.out.println("diffusers-configs: " + PASSED.get() + " passed, " + FAILED.get() + " failed, "
                + DEPARTURES.get() + " documented departures (grids pass, loop not run); worst relative "
                + "error per tolerance class " + new EnumMap<>(WORST));
    }
}
