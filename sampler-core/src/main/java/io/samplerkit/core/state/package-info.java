/**
 * Batch state: {@code size x dim} doubles in one flat row-major array ({@link io.samplerkit.core.state.Batch})
 * and its read-only view ({@link io.samplerkit.core.state.BatchView}).
 */
package io.samplerkit.core.state;
