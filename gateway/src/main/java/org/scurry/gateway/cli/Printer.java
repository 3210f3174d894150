package org.scurry.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Human-readable output of API answers: one line per entry, peer or follow. */
final class Printer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PrintStream out;
    private final ZoneId zone;

    Printer(PrintStream out, ZoneId zone) {
        this.out = out;
        this.zone = zone;
    }

    /** {@code 2026-11-25 14:03  ada (@AbCdEfGh)  hello}, newest first as the API gives them. */
    void entries(JsonNode entries) {
        if (entries == null || entries.isEmpty()) {
            out.println("(no entries)");
            return;
        }
        for (JsonNode e : entries) {
            out.println(line(e));
        }
    }

    /** One entry: {@code 2026-11-25 14:03  ada (@AbCdEfGh)  hello}. */
    String line(JsonNode e) {
        return time(e.path("timestamp").asLong()) + "  " + who(e.path("author").asText(), e.path("name")) + "  "
                + describe(e);
    }

    /** What {@code account add} prints: the id and the secrets, with a warning that they are shown once. */
    void newAccount(JsonNode a, String nodeUrl) {
        String name = a.path("name").asText();
        String token = a.path("timelineToken").asText();
        out.println("account " + name + " created");
        out.println("id:              " + a.path("id").asText());
        out.println("MQTT password:   " + a.path("mqttPassword").asText() + "   (MQTT username: " + name + ")");
        out.println("timeline token:  " + token);
        out.println("timeline feed:   " + timelineUrl(nodeUrl, name, token));
        out.println("Keep the password and token now: the node stores only hashes of them and cannot show"
                + " them again (./scurry account passwd|token " + name + " makes new ones).");
    }

    void accounts(JsonNode accounts) {
        if (accounts == null || accounts.isEmpty()) {
            out.println("(no accounts: ./scurry account add NAME)");
            return;
        }
        for (JsonNode a : accounts) {
            out.println(a.path("name").asText() + "  " + a.path("id").asText()
                    + (a.hasNonNull("jid") ? "  " + a.get("jid").asText() : ""));
        }
    }

    /** The account's private Atom timeline on the node (DESIGN.md §9). */
    static String timelineUrl(String nodeUrl, String name, String token) {
        return nodeUrl + "/timeline/" + name + ".atom?token=" + token;
    }

    void follows(JsonNode follows) {
        feeds(follows, "(not following anyone)");
    }

    /** The approved followers of a protected feed ({@code followers}). */
    void followers(JsonNode followers) {
        feeds(followers, "(no approved followers)");
    }

    private void feeds(JsonNode feeds, String none) {
        if (feeds == null || feeds.isEmpty()) {
            out.println(none);
            return;
        }
        for (JsonNode f : feeds) {
            out.println(f.path("id").asText()
                    + (f.hasNonNull("name") ? "  " + f.get("name").asText() : ""));
        }
    }

    void peers(JsonNode peers) {
        if (peers == null || peers.isEmpty()) {
            out.println("(no peers connected)");
            return;
        }
        for (JsonNode p : peers) {
            out.println(who(p.path("id").asText(), p.path("name")) + "  "
                    + p.path("address").asText() + "  "
                    + (p.path("outbound").asBoolean() ? "outbound" : "inbound")
                    + (p.hasNonNull("relay")
                            ? "  relayed through " + p.path("relay").asText()
                            : "")
                    + "  since "
                    + time(p.path("connectedAt").asLong()) + "  received "
                    + p.path("entriesReceived").asLong()
                    + ", sent " + p.path("entriesSent").asLong());
        }
    }

    void status(JsonNode s) {
        out.println("id:            " + s.path("id").asText()
                + (s.hasNonNull("name") ? " (" + s.get("name").asText() + ")" : ""));
        out.println("swarm address: " + s.path("swarmAddress").asText());
        out.println("peers:         " + s.path("peers").asLong());
        if (s.has("lanNeighbours")) {
            out.println("LAN:           " + s.path("lanNeighbours").asLong() + " neighbour(s) heard"
                    + (s.path("lanRefused").asLong() > 0
                            ? ", " + s.path("lanRefused").asLong() + " datagram(s) refused (other swarms, bad or late)"
                            : ""));
        }
        if (s.path("alone").asBoolean(false)) {
            out.println(
                    "alone:         yes: " + s.path("warning").asText("nothing will arrive until it links to a peer"));
        }
        out.println("feeds:         " + s.path("feeds").asLong() + " held, "
                + s.path("wantedFeeds").asLong() + " wanted");
        out.println("entries:       " + s.path("entries").asLong());
        out.println("disk:          " + s.path("diskBytes").asLong() + " bytes");
        if (s.hasNonNull("crypto")) {
            out.println("crypto:        " + s.get("crypto").asText());
        }
        if (s.has("ready") && !s.path("ready").asBoolean(true)) {
            out.println("ready:         no, writes are refused: "
                    + s.path("degraded").asText() + " (reads work; it resumes by itself)");
        } else if (s.has("ready")) {
            out.println("ready:         yes");
        }
        if (s.has("queuedBytes")) {
            out.println("queued:        " + s.path("queuedBytes").asLong() + " bytes for peers");
        }
        if (s.has("reach")) {
            JsonNode r = s.path("relay");
            out.println("reach:         " + s.path("reach").asText() + " (through "
                    + r.path("relays").asLong() + " relays; "
                    + r.path("tunnelLinks").asLong() + " of our links are relayed)");
            out.println("relaying:      " + r.path("tunnels").asLong() + " tunnels now, "
                    + r.path("tunnelsOpened").asLong() + " since start, "
                    + r.path("bytesRelayed").asLong()
                    + " bytes, for " + r.path("relayedNodes").asLong() + " nodes that cannot be dialled"
                    + (r.path("refused").isEmpty() ? "" : "; refused " + r.path("refused")));
        }
        if (s.path("observedAddresses").isArray()
                && !s.path("observedAddresses").isEmpty()) {
            StringBuilder seen = new StringBuilder();
            s.path("observedAddresses")
                    .forEach(a -> seen.append(seen.length() == 0 ? "" : ", ").append(a.asText()));
            out.println("seen from:     " + seen + " (as peers see our links; not checked by a dial-back)");
        }
        if (s.path("unknownMessages").asLong() > 0) {
            out.println("unknown:       " + s.path("unknownMessages").asLong()
                    + " messages of types this version does not know, from newer peers (ignored)");
        }
        JsonNode forked = s.path("forkedFeeds");
        if (forked.isArray() && !forked.isEmpty()) {
            out.println("forked feeds:  " + forked.size() + " (their authors signed two different entries"
                    + " with one sequence number)");
            forked.forEach(f -> out.println("  " + f.asText()));
        }
        JsonNode h = s.path("history");
        if (h.isObject()) {
            out.println("history:       archiving " + h.path("archived").asLong() + " feeds, "
                    + h.path("whole").asLong() + " whole here, "
                    + h.path("restoring").asLong()
                    + " being fetched back");
            StringBuilder copies = new StringBuilder();
            h.path("copies").fields().forEachRemaining(e -> copies.append(copies.length() == 0 ? "" : ", ")
                    .append(e.getValue().asLong())
                    .append(" with ")
                    .append(e.getKey()));
            out.println("copies:        at least " + h.path("minCopies").asLong() + " of "
                    + h.path("copiesWanted").asLong() + " wanted"
                    + (copies.length() == 0 ? "" : " (feeds: " + copies + ")"));
            h.path("fewest")
                    .forEach(f -> out.println("  " + f.path("id").asText() + ": "
                            + f.path("copies").asLong() + " copies"));
        }
    }

    private String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    /** The display name with a short id, or the short id alone. */
    static String who(String feedId, JsonNode name) {
        String shortId = feedId.length() > 9 ? feedId.substring(0, 9) : feedId;
        return name != null && name.isTextual() ? name.asText() + " (" + shortId + ")" : shortId;
    }

    private static String describe(JsonNode e) {
        JsonNode c = e.path("content");
        if (e.path("protected").path("readable").asBoolean()) {
            return "[protected] " + describeKind(e, c);
        }
        return describeKind(e, c);
    }

    private static String describeKind(JsonNode e, JsonNode c) {
        return switch (e.path("kind").asText()) {
            case "post" -> (c.hasNonNull("replyTo")
                            ? "[reply to " + shortEntry(c.get("replyTo").asText()) + "] "
                            : "")
                    + c.path("text").asText();
            case "follow" -> "follows " + c.path("feed").asText();
            case "unfollow" -> "unfollows " + c.path("feed").asText();
            case "profile" -> "profile"
                    + (c.hasNonNull("name") ? ": name \"" + c.get("name").asText() + "\"" : "")
                    + (c.hasNonNull("bio") ? ", bio \"" + c.get("bio").asText() + "\"" : "")
                    + (c.hasNonNull("link") ? ", link " + c.get("link").asText() : "");
            case "delete" -> "deletes " + shortEntry(c.path("entry").asText());
            case "address" -> "can be reached at " + c.path("address").asText();
            case "sealed" -> "[protected, epoch "
                    + e.path("protected").path("epoch").asText("?") + ": you are not an approved follower]";
            case "protect" -> c.path("on").asBoolean() ? "protects their feed" : "makes their feed public";
            case "grant" -> "approves " + c.path("to").asText() + " (epoch "
                    + c.path("epoch").asText() + ")";
            case "revoke" -> "revokes " + c.path("feed").asText();
            case "request" -> "[sealed follow request]";
            case "deny" -> "denies request " + shortEntry(c.path("request").asText());
            default -> "[" + e.path("kind").asText() + "] " + c;
        };
    }

    /** Pending follow requests from GET /api/requests. */
    void requests(JsonNode requests) {
        if (requests == null || requests.isEmpty()) {
            out.println("(no pending requests)");
            return;
        }
        for (JsonNode r : requests) {
            out.println(r.path("id").asText() + "  " + time(r.path("timestamp").asLong()) + "  "
                    + who(r.path("from").asText(), r.path("name"))
                    + (r.path("note").asText().isEmpty()
                            ? ""
                            : "  \"" + r.path("note").asText() + "\""));
        }
    }

    private static String shortEntry(String id) {
        return id.length() > 9 ? id.substring(0, 9) : id;
    }
}
