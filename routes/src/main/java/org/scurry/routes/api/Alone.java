package org.scurry.routes.api;

import org.scurry.swarm.Node;

/**
 * What a person is told when their node is alone ({@link Node#alone()}): nothing followed will
 * arrive, and what to do about it (docs/reach.md, "A node that is alone"). One text for the
 * start-up line, {@code GET /api/status}, a follow's answer and the command line.
 */
public final class Alone {
    private Alone() {}

    /** The warning for {@code node}, or null when it is not alone. Asks the replication thread. */
    public static String warning(Node node) {
        return node.alone() ? text(node.config().lan().enabled()) : null;
    }

    /** The warning for a node that is alone, with LAN discovery on or off. */
    public static String text(boolean lanEnabled) {
        String program = System.getProperty("scurry.program", "./scurry");
        return "this node is alone: nothing will arrive until it links to a peer: " + program
                + " connect HOST:PORT"
                + (lanEnabled
                        ? ", or run another node on this LAN"
                        : " (LAN discovery is off: another node on this LAN is not found)");
    }
}
