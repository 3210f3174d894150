package org.scurry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on: cores, memory, CPU model, JVM. */
final class Machine {
    private Machine() {}

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("cpu", cpuModel());
        m.put("memTotal", procLine(Path.of("/proc/meminfo"), "MemTotal:"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name");
    }

    /**
     * /proc/loadavg as it reads ("1.78 1.59 2.45 4/99 1230"); "unknown" off Linux. On a shared
     * machine, other work skews the figures, so runs record it.
     */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The value after the colon of the first line starting with {@code key}; "unknown" when absent. */
    static String procLine(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return "unknown";
    }
}
