package org.scurry.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.FeedId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;

/**
 * A feed under a test's control: a generated key and its head. Each method signs the next entry of
 * the chain and advances the head, so tests read as a story ({@code alice.post("hi");
 * alice.follow(bob.id())}). Timestamps default to a fixed base plus one second per seq; pass one
 * to make ties. Not thread-safe.
 */
public final class TestFeed {
    /** 2023-11-14T22:13:20Z: a fixed, past base for deterministic timestamps. */
    public static final long BASE_TIME = 1_700_000_000_000L;

    private final Ed25519Signer signer;
    private Entry head;

    private TestFeed(Ed25519Signer signer, Entry head) {
        this.signer = signer;
        this.head = head;
    }

    /** A feed with a fresh key and no entries. */
    public static TestFeed create() {
        return new TestFeed(Ed25519Signer.generate(), null);
    }

    /** Continues an existing feed whose newest entry is {@code head} (null for an empty feed). */
    public static TestFeed resume(Ed25519Signer signer, Entry head) {
        return new TestFeed(signer, head);
    }

    public FeedId id() {
        return FeedId.of(signer.publicKey());
    }

    public Ed25519Signer signer() {
        return signer;
    }

    /** Sequence of the newest entry made so far; 0 when none. */
    public long seq() {
        return head == null ? 0 : head.seq();
    }

    public Entry head() {
        return head;
    }

    public Entry post(String text) {
        return next(Kind.POST, "{\"text\":" + quote(text) + "}");
    }

    public Entry post(String text, long timestamp) {
        return next(Kind.POST, "{\"text\":" + quote(text) + "}", timestamp);
    }

    public Entry follow(FeedId feed) {
        return next(Kind.FOLLOW, "{\"feed\":\"" + feed + "\"}");
    }

    public Entry unfollow(FeedId feed) {
        return next(Kind.UNFOLLOW, "{\"feed\":\"" + feed + "\"}");
    }

    /** A post answering {@code parent}, naming its id, author and seq (docs/entry-format.md, "Replies"). */
    public Entry reply(String text, Entry parent) {
        return next(
                Kind.POST,
                new String(
                        org.scurry.swarm.entry.Contents.postReply(
                                text, org.scurry.swarm.entry.ReplyRef.to(parent), List.of()),
                        java.nio.charset.StandardCharsets.UTF_8));
    }

    public Entry profile(String name, String bio) {
        return next(Kind.PROFILE, "{\"name\":" + quote(name) + ",\"bio\":" + quote(bio) + "}");
    }

    /** The next entry with default timestamp {@code BASE_TIME + 1000 × seq}. */
    public Entry next(String kind, String contentJson) {
        return next(kind, contentJson, BASE_TIME + 1000 * (seq() + 1));
    }

    public Entry next(String kind, String contentJson, long timestamp) {
        head = sign(seq() + 1, head == null ? null : head.id(), timestamp, kind, contentJson);
        return head;
    }

    /** {@code n} posts of about {@code textBytes} characters each, chained after the head. */
    public List<Entry> posts(int n, int textBytes) {
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(post(TestTexts.sentence(seq() + 1, textBytes)));
        }
        return out;
    }

    /** {@code n} short posts chained after the head. */
    public List<Entry> posts(int n) {
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(post("post " + (seq() + 1)));
        }
        return out;
    }

    /**
     * A second, validly signed entry at the same seq and prev as {@code original} but with other
     * content: the author forked. Does not move the head.
     */
    public Entry forkOf(Entry original) {
        return sign(
                original.seq(),
                original.prev().orElse(null),
                original.timestamp(),
                Kind.POST,
                "{\"text\":\"the other branch of seq " + original.seq() + "\"}");
    }

    /** An entry at {@code seq} whose prev is {@code prev} (anything), outside the chain. */
    public Entry detached(long seq, EntryId prev) {
        return sign(seq, prev, BASE_TIME + 1000 * seq, Kind.POST, "{\"text\":\"detached " + seq + "\"}");
    }

    private Entry sign(long seq, EntryId prev, long timestamp, String kind, String contentJson) {
        return Entry.sign(signer, seq, prev, timestamp, kind, contentJson.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
