package org.scurry.routes.mqtt;

import org.scurry.swarm.Entry;

/**
 * Which entries may go to public MQTT topics. Every entry is public today; protected feeds (DESIGN.md
 * §7) add entry kinds whose content is encrypted for approved followers, and this is the one place
 * that must learn to answer false for them, so that they never reach {@code {prefix}/feed/…} or a
 * timeline topic.
 */
public final class PublicEntries {
    private PublicEntries() {}

    public static boolean isPublic(Entry entry) {
        return true; // protected kinds (issue 7): return false here
    }
}
