/**
 * Small helpers the gateway and the routes share with the swarm: {@link
 * org.scurry.swarm.util.OwnerOnly} (files and directories only the owner can read) and {@link
 * org.scurry.swarm.util.LogText} (values from outside made safe for a log line).
 */
package org.scurry.swarm.util;
