package org.scurry.bench.gateway;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The raw-broker baseline: the same Moquette 0.17 the gateway embeds, with the same settings as
 * {@code EmbeddedBroker} (state in memory, telemetry off, immediate flush, 64 KiB messages, a day's
 * expiry for persistent sessions), but anonymous logins, no ACL and nothing behind it. Run in its
 * own JVM by {@link BareBroker} as {@code java RawBroker DIR}: prints {@code ready PORT START_MS}
 * once bound (START_MS: the start call until then), answers a line {@code heap} with {@code heap
 * BYTES} (used heap after a full GC) and stops when its stdin closes.
 */
public final class RawBroker {
    private RawBroker() {}

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(GatewayProcess.freePort()));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.PERSISTENT_CLIENT_EXPIRATION_PROPERTY_NAME, "1d");
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(64 * 1024));
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        long start = System.nanoTime();
        Server server = new Server();
        server.startServer(new MemoryConfig(p));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.getPort() <= 0 && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        System.out.println("ready " + server.getPort() + " " + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("heap")) {
                System.gc();
                System.out.println("heap "
                        + ManagementFactory.getMemoryMXBean()
                                .getHeapMemoryUsage()
                                .getUsed());
                System.out.flush();
            }
        }
        server.stopServer();
    }
}
