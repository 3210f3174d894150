package org.scurry.bench.hivemq;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bare HiveMQ Community Edition, embedded, for the benchmark's broker comparison: loopback only,
 * anonymous logins, nothing behind it, its state in memory ({@code <persistence><mode>in-memory}),
 * and its anonymous usage statistics off (they are on in the configuration HiveMQ ships, and would
 * be sent to its maker). Run as {@code java RawHiveMq DATA_DIR} in its own JVM; prints {@code ready
 * PORT START_MS} once it accepts connections (START_MS: from the start call to then), answers a
 * line {@code heap} with {@code heap BYTES} (used heap after a full GC) and stops when its stdin
 * closes.
 */
public final class RawHiveMq {
    private RawHiveMq() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]).toAbsolutePath();
        Path conf = Files.createDirectories(data.resolve("conf"));
        Path extensions = Files.createDirectories(data.resolve("extensions"));
        // Before any logger exists: HiveMQ's own logback.xml logs INFO to stdout, where the parent
        // reads this process's answers.
        Path logback = conf.resolve("logback.xml");
        Files.writeString(
                logback,
                """
                <configuration>
                    <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                        <target>System.err</target>
                        <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
                    </appender>
                    <root level="INFO"><appender-ref ref="ERR"/></root>
                </configuration>
                """,
                StandardCharsets.UTF_8);
        System.setProperty("logback.configurationFile", logback.toString());
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Files.writeString(
                conf.resolve("config.xml"),
                """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """
                        .formatted(port),
                StandardCharsets.UTF_8);
        long start = System.nanoTime();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(data.resolve("data")))
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().join();
        long startMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("ready " + port + " " + startMs);
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
        hivemq.stop().join();
        hivemq.close();
    }
}
