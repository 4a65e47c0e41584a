package io.samplerkit.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Reads the reference schedule tables ({@code ${samplerkit.reference.dir}/schedules/*.json}). */
final class ScheduleTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;

    private ScheduleTables(JsonNode root) {
        this.root = root;
    }

    static Path dir() {
        String d = System.getProperty("samplerkit.reference.dir");
        if (d == null) {
            throw new IllegalStateException("system property samplerkit.reference.dir is not set (run through surefire)");
        }
        return Paths.get(d, "schedules");
    }

    static ScheduleTables load(String file) {
        try {
            return new ScheduleTables(JSON.readTree(Files.readAllBytes(dir().resolve(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double[] array(String key) {
        JsonNode a = root.get(key);
        if (a == null || !a.isArray()) {
            throw new IllegalStateException("no array " + key);
        }
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).doubleValue();
        }
        return r;
    }

    int integer(String key) {
        return root.get(key).intValue();
    }

    String text(String key) {
        return root.get(key).asText();
    }
}
