package org.scurry.swarm.internal.store;

import java.nio.file.Path;
import java.util.Base64;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.testkit.TestFeed;

/**
 * Child process of {@link H2StoreCrashIT}: opens the store, continues the feed of the given seed
 * from its head, and prints {@code ack <seq>} after every batch the store acknowledged. Runs until
 * it is killed. Arguments: store directory, base64 seed, batch size.
 */
public final class CrashingAppender {
    private CrashingAppender() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Ed25519Signer signer = Ed25519Signer.fromSeed(Base64.getDecoder().decode(args[1]));
        int batch = Integer.parseInt(args[2]);
        H2Store store = H2Store.open(dir); // never closed: the process dies by SIGKILL
        FeedId feed = FeedId.of(signer.publicKey());
        TestFeed author = TestFeed.resume(signer, store.latest(feed).orElse(null));
        System.out.println("ready " + author.seq());
        System.out.flush();
        while (true) {
            var results = store.appendAll(author.posts(batch, 120));
            if (!results.stream().allMatch(r -> r.appended())) {
                throw new IllegalStateException("not appended: " + results);
            }
            System.out.println("ack " + author.seq());
            System.out.flush();
        }
    }
}
