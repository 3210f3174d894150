/**
 * The signed entry format (docs/entry-format.md): {@link org.scurry.swarm.entry.EntryCodec} (the
 * bytes), {@link org.scurry.swarm.entry.EntryValidator} (what a node accepts: signature, timestamp,
 * content rules), {@link org.scurry.swarm.entry.Contents} (the JSON content of each kind) and
 * {@link org.scurry.swarm.entry.InvalidEntryException}.
 */
package org.scurry.swarm.entry;
