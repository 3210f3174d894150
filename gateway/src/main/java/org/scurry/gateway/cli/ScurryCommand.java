package org.scurry.gateway.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root of the command tree, {@code ./scurry [OPTIONS] COMMAND}: holds the global options typed
 * before the command, and what every command runs with (the environment, stdout, stderr). Its
 * help is the grouped list of all commands ({@link Overview}). Without a command it prints that
 * list and exits 2.
 */
@Command(name = "scurry", description = "A peer-to-peer microblogging node and its command line client.")
public final class ScurryCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    ScurryCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        return 2;
    }

    /** The process environment the command line was run with. */
    public Map<String, String> env() {
        return env;
    }

    /** Where results go. */
    public PrintStream out() {
        return out;
    }

    /** Where errors go. */
    public PrintStream err() {
        return err;
    }

    /** Whether a global option was typed before the command (they mean nothing to {@code gateway}). */
    public boolean globalOptionsGiven() {
        return GlobalOptions.anyGiven(spec);
    }

    /** The root command of the tree {@code spec} belongs to. */
    public static ScurryCommand of(CommandSpec spec) {
        return (ScurryCommand) spec.root().userObject();
    }
}
