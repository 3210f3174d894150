package org.scurry.gateway.cli;

import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.scurry.gateway.ApiTokenFile;
import org.scurry.gateway.DataDir;
import org.scurry.gateway.UsageException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A client command: a call or two to a running node's JSON API, printed for a person (or, with
 * {@code --json}, as the node answered).
 *
 * <p>Adding a command (every command here follows this pattern):
 *
 * <ol>
 *   <li>A class extending ClientCommand, annotated {@code @Command(name = "like", description =
 *       "like an entry")}: the first description line is its line in {@code ./scurry help}. It is
 *       a nested class in the file of its group ({@link FeedCommands}, {@link ProtectCommands},
 *       ...) or a file of its own.
 *   <li>Its arguments as fields: {@code @Parameters(paramLabel = "ENTRY_ID", description = ...)},
 *       {@code @Option(names = "--reply-to", paramLabel = "ENTRY_ID", ...)}. picocli parses them,
 *       and makes the command's {@code --help}, its completion and its usage errors from them.
 *   <li>{@link #run(Call)}: the API calls through {@code call.node()}, output through {@code
 *       call.out()} or {@code call.printer()}; {@code call.json()} says to print the node's JSON as
 *       it is. Throw {@link UsageException} for an argument the annotations cannot check (exit 2);
 *       the node's refusals come as {@link NodeClient.Failure} (exit 1, the message shown).
 *   <li>A line in {@link CommandCatalog}, in the group {@code ./scurry help} lists it under.
 * </ol>
 *
 * <p>The global options ({@link GlobalOptions}) come with the class; ClientTest checks that every
 * command in the catalog has a description and a help of its own.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions globals;

    @Spec
    CommandSpec spec;

    /** Runs the command; returning normally is exit code 0. */
    protected abstract void run(Call call);

    /** Whether {@code --as ACCOUNT} applies; the account commands name their account otherwise. */
    protected boolean actsAsAccount() {
        return true;
    }

    @Override
    public final Integer call() {
        GlobalOptions options = GlobalOptions.effective(spec);
        if (options.account != null && !actsAsAccount()) {
            throw new UsageException(
                    "--as does not apply to `" + UsageMessages.path(spec) + "`; name the account after the command");
        }
        ScurryCommand root = ScurryCommand.of(spec);
        String url =
                options.node != null ? options.node : root.env().getOrDefault(Client.NODE_ENV, Client.DEFAULT_NODE);
        NodeClient node = new NodeClient(url, () -> token(options, root), options.account);
        run(new Call(node, new Printer(root.out(), ZoneId.systemDefault()), root.out(), options.json));
        return 0;
    }

    private static String token(GlobalOptions options, ScurryCommand root) {
        if (options.token != null) {
            return options.token;
        }
        return ApiTokenFile.read(DataDir.resolve(options.data, root.env()).resolve(DataDir.TOKEN_FILE));
    }
}
