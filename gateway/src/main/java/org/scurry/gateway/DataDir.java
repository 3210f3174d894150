package org.scurry.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.scurry.swarm.util.OwnerOnly;

/**
 * Where a node keeps its files: the H2 store ({@code store/}), its identity key ({@code
 * identity.key}) and the API token ({@code api-token}). Default {@code ~/.scurry}; the environment
 * variable {@code SCURRY_DATA} overrides it, and {@code --data DIR} or {@code scurry.data}
 * override both.
 */
public final class DataDir {
    public static final String ENV = "SCURRY_DATA";
    public static final String TOKEN_FILE = "api-token";
    /** The search index (docs/search.md): rebuilt from the store when removed. */
    public static final String SEARCH_DIR = "search";

    private DataDir() {}

    /**
     * The data directory for an explicit setting (may be null or empty), else {@code SCURRY_DATA},
     * else {@code ~/.scurry}. A leading {@code ~} is the user's home.
     */
    public static Path resolve(String configured, Map<String, String> env) {
        if (configured != null && !configured.isBlank()) {
            return expand(configured.trim());
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return expand(fromEnv.trim());
        }
        return Path.of(System.getProperty("user.home"), ".scurry");
    }

    private static Path expand(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    /**
     * Creates the directory owner-only (rwx------, where the file system has POSIX permissions), and
     * narrows it to that when it already existed with a wider mode ({@link OwnerOnly}).
     */
    public static void create(Path dir) {
        try {
            OwnerOnly.directory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
