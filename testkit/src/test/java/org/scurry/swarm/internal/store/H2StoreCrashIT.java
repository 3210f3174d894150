package org.scurry.swarm.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryValidator;

/**
 * Kill -9 at an unpredictable moment loses nothing acknowledged and tears no chain (DESIGN.md §4).
 * A child JVM appends batches and prints each acknowledged seq; the test kills it with SIGKILL once
 * a few thousand are acknowledged (plus a random extra), reopens the store and checks the chain.
 * Several rounds continue the same feed.
 */
class H2StoreCrashIT {
    static final int ROUNDS = 4;
    static final int BATCH = 50;

    @TempDir
    Path dir;

    @Test
    void killedWriterLosesNothingAcknowledgedAndLeavesAContiguousVerifiedChain() throws Exception {
        Ed25519Signer signer = Ed25519Signer.generate();
        FeedId feed = FeedId.of(signer.publicKey());
        long verifiedUpTo = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            long acked = runAndKill(signer, verifiedUpTo);
            try (H2Store store = H2Store.open(dir)) {
                long n = store.latestSeq(feed);
                System.out.printf("crash round %d: acknowledged %d, held after reopen %d%n", round, acked, n);
                assertThat(n).isGreaterThanOrEqualTo(acked);
                verifyChain(store, feed, n);
                verifiedUpTo = n;
            }
        }
    }

    /** Starts the child, waits for some acks plus a random amount, kills it; returns the last ack. */
    private long runAndKill(Ed25519Signer signer, long startSeq) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingAppender.class.getName(),
                        dir.toString(),
                        Base64.getEncoder().encodeToString(signer.seed()),
                        Integer.toString(BATCH))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        AtomicLong lastAck = new AtomicLong(-1);
        Thread reader = new Thread(() -> readAcks(child, lastAck), "crash-child-stdout");
        reader.setDaemon(true);
        reader.start();
        long target = startSeq + 2_000 + ThreadLocalRandom.current().nextInt(3_000);
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> lastAck.get() >= target || !child.isAlive());
            assertThat(child.isAlive()).as("child still appending").isTrue();
            Thread.sleep(ThreadLocalRandom.current().nextInt(50)); // land anywhere in a batch
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor();
        }
        reader.join(5_000);
        return lastAck.get();
    }

    private static void readAcks(Process child, AtomicLong lastAck) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    lastAck.set(Long.parseLong(line.substring(4)));
                }
            }
        } catch (Exception e) {
            // the child was killed mid-line
        }
    }

    private static void verifyChain(H2Store store, FeedId feed, long n) {
        EntryValidator validator = new EntryValidator();
        EntryId prev = null;
        long expected = 1;
        while (expected <= n) {
            List<Entry> page = store.range(feed, expected, n, 1_000);
            assertThat(page).isNotEmpty();
            for (Entry e : page) {
                assertThat(e.seq()).isEqualTo(expected);
                validator.validate(e);
                assertThat(e.prev().orElse(null)).isEqualTo(prev);
                prev = e.id();
                expected++;
            }
        }
    }
}
