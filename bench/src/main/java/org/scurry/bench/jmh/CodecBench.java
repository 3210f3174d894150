package org.scurry.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.scurry.swarm.Entry;
import org.scurry.swarm.EntryId;
import org.scurry.swarm.Kind;
import org.scurry.swarm.crypto.Ed25519Signer;
import org.scurry.swarm.entry.EntryCodec;
import org.scurry.testkit.TestFeed;
import org.scurry.testkit.TestTexts;

/**
 * The entry codec on one thread. The codec has no public encode without signing ({@link
 * EntryCodec#sign} lays out and signs in one step), so {@code encodeAndSign} minus {@code
 * CryptoBench.sign} is the layout cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBench {
    private Ed25519Signer signer;
    private EntryId prev;
    private byte[] content;
    private byte[] encoded;

    @Setup
    public void setUp() {
        TestFeed feed = TestFeed.create();
        Entry first = feed.post("first");
        Entry second = feed.post(TestTexts.sentence(2, 120));
        signer = feed.signer();
        prev = first.id();
        content = second.content();
        encoded = second.encoded();
    }

    /** Lays out a 120-character post and signs it. */
    @Benchmark
    public Entry encodeAndSign() {
        return EntryCodec.sign(signer, 2, prev, TestFeed.BASE_TIME, Kind.POST, content);
    }

    /** Parses an encoding (layout checks, no signature check). */
    @Benchmark
    public Entry decode() {
        return EntryCodec.decode(encoded);
    }

    /** Decodes and computes the entry id (SHA-256 of the encoding). */
    @Benchmark
    public EntryId decodeAndId() {
        return EntryCodec.decode(encoded).id();
    }
}
