package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scurry.gateway.ApiTokenFile;
import org.scurry.gateway.DataDir;
import org.scurry.gateway.UsageException;

/**
 * The command line client: {@code ./scurry [OPTIONS] COMMAND [ARGS]} against a running node's JSON
 * API. Global options may stand before or after the command; {@code --} ends options (for a post
 * that starts with a dash). Exit codes: 0 done, 1 the node refused or could not be reached, 2 the
 * command line was wrong.
 */
public final class Client {
    public static final String DEFAULT_NODE = "http://127.0.0.1:8470";

    static final String HELP =
            """
            Usage: ./scurry [--node URL] [--data DIR | --token TOKEN] [--json] COMMAND [ARGS]

            Run a node:
              gateway [--config FILE] [--data DIR] [--http-port N] [--swarm-port N]
                      [--mqtt-port N] [--peer HOST:PORT]...
                                      run a node and its HTTP API (./scurry gateway --help)

            Talk to a running node:
              id                      print the node's feed id
              status                  the node's id, peers, feeds, entries, disk use
              post TEXT...            post TEXT (the words are joined with spaces); prints the
                                      new entry id; --reply-to ENTRY_ID makes it a reply
              follow FEED_ID|NAME     follow a feed, by id or by a display name the node knows
              unfollow FEED_ID|NAME   stop following a feed
              following               list the feeds followed
              timeline [-n N] [--before CURSOR]
                                      newest entries of the node and the feeds it follows
              feed FEED_ID|NAME [-n N] [--before SEQ]
                                      one feed's entries, newest first
              peers                   connected peers
              connect HOST:PORT       dial a peer (and keep the link up)
              help                    this text

            Protected feeds (docs/protected.md):
              protect on|off          while on, posts are readable by approved followers only
              request FEED_ID|NAME [NOTE...]
                                      follow a protected feed and ask its owner for access
              requests                pending follow requests: request id, when, who, note
              approve ID|NAME         approve a request (its ~id) or a feed (@id or name)
              deny ID|NAME            refuse a pending request
              revoke ID|NAME          take an approved follower's access away; later posts
                                      use a new key the others get
              followers               approved followers

            Hosted accounts (identities whose keys the node keeps, for people who use it
            through a bridge):
              account add NAME        create an account (NAME: 1-32 of a-z 0-9 _ -); prints its
                                      id, MQTT password and timeline token, which are shown once
              account list            the accounts: name, id, linked JID
              account link NAME --jid JID
                                      link an XMPP address to the account (--jid "" unlinks)
              account passwd NAME     a new MQTT password (the old one stops working)
              account token NAME      a new timeline token (the old feed URL stops working)

            Options:
              --node URL      the node's HTTP address (default http://127.0.0.1:8470)
              --data DIR      data directory of that node, where its API token is read
                              (default: $SCURRY_DATA, else ~/.scurry)
              --token TOKEN   the API token itself, instead of reading it from --data
              --as ACCOUNT    act as a hosted account: post, follow, unfollow, following,
                              timeline, feed, id and the protected-feed commands then speak
                              for ACCOUNT, not the node
              --json          print the node's JSON answers as they are
              -n N            how many entries (default 20, at most 1000)

            Exit codes: 0 done, 1 failed, 2 usage error.
            """;

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
        Invocation inv;
        try {
            inv = Invocation.parse(args);
        } catch (UsageException e) {
            err.println("scurry: " + e.getMessage());
            err.println("Try: ./scurry help");
            return 2;
        }
        if (inv.command == null || inv.command.equals("help")) {
            out.print(HELP);
            return inv.command == null && !inv.helpAsked ? 2 : 0;
        }
        if (inv.command.equals("gateway")) {
            err.println("scurry: `gateway` comes first, its options after it: ./scurry gateway --data DIR ...");
            return 2;
        }
        if (inv.account != null && inv.command.equals("account")) {
            err.println("scurry: --as does not apply to `account` commands; name the account after the command");
            return 2;
        }
        String node = inv.node != null ? inv.node : env.getOrDefault("SCURRY_NODE", DEFAULT_NODE);
        NodeClient client = new NodeClient(node, () -> token(inv), inv.account);
        try {
            new Commands(client, new Printer(out, ZoneId.systemDefault()), out, inv.json).run(inv.command, inv.args);
            return 0;
        } catch (UsageException e) {
            err.println("scurry " + inv.command + ": " + e.getMessage());
            err.println("Try: ./scurry help");
            return 2;
        } catch (NodeClient.Failure | IllegalStateException e) {
            err.println("scurry " + inv.command + ": " + e.getMessage());
            return 1;
        }
    }

    private String token(Invocation inv) {
        if (inv.token != null) {
            return inv.token;
        }
        Path dir = DataDir.resolve(inv.data, env);
        return ApiTokenFile.read(dir.resolve(DataDir.TOKEN_FILE));
    }

    /** The command line split into global options, the command and its own arguments. */
    static final class Invocation {
        String node;
        String data;
        String token;
        String account;
        boolean json;
        boolean helpAsked;
        String command;
        final List<String> args = new ArrayList<>();

        static Invocation parse(String[] argv) {
            Invocation inv = new Invocation();
            boolean options = true;
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                if (options && a.equals("--")) {
                    options = false;
                    continue;
                }
                if (options && a.startsWith("--") && a.indexOf('=') > 2) {
                    String name = a.substring(0, a.indexOf('='));
                    if (inv.global(name, a.substring(a.indexOf('=') + 1))) {
                        continue;
                    }
                }
                if (options) {
                    switch (a) {
                        case "--node", "--data", "--token", "--as" -> {
                            if (i + 1 >= argv.length) {
                                throw new UsageException(a + " needs a value");
                            }
                            inv.global(a, argv[++i]);
                            continue;
                        }
                        case "--json" -> {
                            inv.json = true;
                            continue;
                        }
                        case "--help", "-h" -> {
                            inv.helpAsked = true;
                            inv.command = inv.command == null ? "help" : inv.command;
                            continue;
                        }
                        default -> {
                            // a command or its argument
                        }
                    }
                }
                if (inv.command == null) {
                    inv.command = a;
                } else {
                    inv.args.add(options ? a : "\u0000" + a); // marks "no longer an option"
                }
            }
            if (inv.helpAsked) {
                inv.command = "help";
            }
            return inv;
        }

        private boolean global(String name, String value) {
            switch (name) {
                case "--node" -> node = value;
                case "--data" -> data = value;
                case "--token" -> token = value;
                case "--as" -> account = value;
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    /** The client commands, each one or two API calls. */
    private static final class Commands {
        private final NodeClient node;
        private final Printer printer;
        private final PrintStream out;
        private final boolean json;

        Commands(NodeClient node, Printer printer, PrintStream out, boolean json) {
            this.node = node;
            this.printer = printer;
            this.out = out;
            this.json = json;
        }

        void run(String command, List<String> rawArgs) {
            Args args = new Args(rawArgs);
            switch (command) {
                case "id" -> {
                    args.noMore();
                    JsonNode s = node.get("/api/status");
                    out.println(json ? s.toString() : s.path("id").asText());
                }
                case "status" -> {
                    args.noMore();
                    JsonNode s = node.get("/api/status");
                    if (json) {
                        out.println(s);
                    } else {
                        printer.status(s);
                    }
                }
                case "post" -> post(args);
                case "follow" -> follow(args);
                case "unfollow" -> unfollow(args);
                case "following" -> {
                    args.noMore();
                    JsonNode f = node.get("/api/follows");
                    if (json) {
                        out.println(f);
                    } else {
                        printer.follows(f.path("follows"));
                    }
                }
                case "timeline" -> timeline(args);
                case "feed" -> feed(args);
                case "peers" -> {
                    args.noMore();
                    JsonNode p = node.get("/api/peers");
                    if (json) {
                        out.println(p);
                    } else {
                        printer.peers(p.path("peers"));
                    }
                }
                case "account" -> new AccountCommands(node, printer, out, json).run(args);
                case "protect", "request", "requests", "approve", "deny", "revoke", "followers" -> new ProtectCommands(
                                node, printer, out, json)
                        .run(command, args);
                case "connect" -> {
                    String address = args.one("HOST:PORT");
                    ObjectNode body = NodeClient.json().createObjectNode().put("address", address);
                    JsonNode r = node.post("/api/peers", body);
                    out.println(json ? r.toString() : "dialling " + address + " (see ./scurry peers)");
                }
                default -> throw new UsageException("unknown command: " + command);
            }
        }

        private void post(Args args) {
            String replyTo = args.option("--reply-to");
            String text = String.join(" ", args.rest());
            if (text.isEmpty()) {
                throw new UsageException("post needs TEXT");
            }
            ObjectNode body = NodeClient.json().createObjectNode().put("text", text);
            if (replyTo != null) {
                body.put("replyTo", replyTo);
            }
            JsonNode entry = node.post("/api/posts", body);
            out.println(json ? entry.toString() : entry.path("id").asText());
        }

        private void follow(Args args) {
            String who = args.one("FEED_ID|NAME");
            JsonNode r = node.post(
                    "/api/follows", NodeClient.json().createObjectNode().put("id", who));
            if (json) {
                out.println(r);
            } else {
                out.println((r.path("entry").isNull() ? "already following " : "following ")
                        + r.path("id").asText()
                        + (r.hasNonNull("name") ? " (" + r.get("name").asText() + ")" : ""));
            }
        }

        private void unfollow(Args args) {
            String who = args.one("FEED_ID|NAME");
            JsonNode r = node.delete("/api/follows/" + NodeClient.encode(who));
            out.println(json ? r.toString() : "unfollowed " + r.path("id").asText());
        }

        private void timeline(Args args) {
            int n = args.count();
            String before = args.option("--before");
            args.noMore();
            String q = "?limit=" + n + (before == null ? "" : "&before=" + NodeClient.encode(before));
            JsonNode page = node.get("/api/timeline" + q);
            if (json) {
                out.println(page);
                return;
            }
            printer.entries(page.path("entries"));
            if (page.hasNonNull("next")) {
                out.println("(older: ./scurry timeline -n " + n + " --before "
                        + page.get("next").asText() + ")");
            }
        }

        private void feed(Args args) {
            int n = args.count();
            String before = args.option("--before");
            String who = args.one("FEED_ID|NAME");
            String q = "?limit=" + n + (before == null ? "" : "&before=" + NodeClient.encode(before));
            JsonNode page = node.get("/api/feeds/" + NodeClient.encode(feedId(who)) + q);
            if (json) {
                out.println(page);
                return;
            }
            if (page.path("forked").asBoolean()) {
                out.println("warning: this feed is forked: its author signed two different entries with one"
                        + " sequence number; the first seen is kept");
            }
            printer.entries(page.path("entries"));
            if (page.hasNonNull("next")) {
                out.println("(older: ./scurry feed " + who + " -n " + n + " --before "
                        + page.get("next").asText() + ")");
            }
        }

        /** A feed id as given, or the id of the followed feed with that display name. */
        private String feedId(String who) {
            String body = who.startsWith("@") ? who.substring(1) : who;
            if (body.length() == 43 && body.matches("[A-Za-z0-9_-]+")) {
                return who;
            }
            for (JsonNode f : node.get("/api/follows").path("follows")) {
                if (f.hasNonNull("name") && f.get("name").asText().equalsIgnoreCase(who)) {
                    return f.get("id").asText();
                }
            }
            throw new NodeClient.Failure("not a feed id, nor the name of a followed feed: " + who);
        }
    }

    /** A command's own arguments: options taken out by name, then the positional rest. */
    static final class Args {
        private final List<String> args;

        Args(List<String> args) {
            this.args = new ArrayList<>(args);
        }

        String option(String name) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals(name)) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    String v = unmark(args.remove(i + 1));
                    args.remove(i);
                    return v;
                }
                if (args.get(i).startsWith(name + "=")) {
                    return args.remove(i).substring(name.length() + 1);
                }
            }
            return null;
        }

        int count() {
            String n = option("-n");
            if (n == null) {
                return 20;
            }
            try {
                int v = Integer.parseInt(n);
                if (v >= 1 && v <= 1000) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("-n must be a whole number from 1 to 1000: " + n);
        }

        List<String> rest() {
            List<String> rest = new ArrayList<>();
            for (String a : args) {
                if (a.startsWith("-") && a.length() > 1) {
                    throw new UsageException("unknown option: " + a + " (put -- before text that starts with a dash)");
                }
                rest.add(unmark(a));
            }
            args.clear();
            return rest;
        }

        String one(String what) {
            List<String> rest = rest();
            if (rest.size() != 1) {
                throw new UsageException(rest.isEmpty() ? "needs " + what : "takes one " + what + ", got " + rest);
            }
            return rest.get(0);
        }

        void noMore() {
            List<String> rest = rest();
            if (!rest.isEmpty()) {
                throw new UsageException("unexpected arguments: " + rest);
            }
        }

        private static String unmark(String a) {
            return a.startsWith("\u0000") ? a.substring(1) : a;
        }
    }
}
