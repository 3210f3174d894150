/**
 * The swarm's machinery, behind {@link org.scurry.swarm.Node}: {@code node} puts the parts together;
 * {@code author} signs and group-commits local entries; {@code replication} exchanges clocks and
 * streams entries with peers; {@code history} is the history-server protocol; {@code protect} seals
 * and opens protected entries; {@code store} keeps the log (H2, memory); {@code net} is the TCP
 * transport with its Noise handshake; {@code crypto} holds the primitives. Not for other modules:
 * anything here may change at any time, and the gateway's {@code ArchitectureTest} fails the build
 * when the routes, bridges or gateway use it. The testkit and the benchmarks may.
 */
package org.scurry.swarm.internal;
