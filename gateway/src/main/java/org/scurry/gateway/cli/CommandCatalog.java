package org.scurry.gateway.cli;

import java.util.List;
import java.util.function.Supplier;
import org.scurry.gateway.GatewayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command of {@code ./scurry}, in the groups and the order {@code ./scurry help} lists them.
 * A new command is a class (see {@link ClientCommand} for the pattern) and one line here.
 *
 * <p>picocli builds a command's model by reflection when the command is added; a client command
 * should start in a blink, so {@link #register} adds only the command that was typed when it is
 * one of these, and all of them only for help, completion or an error ("did you mean").
 */
final class CommandCatalog {
    /** A heading in {@code ./scurry help} and its commands. */
    record Group(String heading, List<Entry> commands) {}

    /** A command's name (as in its {@code @Command}) and how to make it. */
    record Entry(String name, Supplier<Object> command) {}

    static final List<Group> GROUPS = List.of(
            group("Run a node:", entry("gateway", GatewayCommand::new)),
            group(
                    "Talk to a running node:",
                    entry("id", NodeCommands.Id::new),
                    entry("status", NodeCommands.Status::new),
                    entry("post", FeedCommands.Post::new),
                    entry("follow", FeedCommands.Follow::new),
                    entry("unfollow", FeedCommands.Unfollow::new),
                    entry("following", FeedCommands.Following::new),
                    entry("timeline", FeedCommands.Timeline::new),
                    entry("feed", FeedCommands.Feed::new),
                    entry("profile", SocialCommands.Profile::new),
                    entry("thread", SocialCommands.Thread::new),
                    entry("search", SearchCommand::new),
                    entry("peers", NodeCommands.Peers::new),
                    entry("connect", NodeCommands.Connect::new)),
            group(
                    "Protected feeds (docs/protected.md):",
                    entry("protect", ProtectCommands.Protect::new),
                    entry("request", ProtectCommands.Request::new),
                    entry("requests", ProtectCommands.Requests::new),
                    entry("approve", ProtectCommands.Approve::new),
                    entry("deny", ProtectCommands.Deny::new),
                    entry("revoke", ProtectCommands.Revoke::new),
                    entry("followers", ProtectCommands.Followers::new)),
            group(
                    "Hosted accounts (identities whose keys the node keeps, for people who use it through a bridge):",
                    entry("account", AccountCommands.Account::new)),
            group("This command line:", entry("help", HelpCommand::new), entry("completion", CompletionCommand::new)));

    private CommandCatalog() {}

    /**
     * Adds to {@code root} the command named {@code only}, or every command when {@code only} is
     * null or names none of them, or names one that needs them all (help, completion).
     */
    static void register(CommandLine root, String only) {
        boolean one = only != null && !only.equals("help") && !only.equals("completion") && find(only) != null;
        for (Group g : GROUPS) {
            for (Entry e : g.commands()) {
                if (!one || e.name().equals(only)) {
                    root.addSubcommand(e.name(), e.command().get());
                }
            }
        }
    }

    /**
     * The command word of {@code args}: the first argument that is neither a global option nor its
     * value; null when there is none, or an unknown option or {@code --} comes first.
     */
    static String commandWord(CommandLine root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.equals("-")) {
                return a;
            }
            int eq = a.indexOf('=');
            OptionSpec o = root.getCommandSpec().findOption(eq > 0 ? a.substring(0, eq) : a);
            if (o == null) {
                return null;
            }
            if (eq < 0 && o.arity().max() > 0) {
                i++;
            }
        }
        return null;
    }

    private static Entry find(String name) {
        for (Group g : GROUPS) {
            for (Entry e : g.commands()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static Group group(String heading, Entry... commands) {
        return new Group(heading, List.of(commands));
    }

    private static Entry entry(String name, Supplier<Object> command) {
        return new Entry(name, command);
    }
}
