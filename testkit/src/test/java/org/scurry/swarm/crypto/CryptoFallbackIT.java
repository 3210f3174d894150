package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.testkit.NodeMain;
import org.scurry.testkit.NodeProcess;

/**
 * A node whose libsodium cannot load still runs and verifies: two node processes, one told to load
 * libsodium from a path that does not exist, replicate a feed over TCP; the fallback node verifies
 * every entry with BouncyCastle and says so in its status and log.
 */
class CryptoFallbackIT {
    @TempDir
    Path dir;

    @Test
    void aNodeWithoutLibsodiumFallsBackToBouncyCastleAndStillReplicatesAndVerifies() throws Exception {
        String bogus = dir.resolve("no-such-dir/libsodium.so.23").toString();
        try (NodeProcess author = NodeProcess.start(dir.resolve("author"), 0);
                NodeProcess reader = NodeProcess.start(
                        dir.resolve("reader"),
                        List.of("-D" + Crypto.LIBRARY_PROPERTY + "=" + bogus),
                        0,
                        author.address())) {
            assertThat(reader.ask("crypto"))
                    .startsWith("crypto BouncyCastle ")
                    .contains("libsodium unavailable: cannot load libsodium '" + bogus + "'");
            FeedId feed = author.id();
            assertThat(author.ask("bulk 299")).isEqualTo("posted 300");
            assertThat(reader.ask("follow " + feed)).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.seq(feed) == 300);
            assertThat(reader.ask("verify " + feed)).isEqualTo("verified 300");
            assertThat(Files.readString(dir.resolve("reader/node.log")))
                    .contains("crypto: BouncyCastle")
                    .contains("libsodium unavailable");
        }
    }

    @Test
    void sodiumForcedWithoutTheLibraryRefusesToStartAndSaysWhy() throws Exception {
        String bogus = dir.resolve("nowhere/libsodium.so").toString();
        Path log = dir.resolve("node.log");
        Files.createDirectories(dir.resolve("n"));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-D" + Crypto.PROPERTY + "=sodium",
                        "-D" + Crypto.LIBRARY_PROPERTY + "=" + bogus,
                        "-cp",
                        System.getProperty("java.class.path"),
                        NodeMain.class.getName(),
                        dir.resolve("n").toString(),
                        "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        p.getOutputStream().close();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the node process ended").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log))
                .doesNotContain("ready ")
                .contains("scurry.crypto=sodium but cannot load libsodium '" + bogus + "'");
    }
}
