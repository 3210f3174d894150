package org.scurry.swarm.archfixture;

import org.scurry.routes.mqtt.MqttAccounts;

/** A deliberately bad swarm class for ArchitectureTest: it depends on a module above it. */
public final class SwarmReachingUp {
    public boolean knows(MqttAccounts accounts, String name) {
        return accounts != null && name != null;
    }
}
