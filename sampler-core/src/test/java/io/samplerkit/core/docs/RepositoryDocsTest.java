package io.samplerkit.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation stands alone: no citation of notes outside the repository, no broken relative link
 * in README.md or docs/, every cited section of docs/math.md exists. The checks themselves are tested on
 * small synthetic repositories first.
 */
class RepositoryDocsTest {

    /** The forbidden names, split so that this file does not cite them itself. */
    private static final String MATH = "MATH" + ".md";
    private static final String DESIGN = "DESIGN" + ".md";
    private static final String STYLE = "STYLE" + ".md";
    private static final String SHARED = "shared" + "/";
    /** A citation of our own math page, split likewise. */
    private static final String OURS = "docs/math" + ".md";

    private static Path repositoryRoot() {
        String root = System.getProperty("samplerkit.repository.root");
        assertThat(root).as("system property samplerkit.repository.root (set by the parent pom)").isNotNull();
        Path p = Paths.get(root).toAbsolutePath().normalize();
        assertThat(p.resolve("README.md")).exists();
        return p;
    }

    @Test
    void noFileCitesNotesOutsideTheRepository() {
        assertThat(RepositoryDocs.forbiddenCitations(repositoryRoot())).isEmpty();
    }

    @Test
    void everyRelativeLinkInTheDocsResolves() {
        assertThat(RepositoryDocs.brokenLinks(repositoryRoot())).isEmpty();
    }

    @Test
    void everyCitedMathSectionExists() {
        Path root = repositoryRoot();
        assertThat(root.resolve("docs/math.md")).exists();
        assertThat(RepositoryDocs.missingMathSections(root)).isEmpty();
    }

    @Test
    void theLibraryPagesAreLinkedFromReadmeAndArchitecture() throws IOException {
        Path root = repositoryRoot();
        String readme = Files.readString(root.resolve("README.md"));
        String architecture = Files.readString(root.resolve("docs/architecture.md"));
        assertThat(readme).contains("](docs/math.md)", "](docs/library.md)");
        assertThat(architecture).contains("](math.md)", "](library.md)");
    }

    @Test
    void theCitationCheckFindsEachForbiddenNameAndSparesProvenanceNotes(@TempDir Path root) throws IOException {
        write(root, "a/src/main/java/A.java", "/** See " + MATH + " section 4. */\nclass A {}\n");
        write(root, "docs/x.md", "ok\nas in " + DESIGN + " and " + STYLE + "\ncopied from ../" + SHARED + "reference\n");
        write(root, "b/src/main/resources/reference/PROVENANCE.md", "copied from " + SHARED + "reference\n");
        write(root, "b/target/Generated.java", "// " + MATH + "\n");
        assertThat(RepositoryDocs.forbiddenCitations(root)).containsExactlyInAnyOrder(
                "a/src/main/java/A.java:1: cites " + MATH,
                "docs/x.md:2: cites " + DESIGN,
                "docs/x.md:2: cites " + STYLE,
                "docs/x.md:3: cites " + SHARED);
    }

    @Test
    void theLinkCheckFindsMissingFilesAndAnchors(@TempDir Path root) throws IOException {
        write(root, "README.md", "[good](docs/a.md) [web](https://example.org/x) [gone](docs/gone.md)\n"
                + "```\n[in a fence](nowhere.md)\n```\n");
        write(root, "docs/a.md", "# Title\n## 2. Two words, and more\n## 2. Two words, and more\n"
                + "[self](#title) [ok](#2-two-words-and-more-1) [bad](#three) [up](../README.md#nothing)\n"
                + "[sub](sub/b.md#b-heading)\n");
        write(root, "docs/sub/b.md", "### B heading\n[back](../a.md#2-two-words-and-more)\n");
        assertThat(RepositoryDocs.brokenLinks(root)).containsExactlyInAnyOrder(
                "README.md:1: link to missing docs/gone.md",
                "docs/a.md:4: link to missing anchor #three",
                "docs/a.md:4: link to missing anchor ../README.md#nothing");
    }

    @Test
    void theSectionCheckFindsCitationsOfMissingSections(@TempDir Path root) throws IOException {
        write(root, "docs/math.md", "# M\n## 1. One\n### 1.2 One two\n## 3 Three\n");
        write(root, "src/main/java/A.java", "// " + OURS + " §1.2 and " + OURS + " section 3; " + OURS + " §2\n");
        write(root, "docs/x.md", "[math.md §1](math.md#1-one) [math.md §4](math.md#4)\n");
        assertThat(RepositoryDocs.missingMathSections(root)).containsExactlyInAnyOrder(
                "src/main/java/A.java:1: docs/math.md has no section 2",
                "docs/x.md:1: docs/math.md has no section 4");
    }

    @Test
    void slugsFollowGithub() {
        assertThat(RepositoryDocs.slug("6.5 Multistep orders 2 and 3, and the D2 weight"))
                .isEqualTo("65-multistep-orders-2-and-3-and-the-d2-weight");
        assertThat(RepositoryDocs.slug("10. EDM coordinates and Runge–Kutta methods"))
                .isEqualTo("10-edm-coordinates-and-rungekutta-methods");
        assertThat(RepositoryDocs.slug("5.1 Grids (DPM-Solver `get_time_steps`)"))
                .isEqualTo("51-grids-dpm-solver-get_time_steps");
        assertThat(RepositoryDocs.slug("4. Measured ([math §12](../math.md#12-x) set-up)"))
                .isEqualTo("4-measured-math-12-set-up");
    }

    private static void write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }
}
