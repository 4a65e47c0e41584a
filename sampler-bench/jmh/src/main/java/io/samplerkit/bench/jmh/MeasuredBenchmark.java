package io.samplerkit.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every SamplerKit benchmark shares, declared once (JMH reads them from the superclass): average
 * time per operation in nanoseconds, one fork, 2 warm-up and 3 measured iterations of 1 s, per-thread state. A
 * benchmark's command-line options ({@code samplerkit bench}) override them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public abstract class MeasuredBenchmark {

    /** For subclasses. */
    protected MeasuredBenchmark() {
    }
}
