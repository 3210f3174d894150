package org.scurry.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.scurry.bridges.json.EntryJson;
import org.scurry.bridges.search.SearchCursor;
import org.scurry.bridges.search.SearchIndex;
import org.scurry.bridges.search.SearchPage;
import org.scurry.swarm.FeedId;

/**
 * {@code GET /api/search?q=WORDS&limit=N&before=CURSOR} (docs/search.md): the posts the node holds
 * that the query finds, newest first, {@code {"query", "entries", "next"}}. Without the API token
 * only public posts are found; with it, also the protected posts the acting identity (the node's,
 * or {@code ?as=NAME}'s) can open. A query that does not read, too long a query, a limit outside
 * 1..{@value SearchIndex#MAX_LIMIT} or a cursor that is no {@code next} is a 400.
 */
final class SearchApi {
    private final SearchIndex index;
    private final NodeApi api;
    private final BearerToken token;

    SearchApi(SearchIndex index, NodeApi api, BearerToken token) {
        this.index = index;
        this.api = api;
        this.token = token;
    }

    ApiResponse search(ApiRequest req) {
        FeedId actor = api.actor(req);
        String q = req.query("q");
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("q is required: the words to search for (docs/search.md)");
        }
        int limit = NodeApi.limit(req, SearchIndex.DEFAULT_LIMIT, SearchIndex.MAX_LIMIT);
        String before = req.query("before");
        SearchCursor cursor = before == null || before.isEmpty() ? null : SearchCursor.parse(before);
        FeedId reader = token.accepts(req.authorization()) ? actor : null;
        SearchPage page = index.search(q, reader, cursor, limit);
        ObjectNode json = EntryJson.MAPPER.createObjectNode();
        json.put("query", q.strip());
        json.set("entries", api.entries(page.entries()));
        json.put("next", page.next() == null ? null : page.next().toString());
        return ApiResponse.ok(json);
    }
}
