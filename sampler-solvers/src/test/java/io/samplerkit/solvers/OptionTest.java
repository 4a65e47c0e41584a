package io.samplerkit.solvers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samplerkit.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link Option}, {@link NumberRange} and {@link SolverOptions}: one declaration documents and reads an option. */
class OptionTest {

    private enum Shape { TIME_UNIFORM, LOG_SNR }

    private static final Option<Integer> ORDER = Option.ofInt("order", 2, 1, 3, "order");
    private static final Option<Double> RTOL = Option.ofDouble("rtol", 0.05, NumberRange.UNIT_OPEN_CLOSED, "rtol");
    private static final Option<Boolean> FLAG = Option.ofBoolean("flag", true, "flag");
    private static final Option<Shape> SHAPE = Option.ofEnum("shape", Shape.LOG_SNR, "shape");
    private static final Option<List<Integer>> STEPS = Option.ofIntList("steps", 0, 9, "steps");

    private static InvalidInputException failure(Supplier<?> read) {
        try {
            read.get();
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("no InvalidInputException");
    }

    @Test
    void theDocumentationIsTheCheck() {
        assertThat(ORDER.allowed()).isEqualTo("[1, 3]");
        assertThat(RTOL.allowed()).isEqualTo("(0, 1]");
        assertThat(SHAPE.allowed()).isEqualTo("time-uniform|log-snr");
        assertThat(SHAPE.defaultText()).isEqualTo("log-snr");
        assertThat(Option.ofInt("n", 5, 1, Integer.MAX_VALUE, "n").allowed()).isEqualTo("[1, 2^31-1]");
        InvalidInputException e = failure(() -> ORDER.read(4));
        assertThat(e.path()).isEqualTo("options.order");
        assertThat(e.value()).isEqualTo("4");
        assertThat(e.allowed()).isEqualTo("an integer in " + ORDER.allowed());
        assertThat(failure(() -> RTOL.read("0")).allowed()).isEqualTo("a number in " + RTOL.allowed());
        assertThat(failure(() -> SHAPE.read("square")).allowed()).isEqualTo("one of " + SHAPE.allowed());
    }

    @Test
    void valuesInsideTheRangeAreReadAndOthersRejected() {
        long seed = 20261206L;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            int n = rng.nextInt(-5, 10);
            if (n >= 1 && n <= 3) {
                assertThat(ORDER.read(Integer.toString(n))).as("seed %d, %d", seed, n).isEqualTo(n);
                assertThat(ORDER.read((double) n)).as("seed %d, %d", seed, n).isEqualTo(n);
            } else {
                assertThat(failure(() -> ORDER.read(n)).path()).as("seed %d, %d", seed, n).isEqualTo("options.order");
            }
            double d = rng.nextDouble(-0.5, 1.5);
            if (d > 0 && d <= 1) {
                assertThat(RTOL.read(Double.toString(d))).as("seed %d, %s", seed, d).isEqualTo(d);
            } else {
                assertThat(failure(() -> RTOL.read(d)).path()).as("seed %d, %s", seed, d).isEqualTo("options.rtol");
            }
        }
        assertThat(RTOL.read(1)).isEqualTo(1.0);
        assertThat(failure(() -> ORDER.read(2.5)).value()).isEqualTo("2.5");
        assertThat(failure(() -> ORDER.read("two")).value()).isEqualTo("two");
        assertThat(failure(() -> RTOL.read("NaN")).path()).isEqualTo("options.rtol");
        assertThat(FLAG.read("FALSE")).isFalse();
        assertThat(failure(() -> FLAG.read("yes")).allowed()).isEqualTo("true or false");
        assertThat(SHAPE.read("TIME_UNIFORM")).isEqualTo(Shape.TIME_UNIFORM);
        assertThat(STEPS.read("3;1 4")).containsExactly(3, 1, 4);
        assertThat(STEPS.read(List.of(2, 7))).containsExactly(2, 7);
        assertThat(STEPS.read("")).isEmpty();
        assertThat(failure(() -> STEPS.read("3;10")).path()).isEqualTo("options.steps");
    }

    @Test
    void everyDefaultParsesBackAndABadDefaultFailsAtDeclaration() {
        for (Option<?> o : List.<Option<?>>of(ORDER, RTOL, FLAG, SHAPE, STEPS,
                Option.ofDouble("tmax", Double.POSITIVE_INFINITY, new NumberRange(0, false, Double.POSITIVE_INFINITY,
                        false), "tmax"))) {
            assertThat((Object) o.read(o.defaultText())).as(o.toString()).isEqualTo(o.defaultValue());
        }
        assertThat(ORDER.withDefault(3).defaultValue()).isEqualTo(3);
        assertThatThrownBy(() -> ORDER.withDefault(7)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Option.ofInt("Bad_Name", 1, 0, 1, "x")).hasMessageContaining("kebab-case");
    }

    @Test
    void solverOptionsReadDeclaredOptionsAndRejectTheRest() {
        SolverOptions given = SolverOptions.parse("order=3, rtol=0.5, colour=red");
        assertThat(given.get(ORDER)).isEqualTo(3);
        assertThat(given.get(RTOL)).isEqualTo(0.5);
        assertThat(given.get(FLAG)).isTrue();
        InvalidInputException e = failure(() -> {
            given.requireAllUsed("demo");
            return null;
        });
        assertThat(e.path()).isEqualTo("options.colour");
        assertThat(e.value()).isEqualTo("red");
        assertThat(e.allowed()).contains("demo").contains("order").contains("rtol");
        assertThat(SolverOptions.of(Map.of("Order", 2)).get(ORDER)).isEqualTo(2);
        assertThat(failure(() -> SolverOptions.parse("order")).path()).isEqualTo("options");
    }

    @Test
    void theStandardRegistryFindsEveryFamilyThroughTheServiceLoader() {
        assertThat(SolverRegistry.standard().entries()).extracting(SolverEntry::family)
                .contains(Family.ODE, Family.EXPONENTIAL, Family.MULTISTEP);
        SolverEntry one = SolverRegistry.standard().entry("ddim");
        assertThatThrownBy(() -> SolverRegistry.of(List.of(one, one))).hasMessageContaining("ddim");
        assertThat(failure(() -> SolverRegistry.standard().entry("nope")).path()).isEqualTo("solver");
    }
}
