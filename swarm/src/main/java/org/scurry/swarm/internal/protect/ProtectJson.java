package org.scurry.swarm.internal.protect;

import com.fasterxml.jackson.databind.ObjectMapper;

/** One shared mapper for this package (thread-safe once configured). */
final class ProtectJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ProtectJson() {}
}
