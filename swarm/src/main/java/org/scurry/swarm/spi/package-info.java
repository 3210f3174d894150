/**
 * Extension points: the parts a {@link org.scurry.swarm.Node.Builder} can be given instead of the
 * defaults. A {@link org.scurry.swarm.spi.Store} keeps the log (H2 by default, in memory for tests
 * and the simulator); a {@link org.scurry.swarm.spi.TransportFactory} makes the {@link
 * org.scurry.swarm.spi.Transport} that links peers ({@link org.scurry.swarm.spi.PeerLink}, carrying
 * {@code org.scurry.swarm.wire} messages; TCP by default, in memory in the testkit); a {@link
 * org.scurry.swarm.spi.ReplicationRuntime} gives replication its {@link
 * org.scurry.swarm.spi.Scheduler} (a thread of its own by default, a virtual-time loop in the
 * simulator). Each interface says whether its methods block, throw, or make data durable.
 */
package org.scurry.swarm.spi;
