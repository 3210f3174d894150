package org.scurry.routes.archfixture;

import org.scurry.swarm.internal.node.SwarmNode;

/** A deliberately bad "route" for ArchitectureTest: it reaches into the swarm's internals. */
public final class RouteOnSwarmInternals {
    public Object statusOf(SwarmNode node) {
        return node.status();
    }
}
