package org.scurry.gateway.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every client command takes, before or after its name ({@code ./scurry --as alice
 * post hi} and {@code ./scurry post --as alice hi} are the same): mixed into the root command and
 * into each command ({@code @Mixin GlobalOptions globals}), so each level has its own instance; {@link
 * #effective} merges them, the one nearest the command winning.
 */
public final class GlobalOptions {
    /** The name of the mixin field in every command: {@code globals}. */
    static final String MIXIN = "globals";

    @Option(
            names = "--node",
            paramLabel = "URL",
            order = 100,
            description = "the node's URL (default: $SCURRY_NODE, else " + Client.DEFAULT_NODE + ")")
    String node;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            order = 101,
            description = "data directory of that node, where its API token is read (default: $SCURRY_DATA, else"
                    + " ~/.scurry)")
    String data;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            order = 102,
            description = "the API token itself, instead of reading it from --data")
    String token;

    @Option(
            names = "--as",
            paramLabel = "ACCOUNT",
            order = 103,
            description = "act as a hosted account: post, follow, unfollow, following, timeline, feed, id and the"
                    + " protected-feed commands then speak for ACCOUNT, not the node")
    String account;

    @Option(names = "--json", order = 104, description = "print the node's JSON answers as they are")
    boolean json;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            order = 105,
            description = "this help")
    boolean help;

    /** The global options in effect for {@code spec}: each as given at its level nearest the command. */
    static GlobalOptions effective(CommandSpec spec) {
        GlobalOptions merged = new GlobalOptions();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            CommandSpec mixin = s.mixins().get(MIXIN);
            if (mixin == null) {
                continue;
            }
            GlobalOptions level = (GlobalOptions) mixin.userObject();
            merged.node = merged.node != null ? merged.node : level.node;
            merged.data = merged.data != null ? merged.data : level.data;
            merged.token = merged.token != null ? merged.token : level.token;
            merged.account = merged.account != null ? merged.account : level.account;
            merged.json |= level.json;
        }
        return merged;
    }

    /** Whether any of these options was given at the level of {@code spec} itself. */
    static boolean anyGiven(CommandSpec spec) {
        CommandSpec mixin = spec.mixins().get(MIXIN);
        if (mixin == null) {
            return false;
        }
        GlobalOptions o = (GlobalOptions) mixin.userObject();
        return o.node != null || o.data != null || o.token != null || o.account != null || o.json;
    }
}
