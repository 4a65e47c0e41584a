package io.samplerkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/library.md shows this module's code: every code line of its Java blocks (comments aside) must be a line of
 * {@link GuidedSamplingExample} or {@link PointSetDenoiser}, so the page cannot drift from the code the build runs.
 */
class LibraryPageTest {

    @Test
    void everyJavaLineOfTheLibraryPageIsExampleCode() throws IOException {
        String rootProperty = System.getProperty("samplerkit.repository.root");
        assertThat(rootProperty).as("system property samplerkit.repository.root (set by the parent pom)").isNotNull();
        Path root = Paths.get(rootProperty);
        Path sources = root.resolve("examples/src/main/java/io/samplerkit/examples");
        Set<String> code = new HashSet<>();
        for (String file : List.of("GuidedSamplingExample.java", "PointSetDenoiser.java")) {
            for (String line : Files.readAllLines(sources.resolve(file))) {
                code.add(withoutComment(line));
            }
        }
        List<String> shown = new ArrayList<>();
        boolean inJava = false;
        for (String line : Files.readAllLines(root.resolve("docs/library.md"))) {
            if (line.trim().equals("```java")) {
                inJava = true;
            } else if (line.trim().startsWith("```")) {
                inJava = false;
            } else if (inJava && !withoutComment(line).isEmpty()) {
                shown.add(withoutComment(line));
            }
        }
        assertThat(shown).hasSizeGreaterThan(15);
        assertThat(code).containsAll(shown);
    }

    /** The line without a trailing {@code //} comment, trimmed. */
    private static String withoutComment(String line) {
        int comment = line.indexOf("//");
        return (comment < 0 ? line : line.substring(0, comment)).trim();
    }
}
