package org.scurry.bench;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.scurry.swarm.FeedId;

/**
 * A {@link BenchNode} in its own JVM with a heap limit. Its log (stderr) goes to {@code
 * DATA_DIR/node.log}. {@link #ask} blocks until the answer line arrives and throws when none comes.
 */
public final class BenchNodeProcess implements AutoCloseable {
    private final Process process;
    private final Path dataDir;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;
    private final FeedId id;
    private final long openNanos;

    private BenchNodeProcess(Process process, Path dataDir) throws IOException {
        this.process = process;
        this.dataDir = dataDir;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        ProcessOutput.linesInto(process, lines, "bench-node-" + process.pid());
        String ready = next(600);
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException("node process did not start (see " + dataDir.resolve("node.log") + "): " + ready);
        }
        String[] w = ready.split(" ");
        this.port = Integer.parseInt(w[1]);
        this.id = FeedId.parse(w[2]);
        this.openNanos = Long.parseLong(w[3]);
    }

    /** Starts a node on {@code dataDir} with heap limit {@code xmx} (e.g. "256m"), dialling {@code peers}. */
    public static BenchNodeProcess start(Path dataDir, String xmx, String... peers) throws IOException {
        return start(dataDir, xmx, List.of(), peers);
    }

    /** As above, with more JVM options (system properties for {@link BenchNode}). */
    public static BenchNodeProcess start(Path dataDir, String xmx, List<String> jvmOptions, String... peers)
            throws IOException {
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + xmx);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(jvmOptions);
        // For profiling a node, e.g. SCURRY_BENCH_NODE_JVM_ARGS="-XX:StartFlightRecording=filename=node.jfr"
        // (the path is relative to the working directory; a node writes it when it exits).
        String extra = System.getenv("SCURRY_BENCH_NODE_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchNode.class.getName());
        cmd.add(dataDir.toString());
        cmd.add("0");
        cmd.addAll(List.of(peers));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("node.log").toFile()));
        return new BenchNodeProcess(pb.start(), dataDir);
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public FeedId id() {
        return id;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** How long {@code Node.open} took in the child, in nanoseconds. */
    public long openNanos() {
        return openNanos;
    }

    /** Sends a command and returns its answer; throws if none comes within {@code seconds} or it is an error. */
    public synchronized String ask(String command, int seconds) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("node process " + pid() + " is gone: " + e.getMessage(), e);
        }
        String answer = next(seconds);
        if (answer == null) {
            throw new IllegalStateException("no answer to '" + command + "' from node process " + pid());
        }
        if (answer.startsWith("error")) {
            throw new IllegalStateException("'" + command + "' failed: " + answer);
        }
        return answer;
    }

    public String ask(String command) {
        return ask(command, 120);
    }

    /** Splits an answer "word a b c" into its numbers a, b, c. */
    public long[] numbers(String command) {
        String[] w = ask(command).split(" ");
        long[] n = new long[w.length - 1];
        for (int i = 1; i < w.length; i++) {
            n[i - 1] = Long.parseLong(w[i]);
        }
        return n;
    }

    public long seq(FeedId feed) {
        return numbers("seq " + feed)[0];
    }

    /** True when the child's log mentions an OutOfMemoryError. */
    public boolean logMentionsOutOfMemory() throws IOException {
        Path log = dataDir.resolve("node.log");
        return Files.exists(log)
                && Files.readString(log, StandardCharsets.ISO_8859_1).contains("OutOfMemoryError");
    }

    private String next(int seconds) {
        try {
            return lines.poll(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Asks the node to quit; waits until it has closed its store (the file is compacted then). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                stdin.write("quit\n");
                stdin.flush();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
