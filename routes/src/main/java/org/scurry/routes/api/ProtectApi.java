package org.scurry.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.json.PostRequest;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Node;
import org.scurry.swarm.protect.Protection;

/**
 * The JSON API of protected feeds (docs/protected.md), for the acting identity (the node's own, or
 * {@code ?as=NAME}). Lists of requests and followers are private: even as reads they need the API
 * token (401 without it).
 *
 * <pre>
 * GET    /api/protect                      → {"protected", "epoch", "followers"}
 * POST   /api/protect   {"on": true|false} → {"protected", "epoch", "entry"|null}
 * GET    /api/requests                     → {"requests": [{"id","from","name"?,"note","timestamp"}]}  (token)
 * POST   /api/requests  {"id", "note"?}    follow a protected feed and ask its owner → 201
 * POST   /api/requests/{id}/approve        {id}: request id, or the requester's feed id or name → 201
 * POST   /api/requests/{id}/deny           → 201
 * GET    /api/followers                    → {"followers": [{"id","name"?}]}  (token)
 * POST   /api/followers {"id"}             approve a feed without a request → 201
 * DELETE /api/followers/{id}               revoke: a new epoch for the others → {"epoch","entries"}
 * </pre>
 */
final class ProtectApi {
    private final Node node;
    private final NodeApi api;
    private final BearerToken token;

    ProtectApi(Node node, NodeApi api, BearerToken token) {
        this.node = node;
        this.api = api;
        this.token = token;
    }

    private Protection protection() {
        return node.protection();
    }

    ApiResponse status(ApiRequest req) {
        Protection.Status s = protection().status(api.actor(req));
        ObjectNode json = object();
        json.put("protected", s.on());
        json.put("epoch", s.epoch());
        json.put("followers", s.followers().size());
        return ApiResponse.ok(json);
    }

    ApiResponse setProtected(ApiRequest req) {
        FeedId who = api.actor(req);
        JsonNode on = PostRequest.readObject(req.body()).get("on");
        if (on == null || !on.isBoolean()) {
            throw ApiException.badRequest("\"on\" is required and must be true or false");
        }
        Optional<Entry> entry = protection().setProtected(who, on.asBoolean());
        Protection.Status s = protection().status(who);
        ObjectNode json = object();
        json.put("protected", s.on());
        json.put("epoch", s.epoch());
        json.set("entry", entry.<JsonNode>map(EntryJson::toJson).orElse(json.nullNode()));
        return ApiResponse.ok(json);
    }

    ApiResponse requests(ApiRequest req) {
        requireToken(req);
        ObjectNode json = object();
        ArrayNode list = json.putArray("requests");
        for (Protection.Request r : protection().requests(api.actor(req))) {
            ObjectNode item = list.addObject();
            item.put("id", r.id().toString());
            item.put("from", r.from().toString());
            node.displayName(r.from()).ifPresent(n -> item.put("name", n));
            item.put("note", r.note());
            item.put("timestamp", r.timestamp());
        }
        return ApiResponse.ok(json);
    }

    ApiResponse request(ApiRequest req) {
        FeedId who = api.actor(req);
        JsonNode body = PostRequest.readObject(req.body());
        JsonNode id = body.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw ApiException.badRequest("\"id\" is required and must be a non-empty string");
        }
        JsonNode note = body.get("note");
        if (note != null && !note.isNull() && !note.isTextual()) {
            throw ApiException.badRequest("\"note\" must be a string");
        }
        FeedId owner = node.resolve(who, id.asText());
        if (protection().isFollowerNow(who, owner)) {
            throw ApiException.badRequest("already an approved follower of " + owner);
        }
        String text = note == null || note.isNull() ? null : note.asText();
        ObjectNode json = object();
        json.put("to", owner.toString());
        boolean askedByFollowing = false;
        if (!node.following(who).contains(owner)) {
            json.set("follow", EntryJson.toJson(api.writer().follow(who, owner.toString())));
            // Following a feed this node knows is protected has sent a request already.
            askedByFollowing = protection().isProtected(owner);
        }
        if (!askedByFollowing || text != null) {
            json.set("entry", EntryJson.toJson(protection().request(who, owner, text)));
        }
        return ApiResponse.of(201, json);
    }

    ApiResponse approve(ApiRequest req) {
        FeedId owner = api.actor(req);
        String id = req.pathParam();
        return granted(
                isEntryId(id)
                        ? protection().approveRequest(owner, EntryId.parse(id))
                        : protection().approveFeed(owner, node.resolve(owner, id)));
    }

    ApiResponse approveFeed(ApiRequest req) {
        FeedId owner = api.actor(req);
        JsonNode id = PostRequest.readObject(req.body()).get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw ApiException.badRequest("\"id\" is required and must be a non-empty string");
        }
        return granted(protection().approveFeed(owner, node.resolve(owner, id.asText())));
    }

    private ApiResponse granted(Entry grant) {
        ObjectNode json = object();
        json.put("follower", EntryJson.content(grant).path("to").asText());
        json.set("entry", EntryJson.toJson(grant));
        return ApiResponse.of(201, json);
    }

    ApiResponse deny(ApiRequest req) {
        FeedId owner = api.actor(req);
        String id = req.pathParam();
        Entry deny = isEntryId(id)
                ? protection().deny(owner, EntryId.parse(id))
                : protection().denyFeed(owner, node.resolve(owner, id));
        ObjectNode json = object();
        json.set("entry", EntryJson.toJson(deny));
        return ApiResponse.of(201, json);
    }

    ApiResponse followers(ApiRequest req) {
        requireToken(req);
        ObjectNode json = object();
        ArrayNode list = json.putArray("followers");
        for (FeedId f : protection().status(api.actor(req)).followers()) {
            ObjectNode item = list.addObject();
            item.put("id", f.toString());
            node.displayName(f).ifPresent(n -> item.put("name", n));
        }
        return ApiResponse.ok(json);
    }

    ApiResponse revoke(ApiRequest req) {
        FeedId owner = api.actor(req);
        FeedId follower = node.resolve(owner, req.pathParam());
        List<Entry> made = protection().revoke(owner, follower);
        ObjectNode json = object();
        json.put("id", follower.toString());
        json.put("epoch", protection().status(owner).epoch());
        ArrayNode entries = json.putArray("entries");
        made.forEach(e -> entries.add(EntryJson.toJson(e)));
        return ApiResponse.ok(json);
    }

    static boolean isEntryId(String id) {
        return id.startsWith(String.valueOf(EntryId.SIGIL));
    }

    private void requireToken(ApiRequest req) {
        if (!token.accepts(req.authorization())) {
            throw new ApiException(401, "this list is private: send Authorization: Bearer TOKEN");
        }
    }

    private static ObjectNode object() {
        return EntryJson.MAPPER.createObjectNode();
    }
}
