package io.samplerkit.core.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that the repository's documentation stands alone: no citation of design notes that live outside
 * the repository, no broken relative link in the Markdown pages, and no citation of a section of
 * {@code docs/math.md} that does not exist. Each check returns one line per problem,
 * {@code path:line: what}, so that a failing test names every offender.
 */
final class RepositoryDocs {

    /**
     * Texts that point outside the repository (the project's private notes and reference folder); split so
     * that this file does not match itself.
     */
    static final List<String> FORBIDDEN = List.of("MATH" + ".md", "DESIGN" + ".md", "STYLE" + ".md", "shared" + "/");

    /** The copied reference set may say where it came from. */
    static final String PROVENANCE_FOLDER = "src/main/resources/reference/";

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern LINK_TEXT = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern MATH_SECTION = Pattern.compile("math\\.md(?:\\]\\([^)]*\\))?[ ,]*(?:§|section )(\\d+(?:\\.\\d+)?)");
    private static final Pattern SECTION_HEADING = Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?)\\.? ");

    private RepositoryDocs() {
    }

    /**
     * @param root repository root
     * @return every Java and Markdown file outside build output and version control
     */
    static List<Path> sourceAndDocFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = slashes(root.relativize(p));
                        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                                && !rel.startsWith(".mvn/");
                    })
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param root repository root
     * @return one line per citation of a note outside the repository (provenance notes excepted)
     */
    static List<String> forbiddenCitations(Path root) {
        List<String> problems = new ArrayList<>();
        for (Path file : sourceAndDocFiles(root)) {
            String rel = slashes(root.relativize(file));
            if (rel.contains(PROVENANCE_FOLDER)) {
                continue;
            }
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                for (String bad : FORBIDDEN) {
                    if (lines.get(i).contains(bad)) {
                        problems.add(rel + ":" + (i + 1) + ": cites " + bad);
                    }
                }
            }
        }
        return problems;
    }

    /**
     * @param root repository root
     * @return one line per relative link in {@code README.md} or {@code docs/**}{@code /*.md} whose file is
     *     missing, or whose {@code #anchor} names no heading of the target page
     */
    static List<String> brokenLinks(Path root) {
        List<Path> pages = new ArrayList<>();
        if (Files.isRegularFile(root.resolve("README.md"))) {
            pages.add(root.resolve("README.md"));
        }
        for (Path p : sourceAndDocFiles(root)) {
            if (slashes(root.relativize(p)).startsWith("docs/") && p.toString().endsWith(".md")) {
                pages.add(p);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = read(page);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.trim().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String problem = checkLink(page, m.group(1));
                    if (problem != null) {
                        problems.add(slashes(root.relativize(page)) + ":" + (i + 1) + ": " + problem);
                    }
                }
            }
        }
        return problems;
    }

    private static String checkLink(Path page, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // http:, https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "link to missing " + target;
        }
        if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
            return "link to missing anchor " + target;
        }
        return null;
    }

    /**
     * @param page a Markdown page
     * @return the anchors GitHub generates for its headings
     */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : read(page)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String slug = slug(m.group(2));
                String unique = slug;
                for (int n = 1; !anchors.add(unique); n++) {
                    unique = slug + "-" + n;
                }
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: links reduced to their text, lower case, punctuation other than {@code -} and
     * {@code _} removed, spaces turned into hyphens.
     *
     * @param heading heading text
     * @return its anchor
     */
    static String slug(String heading) {
        String lower = LINK_TEXT.matcher(heading).replaceAll(m -> Matcher.quoteReplacement(m.group(1)))
                .toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        lower.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                b.appendCodePoint(c);
            } else if (c == ' ') {
                b.append('-');
            }
        });
        return b.toString();
    }

    /**
     * @param root repository root
     * @return one line per citation {@code math.md §N} (or {@code section N}) in a Java or Markdown file whose
     *     section {@code N} is not a heading of {@code docs/math.md}
     */
    static List<String> missingMathSections(Path root) {
        Set<String> sections = new HashSet<>();
        Path math = root.resolve("docs/math.md");
        if (Files.isRegularFile(math)) {
            for (String line : read(math)) {
                Matcher m = SECTION_HEADING.matcher(line);
                if (m.find()) {
                    sections.add(m.group(1));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Path file : sourceAndDocFiles(root)) {
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MATH_SECTION.matcher(lines.get(i));
                while (m.find()) {
                    if (!sections.contains(m.group(1))) {
                        problems.add(slashes(root.relativize(file)) + ":" + (i + 1) + ": docs/math.md has no section "
                                + m.group(1));
                    }
                }
            }
        }
        return problems;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }
}
