package org.scurry.gateway.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.scurry.gateway.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code ./scurry [OPTIONS] COMMAND [ARGS]}: the command line, parsed by picocli for every command
 * alike ({@code gateway} included): the tree of commands ({@link CommandCatalog}), its help
 * ({@link Overview} for the list, picocli's usage for one command), usage errors ({@link
 * UsageMessages}) and failures. Global options may stand before or after the command; {@code --}
 * ends options (for a post that starts with a dash); an {@code @file} argument is taken as it is
 * (feed ids start with {@code @}). Exit codes: 0 done, 1 the node refused or could not be reached,
 * 2 the command line was wrong.
 */
public final class Client {
    public static final String DEFAULT_NODE = "http://127.0.0.1:8470";
    /** The environment variable naming the node when {@code --node} does not. */
    public static final String NODE_ENV = "SCURRY_NODE";

    private static final int WIDTH = 100;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public Client(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Runs one command; returns the exit code. */
    public int run(String[] args) {
        CommandLine cl = new CommandLine(new ScurryCommand(env, out, err));
        CommandCatalog.register(cl, CommandCatalog.commandWord(cl, args));
        return configure(cl, UsageMessages.program()).execute(args);
    }

    /** The whole command tree, named {@code name}: for the list of commands and for completion. */
    static CommandLine all(ScurryCommand like, String name) {
        CommandLine cl = new CommandLine(new ScurryCommand(like.env(), like.out(), like.err()));
        CommandCatalog.register(cl, null);
        return configure(cl, name);
    }

    /** Sets up a command tree alike for every command in it: parsing rules, help layout, errors. */
    private static CommandLine configure(CommandLine cl, String name) {
        PrintStream err = ((ScurryCommand) cl.getCommand()).err();
        cl.setCommandName(name)
                .setExpandAtFiles(false)
                .setOverwrittenOptionsAllowed(true)
                .setUsageHelpWidth(WIDTH)
                .setOut(new PrintWriter(((ScurryCommand) cl.getCommand()).out(), true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(UsageMessages.handler(err))
                .setExecutionExceptionHandler(Client::failed);
        forEach(cl, c -> c.getCommandSpec()
                .usageMessage()
                .abbreviateSynopsis(true)
                .sortOptions(false)
                .descriptionHeading("%n")
                .parameterListHeading("%nArguments:%n")
                .optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n"));
        // The root's help is the list of commands; the commands keep picocli's sections.
        cl.getCommandSpec().usageMessage().sectionKeys(List.of("overview"));
        cl.getHelpSectionMap().put("overview", help -> Overview.render(all((ScurryCommand) cl.getCommand(), name)));
        return cl;
    }

    /** A command's exception: a usage error (2), or a failure to show (1); anything else is a bug. */
    private static int failed(Exception e, CommandLine cl, ParseResult parsed) throws Exception {
        CommandSpec spec = cl.getCommandSpec();
        PrintStream err = ScurryCommand.of(spec).err();
        if (e instanceof UsageException) {
            return UsageMessages.print(spec, e.getMessage(), err);
        }
        if (e instanceof NodeClient.Failure || e instanceof IllegalStateException) {
            err.println("scurry " + UsageMessages.path(spec) + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        throw e;
    }

    private static void forEach(CommandLine cl, java.util.function.Consumer<CommandLine> action) {
        action.accept(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            forEach(sub, action);
        }
    }
}
