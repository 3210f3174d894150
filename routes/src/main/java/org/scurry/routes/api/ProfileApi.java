package org.scurry.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import org.scurry.bridges.accounts.AccountDirectory;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.json.PostRequest;
import org.scurry.swarm.Entry;
import org.scurry.swarm.FeedCounts;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.Profile;

/**
 * Profiles in the JSON API (docs/entry-format.md, "Profiles"):
 *
 * <pre>
 * GET  /api/profiles/{id}   id, or a display name that names one feed
 *      → {"id","name"?,"bio"?,"link"?,"account"?,"counts":{"entries","posts","follows","followers"}}
 * POST /api/profile  {"name"?,"bio"?,"link"?}   → 201 {"profile": {...}, "entry": {...}}
 * </pre>
 *
 * A POST sets the fields it names on the acting identity's profile (the node's own, or the
 * account's named by {@code ?as=}) and keeps the others; {@code ""} clears one. Counts are what
 * this node holds: entries and posts of the feed, the feeds it follows, the feeds held here that
 * follow it. {@code account} is the hosted account's name when the feed is one of this node's.
 */
final class ProfileApi {
    private static final Set<String> FIELDS = Set.of("name", "bio", "link");

    private final Node node;
    private final NodeApi api;
    private final AccountDirectory accounts;

    ProfileApi(Node node, NodeApi api, AccountDirectory accounts) {
        this.node = node;
        this.api = api;
        this.accounts = accounts;
    }

    ApiResponse get(ApiRequest req) {
        FeedId who = api.actor(req);
        FeedId feed = node.resolve(who, req.pathParam());
        return ApiResponse.ok(toJson(feed));
    }

    ApiResponse set(ApiRequest req) {
        FeedId who = api.actor(req);
        JsonNode body = PostRequest.readObject(req.body());
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown profile field \"" + field + "\"; use name, bio, link");
            }
        }
        Profile update = new Profile(text(body, "name"), text(body, "bio"), text(body, "link"));
        if (update.equals(Profile.EMPTY)) {
            throw ApiException.badRequest("give at least one of \"name\", \"bio\", \"link\" (\"\" clears one)");
        }
        Entry entry = node.setProfile(who, update);
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.set("profile", toJson(who));
        json.set("entry", EntryJson.toJson(entry, api.names()));
        return ApiResponse.of(201, json);
    }

    ObjectNode toJson(FeedId feed) {
        Profile p = node.profile(feed);
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.put("id", feed.toString());
        if (p.name() != null) {
            json.put("name", p.name());
        }
        if (p.bio() != null) {
            json.put("bio", p.bio());
        }
        if (p.link() != null) {
            json.put("link", p.link());
        }
        if (accounts != null) {
            accounts.byFeed(feed).ifPresent(a -> json.put("account", a.name()));
        }
        FeedCounts c = node.counts(feed);
        ObjectNode counts = json.putObject("counts");
        counts.put("entries", c.entries());
        counts.put("posts", c.posts());
        counts.put("follows", c.follows());
        counts.put("followers", c.followers());
        return json;
    }

    /** A string field, null when absent; anything but a string or null is refused. */
    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("\"" + field + "\" must be a string");
        }
        return v.asText();
    }
}
