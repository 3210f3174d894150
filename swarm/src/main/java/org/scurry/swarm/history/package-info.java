/**
 * History servers as the rest of the code sees them (docs/history.md): their settings ({@link
 * org.scurry.swarm.history.HistoryConfig}), announcements ({@link
 * org.scurry.swarm.history.HistoryServer}), the signed statements peers pass on ({@link
 * org.scurry.swarm.history.Heartbeat}, {@link org.scurry.swarm.history.CustodyReceipt}) and the
 * copies a server reports ({@link org.scurry.swarm.history.CustodyStatus}). The protocol (who
 * archives what, receipts, pruning, multi-source ranges, reading the past) is in {@code
 * internal.history}.
 */
package org.scurry.swarm.history;
