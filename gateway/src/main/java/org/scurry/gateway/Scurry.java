package org.scurry.gateway;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.scurry.gateway.cli.Client;

/**
 * The {@code ./scurry} entry point: {@code gateway} runs a node; every other command is a client
 * of a running node's JSON API (see {@link Client}). Exit codes: 0 done, 1 failed, 2 usage error.
 */
public final class Scurry {
    private Scurry() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals("gateway")) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
                out.print(GatewayMain.HELP);
                return 0;
            }
            GatewaySettings settings;
            try {
                settings = GatewayMain.settings(rest, env);
            } catch (UsageException e) {
                err.println("scurry gateway: " + e.getMessage());
                err.println("Try: ./scurry gateway --help");
                return 2;
            }
            return GatewayMain.run(settings, out);
        }
        return new Client(env, out, err).run(args);
    }
}
