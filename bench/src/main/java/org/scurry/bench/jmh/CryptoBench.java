package org.scurry.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.scurry.swarm.Entry;
import org.scurry.swarm.crypto.CryptoChoice;
import org.scurry.swarm.crypto.Ed25519PublicKey;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryCodec;
import org.scurry.swarm.entry.EntryValidator;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.crypto.Sha256;
import org.scurry.testkit.TestFeed;
import org.scurry.testkit.TestTexts;

/**
 * Ed25519 and SHA-256 on one thread, over the bytes of a typical entry (a 120-character post,
 * about 290 bytes encoded), on each Ed25519 path ({@code crypto}: libsodium, BouncyCastle; both
 * behind the project's acceptance rule, docs/entry-format.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBench {
    /** The Ed25519 library, as {@code scurry.crypto} names it. */
    @Param({"sodium", "bouncycastle"})
    public String crypto;

    private final EntryValidator validator = new EntryValidator();
    private Ed25519Signer signer;
    private Entry entry;
    private byte[] encoded;
    private byte[] signedPart;
    private byte[] signature;

    @Setup
    public void setUp() {
        Crypto.select(CryptoChoice.parse(crypto));
        TestFeed feed = TestFeed.create();
        feed.post("first");
        entry = feed.post(TestTexts.sentence(2, 120));
        signer = feed.signer();
        encoded = entry.encoded();
        // What EntryCodec signs: the context string, then the entry without its signature.
        byte[] context = "scurry-entry-v1\n".getBytes(StandardCharsets.US_ASCII);
        signedPart = new byte[context.length + entry.signedLength()];
        System.arraycopy(context, 0, signedPart, 0, context.length);
        System.arraycopy(encoded, 0, signedPart, context.length, entry.signedLength());
        signature = entry.signature();
    }

    /** Ed25519 signature of an entry's signed bytes. */
    @Benchmark
    public byte[] sign() {
        return signer.sign(signedPart);
    }

    /**
     * Signature check of an entry as replication does it: the entry is decoded from bytes first
     * (its author's key comes from the feed-id intern table, as for every received entry, so the
     * curve point is the cached one).
     */
    @Benchmark
    public boolean verifyDecodedEntry() {
        return EntryCodec.verifySignature(EntryCodec.decode(encoded));
    }

    /**
     * Everything a receiver checks of an entry on its own: decode, signature, timestamp, and the
     * content rules (strict UTF-8, one JSON object, the kind's fields). Minus {@link
     * #verifyDecodedEntry}, what the checks other than the signature cost.
     */
    @Benchmark
    public Entry validateDecodedEntry() {
        Entry e = EntryCodec.decode(encoded);
        validator.validate(e);
        return e;
    }

    /** Signature check with the author's curve point already decoded (the key object cached). */
    @Benchmark
    public boolean verifyCachedKey() {
        return EntryCodec.verifySignature(entry);
    }

    /** Ed25519 verify through the typed key, its check cached: the floor of the path. */
    @Benchmark
    public boolean verifyRaw() {
        Ed25519PublicKey key = entry.author().key();
        if (!key.verify(signature, signedPart, 0, signedPart.length)) {
            throw new IllegalStateException("signature does not verify");
        }
        return true;
    }

    /** Entry id: SHA-256 of the full encoding. */
    @Benchmark
    public byte[] entryId() {
        return Sha256.hash(encoded);
    }
}
