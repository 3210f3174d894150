package org.scurry.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to its end (at most two minutes) and keeps what it printed. */
final class Cmd {
    private Cmd() {}

    /** What a finished program left: its exit code and its output, stdout and stderr apart. */
    record Result(List<String> command, int exit, String out, String err) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String... command) {
        return run(List.of(command), Map.of());
    }

    /** Runs {@code command} with {@code env} added to this JVM's environment; blocks until it ends. */
    static Result run(List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("hpkg-cmd", ".out");
            Path err = Files.createTempFile("hpkg-cmd", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
                }
                return new Result(
                        command,
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
