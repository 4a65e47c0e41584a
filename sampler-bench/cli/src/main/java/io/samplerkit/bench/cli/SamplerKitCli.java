package io.samplerkit.bench.cli;

import io.samplerkit.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samplerkit} command line: {@code list}, {@code conform}, {@code sample}, {@code report}
 * (and {@code report merge}), {@code bench}.
 *
 * <p>Exit codes: 0 success, 1 a conformance failure or a failed run, 2 bad usage or a bad spec.
 */
@Command(name = "samplerkit", mixinStandardHelpOptions = true, versionProvider = SamplerKitCli.Version.class,
        description = "Exact, measured samplers for diffusion and flow models.",
        subcommands = {ListCommand.class, ConformCommand.class, SampleCommand.class, ReportCommand.class,
                BenchJarCommand.class, CalibrateCommand.class, CommandLine.HelpCommand.class})
public final class SamplerKitCli {

    /** Exit code of a usage error or a bad specification. */
    public static final int EXIT_USAGE = 2;

    /** Exit code of a failed run or conformance failure. */
    public static final int EXIT_FAILURE = 1;

    /** Longest message a usage or internal error prints. */
    static final int MAX_MESSAGE_CHARS = 400;

    /** Only {@link #commandLine()} makes the (stateless) top-level command. */
    private SamplerKitCli() {
    }

    /**
     * @return a command line for this program; set its out/err writers to capture output
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SamplerKitCli());
        cl.setParameterExceptionHandler(SamplerKitCli::usageError);
        cl.setExecutionExceptionHandler(SamplerKitCli::internalError);
        return cl;
    }

    /**
     * A usage error is one line on standard error (the message, capped, and where to find the usage), exit code
     * {@value #EXIT_USAGE}; the full usage text is for {@code --help}.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println(oneLine(e.getMessage()) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        cl.getErr().flush();
        return EXIT_USAGE;
    }

    /**
     * An exception no command turned into a message is a bug: one line naming it, exit code
     * {@value #EXIT_FAILURE}; {@code -Dsamplerkit.trace=true} adds the stack trace. Except bad input found where no
     * command looks for it (an {@link InvalidInputException}, e.g. a malformed {@code -Dsamplerkit.kernel.*} system
     * property read when a run starts): one line naming the field, the value and what is allowed, exit code
     * {@value #EXIT_USAGE}.
     */
    private static int internalError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof InvalidInputException) {
            cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": invalid input: " + oneLine(e.getMessage()));
            cl.getErr().flush();
            return EXIT_USAGE;
        }
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": internal error: " + e.getClass().getName() + ": "
                + oneLine(String.valueOf(e.getMessage())));
        if (Boolean.getBoolean("samplerkit.trace")) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return EXIT_FAILURE;
    }

    /** A message on one line of at most {@value #MAX_MESSAGE_CHARS} characters. */
    static String oneLine(String message) {
        String s = message.replaceAll("\\s*\\R\\s*", " ").strip();
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "... (" + s.length() + " chars)";
    }

    /**
     * Runs the program and exits with its exit code.
     *
     * @param args arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Reads the version from the build-filtered {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = SamplerKitCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"samplerkit " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
