package io.samplerkit.onnx;

import java.nio.file.Files;
import java.nio.file.Path;

/** The networks shipped in the repository's top-level {@code models/} folder, located by {@code samplerkit.models.dir}. */
final class ShippedModels {

    private ShippedModels() {
    }

    /**
     * @param name file name inside {@code models/}
     * @return its path
     */
    static Path file(String name) {
        String dir = System.getProperty("samplerkit.models.dir", "../models");
        Path p = Path.of(dir, name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("shipped model " + p.toAbsolutePath() + " not found (samplerkit.models.dir="
                    + dir + ")");
        }
        return p;
    }
}
