package org.scurry.gateway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code ./scurry help}: every command in its group ({@link CommandCatalog}), one line each (its
 * arguments and the first line of its description, both read from its annotations), then the
 * global options. A command's own {@code --help} is picocli's usage message.
 */
final class Overview {
    private static final int WIDTH = 100;
    private static final int COLUMN = 26;
    private static final char NBSP = '\u00a0';

    private Overview() {}

    static String render(CommandLine root) {
        String p = UsageMessages.program();
        StringBuilder b = new StringBuilder();
        b.append("Usage: ").append(p).append(" [OPTIONS] COMMAND [ARGS]\n");
        b.append("A command's own help: ")
                .append(p)
                .append(" help COMMAND, or ")
                .append(p)
                .append(" COMMAND --help.\n");
        for (CommandCatalog.Group g : CommandCatalog.GROUPS) {
            b.append('\n').append(g.heading()).append('\n');
            for (CommandCatalog.Entry e : g.commands()) {
                CommandLine command = root.getSubcommands().get(e.name());
                if (command.getSubcommands().isEmpty()) {
                    row(b, usage(e.name(), command.getCommandSpec()), summary(command.getCommandSpec()));
                } else {
                    for (CommandLine sub : command.getSubcommands().values()) {
                        CommandSpec s = sub.getCommandSpec();
                        row(b, usage(e.name() + " " + s.name(), s), summary(s));
                    }
                }
            }
        }
        b.append("\nOptions of the client commands, before or after the command:\n");
        for (OptionSpec o : root.getCommandSpec().options()) {
            String names = String.join(", ", o.names()) + (o.arity().max() > 0 ? " " + o.paramLabel() : "");
            row(b, names, String.join(" ", o.description()));
        }
        b.append("\nExit codes: 0 done, 1 failed, 2 usage error.\n");
        b.append("Completion: source <(")
                .append(p)
                .append(" completion bash) in bash or zsh (the package installs it for bash).\n");
        return b.toString();
    }

    /** NAME ARGS [OPTIONS]: what a command takes, its global options left out. */
    static String usage(String name, CommandSpec spec) {
        Set<String> global = globalOptionNames(spec);
        StringBuilder u = new StringBuilder(name);
        for (PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
            // NBSP inside one argument or option keeps it on one line when the column wraps.
            u.append(' ').append(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || global.contains(o.longestName())) {
                continue;
            }
            String option = o.longestName() + (o.arity().max() > 0 ? NBSP + o.paramLabel() : "");
            u.append(' ').append(o.required() ? option : "[" + option + "]");
            if (o.isMultiValue()) {
                u.append("...");
            }
        }
        return u.toString();
    }

    private static String summary(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? "" : d[0];
    }

    /** The options {@code spec} has from its {@link GlobalOptions} mixin, if it has one. */
    private static Set<String> globalOptionNames(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        CommandSpec mixin = spec.mixins().get(GlobalOptions.MIXIN);
        if (mixin != null) {
            for (OptionSpec o : mixin.options()) {
                names.add(o.longestName());
            }
        }
        return names;
    }

    /** Two columns: {@code left} from column 2, {@code text} from {@value #COLUMN}, both wrapped. */
    private static void row(StringBuilder b, String left, String text) {
        List<String> texts = wrap(text, WIDTH - COLUMN, 0);
        int next = 0;
        if (left.length() <= COLUMN - 4 && !texts.isEmpty()) {
            b.append("  ").append(left.replace(NBSP, ' ')).append(" ".repeat(COLUMN - 2 - left.length()));
            b.append(texts.get(0)).append('\n');
            next = 1;
        } else {
            for (String l : wrap(left, WIDTH - 2, 6)) {
                b.append("  ").append(l).append('\n');
            }
        }
        for (int i = next; i < texts.size(); i++) {
            b.append(" ".repeat(COLUMN)).append(texts.get(i)).append('\n');
        }
    }

    /** {@code text} in lines of at most {@code width}, continuation lines indented by {@code indent}. */
    private static List<String> wrap(String text, int width, int indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(" ".repeat(indent));
            }
            if (line.length() > 0 && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        lines.replaceAll(l -> l.replace(NBSP, ' '));
        return lines;
    }
}
