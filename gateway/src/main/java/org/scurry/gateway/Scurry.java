package org.scurry.gateway;

import java.io.PrintStream;
import java.util.Map;
import org.scurry.gateway.cli.Client;

/**
 * The {@code ./scurry} entry point: {@code gateway} runs a node ({@link GatewayCommand}); every
 * other command is a client of a running node's JSON API. All are parsed alike ({@link Client}).
 * Exit codes: 0 done, 1 failed, 2 usage error.
 */
public final class Scurry {
    private Scurry() {}

    public static void main(String[] args) throws Exception {
        // Before anything logs: the layout log4j2.xml should pick (scurry.log.format may change it).
        LogFormat.fromEnvironment(System.getenv());
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new Client(env, out, err).run(args);
    }
}
