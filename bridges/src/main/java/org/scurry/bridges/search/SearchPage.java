package org.scurry.bridges.search;

import java.util.List;
import org.scurry.swarm.Entry;

/**
 * One page of search results, newest first.
 *
 * @param entries the posts found, as the caller may read them (protected ones opened)
 * @param next where the next page starts, null when this is the last one
 */
public record SearchPage(List<Entry> entries, SearchCursor next) {
    public SearchPage {
        entries = List.copyOf(entries);
    }
}
