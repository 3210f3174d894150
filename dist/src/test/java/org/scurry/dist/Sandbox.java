package org.scurry.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away copy of this machine to install packages into for real: this machine's root file
 * system under a copy-on-write overlay whose writes go to a tmpfs, in mount, network and pid
 * namespaces of its own (see sandbox.sh). Inside, {@code dpkg -i} runs the maintainer scripts,
 * {@code adduser} adds its user and servers listen on their default ports, while the host's files,
 * users and ports stay untouched; closing it ends every process in it and drops every file it
 * wrote. Needs root (mounts and namespaces); {@link #open} skips the test otherwise, or fails it
 * under {@code CI=true}.
 */
final class Sandbox implements AutoCloseable {
    /** The commands' environment inside: nothing of the build's JVM or Maven. */
    private static final List<String> ENV = List.of(
            "env",
            "-i",
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG=C.UTF-8",
            "HOME=/root");

    /** Where the directory given to {@link #open} appears inside. */
    static final String DIST = "/mnt/scurry-dist";

    private final Process holder;
    private final long pid;

    private Sandbox(Process holder, long pid) {
        this.holder = holder;
        this.pid = pid;
    }

    /** Makes a sandbox whose layers live on a tmpfs mounted (in its namespace only) on {@code dir}. */
    static Sandbox open(Path dir, Path dist) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            Artifacts.unavailable("installing the .deb in a sandbox needs root (mounts, namespaces)");
        }
        Artifacts.requireProgram("/usr/bin/unshare", "util-linux");
        Artifacts.requireProgram("/usr/bin/nsenter", "util-linux");
        Path script = dir.resolve("sandbox.sh");
        try (InputStream in = Sandbox.class.getResourceAsStream("sandbox.sh")) {
            Files.copy(in, script);
        }
        Path layers = Files.createDirectories(dir.resolve("layers"));
        Path log = dir.resolve("sandbox.log");
        Process holder = new ProcessBuilder(
                        "unshare",
                        "--mount",
                        "--net",
                        "--pid",
                        "--fork",
                        "--kill-child",
                        "sh",
                        script.toString(),
                        layers.toString(),
                        dist.toString())
                .redirectError(log.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("sandbox ")) {
            holder.destroyForcibly();
            String why = Files.readString(log);
            Artifacts.unavailable("cannot make the sandbox (overlayfs, namespaces): " + why);
        }
        return new Sandbox(
                holder, Long.parseLong(line.substring("sandbox ".length()).trim()));
    }

    /** Runs {@code script} with {@code sh -c} inside, to its end (at most two minutes). */
    Cmd.Result sh(String script) {
        return Cmd.run(inside(List.of("sh", "-c", script)), Map.of());
    }

    /**
     * Starts {@code script} with {@code sh -c} inside and returns at once; its output goes to
     * {@code log}. It ends when the sandbox closes, if not before.
     */
    Process start(String script, Path log) throws IOException {
        return new ProcessBuilder(inside(List.of("sh", "-c", script)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private List<String> inside(List<String> command) {
        List<String> all = new ArrayList<>(
                List.of("nsenter", "--target", Long.toString(pid), "--mount", "--net", "--pid", "--root", "--wd"));
        all.addAll(ENV);
        all.addAll(command);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        // The sandbox's first process ends at the end of its input; with it its pid namespace
        // ends, and every process that entered it. (unshare ignores SIGTERM; SIGKILL makes it
        // pass SIGKILL on to that process.)
        try {
            holder.getOutputStream().close();
        } catch (IOException e) {
            // ended already
        }
        if (!holder.waitFor(30, TimeUnit.SECONDS)) {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
