package org.scurry.swarm;

import java.util.Map;

/**
 * How far behind its peers a node is on the feeds it replicates (docs/operations.md): for each
 * wanted feed, the newest seq any linked peer has advertised (its clock, or the entries it sent)
 * minus the newest seq held here, when positive. A node that has caught up with every linked peer
 * is 0 everywhere; what no linked peer holds does not count, so 0 does not mean the feed is
 * complete, only that nobody connected has more.
 *
 * @param groups by feed group: {@code own} (the node's own and hosted feeds), {@code followed} (hop
 *     1), {@code extended} (hop 2 and further, and feeds fetched for a request hint), {@code
 *     archived} (a history server's assigned feeds that it does not otherwise replicate); every
 *     group is present, empty ones with zeros
 */
public record CatchUp(Map<String, Group> groups) {
    /** The group names, in the order they are listed. */
    public static final java.util.List<String> GROUPS = java.util.List.of("own", "followed", "extended", "archived");

    public CatchUp {
        groups = Map.copyOf(groups);
    }

    /**
     * One group's figures.
     *
     * @param feeds feeds in the group
     * @param behind feeds of the group that a linked peer holds more of
     * @param entries the entries those peers hold beyond what is held here, summed over the group
     */
    public record Group(int feeds, int behind, long entries) {}
}
