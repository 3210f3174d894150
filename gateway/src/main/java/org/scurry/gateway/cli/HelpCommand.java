package org.scurry.gateway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.scurry.gateway.Nearest;
import org.scurry.gateway.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./scurry help [COMMAND [SUBCOMMAND]]}: the list of commands, or one command's own help. */
@Command(name = "help", description = "this list, or a command's own help: help COMMAND")
final class HelpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "a command, e.g. post or account add")
    List<String> names = new ArrayList<>();

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine target = spec.root().commandLine();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                String what = target.getCommandSpec().parent() == null
                        ? "command"
                        : UsageMessages.path(target.getCommandSpec()) + " subcommand";
                throw new UsageException("unknown " + what + ": " + name
                        + Nearest.to(name, target.getSubcommands().keySet())
                                .map(n -> " (did you mean " + n + "?)")
                                .orElse(""));
            }
            target = sub;
        }
        target.usage(ScurryCommand.of(spec).out());
        return 0;
    }
}
