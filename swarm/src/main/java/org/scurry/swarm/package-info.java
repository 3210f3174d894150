/**
 * The swarm's public face: what the gateway, the routes and the bridges use. {@link
 * org.scurry.swarm.Node} (made by {@link org.scurry.swarm.Node#builder}) is a peer: its identity,
 * its store and replication over a transport; {@link org.scurry.swarm.Entry}, {@link
 * org.scurry.swarm.EntryId}, {@link org.scurry.swarm.FeedId} and {@link org.scurry.swarm.Kind} are
 * what it stores and sends; {@link org.scurry.swarm.NodeConfig} configures it and {@link
 * org.scurry.swarm.NodeStatus}, {@link org.scurry.swarm.PeerInfo} and {@link
 * org.scurry.swarm.Health} report on it.
 *
 * <p>Beside it: {@code spi} (what a node can be given: a store, a transport, a scheduler), {@code
 * wire} (the messages a transport carries), {@code entry} (the entry format), {@code crypto} (typed
 * keys), {@code protect} (protected feeds), {@code history} (what history servers report), {@code
 * util} (owner-only files, log-safe text). Everything under {@code internal} is the machinery and
 * may change at any time; other modules must not use it (the gateway's {@code ArchitectureTest}
 * fails the build when they do). docs/architecture.md draws the parts.
 */
package org.scurry.swarm;
