package io.samplerkit.bench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Seeded generator of command lines for {@link CliFuzzTest}: a valid, quick base command line of one command
 * ({@code list}, {@code conform}, {@code sample}, {@code report}, {@code report merge}, {@code bench},
 * {@code help}, or none), then one to three mutations: an option of that command (read from the command line's
 * own model, so new options are covered without listing them here) added with a bad value, an option's value
 * replaced, an option left without its value, an unknown option, an empty argument, an argument removed (never
 * one that keeps a report small), a positional argument replaced, an option repeated.
 *
 * <p>Every path it uses lies in one folder per input (inputs are copied there first), so that an {@code --out}
 * pointing at an input, or {@code --force} over a folder, harms nothing outside it. The values never name a
 * long computation (no built-in suite but {@code quick}, small NFE lists only).
 */
final class ArgumentLists {

    private static final String[][] COMMANDS = {{"list"}, {"conform"}, {"sample"}, {"report"}, {"report", "merge"},
        {"bench"}, {"help"}, {}};

    private static final String[] SCALARS = {"", " ", "0", "-1", "1", "2", "1e308", "NaN", "-0", "abc", "10,20", ",",
        "1/0", "0/2", "3/2", "-1/2", "ddim", "ddim[eta=5]", "ddim[nope=1]", "nope[", "dpmpp-2m[order=9]", "99999999999",
        "2147483648", "Infinity", "9".repeat(5_000), "--out", "-h"};

    private final Path folder;
    private final Path shard0;
    private final Path shard1;
    private final Path referenceCase;
    private final Path spec;

    /**
     * @param folder this input's own folder (paths and copies of the inputs go there)
     * @param shard0 shard 0/2 of a quick report
     * @param shard1 shard 1/2 of the same report
     * @param referenceCase a conformance case that passes
     */
    ArgumentLists(Path folder, Path shard0, Path shard1, Path referenceCase) {
        this.folder = folder;
        try {
            this.shard0 = copy(shard0, folder.resolve("shard0"));
            this.shard1 = copy(shard1, folder.resolve("shard1"));
            this.referenceCase = Files.copy(referenceCase, folder.resolve("case.json"));
            this.spec = Files.copy(ExampleSpecTest.repositoryRoot().resolve("docs/examples/sample-ddim.json"),
                    folder.resolve("spec.json"));
            Files.writeString(Files.createDirectories(folder.resolve("scratch")).resolve("notes.txt"), "not a report");
            Files.createDirectories(folder.resolve("empty"));
            Files.writeString(folder.resolve("not-json.txt"), "hello");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param args a command line
     * @return its command ({@code report merge} counts as {@code report}), or "" for none
     */
    static String command(String[] args) {
        return args.length == 0 ? "" : args[0];
    }

    /**
     * Commands this generator does not run: both calibrate a grid (a search of many evaluations, far too slow for
     * a few hundred inputs), and {@code report calibrated} and {@code report adaptive-sde} run the standard suite
     * by default (minutes per run).
     */
    static final Set<String> NOT_FUZZED = Set.of("calibrate", "report calibrated", "report adaptive-sde");

    /** @return every option name of every command, as the generator sees them */
    static Set<String> allOptionNames() {
        Set<String> out = new TreeSet<>();
        for (String[] c : COMMANDS) {
            for (OptionSpec o : options(c)) {
                out.add(o.longestName());
            }
        }
        return out;
    }

    /**
     * @param rng the input's generator
     * @return a mutated command line
     */
    String[] generate(SplittableRandom rng) {
        String[] command = COMMANDS[rng.nextInt(COMMANDS.length)];
        List<String> args = base(command);
        int fixed = args.size();
        int mutations = 1 + rng.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutate(command, args, fixed, rng);
        }
        return args.toArray(String[]::new);
    }

    /** A valid, quick command line; the arguments of a report before index {@code fixed} are never removed. */
    private List<String> base(String[] command) {
        List<String> a = new ArrayList<>(List.of(command));
        switch (String.join(" ", command)) {
            case "conform" -> a.add(referenceCase.toString());
            case "sample" -> a.addAll(List.of("--spec", spec.toString()));
            case "report" -> a.addAll(List.of("--suite", "quick", "--solvers", "ddim", "--nfe", "5", "--no-plots",
                    "--threads", "1", "--out", folder.resolve("report").toString()));
            case "report merge" -> a.addAll(List.of("--no-plots", "--out", folder.resolve("merged").toString(),
                    shard0.toString(), shard1.toString()));
            case "help" -> a.add("sample");
            default -> { }
        }
        return a;
    }

    private void mutate(String[] command, List<String> args, int fixed, SplittableRandom rng) {
        List<OptionSpec> options = options(command);
        int first = command.length;
        boolean report = command.length > 0 && command[0].equals("report");
        switch (rng.nextInt(8)) {
            case 0 -> {
                if (!options.isEmpty()) {
                    OptionSpec o = options.get(rng.nextInt(options.size()));
                    args.add(o.longestName());
                    if (o.arity().max() > 0) {
                        args.add(value(o.longestName(), command, rng));
                    }
                }
            }
            case 1 -> {
                int at = optionWithValue(args, first, rng);
                if (at >= 0) {
                    args.set(at + 1, value(args.get(at), command, rng));
                }
            }
            case 2 -> {
                List<OptionSpec> valued = options.stream().filter(o -> o.arity().max() > 0).toList();
                if (!valued.isEmpty()) {
                    args.add(valued.get(rng.nextInt(valued.size())).longestName());
                }
            }
            case 3 -> args.add(first + rng.nextInt(args.size() - first + 1),
                    new String[] {"--nope", "-Z", "--", "-", "--out=", "--no-plots=3", "---"}[rng.nextInt(7)]);
            case 4 -> args.add(first + rng.nextInt(args.size() - first + 1), "");
            case 5 -> {
                int from = report ? fixed : first;
                if (args.size() > from) {
                    args.remove(from + rng.nextInt(args.size() - from));
                }
            }
            case 6 -> {
                int last = args.size() - 1;
                if (last >= first && !args.get(last).startsWith("-")) {
                    args.set(last, path(rng));
                } else {
                    args.add(path(rng));
                }
            }
            default -> {
                int at = optionWithValue(args, first, rng);
                if (at >= 0) {
                    args.add(args.get(at));
                    args.add(args.get(at + 1));
                }
            }
        }
    }

    /** Index of a random {@code --option value} pair at or after {@code first}, or -1. */
    private static int optionWithValue(List<String> args, int first, SplittableRandom rng) {
        List<Integer> at = new ArrayList<>();
        for (int i = first; i + 1 < args.size(); i++) {
            if (args.get(i).startsWith("--") && !args.get(i + 1).startsWith("--")) {
                at.add(i);
            }
        }
        return at.isEmpty() ? -1 : at.get(rng.nextInt(at.size()));
    }

    /**
     * A bad value for an option. A path option gets a path, or a scalar as a file name inside this input's folder
     * (a bare {@code 1e308} given to {@code --out} would otherwise be written into the working directory).
     */
    private String value(String option, String[] command, SplittableRandom rng) {
        String scalar = SCALARS[rng.nextInt(SCALARS.length)];
        if (rng.nextInt(3) == 0) {
            return path(rng);
        }
        boolean pathOption = options(command).stream()
                .anyMatch(o -> o.longestName().equals(option) && o.type() == Path.class);
        return pathOption && !scalar.isBlank() ? folder.resolve(scalar.length() > 100 ? "long" : scalar).toString()
                : scalar;
    }

    /** A path of every kind: missing, in a missing folder, a folder, a non-JSON file, a device, unwritable, empty. */
    private String path(SplittableRandom rng) {
        Path[] paths = {folder.resolve("missing.json"), folder.resolve("no/such/folder/x.json"), folder.resolve("scratch"),
            folder.resolve("empty"), folder.resolve("not-json.txt"), Path.of("/dev/null"), Path.of("/dev/zero"),
            Path.of("/proc/samplerkit-fuzz/x.json"), spec, referenceCase, shard0, shard1, folder.resolve("new-out")};
        int i = rng.nextInt(paths.length + 1);
        return i == paths.length ? "" : paths[i].toString();
    }

    private static List<OptionSpec> options(String[] command) {
        CommandLine cl = SamplerKitCli.commandLine();
        for (String c : command) {
            cl = cl.getSubcommands().get(c);
            if (cl == null) {
                return List.of();
            }
        }
        return cl.getCommandSpec().options();
    }

    /**
     * @param from a folder of files
     * @param to where to copy them (created)
     * @return {@code to}
     * @throws IOException if copying fails
     */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
