package org.scurry.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.NoSuchElementException;
import org.scurry.bridges.accounts.Account;
import org.scurry.bridges.accounts.AccountRegistry;
import org.scurry.bridges.accounts.AccountRegistry.NewAccount;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.json.PostRequest;

/**
 * The account endpoints of the JSON API. Secrets (MQTT password, timeline token) appear only in
 * the answer to the request that made them; the gateway keeps only their hashes.
 *
 * <pre>
 * GET  /api/accounts                     → {"accounts": [{"name","id","jid"?}]}
 * POST /api/accounts          {"name"}   → 201 {"name","id","mqttPassword","timelineToken"}
 * GET  /api/accounts/{name}              → {"name","id","jid"?}
 * POST /api/accounts/{name}/jid {"jid"}  → {"name","id","jid"?}   (null or "" unlinks)
 * POST /api/accounts/{name}/password     → {"name","mqttPassword"}
 * POST /api/accounts/{name}/token        → {"name","timelineToken"}
 * </pre>
 */
final class AccountApi {
    private final AccountRegistry accounts;

    AccountApi(AccountRegistry accounts) {
        this.accounts = accounts;
    }

    ApiResponse list(ApiRequest req) {
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        var list = json.putArray("accounts");
        accounts.list().forEach(a -> list.add(toJson(a)));
        return ApiResponse.ok(json);
    }

    ApiResponse create(ApiRequest req) {
        JsonNode body = PostRequest.readObject(req.body());
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw ApiException.badRequest("\"name\" is required: 1 to 32 characters from a-z, 0-9, _ and -");
        }
        NewAccount created = accounts.create(name.asText());
        ObjectNode json = toJson(created.account());
        json.put("mqttPassword", created.mqttPassword());
        json.put("timelineToken", created.timelineToken());
        return ApiResponse.of(201, json);
    }

    ApiResponse get(ApiRequest req) {
        return ApiResponse.ok(toJson(require(req.pathParam())));
    }

    ApiResponse linkJid(ApiRequest req) {
        String name = require(req.pathParam()).name();
        JsonNode body = PostRequest.readObject(req.body());
        JsonNode jid = body.get("jid");
        if (jid == null || !(jid.isTextual() || jid.isNull())) {
            throw ApiException.badRequest("\"jid\" is required: an XMPP address local@domain, or null to unlink");
        }
        return ApiResponse.ok(toJson(accounts.linkJid(name, jid.isNull() ? null : jid.asText())));
    }

    ApiResponse newPassword(ApiRequest req) {
        String name = require(req.pathParam()).name();
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.put("name", name);
        json.put("mqttPassword", accounts.newMqttPassword(name));
        return ApiResponse.ok(json);
    }

    ApiResponse newToken(ApiRequest req) {
        String name = require(req.pathParam()).name();
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.put("name", name);
        json.put("timelineToken", accounts.newTimelineToken(name));
        return ApiResponse.ok(json);
    }

    private Account require(String name) {
        return accounts.byName(name).orElseThrow(() -> new NoSuchElementException("no account named " + name));
    }

    static ObjectNode toJson(Account a) {
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.put("name", a.name());
        json.put("id", a.id().toString());
        a.linkedJid().ifPresent(j -> json.put("jid", j));
        return json;
    }
}
