package io.samplerkit.solvers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code io.samplerkit.solvers.internal} is sampler-solvers' own: no Java source of any other module of the
 * repository (main or test, found by walking the repository from its root) imports it or any other
 * {@code *.internal.*} package of another module. Other modules use the public packages.
 */
class InternalPackageTest {

    private static final Pattern INTERNAL_IMPORT = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?io\\.samplerkit\\.[\\w.]*\\.internal\\.", Pattern.MULTILINE);

    @Test
    void noOtherModuleImportsAnInternalPackage() throws IOException {
        Path root = repositoryRoot();
        Path own = root.resolve("sampler-solvers");
        List<Path> sources;
        try (Stream<Path> all = Files.walk(root)) {
            sources = all.filter(p -> p.toString().endsWith(".java")).filter(p -> !p.startsWith(own))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .collect(Collectors.toList());
        }
        assertThat(sources).as("Java sources of the other modules under %s", root).isNotEmpty();
        List<String> offenders = sources.stream().filter(InternalPackageTest::importsInternal).map(root::relativize)
                .map(Path::toString).sorted().collect(Collectors.toList());
        assertThat(offenders).as("files outside sampler-solvers importing *.internal.*").isEmpty();
    }

    @Test
    void thePatternRecognisesAnInternalImport() {
        assertThat(INTERNAL_IMPORT.matcher("package a;\nimport io.samplerkit.solvers.internal.ModelSide;\n").find())
                .isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import static io.samplerkit.solvers.internal.X.y;").find()).isTrue();
        assertThat(INTERNAL_IMPORT.matcher("import io.samplerkit.solvers.exponential.ThirdOrder;").find()).isFalse();
    }

    private static boolean importsInternal(Path p) {
        try {
            return INTERNAL_IMPORT.matcher(Files.readString(p)).find();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    /** The directory above this module that holds the Maven wrapper. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root (directory with mvnw) above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
