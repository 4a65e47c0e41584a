package io.samplerkit.bench.cli;

import io.samplerkit.bench.report.Progress;
import io.samplerkit.bench.report.SolverVariant;
import io.samplerkit.core.InvalidInputException;
import io.samplerkit.solvers.SolverOptions;
import io.samplerkit.solvers.SolverRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Parsing and checking of the option values that picocli cannot check by type: integer lists with a
 * range, solver lists with options. Every failure is a {@link ParameterException} (exit code
 * {@value SamplerKitCli#EXIT_USAGE}) whose message names the option, the value and what is allowed.
 */
public final class CliArgs {

    private CliArgs() {
    }

    /**
     * @param cl the command line the option belongs to
     * @param option option name, e.g. {@code --nfe}
     * @param value the value given
     * @param allowed what is allowed, e.g. {@code "integers in [1, 100000], comma-separated"}
     * @return the exception to throw
     */
    public static ParameterException invalid(CommandLine cl, String option, String value, String allowed) {
        return new ParameterException(cl, String.format(Locale.ROOT, "Invalid value for option '%s': '%s'; "
                + "allowed: %s", option, value, allowed));
    }

    /**
     * @param cl the command line
     * @param option option name
     * @param value integer value given
     * @param min smallest allowed
     * @param max largest allowed
     * @return {@code value}
     * @throws ParameterException if it is out of range
     */
    public static int intIn(CommandLine cl, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(cl, option, Integer.toString(value), range(min, max));
        }
        return value;
    }

    /**
     * @param cl the command line
     * @param option option name
     * @param text comma-separated integers
     * @param min smallest allowed element
     * @param max largest allowed element
     * @return the integers, in the order given
     * @throws ParameterException if an element is not an integer in range, or the list is empty
     */
    public static List<Integer> intList(CommandLine cl, String option, String text, int min, int max) {
        String allowed = "comma-separated integers in [" + min + ", " + max + "]";
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                int v = Integer.parseInt(part.trim());
                if (v < min || v > max) {
                    throw new NumberFormatException();
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw invalid(cl, option, text, allowed + " (bad element '" + part.trim() + "')");
            }
        }
        return out;
    }

    /**
     * Splits and checks a solver list: every name registered, every option known and in range.
     *
     * @param cl the command line
     * @param option option name
     * @param text {@code name} or {@code name[key=value,...]}, comma-separated
     * @param registry the solvers
     * @return the solver texts
     * @throws ParameterException naming the bad element and what the registry allows
     */
    public static List<String> solvers(CommandLine cl, String option, String text, SolverRegistry registry) {
        List<String> out;
        try {
            out = SolverVariant.splitList(text);
        } catch (IllegalArgumentException e) {
            throw invalid(cl, option, text, "solver names or name[key=value,...], comma-separated");
        }
        if (out.isEmpty()) {
            throw invalid(cl, option, text, "at least one solver (see 'samplerkit list')");
        }
        for (String s : out) {
            try {
                SolverVariant v = SolverVariant.parse(s);
                registry.create(v.name(), SolverOptions.of(v.options()));
            } catch (IllegalArgumentException e) {
                throw invalid(cl, option, s, e.getMessage());
            }
        }
        return out;
    }

    /**
     * Runs a command's work that shows no progress bar: see {@link #run(CommandLine, String, Progress, Runnable)}.
     *
     * @param cl the command line (for its error writer)
     * @param what command name for the message
     * @param work the work
     * @return the exit code
     */
    public static int run(CommandLine cl, String what, Runnable work) {
        return run(cl, what, Progress.silent(), work);
    }

    /**
     * Runs a command's work: exit code 0; {@value SamplerKitCli#EXIT_USAGE} for an {@link InvalidInputException}
     * (bad input found only while the work runs, e.g. a suite's network file that is not a model, opened when its
     * problem is set up); otherwise {@value SamplerKitCli#EXIT_FAILURE} with the failure on stderr. The progress bar
     * is erased first so that the message starts on a clean line.
     *
     * @param cl the command line (for its error writer)
     * @param what command name for the message, e.g. {@code "report"}
     * @param progress the work's progress (abandoned on failure)
     * @param work the work
     * @return the exit code
     */
    public static int run(CommandLine cl, String what, Progress progress, Runnable work) {
        try {
            work.run();
            return 0;
        } catch (InvalidInputException e) {
            progress.abandon();
            cl.getErr().println(what + ": invalid input: " + e.getMessage());
            cl.getErr().flush();
            return SamplerKitCli.EXIT_USAGE;
        } catch (RuntimeException e) {
            progress.abandon();
            java.io.PrintWriter stderr = cl.getErr();
            stderr.println(what + " failed: " + e.getMessage());
            stderr.flush();
            return SamplerKitCli.EXIT_FAILURE;
        }
    }

    private static String range(int min, int max) {
        return "an integer in [" + min + ", " + max + "]";
    }
}
