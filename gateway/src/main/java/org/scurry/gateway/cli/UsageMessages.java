package org.scurry.gateway.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.scurry.gateway.Nearest;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place a wrong command line becomes what the user reads, for every command alike:
 *
 * <pre>
 * scurry post: unknown option: --reply (did you mean --reply-to?)
 * Try: ./scurry post --help
 * </pre>
 *
 * and exit code 2. picocli's own messages ("Unmatched argument at index 1: 'x'") are put in the
 * project's words: unknown command, unknown option, unexpected argument, needs VALUE.
 */
public final class UsageMessages {
    /** The exit code of a usage error. */
    public static final int USAGE = 2;

    private UsageMessages() {}

    /** The launcher's name in help and hints: {@code ./scurry} in a checkout, {@code scurry} installed. */
    public static String program() {
        return System.getProperty("scurry.program", "./scurry");
    }

    /** The command's words after the program name, e.g. {@code account add}; "" for the root. */
    public static String path(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (CommandSpec s = spec; s != null && s.parent() != null; s = s.parent()) {
            names.add(0, s.name());
        }
        return String.join(" ", names);
    }

    /** Prints {@code message} (each of its lines) as a usage error of {@code spec}'s command; returns 2. */
    public static int print(CommandSpec spec, String message, PrintStream err) {
        String path = path(spec);
        String prefix = path.isEmpty() ? "scurry: " : "scurry " + path + ": ";
        message.lines().forEach(line -> err.println(prefix + line));
        err.println("Try: " + program() + (path.isEmpty() || path.equals("help") ? " help" : " " + path + " --help"));
        err.flush();
        return USAGE;
    }

    /** What was wrong, in one line. */
    public static String describe(ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(spec, u.getUnmatched());
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            return missing(m);
        }
        if (e.getCause() instanceof TypeConversionException bad && e.getArgSpec() != null) {
            // An option's converter says what the value must be ("must be a whole number ..."); a
            // positional's says it all ("protect takes on or off: maybe").
            return e.getArgSpec() instanceof OptionSpec o ? o.longestName() + " " + bad.getMessage() : bad.getMessage();
        }
        return e.getMessage();
    }

    private static String unmatched(CommandSpec spec, List<String> args) {
        String first = args.get(0);
        if (first.startsWith("-") && first.length() > 1) {
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            Optional<String> near = Nearest.to(name, optionNames(spec));
            if (near.isPresent()) {
                return "unknown option: " + first + " (did you mean " + near.get() + "?)";
            }
            return "unknown option: " + first
                    + (takesText(spec) ? " (put -- before text that starts with a dash)" : "");
        }
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            String what = spec.parent() == null ? "command" : path(spec) + " subcommand";
            Optional<String> near = Nearest.to(first, spec.subcommands().keySet());
            if (near.isPresent()) {
                return "unknown " + what + ": " + first + " (did you mean " + near.get() + "?)";
            }
            return "unknown " + what + ": " + first
                    + (spec.parent() == null
                            ? ""
                            : " (" + String.join(", ", spec.subcommands().keySet()) + ")");
        }
        return (args.size() == 1 ? "unexpected argument: " : "unexpected arguments: ") + String.join(" ", args);
    }

    private static String missing(MissingParameterException m) {
        ArgSpec a = m.getMissing().get(0);
        if (a instanceof OptionSpec o) {
            return m.getMessage().startsWith("Missing required option")
                    ? "needs " + o.longestName() + " " + o.paramLabel()
                    : o.longestName() + " needs a value (" + o.paramLabel() + ")";
        }
        List<String> labels = new ArrayList<>();
        for (ArgSpec s : m.getMissing()) {
            labels.add(s.paramLabel());
        }
        return "needs " + String.join(" ", labels);
    }

    private static TreeSet<String> optionNames(CommandSpec spec) {
        TreeSet<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            names.addAll(List.of(o.names()));
        }
        return names;
    }

    /** Whether the command takes free text (a positional of several words), like post. */
    private static boolean takesText(CommandSpec spec) {
        return spec.positionalParameters().stream().anyMatch(p -> p.arity().max() > 1);
    }

    /** The parameter-exception handler every command line here is given. */
    static CommandLine.IParameterExceptionHandler handler(PrintStream err) {
        return (e, args) -> print(e.getCommandLine().getCommandSpec(), describe(e), err);
    }
}
