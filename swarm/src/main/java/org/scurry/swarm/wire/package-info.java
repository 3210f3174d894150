/**
 * The messages peers exchange (docs/protocol.md): {@link org.scurry.swarm.wire.Message} and its
 * records, and {@link org.scurry.swarm.wire.MessageCodec}, their byte layout. Part of the SPI: a
 * {@link org.scurry.swarm.spi.PeerLink} carries these objects, and a transport that puts them on a
 * wire encodes them with the codec.
 */
package org.scurry.swarm.wire;
