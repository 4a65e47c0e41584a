package io.samplerkit.bench.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.samplerkit.core.Checks;
import io.samplerkit.core.grid.KarrasGrid;
import io.samplerkit.core.grid.LogSnrGrid;
import io.samplerkit.core.grid.QuadraticTimeGrid;
import io.samplerkit.core.grid.TimeGrid;
import io.samplerkit.core.grid.UniformTimeGrid;

/**
 * A time-grid rule as suite data ({@code {"type": "karras", "rho": 7}}), naming one of the core
 * {@link TimeGrid} rules, with a short label for tables and file names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GridSpec.LogSnr.class, name = "logsnr"),
    @JsonSubTypes.Type(value = GridSpec.Karras.class, name = "karras"),
    @JsonSubTypes.Type(value = GridSpec.UniformTime.class, name = "uniform-t"),
    @JsonSubTypes.Type(value = GridSpec.QuadraticTime.class, name = "quadratic-t")
})
public sealed interface GridSpec {

    /** @return the grid rule */
    TimeGrid grid();

    /** @return short label used in tables and file names, e.g. {@code "karras7"} */
    @JsonIgnore
    String label();

    /** Uniform in half log-SNR ({@link LogSnrGrid}). */
    record LogSnr() implements GridSpec {
        @Override
        public TimeGrid grid() {
            return new LogSnrGrid();
        }

        @Override
        public String label() {
            return "logsnr";
        }
    }

    /**
     * Karras et al. in {@code rho = sigma/alpha} ({@link KarrasGrid}).
     *
     * @param rho the exponent (EDM uses 7)
     */
    record Karras(double rho) implements GridSpec {
        /** Validates. */
        public Karras {
            Checks.requirePositive(rho, "rho");
        }

        @Override
        public TimeGrid grid() {
            return new KarrasGrid(rho);
        }

        @Override
        public String label() {
            return "karras" + (rho == Math.rint(rho) ? Integer.toString((int) rho) : Double.toString(rho));
        }
    }

    /** Uniform in the schedule's time ({@link UniformTimeGrid}). */
    record UniformTime() implements GridSpec {
        @Override
        public TimeGrid grid() {
            return new UniformTimeGrid();
        }

        @Override
        public String label() {
            return "uniform-t";
        }
    }

    /** Quadratic in the schedule's time ({@link QuadraticTimeGrid}, DDIM's and DEIS's quadratic spacing). */
    record QuadraticTime() implements GridSpec {
        @Override
        public TimeGrid grid() {
            return new QuadraticTimeGrid();
        }

        @Override
        public String label() {
            return "quadratic-t";
        }
    }
}
