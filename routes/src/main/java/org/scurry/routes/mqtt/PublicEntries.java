package org.scurry.routes.mqtt;

import org.scurry.swarm.Entry;
import org.scurry.swarm.protect.Protection;

/**
 * Which entries may go to public MQTT topics ({@code {prefix}/feed/…}): never a protected entry,
 * sealed or opened (DESIGN.md §7, docs/protected.md). Timeline topics get protected posts only
 * opened for an account that holds the key ({@link MqttRoutes}).
 */
public final class PublicEntries {
    private PublicEntries() {}

    public static boolean isPublic(Entry entry) {
        return Protection.isPublic(entry);
    }
}
