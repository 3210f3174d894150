package org.scurry.gateway.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./scurry completion bash}: prints the completion script picocli makes from the command
 * tree (commands, their options, the values of {@code protect} and {@code --role}). The same script
 * serves zsh through its bashcompinit. Load it with {@code source <(./scurry completion bash)}; the
 * Debian package installs it as /usr/share/bash-completion/completions/scurry.
 */
@Command(name = "completion", description = "print the shell completion script: source <(scurry completion bash)")
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script works in (an enum, so that completion offers them). */
    enum Shell {
        bash,
        zsh;

        static final class Converter implements CommandLine.ITypeConverter<Shell> {
            @Override
            public Shell convert(String value) {
                return switch (value) {
                    case "bash" -> bash;
                    case "zsh" -> zsh;
                    default -> throw new CommandLine.TypeConversionException(
                            "completion is for bash or zsh, not " + value);
                };
            }
        }
    }

    @Parameters(
            paramLabel = "SHELL",
            converter = Shell.Converter.class,
            description = "bash or zsh (the same script: zsh runs it through bashcompinit)")
    Shell shell;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ScurryCommand root = ScurryCommand.of(spec);
        // A tree of its own named "scurry": the script completes that word (and ./scurry, since bash
        // looks a path's last part up too), whatever the launcher is called.
        CommandLine tree = Client.all(root, "scurry");
        root.out().print(AutoComplete.bash("scurry", tree));
        root.out().flush();
        return 0;
    }
}
