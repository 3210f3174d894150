package org.scurry.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountDirectory;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.json.PostRequest;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.ForkProof;
import org.scurry.swarm.Node;
import org.scurry.swarm.NodeStatus;
import org.scurry.swarm.PeerInfo;
import org.scurry.swarm.TimelineCursor;
import org.scurry.swarm.TimelinePage;
import org.scurry.swarm.history.CustodyStatus;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API's handlers (DESIGN.md §9): each reads an {@link ApiRequest}, calls the {@link Node}
 * and answers JSON. Bad input throws {@link IllegalArgumentException} or {@link ApiException};
 * {@link ApiRoutes} turns those into 4xx answers.
 *
 * <p>Every handler acts for the account named by {@code ?as=NAME} (or {@code X-Scurry-As}) when
 * the request names one: posts are signed with its key, follows and the timeline are its own, and
 * status reports its id. A request naming an unknown account is refused (404) by every handler.
 *
 * <p>Posts, follows and unfollows go through the {@code scurry:} producers ({@link ScurryWriter}),
 * the road every route writes by; the node's exceptions come back unwrapped, so they are answered
 * as before (400 for bad input, 503 when the store refuses writes). Reads ask the node.
 *
 * <p>Protected entries (docs/protected.md) in timeline and feed answers are opened for the acting
 * identity only when the request carries the API token (reads are open, and the HTTP server may be
 * reachable by others); without it they are listed sealed: {@code "kind": "sealed", "content": {},
 * "protected": {"epoch", "readable": false}}.
 */
final class NodeApi {
    private static final Logger LOG = LoggerFactory.getLogger(NodeApi.class);

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private final Node node;
    private final AccountDirectory accounts;
    private final BearerToken token;
    private volatile ScurryWriter writer;

    /**
     * Handlers for {@code node}; {@code accounts} may be null when the node hosts none; {@code token}
     * unlocks protected content in reads.
     */
    NodeApi(Node node, AccountDirectory accounts, BearerToken token) {
        this.node = node;
        this.accounts = accounts;
        this.token = token;
    }

    /** Writes go through {@code writer} from now on: set once the routes have a Camel context. */
    void writeThrough(ScurryWriter writer) {
        this.writer = writer;
    }

    /** The writer, once the routes are configured. */
    ScurryWriter writer() {
        ScurryWriter w = writer;
        if (w == null) {
            throw new IllegalStateException("the API writes through the scurry: component: configure its routes first");
        }
        return w;
    }

    /** The feed a request acts as: the node's own, or the account's named by {@code ?as=}. */
    FeedId actor(ApiRequest req) {
        return account(req).map(Account::id).orElse(node.id());
    }

    Optional<Account> account(ApiRequest req) {
        String name = req.actingAs();
        if (name == null) {
            return Optional.empty();
        }
        if (!Account.NAME.matcher(name).matches()) {
            throw ApiException.badRequest("not an account name (a-z, 0-9, _ and -, at most 32): " + name);
        }
        Optional<Account> account = accounts == null ? Optional.empty() : accounts.byName(name);
        if (account.isEmpty()) {
            throw ApiException.notFound("no account named " + name);
        }
        return account;
    }

    ApiResponse status(ApiRequest req) {
        NodeStatus s = node.status();
        Optional<Account> account = account(req);
        FeedId id = account.map(Account::id).orElse(s.id());
        ObjectNode json = object();
        json.put("id", id.toString());
        account.ifPresent(a -> json.put("account", a.name()));
        json.put("peers", s.peers());
        json.put("feeds", s.feeds());
        json.put("entries", s.entries());
        json.put("swarmAddress", s.swarmAddress());
        json.put("wantedFeeds", s.wantedFeeds());
        ArrayNode forked = json.putArray("forkedFeeds");
        s.forkedFeeds().forEach(f -> forked.add(f.toString()));
        json.put("diskBytes", s.diskBytes());
        json.put("crypto", s.crypto());
        json.put("ready", s.ready());
        json.put("degraded", s.degraded());
        if (s.history() != null) {
            json.set("history", custody(s.history()));
        }
        json.put("queuedBytes", s.queuedBytes());
        json.put("unknownMessages", s.unknownMessages());
        json.put("lanNeighbours", s.lanNeighbours());
        json.put("lanRefused", s.lanRefused());
        json.put("alone", s.alone());
        if (s.alone()) {
            json.put("warning", Alone.text(node.config().lan().enabled()));
        }
        json.put("reach", node.reachability());
        ArrayNode observed = json.putArray("observedAddresses");
        node.observedAddresses().forEach(observed::add);
        org.scurry.swarm.spi.RelayStats relay = node.relayStats();
        ObjectNode r = json.putObject("relay");
        r.put("relayedNodes", relay.relayedNodes());
        r.put("tunnels", relay.tunnels());
        r.put("tunnelsOpened", relay.tunnelsOpened());
        r.put("bytesRelayed", relay.bytesRelayed());
        ObjectNode refused = r.putObject("refused");
        relay.refused().forEach(refused::put);
        r.put("tunnelLinks", relay.tunnelLinks());
        r.put("relays", relay.relays());
        try {
            node.displayName(id).ifPresent(n -> json.put("name", n));
        } catch (org.scurry.swarm.StoreUnavailableException e) {
            // a store whose database cannot be reached now (PostgreSQL down): status still answers,
            // without the name; "degraded" says why
        }
        return ApiResponse.ok(json);
    }

    /** A history server's copies figure (docs/history.md, "Copies"). */
    private static ObjectNode custody(CustodyStatus c) {
        ObjectNode json = object();
        json.put("copiesWanted", c.copiesWanted());
        json.put("archived", c.archived());
        json.put("whole", c.whole());
        json.put("restoring", c.restoring());
        json.put("minCopies", c.minCopies());
        ObjectNode copies = json.putObject("copies");
        c.copies().forEach((n, feeds) -> copies.put(Integer.toString(n), feeds));
        ArrayNode fewest = json.putArray("fewest");
        c.fewest().entrySet().stream()
                .sorted(Map.Entry.<FeedId, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(
                        e -> fewest.addObject().put("id", e.getKey().toString()).put("copies", e.getValue()));
        return json;
    }

    ApiResponse post(ApiRequest req) {
        FeedId author = actor(req);
        PostRequest post = PostRequest.parseJson(req.body());
        Entry entry = writer().post(author, post.text(), post.replyTo());
        return ApiResponse.of(201, EntryJson.toJson(entry, names()));
    }

    ApiResponse timeline(ApiRequest req) {
        FeedId who = actor(req);
        int limit = limit(req);
        String before = req.query("before");
        TimelineCursor cursor = before == null || before.isEmpty() ? null : TimelineCursor.parse(before);
        TimelinePage page = node.timeline(who, cursor, limit);
        ObjectNode json = object();
        json.set("entries", entries(readAs(req, who, page.entries())));
        json.put("next", page.next() == null ? null : page.next().toString());
        return ApiResponse.ok(json);
    }

    ApiResponse feed(ApiRequest req) {
        FeedId who = actor(req);
        FeedId feed = FeedId.parse(req.pathParam());
        int limit = limit(req);
        long before = seqParam(req, "before");
        List<Entry> entries = node.feed(feed, before, limit);
        ObjectNode json = object();
        json.put("id", feed.toString());
        node.displayName(feed).ifPresent(n -> json.put("name", n));
        json.set("entries", entries(readAs(req, who, entries)));
        json.put("forked", node.fork(feed).isPresent());
        Entry oldest = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        boolean more = oldest != null && oldest.seq() > 1 && entries.size() == limit;
        json.put("next", more ? oldest.seq() : null);
        return ApiResponse.ok(json);
    }

    ApiResponse fork(ApiRequest req) {
        actor(req);
        FeedId feed = FeedId.parse(req.pathParam());
        ForkProof proof = node.fork(feed).orElseThrow(() -> ApiException.notFound("no fork known for feed " + feed));
        ObjectNode json = object();
        json.put("feed", feed.toString());
        json.put("seq", proof.seq());
        json.set("kept", EntryJson.toJson(proof.kept()));
        json.set("rejected", EntryJson.toJson(proof.rejected()));
        return ApiResponse.ok(json);
    }

    ApiResponse follows(ApiRequest req) {
        FeedId who = actor(req);
        ObjectNode json = object();
        ArrayNode list = json.putArray("follows");
        node.following(who).stream().sorted().forEach(f -> list.add(feedRef(f)));
        return ApiResponse.ok(json);
    }

    ApiResponse follow(ApiRequest req) {
        FeedId who = actor(req);
        JsonNode body = PostRequest.readObject(req.body());
        FeedId feed = node.resolve(who, requiredText(body, "id"));
        ObjectNode json = feedRef(feed);
        if (node.following(who).contains(feed)) {
            json.putNull("entry");
            return ApiResponse.ok(json);
        }
        json.set("entry", EntryJson.toJson(writer().follow(who, feed.toString()), names()));
        String alone = Alone.warning(node);
        if (alone != null) {
            json.put("warning", alone);
        }
        return ApiResponse.of(201, json);
    }

    ApiResponse unfollow(ApiRequest req) {
        FeedId who = actor(req);
        FeedId feed = node.resolve(who, req.pathParam());
        if (!node.following(who).contains(feed)) {
            throw ApiException.notFound("not following " + feed);
        }
        ObjectNode json = feedRef(feed);
        json.set("entry", EntryJson.toJson(writer().unfollow(who, feed.toString()), names()));
        return ApiResponse.ok(json);
    }

    ApiResponse peers(ApiRequest req) {
        actor(req);
        ObjectNode json = object();
        ArrayNode list = json.putArray("peers");
        for (PeerInfo p : node.peers()) {
            ObjectNode peer = list.addObject();
            peer.put("id", p.id().toString());
            node.displayName(p.id()).ifPresent(n -> peer.put("name", n));
            peer.put("address", p.address());
            peer.put("outbound", p.outbound());
            peer.put("connectedAt", p.connectedAt());
            peer.put("entriesReceived", p.entriesReceived());
            peer.put("entriesSent", p.entriesSent());
            peer.put("protocolVersion", p.protocolVersion());
            peer.put("unknownMessages", p.unknownMessages());
            if (p.relay() != null) {
                peer.put("relay", p.relay().toString());
            }
        }
        return ApiResponse.ok(json);
    }

    ApiResponse connect(ApiRequest req) {
        actor(req);
        JsonNode body = PostRequest.readObject(req.body());
        String address = requiredText(body, "address").trim();
        requireHostPort(address);
        node.connect(address).whenComplete((peer, error) -> {
            if (error != null) {
                LOG.warn("could not connect to {}: {}", LogText.of(address), LogText.of(error.getMessage()));
            } else {
                LOG.info("connected to {} at {}", peer.id(), LogText.of(address));
            }
        });
        ObjectNode json = object();
        json.put("address", address);
        json.put("status", "dialling");
        return ApiResponse.of(202, json);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The entries as {@code reader} sees them when the request carries the token; else as stored. */
    List<Entry> readAs(ApiRequest req, FeedId reader, List<Entry> entries) {
        if (!token.accepts(req.authorization())) {
            return entries;
        }
        return entries.stream().map(e -> node.read(reader, e)).toList();
    }

    ArrayNode entries(List<Entry> entries) {
        ArrayNode list = EntryJson.MAPPER.createArrayNode();
        Function<FeedId, Optional<String>> names = names();
        entries.forEach(e -> list.add(EntryJson.toJson(e, names)));
        return list;
    }

    /** Display names, looked up once per author within one response. */
    Function<FeedId, Optional<String>> names() {
        Map<FeedId, Optional<String>> cache = new HashMap<>();
        return feed -> cache.computeIfAbsent(feed, node::displayName);
    }

    private ObjectNode feedRef(FeedId feed) {
        ObjectNode ref = object();
        ref.put("id", feed.toString());
        node.displayName(feed).ifPresent(n -> ref.put("name", n));
        return ref;
    }

    private static ObjectNode object() {
        return EntryJson.MAPPER.createObjectNode();
    }

    static int limit(ApiRequest req) {
        return limit(req, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** {@code ?limit=}: {@code dflt} when absent, else a whole number from 1 to {@code max} (400 otherwise). */
    static int limit(ApiRequest req, int dflt, int max) {
        String text = req.query("limit");
        if (text == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + max + ": " + text);
    }

    private static long seqParam(ApiRequest req, String name) {
        String text = req.query(name);
        if (text == null || text.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be a sequence number ≥ 1: " + text);
    }

    static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("\"" + field + "\" is required and must be a non-empty string");
        }
        return value.asText();
    }

    static void requireHostPort(String address) {
        int colon = address.lastIndexOf(':');
        boolean ok = colon > 0 && colon < address.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                ok = port >= 1 && port <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw ApiException.badRequest("address must be HOST:PORT with a port from 1 to 65535: " + address);
        }
    }
}
