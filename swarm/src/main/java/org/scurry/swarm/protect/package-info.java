/**
 * Protected feeds as the rest of the code sees them (docs/protected.md): {@link
 * org.scurry.swarm.protect.Protection} (a node's, from {@link org.scurry.swarm.Node#protection()}),
 * {@link org.scurry.swarm.protect.ProtectException} and {@link
 * org.scurry.swarm.protect.RequestHintStatus}. The key schedule, sealing, grants and request routing
 * are in {@code internal.protect}.
 */
package org.scurry.swarm.protect;
