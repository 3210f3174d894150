package org.scurry.dist;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The [Service] settings of a systemd unit file, read as systemd reads them (one {@code Key=Value}
 * a line, {@code #} and {@code ;} comments, the last value of a key wins), with {@code %i} replaced
 * by an instance name: what a test needs to start a service the way its unit says.
 */
final class UnitFile {
    private final Map<String, String> service;

    private UnitFile(Map<String, String> service) {
        this.service = service;
    }

    static UnitFile parse(String text, String instance) {
        Map<String, String> service = new LinkedHashMap<>();
        String section = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            int eq = line.indexOf('=');
            if (section.equals("[Service]") && eq > 0) {
                service.put(
                        line.substring(0, eq).strip(),
                        line.substring(eq + 1).strip().replace("%i", instance));
            }
        }
        return new UnitFile(service);
    }

    /** The value of {@code key} in [Service]; fails the test when the unit lacks it. */
    String get(String key) {
        String v = service.get(key);
        if (v == null) {
            throw new AssertionError("the unit has no " + key + "= in [Service]: " + service);
        }
        return v;
    }
}
