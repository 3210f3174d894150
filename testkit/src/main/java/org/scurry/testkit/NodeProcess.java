package org.scurry.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * A {@link NodeMain} running in its own JVM, for tests that need separate processes: stop, kill -9
 * and restart a node on the same data directory. The child's log goes to {@code DATA_DIR/node.log}.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;
    private final FeedId id;

    private NodeProcess(Process process) throws IOException {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // process gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        String ready = next(60);
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException("node process did not start: " + ready);
        }
        String[] w = ready.split(" ");
        this.port = Integer.parseInt(w[1]);
        this.id = FeedId.parse(w[2]);
    }

    /** Starts a node on {@code dataDir} listening on {@code port} (0: any), dialling {@code peers}. */
    public static NodeProcess start(Path dataDir, int port, String... peers) throws IOException {
        return start(dataDir, port, List.of("-Xmx256m"), peers);
    }

    /** As {@link #start(Path, int, String...)}, with more JVM options (system properties, say) after -Xmx256m. */
    public static NodeProcess start(Path dataDir, List<String> jvmOptions, int port, String... peers)
            throws IOException {
        List<String> options = new ArrayList<>();
        options.add("-Xmx256m");
        options.addAll(jvmOptions);
        return start(dataDir, port, options, peers);
    }

    /** As above, with these JVM options (heap size, system properties) instead of -Xmx256m. */
    public static NodeProcess start(Path dataDir, int port, List<String> jvmOptions, String... peers)
            throws IOException {
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NodeMain.class.getName());
        cmd.add(dataDir.toString());
        cmd.add(Integer.toString(port));
        cmd.addAll(List.of(peers));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("node.log").toFile()));
        return new NodeProcess(pb.start());
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

    /** Sends a command and returns its answer line; throws if none comes within 120 s. */
    public synchronized String ask(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
            String answer = next(120);
            if (answer == null) {
                throw new IllegalStateException("no answer to '" + command + "' from node " + id.shortText());
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("node " + id.shortText() + " is gone: " + e.getMessage(), e);
        }
    }

    public long seq(FeedId feed) {
        return Long.parseLong(ask("seq " + feed).substring(4));
    }

    private String next(int seconds) {
        try {
            return lines.poll(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The process, for its pid and exit status. */
    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the node to quit cleanly, then waits for the process to end. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                stdin.write("quit\n");
                stdin.flush();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
