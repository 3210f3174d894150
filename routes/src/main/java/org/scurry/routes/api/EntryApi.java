package org.scurry.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.scurry.bridges.json.EntryJson;
import org.scurry.swarm.Conversation;
import org.scurry.swarm.Conversation.Item;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;

/**
 * One entry and its thread in the JSON API (docs/entry-format.md, "Replies"):
 *
 * <pre>
 * GET /api/entries/{id}          → the entry, or 404 when not held
 * GET /api/entries/{id}/thread   → {"asked","order":"tree","truncated","entries":[...]}
 * </pre>
 *
 * Thread entries come in tree order (each entry followed by its replies, siblings oldest first),
 * each an entry's JSON plus {@code "depth"} (0 for the root), {@code "parent"} (null for the root)
 * and {@code "origin"}: {@code "held"}, {@code "fetched"} (from a peer, for this answer) or {@code
 * "missing"}; a missing entry has only {@code id}, {@code author} and {@code seq} when the reply
 * naming it said them, and {@code "missing": true}. Protected entries read as in the timeline:
 * opened only for a request with the token whose acting identity may read them.
 */
final class EntryApi {
    private final Node node;
    private final NodeApi api;
    private final BearerToken token;

    EntryApi(Node node, NodeApi api, BearerToken token) {
        this.node = node;
        this.api = api;
        this.token = token;
    }

    ApiResponse get(ApiRequest req) {
        FeedId who = api.actor(req);
        EntryId id = entryId(req.pathParam());
        Entry e = node.entry(id).orElseThrow(() -> ApiException.notFound("no entry held with id " + id));
        return ApiResponse.ok(EntryJson.toJson(api.readAs(req, who, List.of(e)).get(0), api.names()));
    }

    ApiResponse thread(ApiRequest req) {
        FeedId who = api.actor(req);
        EntryId id = entryId(req.pathParam());
        Conversation thread = node.thread(id);
        Function<FeedId, Optional<String>> names = api.names();
        boolean opened = token.accepts(req.authorization());
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.put("asked", id.toString());
        json.put("order", "tree");
        json.put("truncated", thread.truncated());
        ArrayNode list = json.putArray("entries");
        for (Item it : thread.items()) {
            ObjectNode item;
            if (it.entry() == null) {
                item = EntryJson.MAPPER.createObjectNode();
                item.put("id", it.id().toString());
                if (it.author() != null) {
                    item.put("author", it.author().toString());
                    item.put("seq", it.seq());
                    names.apply(it.author()).ifPresent(n -> item.put("name", n));
                }
                item.put("missing", true);
            } else {
                Entry e = opened ? node.read(who, it.entry()) : it.entry();
                item = EntryJson.toJson(e, names);
            }
            item.put("depth", it.depth());
            item.put("parent", it.parent() == null ? null : it.parent().toString());
            item.put("origin", it.origin().name().toLowerCase(Locale.ROOT));
            list.add(item);
        }
        return ApiResponse.ok(json);
    }

    private static EntryId entryId(String text) {
        try {
            return EntryId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("not an entry id (~ and 43 base64url characters): " + text);
        }
    }
}
