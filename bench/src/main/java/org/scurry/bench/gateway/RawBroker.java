package org.scurry.bench.gateway;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The raw-broker baseline: the same Moquette 0.17 the gateway embeds, with the same settings
 * ({@code EmbeddedBroker}: H2 persistence under a data folder, immediate flush, 64 KiB messages), but
 * anonymous logins and no ACL and nothing behind it, in its own JVM with the gateway's heap limit.
 * {@link #main} prints {@code ready PORT} and runs until its stdin closes.
 */
public final class RawBroker implements AutoCloseable {
    private final Process process;
    private final int port;

    private RawBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a broker process keeping its state in {@code dataDir}; blocks until it listens. */
    public static RawBroker start(Path dataDir, String xmx) throws IOException {
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + xmx);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(RawBroker.class.getName());
        cmd.add(dataDir.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()));
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("ready ")) {
            p.destroyForcibly();
            throw new IOException("raw broker did not start (see " + dataDir.resolve("broker.log") + "): " + line);
        }
        return new RawBroker(p, Integer.parseInt(line.substring(6).trim()));
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(GatewayProcess.freePort()));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, data.toString());
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(64 * 1024));
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        Server server = new Server();
        server.startServer(new MemoryConfig(p));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.getPort() <= 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        System.out.println("ready " + server.getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes stdin or ends the process
        }
        server.stopServer();
    }
}
