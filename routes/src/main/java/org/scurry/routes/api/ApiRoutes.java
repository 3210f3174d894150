package org.scurry.routes.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.scurry.bridges.accounts.AccountConflictException;
import org.scurry.bridges.accounts.AccountRegistry;
import org.scurry.bridges.component.ScurryWriter;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.search.SearchIndex;
import org.scurry.swarm.Node;
import org.scurry.swarm.StoreUnavailableException;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API (DESIGN.md §9) on camel-platform-http: one route per resource path, each
 * dispatching on the method. The node's public reads are open; these need {@code Authorization:
 * Bearer TOKEN}: writes (POST, DELETE), every request acting as a hosted account ({@code ?as=} or
 * {@code X-Scurry-As}: an account's timeline and follows are as private as its Atom timeline, which
 * needs a secret too), and the account list (it names people's chat addresses). A body is JSON: a
 * write sent with another {@code Content-Type} (a form, text) is answered 415. Every answer is
 * JSON; errors are {@code {"error": "…"}} with a 4xx status: 400 for bad input, 401 for a missing
 * or wrong token, 404 for an unknown feed or path, 405 for a method a path does not take, 415 for a
 * body that is not JSON; 503 (with {@code Retry-After}) for a write the node cannot make now
 * because its store refuses writes (the disk is full: {@code /api/status} says {@code "ready":
 * false} and why). A 500 means a bug, never bad input.
 *
 * <pre>
 * GET    /api/status                       node id, counts, swarm address, "alone" (+ "warning")
 * POST   /api/posts       {"text","replyTo"?}   → 201 entry
 * GET    /api/timeline?limit=N&amp;before=CURSOR  → {"entries", "next"}
 * GET    /api/feeds/{id}?limit=N&amp;before=SEQ   → {"entries", "forked", "next"}
 * GET    /api/feeds/{id}/fork              → the fork proof, or 404
 * GET    /api/follows                      → {"follows": [{"id","name"?}]}
 * POST   /api/follows     {"id"}           id or display name → 201 (200 if already followed);
 *                                          "warning" when the node is alone (nothing will arrive)
 * DELETE /api/follows/{id}                 id or display name
 * GET    /api/peers                        → {"peers": [...]}
 * GET    /api/profiles/{id}                → profile and counts; POST /api/profile sets (ProfileApi)
 * GET    /api/entries/{id}, GET /api/entries/{id}/thread   one entry, its thread (EntryApi)
 * POST   /api/peers       {"address"}      → 202, dials host:port
 * GET|POST /api/protect, GET|POST /api/requests, POST /api/requests/{id}/approve|deny,
 * GET|POST /api/followers, DELETE /api/followers/{id}   protected feeds: see ProtectApi
 * GET    /api/accounts                     → {"accounts": [{"name","id","jid"?}]}   (see AccountApi)
 * POST   /api/accounts    {"name"}         → 201 {"name","id","mqttPassword","timelineToken"}
 * POST   /api/accounts/{name}/jid|password|token
 * GET    /api/search?q=WORDS&amp;limit=N&amp;before=CURSOR → {"query", "entries", "next"}   (see SearchApi)
 * </pre>
 *
 * Every path takes {@code ?as=NAME} or the header {@code X-Scurry-As: NAME} to act as a hosted
 * account (see {@link NodeApi}). 409 means a name or JID already taken.
 */
public final class ApiRoutes extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    /** Handles one method of one path. */
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    private final Node node;
    private final NodeApi api;
    private final ProtectApi protect;
    private final AccountApi accounts;
    private final ProfileApi profiles;
    private final EntryApi entries;
    private final BearerToken token;
    private SearchApi search;

    /** Routes serving {@code node}, which hosts no accounts; write requests must present {@code token}. */
    public ApiRoutes(Node node, String token) {
        this(node, token, null);
    }

    /**
     * Routes serving {@code node} and its hosted {@code accounts} (null for none: the account paths
     * are then 404); write requests must present {@code token}.
     */
    public ApiRoutes(Node node, String token, AccountRegistry accounts) {
        this.node = node;
        this.token = new BearerToken(token);
        this.api = new NodeApi(node, accounts, this.token);
        this.protect = new ProtectApi(node, api, this.token);
        this.accounts = accounts == null ? null : new AccountApi(accounts);
        this.profiles = new ProfileApi(node, api, accounts);
        this.entries = new EntryApi(node, api, this.token);
    }

    /** Serves {@code GET /api/search} from {@code index} (before the routes are configured); 404 without. */
    public ApiRoutes search(SearchIndex index) {
        this.search = index == null ? null : new SearchApi(index, api, token);
        return this;
    }

    @Override
    public void configure() {
        api.writeThrough(ScurryWriter.on(getContext(), node));
        resource("status", "/api/status", Map.of("GET", api::status));
        resource("posts", "/api/posts", Map.of("POST", api::post));
        resource("timeline", "/api/timeline", Map.of("GET", api::timeline));
        resource("feed", "/api/feeds/{id}", Map.of("GET", api::feed));
        resource("fork", "/api/feeds/{id}/fork", Map.of("GET", api::fork));
        resource("follows", "/api/follows", ordered("GET", api::follows, "POST", api::follow));
        resource("follow", "/api/follows/{id}", Map.of("DELETE", api::unfollow));
        resource("peers", "/api/peers", ordered("GET", api::peers, "POST", api::connect));
        resource("profile", "/api/profile", Map.of("POST", profiles::set));
        resource("profiles", "/api/profiles/{id}", Map.of("GET", profiles::get));
        resource("entry", "/api/entries/{id}", Map.of("GET", entries::get));
        resource("thread", "/api/entries/{id}/thread", Map.of("GET", entries::thread));
        resource("protect", "/api/protect", ordered("GET", protect::status, "POST", protect::setProtected));
        resource("requests", "/api/requests", ordered("GET", protect::requests, "POST", protect::request));
        resource("request-approve", "/api/requests/{id}/approve", Map.of("POST", protect::approve));
        resource("request-deny", "/api/requests/{id}/deny", Map.of("POST", protect::deny));
        resource("followers", "/api/followers", ordered("GET", protect::followers, "POST", protect::approveFeed));
        resource("follower", "/api/followers/{id}", Map.of("DELETE", protect::revoke));
        if (search != null) {
            resource("search", "/api/search", Map.of("GET", search::search));
        }
        if (accounts != null) {
            privateResource("accounts", "/api/accounts", ordered("GET", accounts::list, "POST", accounts::create));
            privateResource("account", "/api/accounts/{name}", Map.of("GET", accounts::get));
            resource("account-jid", "/api/accounts/{name}/jid", Map.of("POST", accounts::linkJid));
            resource("account-password", "/api/accounts/{name}/password", Map.of("POST", accounts::newPassword));
            resource("account-token", "/api/accounts/{name}/token", Map.of("POST", accounts::newToken));
        }
        // Defined last, so that its prefix match only takes what no route above took.
        from("platform-http:/api?matchOnUriPrefix=true")
                .routeId("api-unknown-path")
                .process(exchange -> reply(
                        exchange,
                        ApiResponse.error(
                                404,
                                "no such API path: "
                                        + ApiRequest.from(exchange, "").path())));
    }

    private void resource(String name, String path, Map<String, Handler> methods) {
        from("platform-http:" + path).routeId("api-" + name).process(new Dispatch(path, methods, false));
    }

    /** A resource whose reads need the token too. */
    private void privateResource(String name, String path, Map<String, Handler> methods) {
        from("platform-http:" + path).routeId("api-" + name).process(new Dispatch(path, methods, true));
    }

    private static Map<String, Handler> ordered(String m1, Handler h1, String m2, Handler h2) {
        Map<String, Handler> map = new LinkedHashMap<>();
        map.put(m1, h1);
        map.put(m2, h2);
        return map;
    }

    /** Picks the handler for the method, checks the token for writes, maps exceptions to 4xx. */
    private final class Dispatch implements Processor {
        private final String path;
        private final Map<String, Handler> methods;
        private final boolean readsNeedToken;

        Dispatch(String path, Map<String, Handler> methods, boolean readsNeedToken) {
            this.path = path;
            this.methods = methods;
            this.readsNeedToken = readsNeedToken;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            reply(exchange, answer(exchange));
        }

        private ApiResponse answer(Exchange exchange) {
            ApiRequest req;
            try {
                req = ApiRequest.from(exchange, path);
            } catch (ApiException e) {
                return ApiResponse.error(e.status(), e.getMessage());
            }
            Handler handler = methods.get(req.method());
            if (handler == null) {
                return ApiResponse.error(405, req.method() + " is not allowed on " + path + "; use " + allowed())
                        .withHeader("Allow", allowed());
            }
            boolean write = !req.method().equals("GET") && !req.method().equals("HEAD");
            String why = write
                    ? "this request"
                    : req.actingAs() != null
                            ? "acting as an account (" + req.actingAs() + ")"
                            : readsNeedToken ? "reading accounts" : null;
            if (why != null && !token.accepts(req.authorization())) {
                return ApiResponse.error(
                                401,
                                req.authorization() == null
                                        ? why
                                                + " needs the header Authorization: Bearer TOKEN (the token is in the node's data directory, file api-token)"
                                        : "the API token is wrong")
                        .withHeader("WWW-Authenticate", "Bearer");
            }
            if (write && !isJson(req.contentType())) {
                return ApiResponse.error(
                                415,
                                "the API reads JSON: send the body with Content-Type: application/json (not "
                                        + req.contentType() + ")")
                        .withHeader("Accept", "application/json");
            }
            try {
                return handler.handle(req);
            } catch (ApiException e) {
                return ApiResponse.error(e.status(), e.getMessage());
            } catch (AccountConflictException e) {
                return ApiResponse.error(409, e.getMessage());
            } catch (IllegalArgumentException e) {
                return ApiResponse.error(400, e.getMessage());
            } catch (NoSuchElementException e) {
                return ApiResponse.error(404, e.getMessage());
            } catch (StoreUnavailableException e) {
                // Not a bug and not the caller's fault: the node cannot write now (the disk is
                // full), reads still work, and it recovers by itself.
                return ApiResponse.error(503, e.getMessage() + "; nothing was stored, try again later")
                        .withHeader("Retry-After", "10");
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", req.method(), LogText.of(req.path()), e);
                return ApiResponse.error(500, "internal error: " + e.getClass().getSimpleName());
            }
        }

        private String allowed() {
            return String.join(", ", methods.keySet());
        }
    }

    /** No content type (a body-less POST or DELETE), {@code application/json} or {@code …+json}. */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Writes the answer, dropping every request header so none is echoed back. */
    static void reply(Exchange exchange, ApiResponse response) throws JsonProcessingException {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        response.headers().forEach(out::setHeader);
        out.setBody(EntryJson.MAPPER.writeValueAsString(response.body()));
    }
}
