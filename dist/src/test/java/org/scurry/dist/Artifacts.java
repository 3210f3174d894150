package org.scurry.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/**
 * The files `mvn package` made in dist/target, named by the failsafe configuration (dist/pom.xml),
 * and what a test needs of the machine to use them.
 */
final class Artifacts {
    private Artifacts() {}

    static Path tarball() {
        return existing("scurry.dist.tarball");
    }

    static Path deb() {
        return existing("scurry.dist.deb");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("system property " + property + " is not set: run through `mvn verify`");
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(property + " names no file: " + path + " (did the package phase run?)");
        }
        return path;
    }

    /**
     * Skips the calling test when {@code program} is missing, or fails it when {@code CI=true}: the
     * suite must not pass by skipping. {@code pkg} is the Debian package that has it.
     */
    static void requireProgram(String program, String pkg) {
        if (Files.isExecutable(Path.of(program))) {
            return;
        }
        unavailable(program + " is not installed (Debian package " + pkg + "; `bash .ci/run` installs it)");
    }

    /** Skips, or under {@code CI=true} fails, for a reason the machine gives. */
    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why);
        }
        throw new TestAbortedException(why);
    }
}
